"""The papers pack page, its progress fragment, its retry and its download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from audit.services import origin_of
from classification.access import meeting_or_404

from . import services
from .models import Pack


def _own_pack(request, meeting, pack_id):
    """One of the reader's own packs of `meeting`; anyone else's answers 404."""
    return get_object_or_404(
        Pack.objects.owned_by(request.user).select_related("meeting__committee"),
        pk=pack_id,
        meeting=meeting,
    )


@login_required
def pack_page(request, committee, number):
    """What the reader's pack holds and where its render stands; a POST asks for it."""
    meeting = meeting_or_404(request.user, committee, number)
    if request.method == "POST":
        try:
            services.pack_request(user=request.user, meeting=meeting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("packs:pack_page", committee, number)
    papers = list(services.pack_papers(user=request.user, meeting=meeting).select_related("item"))
    contents = [[paper.pk, paper.current, paper.level] for paper in papers]
    pack = services.pack_current(user=request.user, meeting=meeting, contents=contents)
    return TemplateResponse(
        request,
        "packs/pack.html",
        {
            "meeting": meeting,
            "papers": papers,
            "pack": pack,
            "current": True,
            "outdated": pack is None
            and Pack.objects.owned_by(request.user).filter(meeting=meeting).exists(),
        },
    )


@login_required
def pack_progress(request, committee, number, pack_id):
    """The render's progress, as an htmx fragment that polls every 2 s until it is final."""
    meeting = meeting_or_404(request.user, committee, number)
    pack = _own_pack(request, meeting, pack_id)
    current = pack.status != Pack.Status.READY or pack.key == getattr(
        services.pack_current(user=request.user, meeting=meeting), "key", None
    )
    return TemplateResponse(
        request, "packs/_progress.html", {"meeting": meeting, "pack": pack, "current": current}
    )


@require_POST
@login_required
def pack_retry(request, committee, number, pack_id):
    """Queue a failed render again."""
    meeting = meeting_or_404(request.user, committee, number)
    pack = _own_pack(request, meeting, pack_id)
    try:
        services.pack_retry(pack=pack)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("packs:pack_page", committee, number)


@login_required
def pack_download(request, committee, number):
    """The reader's own ready pack of the papers as they stand now; recorded in the audit log."""
    meeting = meeting_or_404(request.user, committee, number)
    pack = services.pack_current(user=request.user, meeting=meeting)
    if pack is None or pack.status != Pack.Status.READY or not pack.file:
        raise Http404("No papers pack of this meeting is ready for you.")
    content = pack.file.open("rb")
    services.pack_downloaded(pack=pack, origin=origin_of(request))
    response = FileResponse(
        content,
        as_attachment=True,
        filename=f"{meeting.committee.code}-{meeting.reference}-papers-pack.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
