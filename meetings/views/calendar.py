"""The meeting calendar and each meeting's page, as each reader may see them."""

from django.core.cache import caches
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone

from classification.access import meeting_or_404
from classification.levels import MeetingStatus, MinutesStatus
from classification.visibility import (
    attends,
    is_chair,
    recorded_as_chair,
    standing_in,
    visibility_key,
    why_visible,
)
from interests.models import Declaration
from interests.views import conflicts_context

from ..models import Action, AgendaItem, Decision, Meeting, Paper, PaperVersion
from ..schedule import papers_deadline

PAST_PER_PAGE = 50
_PAPERS_DUE_STATUSES = (MeetingStatus.DRAFT, MeetingStatus.AGENDA_PUBLISHED)


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
    # The papers deadline matters until the meeting is held, and to those signed in.
    papers_due = user.is_authenticated and meeting.status in _PAPERS_DUE_STATUSES
    secretariat = standing_in(user, meeting.committee).secretariat
    return TemplateResponse(
        request,
        "meetings/meeting_detail.html",
        {
            # Who is conflicted is the secretariat's to know: read afresh, never cached.
            **(conflicts_context(meeting) if secretariat else {}),
            "meeting": meeting,
            "papers_deadline": papers_deadline(meeting) if papers_due else None,
            "agenda_html": agenda["html"],
            "agenda_empty": agenda["empty"],
            "headlines_published": meeting.status == MeetingStatus.HEADLINES_PUBLISHED,
            # The secretariat's links of this meeting: its committee's secretariat only.
            "meeting_secretariat": secretariat,
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
            Prefetch(
                "declarations",
                queryset=Declaration.objects.visible_to(user).select_related("declarant"),
            ),
        )
    )
    recused = AgendaItem.objects.recused_for(user).filter(meeting=meeting)
    attending = attends(user, meeting)
    standing = standing_in(user, meeting.committee)
    for item in items:
        item.why_visible = why_visible(standing, item.level, attending=attending)
    agenda = sorted([*items, *recused], key=lambda item: item.number)
    html = render_to_string(
        "meetings/_agenda.html", {"agenda": agenda, "recused_ids": {item.pk for item in recused}}
    )
    return {
        "html": html,
        "empty": not agenda,
        "minutes_readable": any(item.minutes_visible for item in items),
    }
