"""Public calendar, meeting pages and paper downloads. Visibility comes from classification."""

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.utils import timezone

from classification.levels import MeetingStatus
from classification.visibility import get_visible_or_404
from headlines.models import HeadlinesRequest

from .models import Action, AgendaItem, Decision, Meeting, Paper, PaperVersion


def home(request):
    """The meeting calendar: upcoming and past meetings, for everyone."""
    meetings = Meeting.objects.visible_to(request.user).select_related("committee")
    today = timezone.localdate()
    return TemplateResponse(
        request,
        "meetings/home.html",
        {
            "upcoming": meetings.filter(date__gte=today).order_by("date", "number"),
            "past": meetings.filter(date__lt=today).order_by("-date", "-number"),
        },
    )


def meeting_detail(request, committee, number):
    """One meeting: the agenda items, papers, decisions, actions and minutes the user may see."""
    meeting = get_visible_or_404(
        Meeting.objects.select_related("committee"),
        request.user,
        committee__code=committee,
        number=number,
    )
    user = request.user
    papers = Paper.objects.visible_to(user).prefetch_related(
        Prefetch("versions", queryset=PaperVersion.objects.only("id", "paper_id", "number", "size"))
    )
    items = (
        AgendaItem.objects.visible_to(user)
        .with_minutes_visibility(user)
        .filter(meeting=meeting)
        .prefetch_related(
            Prefetch("papers", queryset=papers),
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
    agenda = sorted([*items, *recused], key=lambda item: item.number)
    return TemplateResponse(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "recused_ids": {item.pk for item in recused},
            "awaiting_approval": HeadlinesRequest.objects.visible_to(user)
            .filter(meeting=meeting, status=HeadlinesRequest.Status.SUBMITTED)
            .first(),
            "headlines_published": meeting.status == MeetingStatus.HEADLINES_PUBLISHED,
        },
    )


def paper_download(request, paper_id, version_number=None):
    """A paper's file, served only to those who may see the paper."""
    paper = get_visible_or_404(Paper, request.user, pk=paper_id)
    versions = paper.versions.order_by("-number")
    if version_number is not None:
        versions = versions.filter(number=version_number)
    version = versions.first()
    if version is None:
        raise Http404("No such version of this paper.")
    if request.user.is_authenticated:
        # Imported here: meetings is the lower layer and must not need members to load.
        from members.services import paper_mark_read

        paper_mark_read(user=request.user, paper=paper)
    inline = request.GET.get("inline") == "1"
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=not inline,
        filename=f"{paper.title[:80]} v{version.number}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
