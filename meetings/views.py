"""Public calendar, meeting pages and paper downloads. Visibility comes from classification."""

from django.core.cache import caches
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from audit.models import AuditEvent
from audit.services import origin_of
from classification.access import meeting_or_404, secretariat_required
from classification.levels import Level, MeetingStatus, MinutesStatus
from classification.visibility import (
    attends,
    get_visible_or_404,
    is_chair,
    recorded_as_chair,
    visibility_key,
    why_visible,
)
from classification.visibility import paper_readers as paper_readers_of
from headlines.models import HeadlinesRequest

from . import services
from .models import Action, AgendaItem, Decision, Meeting, Paper, PaperVersion

PAST_PER_PAGE = 50


def home(request):
    """The meeting calendar: upcoming and past meetings, for everyone."""
    meetings = Meeting.objects.visible_to(request.user).select_related("committee")
    today = timezone.localdate()
    return TemplateResponse(
        request,
        "meetings/home.html",
        {
            "upcoming": meetings.filter(date__gte=today).order_by("date", "number"),
            "past": Paginator(
                meetings.filter(date__lt=today).order_by("-date", "-number"), PAST_PER_PAGE
            ).get_page(request.GET.get("page")),
        },
    )


def meeting_detail(request, committee, number):
    """One meeting: the agenda items, papers, decisions, actions and minutes the user may see."""
    meeting = meeting_or_404(request.user, committee, number)
    user = request.user
    agenda = _agenda(user, meeting)
    circulated = meeting.minutes_status == MinutesStatus.CIRCULATED
    chair = circulated and is_chair(user, meeting)
    return TemplateResponse(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda_html": agenda["html"],
            "agenda_empty": agenda["empty"],
            "awaiting_approval": HeadlinesRequest.objects.visible_to(user)
            .filter(meeting=meeting, status=HeadlinesRequest.Status.SUBMITTED)
            .first(),
            "headlines_published": meeting.status == MeetingStatus.HEADLINES_PUBLISHED,
            "minutes_readable": agenda["minutes_readable"],
            "minutes_awaiting_approval": chair,
            # The chair of a password-only session is told why no approval is offered.
            "chair_needs_second_factor": circulated
            and not chair
            and recorded_as_chair(user, meeting),
        },
    )


def _agenda(user, meeting) -> dict:
    """The agenda of `meeting` as `user` sees it, rendered, and facts about it.

    Cached per user until the meeting's revision changes (anything the agenda shows, or who
    sees it, changed) or what the visibility rules know of the user does: members open the
    same agenda again and again on the day papers go out, and a 200-item agenda takes a
    tenth of a second to build.
    """
    key = f"meeting-agenda:{meeting.pk}:{meeting.revision}:{visibility_key(user)}"
    return caches["meeting_pages"].get_or_set(key, lambda: _render_agenda(user, meeting))


def _render_agenda(user, meeting) -> dict:
    papers = Paper.objects.visible_to(user).prefetch_related(
        Prefetch(
            "versions",
            queryset=PaperVersion.objects.only("id", "paper_id", "number", "size", "withdrawn_at"),
        )
    )
    items = (
        AgendaItem.objects.visible_to(user)
        .with_minutes_visibility(user)
        .filter(meeting=meeting)
        .prefetch_related(
            Prefetch("papers", queryset=papers, to_attr="visible_papers"),
            Prefetch(
                "decisions",
                queryset=Decision.objects.visible_to(user).select_related("kind", "party"),
            ),
            Prefetch(
                "actions", queryset=Action.objects.visible_to(user).select_related("owner_user")
            ),
        )
    )
    recused = AgendaItem.objects.recused_for(user).filter(meeting=meeting)
    attending = attends(user, meeting)
    for item in items:
        item.why_visible = why_visible(user, item.level, attending=attending)
    agenda = sorted([*items, *recused], key=lambda item: item.number)
    html = render_to_string(
        "meetings/_agenda.html", {"agenda": agenda, "recused_ids": {item.pk for item in recused}}
    )
    return {
        "html": html,
        "empty": not agenda,
        "minutes_readable": any(item.minutes_visible for item in items),
    }


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
        # Imported here: meetings is the lower layer and must not need members to load.
        from members.services import paper_mark_read

        paper_mark_read(user=request.user, paper=paper)
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
