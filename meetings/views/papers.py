"""Papers: served to their readers, stamped; uploaded, replaced and withdrawn by the secretariat."""

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from audit.models import AuditEvent
from audit.services import origin_of
from classification.access import meeting_or_404, secretariat_of_or_404, secretariat_required
from classification.levels import Level
from classification.visibility import (
    get_visible_or_404,
)
from classification.visibility import paper_readers as paper_readers_of
from sscportal.htmx import is_htmx

from .. import services
from ..events import paper_opened
from ..forms import (
    PaperForm,
    PaperReplaceForm,
    PaperVersionWithdrawForm,
)
from ..models import Paper, PaperVersion
from .agenda import agenda_item_or_404, agenda_response, error_text


def paper_download(request, paper_id, version_number=None):
    """A paper's file, served only to those who may see the paper.

    AMBER and RED papers are stamped for their reader and the access is recorded; WHITE and
    GREEN papers are served exactly as uploaded.
    """
    paper = get_visible_or_404(Paper.objects.select_related("item"), request.user, pk=paper_id)
    versions = PaperVersion.objects.filter(paper=paper)
    if version_number is None:
        # The current version: the newest one still served.
        version = versions.visible_to(request.user).served().order_by("-number").first()
        if version is None:
            raise Http404("No such version of this paper.")
    else:
        version = get_visible_or_404(
            versions.select_related("withdrawn_by"), request.user, number=version_number
        )
    if version.withdrawn_at is not None:
        # Only the secretariat is shown a withdrawn version at all: who withdrew it, and why.
        return TemplateResponse(
            request,
            "meetings/paper_version_withdrawn.html",
            {"paper": paper, "version": version},
            status=410,
        )
    if request.user.is_authenticated:
        paper_opened.send(sender=Paper, user=request.user, paper=paper)
    inline = request.GET.get("inline") == "1"
    filename = f"{paper.title[:80]} v{version.number}.pdf"
    if paper.level >= Level.AMBER:
        content = services.paper_copy_for_reader(
            paper=paper,
            version=version,
            reader=request.user,
            origin=origin_of(request),
            inline=inline,
        )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(not inline, filename)
    else:
        response = FileResponse(
            version.file.open("rb"),
            as_attachment=not inline,
            filename=filename,
            content_type="application/pdf",
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@secretariat_required
def paper_readers(request, paper_id):
    """For the secretariat: who may read a paper, who has opened it and when."""
    paper = get_object_or_404(Paper.objects.select_related("item__meeting__committee"), pk=paper_id)
    secretariat_of_or_404(request.user, paper.item.meeting.committee_id)
    accesses = AuditEvent.objects.filter(
        object_type=Paper._meta.label,
        object_id=str(paper.pk),
        kind__in=[AuditEvent.Kind.PAPER_OPENED, AuditEvent.Kind.PAPER_DOWNLOADED],
    ).order_by("at")
    first_access = {}
    for event in accesses:
        first_access.setdefault(event.user_id, event)
    readers = [(reader, first_access.get(reader.pk)) for reader in paper_readers_of(paper)]
    return TemplateResponse(
        request,
        "meetings/paper_readers.html",
        {
            "paper": paper,
            "versions": paper.versions.select_related("withdrawn_by").order_by("number"),
            "readers": readers,
            "opened": sum(1 for _, event in readers if event),
            "accesses": accesses,
            "audited": paper.level >= Level.AMBER,
        },
    )


@secretariat_required
@require_POST
def paper_add(request, committee, number, item_id):
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    item = agenda_item_or_404(meeting, item_id)
    form = PaperForm(request.POST, request.FILES)
    if not form.is_valid():
        return agenda_response(
            request, meeting, error=f"Paper for item {item.number}: {error_text(form)}"
        )
    upload = form.cleaned_data["file"]
    try:
        services.paper_add(
            item=item,
            title=form.cleaned_data["title"],
            level=form.cleaned_data["level"],
            restriction_reason=form.cleaned_data["restriction_reason"],
            review_on=form.cleaned_data["review_on"],
            content=upload.content,
            original_name=upload.name,
            by=request.user,
        )
    except ValidationError as error:
        return agenda_response(
            request, meeting, error=f"Paper for item {item.number}: {error_text(error)}"
        )
    return agenda_response(request, meeting, success=f"Paper added to item {item.number}.")


def _paper(meeting, paper_id) -> Paper:
    return get_object_or_404(Paper, item__meeting=meeting, pk=paper_id)


@secretariat_required
@require_POST
def paper_replace(request, committee, number, paper_id):
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    paper = _paper(meeting, paper_id)
    form = PaperReplaceForm(request.POST, request.FILES)
    if not form.is_valid():
        return agenda_response(request, meeting, error=f"{paper}: {error_text(form)}")
    upload = form.cleaned_data["file"]
    version = services.paper_version_add(
        paper=paper, content=upload.content, original_name=upload.name, by=request.user
    )
    return agenda_response(
        request, meeting, success=f"{paper}: version {version.number} uploaded; earlier kept."
    )


@secretariat_required
@require_POST
def paper_withdraw(request, committee, number, paper_id):
    meeting = meeting_or_404(request.user, committee, number, secretariat=True)
    paper = services.paper_withdraw(paper=_paper(meeting, paper_id), by=request.user)
    return agenda_response(request, meeting, success=f"{paper} withdrawn.")


@secretariat_required
@require_http_methods(["GET", "POST"])
def paper_version_withdraw(request, paper_id, version_number):
    """Withdraw one version of a paper, with the reason: from the builder, or its own page."""
    version = get_object_or_404(
        PaperVersion.objects.select_related("paper__item__meeting__committee", "uploaded_by"),
        paper_id=paper_id,
        number=version_number,
    )
    paper = version.paper
    meeting = paper.item.meeting
    secretariat_of_or_404(request.user, meeting.committee_id)
    form = PaperVersionWithdrawForm(request.POST if request.method == "POST" else None)
    if form.is_bound:
        if form.is_valid():
            try:
                services.paper_version_withdraw(
                    version=version, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return agenda_response(
                    request,
                    meeting,
                    success=f"{paper}: version {version.number} withdrawn; its file is deleted.",
                )
        if is_htmx(request):
            return agenda_response(
                request, meeting, error=f"{paper}, version {version.number}: {error_text(form)}"
            )
    return TemplateResponse(
        request,
        "meetings/paper_version_withdraw.html",
        {"paper": paper, "version": version, "meeting": meeting, "form": form},
        status=400 if form.is_bound else 200,
    )
