"""The public Headlines site, and the secretariat's and chair's Headlines pages."""

import hashlib

from cryptography.hazmat.primitives.serialization import Encoding
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import condition, require_POST

from classification.access import meeting_or_404, secretariat_required
from classification.visibility import get_visible_or_404, is_chair
from meetings.models import AgendaItem, Meeting
from meetings.services import agenda_item_headline_update
from sscportal.params import parse_number

from . import services
from .composer import HeadlinesDocument
from .forms import HeadlineEditForm, ReturnForm
from .models import HeadlinesRequest, HeadlinesVersion
from .rendering import headlines_html, listed_items_html
from .search import search_published
from .signing import SigningUnavailable, certificate_fingerprint, signing_certificate


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


def headlines_compose_page(request, committee, number):
    """The secretariat's draft: the composed Headlines, the headline texts to edit, submit."""
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    items = AgendaItem.objects.filter(meeting=meeting).order_by("number")
    if request.method == "POST":
        item_id = request.POST.get("item", "")
        if parse_number(item_id) is None:
            raise Http404("No agenda item matches the given query.")
        item = get_visible_or_404(items, request.user, pk=parse_number(item_id))
        form = HeadlineEditForm(request.POST, prefix=f"item-{item.pk}")
        if form.is_valid():
            try:
                agenda_item_headline_update(item=item, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"Headline of item {item.number} saved.")
            return redirect("headlines:headlines_compose", committee, number)
        messages.error(request, f"Item {item.number}: {form.errors.as_text()}")
    forms = [
        (
            item,
            HeadlineEditForm(
                prefix=f"item-{item.pk}",
                initial={
                    "headline": item.headline,
                    "headline_mode": item.headline_mode,
                    "expected_version": item.version,
                },
            ),
        )
        for item in items
    ]
    document = services.headlines_compose(meeting=meeting)
    return TemplateResponse(
        request,
        "headlines/compose.html",
        {
            "meeting": meeting,
            "forms": forms,
            "document_html": headlines_html(document),
            "requests": meeting.headlines_requests.select_related("version")[:10],
        },
    )


@require_POST
def headlines_submit(request, committee, number):
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    try:
        services.headlines_submit(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Headlines submitted to the chair for approval.")
    return redirect("headlines:headlines_compose", committee, number)


def _request(request, request_id):
    return get_visible_or_404(
        HeadlinesRequest.objects.select_related("meeting__committee", "version"),
        request.user,
        pk=request_id,
    )


def headlines_review(request, request_id):
    """The chair's page: the submitted Headlines exactly as they will be published."""
    headlines_request = _request(request, request_id)
    document = HeadlinesDocument.from_dict(headlines_request.document)
    return TemplateResponse(
        request,
        "headlines/review.html",
        {
            "headlines_request": headlines_request,
            "meeting": headlines_request.meeting,
            "document_html": headlines_html(document),
            "is_chair": is_chair(request.user, headlines_request.meeting),
            "return_form": ReturnForm(),
        },
    )


@require_POST
def headlines_decide(request, request_id):
    """The chair approves (the render starts) or returns the Headlines with a reason."""
    headlines_request = _request(request, request_id)
    try:
        if request.POST.get("decision") == "approve":
            services.headlines_approve(request=headlines_request, by=request.user)
            messages.success(request, "Approved: the Headlines PDF is being rendered.")
        else:
            form = ReturnForm(request.POST)
            comment = form.cleaned_data["comment"] if form.is_valid() else ""
            services.headlines_return(request=headlines_request, by=request.user, comment=comment)
            messages.success(request, "Returned to the secretariat.")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect("headlines:headlines_review", request_id)


def headlines_progress(request, request_id):
    """The render's progress, as an htmx fragment that polls until it is final."""
    headlines_request = _request(request, request_id)
    return TemplateResponse(
        request, "headlines/_progress.html", {"headlines_request": headlines_request}
    )


@require_POST
@secretariat_required
def headlines_retry(request, request_id):
    headlines_request = _request(request, request_id)
    try:
        services.headlines_retry(request=headlines_request, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    meeting = headlines_request.meeting
    return redirect("headlines:headlines_compose", meeting.committee.code, meeting.number)
