"""The public Headlines site: the index, each meeting's Headlines and PDFs, search, the feed."""

import hashlib

from cryptography.hazmat.primitives.serialization import Encoding
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db.models import Max
from django.http import FileResponse, Http404, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import condition

from classification.access import meeting_or_404
from meetings.models import Meeting
from sscportal.params import parse_number

from ..composer import HeadlinesDocument
from ..models import HeadlinesVersion
from ..rendering import headlines_html, listed_items_html
from ..search import search_published
from ..signing import SigningUnavailable, certificate_fingerprint, signing_certificate


def _cache_key(*parts) -> str:
    # The committee comes from the address: any text, of any length.
    return hashlib.sha256(repr(parts).encode()).hexdigest()


# A correction of a meeting's date or committee name shows on the index within this time;
# a new publication at once (the newest version is part of the key).
INDEX_CACHE_SECONDS = 300


def headlines_index(request):
    """Published Headlines by committee and year.

    The same for every visitor (Headlines are public), so the listing is rendered once per
    process and publication: on the morning Headlines go out, the index is read far more
    often than anything changes.
    """
    committee = request.GET.get("committee", "")
    year = request.GET.get("year", "")
    year_number = parse_number(year)
    newest = HeadlinesVersion.objects.aggregate(newest=Max("pk"))["newest"]
    listing = cache.get_or_set(
        _cache_key("headlines-index", newest, committee, year_number),
        lambda: render_to_string(
            "headlines/_index_list.html",
            {"meetings": _published_meetings(committee, year_number)},
        ),
        INDEX_CACHE_SECONDS,
    )
    return TemplateResponse(
        request,
        "headlines/index.html",
        {"listing": listing, "committee": committee, "year": year},
    )


def _published_meetings(committee: str, year: int | None):
    meetings = (
        Meeting.objects.visible_to(AnonymousUser())
        .annotate(
            latest_version=Max("headlines_versions__number"),
            published_at=Max("headlines_versions__published_at"),
        )
        .filter(latest_version__isnull=False)
        .select_related("committee")
        .order_by("committee__code", "-date")
    )
    if committee:
        meetings = meetings.filter(committee__code=committee)
    if year:
        meetings = meetings.filter(date__year=year)
    return meetings


def headlines_detail(request, committee, number):
    """A meeting's published Headlines as a page, with every version's PDF."""
    meeting = meeting_or_404(request.user, committee, number)
    versions = list(HeadlinesVersion.objects.visible_to(request.user).filter(meeting=meeting))
    if not versions:
        raise Http404("These Headlines have not been published.")
    document = HeadlinesDocument.from_dict(versions[0].document)
    return TemplateResponse(
        request,
        "headlines/detail.html",
        {
            "meeting": meeting,
            "versions": versions,
            "document_html": headlines_html(document),
            "download_name": _download_name(meeting.committee.code, meeting, versions[0].number),
            "certificate_fingerprint": _certificate_fingerprint(),
        },
    )


def _certificate_fingerprint() -> str:
    # Published Headlines stay readable while the certificate is missing; only the pointer
    # to it goes.
    try:
        return certificate_fingerprint(signing_certificate())
    except SigningUnavailable:
        return ""


def headlines_signing_certificate(request):
    """The certificate that signs published Headlines, for anyone checking a PDF's signature."""
    try:
        cert = signing_certificate()
    except SigningUnavailable:
        raise Http404("No signing certificate is configured.") from None
    response = HttpResponse(cert.public_bytes(Encoding.PEM), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="signing-certificate.pem"'
    # Public, but renewed now and then: caches keep it for an hour, not for ever.
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _published_pdf(request, committee, number, version) -> dict | None:
    """Where a published Headlines PDF is stored, its SHA-256 and its download name.

    A published version is public and never changes, so once found it is kept in the
    process's cache: the morning Headlines go out, each download after the first makes no
    query at all. Only versions an anonymous visitor may see are cached (anyone sees what
    they see), and `request.user` is asked only about the others.
    """
    key = _cache_key("headlines-pdf", committee, number, version)
    found = cache.get(key)
    if found is None:
        found = _pdf_facts(AnonymousUser(), committee, number, version)
        if found is not None:
            cache.set(key, found, timeout=None)
    return found or _pdf_facts(request.user, committee, number, version)


def _pdf_facts(user, committee, number, version) -> dict | None:
    found = (
        HeadlinesVersion.objects.visible_to(user)
        .filter(meeting__committee__code=committee, meeting__number=number, number=version)
        .select_related("meeting")
        .only("pdf", "sha256", "number", "meeting__number", "meeting__date")
        .first()
    )
    if found is None:
        return None
    return {
        "name": found.pdf.name,
        "sha256": found.sha256,
        "filename": _download_name(committee, found.meeting, found.number),
    }


def _download_name(committee: str, meeting: Meeting, number: int) -> str:
    return f"{committee}-{meeting.reference}-headlines-v{number}.pdf"


def _pdf_etag(request, committee, number, version):
    found = _published_pdf(request, committee, number, version)
    return f'"{found["sha256"]}"' if found else None


@condition(etag_func=_pdf_etag)
def headlines_pdf(request, committee, number, version):
    """A published Headlines PDF: public and immutable, so cached and conditional."""
    found = _published_pdf(request, committee, number, version)
    if found is None:
        raise Http404("No such Headlines.")
    storage = HeadlinesVersion._meta.get_field("pdf").storage
    response = FileResponse(
        storage.open(found["name"], "rb"),
        content_type="application/pdf",
        as_attachment=request.GET.get("download") == "1",
        filename=found["filename"],
    )
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def headlines_search(request):
    """Search the text of published Headlines: each result with its snippet (headlines.search)."""
    query = request.GET.get("q", "").strip()
    results = search_published(query) if query else []
    return TemplateResponse(request, "headlines/search.html", {"query": query, "results": results})


class HeadlinesFeed(Feed):
    """An Atom feed of newly published Headlines."""

    feed_type = Atom1Feed
    title = "SSC Portal: Headlines"
    subtitle = "Public (WHITE) Headlines of committee meetings, as they are published."

    def link(self):
        return reverse("headlines:headlines_index")

    def items(self):
        return (
            HeadlinesVersion.objects.visible_to(self.request.user)
            .select_related("meeting__committee")
            .order_by("-published_at")[:30]
        )

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def item_title(self, version):
        meeting = version.meeting
        return (
            f"Headlines of {meeting.committee.code} {meeting.reference} (version {version.number})"
        )

    def item_description(self, version):
        # Atom's summary is HTML (type="html"): the listed items, as the document shows them.
        return listed_items_html(HeadlinesDocument.from_dict(version.document))

    def item_link(self, version):
        meeting = version.meeting
        return reverse("headlines:headlines_detail", args=[meeting.committee.code, meeting.number])

    def item_guid(self, version):
        return f"headlines:{version.meeting_id}:{version.number}:{version.sha256}"

    def item_pubdate(self, version):
        return version.published_at
