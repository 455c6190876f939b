"""My work: what the meeting record asks of each person now, listed and counted.

The dashboard lists it (`meeting_work`) and the navigation counts it (`meeting_work_count`);
both read the same querysets, each filtered by `classification` like every page, so that
nobody is shown, or counted, work on a record they may not see:

* the secretariat of a committee: agendas of coming meetings with something to publish
  (their papers deadline beside them); published agendas of coming meetings with an item of
  the Agenda Items section still without a paper (Matters Arising seldom have one); meetings
  begun but not recorded as held; minutes of held meetings to circulate (again, once the
  chair returns them); e-mails the mail server would not take. To follow up, not to do:
  minutes circulated and awaiting the chair.
* the chair of a meeting, in a session verified by a second factor (as `is_chair`): minutes
  awaiting approval.
* a member (a current member of the committee, or an attendee of the meeting, but not its
  secretariat): published papers of coming meetings they have not opened (listed until
  opened); their own open
  actions due within three days, or overdue; their next meeting and its papers deadline.

The Headlines' share (to submit, returned, failed, awaiting approval) is the headlines app's
(`headlines/work.py`), and the questions' share (to answer for the presenter, one's own to
follow) the questions app's (`questions/work.py`), shown on the same pages through their
template tags and context processors: this app imports neither. The count is of what is to
do, not of what awaits others, nor of the next meeting.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    Exists,
    ExpressionWrapper,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TimeField,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone

from classification.levels import MeetingStatus, MinutesStatus
from classification.models import Viewer
from classification.precompiled import Late, counted, run_first_row
from classification.visibility import chaired_meetings, secretariat_committees
from committees.models import Membership
from meetings.models import Action, AgendaItem, Attendance, Meeting, MinutesStatusChange, Paper
from meetings.schedule import MEETING_TIME_ZONE, papers_deadline
from meetings.services.notices import ACTION_DUE_SOON
from notifications.models import Notification
from notifications.services import failed_notifications

from .models import PaperRead

# The dashboard lists this many unread papers and failed e-mails at most; the count counts all.
SHOWN = 50

HELD_OR_LATER = (
    MeetingStatus.HELD,
    MeetingStatus.MINUTES_APPROVED,
    MeetingStatus.HEADLINES_PUBLISHED,
)


@dataclass(frozen=True)
class Task:
    """One entry of a person's work: what to do, where (`link`), and by when."""

    what: str
    link: str
    detail: str = ""
    late: bool = False


@dataclass(frozen=True)
class Work:
    """A person's work on the meeting record, as the dashboard shows it."""

    todo: list[Task]
    waiting: list[Task]  # handed to someone else, to follow up
    more: bool  # whether unread papers or failed e-mails were left out (SHOWN of each listed)
    next_meeting: Meeting | None
    next_deadline: datetime.date | None


def _london(now: datetime.datetime | None) -> datetime.datetime:
    return timezone.localtime(now or timezone.now(), MEETING_TIME_ZONE)


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


# The secretariat's and the chair's work, one flag per kind of entry, on the meetings they
# are the secretariat or the chair of.
TODO_FLAGS = ("to_publish", "papers_missing", "to_hold", "to_circulate", "to_approve")
WAITING_FLAGS = ("awaiting_chair",)


# The moment, in the count's precompiled statement: bound afresh each time it runs.
TODAY = Late("today", DateField())
TIME_NOW = Late("time_now", TimeField())
DUE_BY = Late("due_by", DateField())


def _work_flags(user: Viewer, today, time_now) -> dict[str, Q] | None:
    """The condition of each kind of work (`TODO_FLAGS`, `WAITING_FLAGS`) on a meeting, or
    None when `user` is neither a secretariat nor a chair. `today` and `time_now` are
    London's, as values or as `Late` parameters."""
    committees = secretariat_committees(user)
    chaired = chaired_meetings(user)
    if committees is None and chaired is None:
        return None
    mine = Q(committee__in=committees) if committees is not None else Q(pk__in=[])
    chairs = Q(pk__in=chaired) if chaired is not None else Q(pk__in=[])
    coming = Q(date__gte=today)
    unpublished = Exists(
        AgendaItem.objects.filter(meeting=OuterRef("pk"), published_at__isnull=True)
    ) | Exists(
        Paper.objects.filter(
            item__meeting=OuterRef("pk"), published_at__isnull=True, withdrawn_at__isnull=True
        )
    )
    started = Q(date__lt=today) | Q(date=today, start_time__lte=time_now)
    circulated = Q(minutes_status=MinutesStatus.CIRCULATED)
    return {
        "to_publish": mine
        & coming
        & (
            Q(status=MeetingStatus.DRAFT)
            | (Q(status=MeetingStatus.AGENDA_PUBLISHED) & Q(unpublished))
        ),
        "papers_missing": mine
        & coming
        & Q(status=MeetingStatus.AGENDA_PUBLISHED)
        & Q(Exists(_items_without_paper())),
        "to_hold": mine & Q(status=MeetingStatus.AGENDA_PUBLISHED) & started,
        "to_circulate": mine & Q(status__in=HELD_OR_LATER, minutes_status=MinutesStatus.DRAFT),
        "to_approve": chairs & circulated,
        "awaiting_chair": mine & circulated,
    }


def _any_of(conditions) -> Q:
    either = Q(pk__in=[])
    for condition in conditions:
        either |= condition
    return either


def _meetings(user: Viewer, now: datetime.datetime) -> QuerySet[Meeting]:
    """The meetings `user` has work on, each flagged with the work (`TODO_FLAGS` and
    `WAITING_FLAGS`)."""
    flags = _work_flags(user, now.date(), now.time())
    if flags is None:
        return Meeting.objects.none()
    return (
        Meeting.objects.visible_to(user)
        .filter(_any_of(flags.values()))
        .annotate(**{name: _flag(flagged) for name, flagged in flags.items()})
    )


def _meetings_to_do(user: Viewer) -> Subquery | None:
    """How many meeting entries are `user`'s to do (a meeting counts once per kind of work),
    as a subquery of one row: the visibility filter and each condition written once."""
    flags = _work_flags(user, TODAY, TIME_NOW)
    if flags is None:
        return None
    todo = [flags[name] for name in TODO_FLAGS]
    # COUNT(CASE WHEN … THEN 1 END) per kind: a Func, so that Django adds no GROUP BY.
    counts = [
        Func(Case(When(condition, then=Value(1))), function="COUNT", output_field=IntegerField())
        for condition in todo
    ]
    total = counts[0]
    for count in counts[1:]:
        total = total + count
    counted = Meeting.objects.visible_to(user).filter(_any_of(todo)).order_by()
    return Subquery(counted.annotate(n=total).values("n"), output_field=IntegerField())


def _items_without_paper() -> QuerySet[AgendaItem]:
    """The published Agenda Items of the outer meeting with no paper in service."""
    return AgendaItem.objects.filter(
        meeting=OuterRef("pk"), section=AgendaItem.Section.AGENDA, published_at__isnull=False
    ).exclude(Exists(Paper.objects.filter(item=OuterRef("pk"), withdrawn_at__isnull=True)))


def _unread_papers(user: Viewer, today) -> QuerySet[Paper]:
    """Published papers of coming meetings of `user`'s committees, or that `user` attends
    (not as the secretariat), that `user` has never opened (`today` a date or `TODAY`)."""
    if not user.is_authenticated:
        return Paper.objects.none()
    attended = Attendance.objects.filter(user=user).exclude(role=Attendance.Role.SECRETARIAT)
    committees = Membership.objects.current(today).filter(user=user).values("committee_id")
    papers = (
        Paper.objects.visible_to(user)
        .filter(published_at__isnull=False, withdrawn_at__isnull=True)
        .filter(item__meeting__date__gte=today)
        .filter(
            Q(item__meeting__in=attended.values("meeting_id"))
            | Q(item__meeting__committee__in=committees)
        )
        .exclude(Exists(PaperRead.objects.filter(user=user, paper=OuterRef("pk"))))
    )
    # The secretariat publishes its committees' papers: reading them is not its work.
    secretariat = secretariat_committees(user)
    if secretariat is not None:
        papers = papers.exclude(item__meeting__committee__in=secretariat)
    return papers


def _actions_due(user: Viewer, due_by) -> QuerySet[Action]:
    """`user`'s own open actions due by `due_by` (within three days, as the reminders: a
    date or `DUE_BY`), or overdue."""
    if not user.is_authenticated:
        return Action.objects.none()
    return Action.objects.visible_to(user).filter(
        owner_user=user, status=Action.Status.OPEN, due__lte=due_by
    )


def _failed_emails(user: Viewer) -> QuerySet[Notification]:
    """E-mails given up on, for the secretariat (of any committee) to see to."""
    committees = secretariat_committees(user)
    if committees is None:
        return Notification.objects.none()
    return failed_notifications().filter(Exists(committees))


def meeting_work_count(user: Viewer, *, now: datetime.datetime | None = None) -> int:
    """How many entries `meeting_work` lists as to do for `user`, in one query.

    The statement is compiled once per reader and process (classification.precompiled):
    it is shown on every signed-in page, and building it cost several times running it.
    """
    if not user.is_authenticated:
        return 0
    now = _london(now)
    row = run_first_row(
        "members.meeting_work_count",
        user,
        lambda: _work_counts(user),
        today=now.date(),
        time_now=now.time(),
        due_by=now.date() + ACTION_DUE_SOON,
    )
    # A count of what `user` can have none of (an empty queryset) comes back NULL.
    return sum(n or 0 for n in row or ())


def _work_counts(user: Viewer) -> QuerySet:
    """One row of `user`'s counts of work to do, the moment left as `Late` parameters."""
    counts = {}
    meetings = _meetings_to_do(user)
    if meetings is not None:
        counts["meetings"] = meetings
    # Unread papers and failed e-mails are listed SHOWN at most, and counted as listed: a
    # member before a large meeting may have hundreds, and counting them all, each through
    # the visibility filter, was most of what every page paid for the count.
    counts["unread"] = _count_listed(_unread_papers(user, TODAY))
    counts["actions"] = _count(_actions_due(user, DUE_BY))
    counts["failed"] = _count_listed(_failed_emails(user))
    return get_user_model().objects.filter(pk=user.pk).values_list(*counts.values())


def _count(queryset: QuerySet) -> Subquery:
    """COUNT(*) of `queryset`, as a subquery of one row."""
    return Subquery(counted(queryset), output_field=IntegerField())


class _CountUpTo(Subquery):
    """COUNT(*) of a sliced queryset's rows: PostgreSQL stops reading at the slice's end."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS listed)"


def _count_listed(queryset: QuerySet) -> Subquery:
    """How many of `queryset`'s rows `meeting_work` lists (SHOWN at most), as a subquery."""
    return _CountUpTo(queryset.order_by().values("pk")[:SHOWN], output_field=IntegerField())


def meeting_work(user: Viewer, *, now: datetime.datetime | None = None) -> Work:
    """`user`'s work on the meeting record: what to do, what awaits others, the next meeting."""
    now = _london(now)
    today = now.date()
    todo: list[Task] = []
    waiting: list[Task] = []
    meetings = (
        _meetings(user, now)
        .select_related("committee")
        .annotate(
            without_paper=_count(_items_without_paper()),
            last_minutes_step=Subquery(
                MinutesStatusChange.objects.filter(meeting=OuterRef("pk"))
                .order_by("-at", "-pk")
                .values("status")[:1]
            ),
        )
        .order_by("date", "number")
    )
    for meeting in meetings:
        todo += [_meeting_task(f, meeting, today) for f in TODO_FLAGS if getattr(meeting, f)]
        waiting += [_meeting_task(f, meeting, today) for f in WAITING_FLAGS if getattr(meeting, f)]
    unread = list(
        _unread_papers(user, today)
        .select_related("item__meeting__committee")
        .order_by("item__meeting__date", "item__meeting__number", "item__number", "pk")[: SHOWN + 1]
    )
    todo += [_paper_task(paper) for paper in unread[:SHOWN]]
    todo += [
        _action_task(action, today)
        for action in _actions_due(user, today + ACTION_DUE_SOON)
        .select_related("item__meeting__committee")
        .order_by("due", "reference")
    ]
    failed = list(
        _failed_emails(user).select_related("recipient").order_by("-failed_at", "-pk")[: SHOWN + 1]
    )
    todo += [_failed_task(notification) for notification in failed[:SHOWN]]
    next_meeting = _next_meeting(user, today)
    return Work(
        todo=todo,
        waiting=waiting,
        more=len(unread) > SHOWN or len(failed) > SHOWN,
        next_meeting=next_meeting,
        next_deadline=papers_deadline(next_meeting) if next_meeting else None,
    )


def _next_meeting(user: Viewer, today: datetime.date) -> Meeting | None:
    if not user.is_authenticated:
        return None
    return (
        Meeting.objects.visible_to(user)
        .filter(date__gte=today, attendances__user=user)
        .select_related("committee")
        .order_by("date", "start_time", "number")
        .first()
    )


def _named(meeting: Meeting) -> str:
    return f"{meeting.committee.code} {meeting.reference}"


def _day(date: datetime.date) -> str:
    return f"{date:%A %-d %B %Y}"


def _meeting_task(flag: str, meeting: Meeting, today: datetime.date) -> Task:
    code, number = meeting.committee.code, meeting.number
    builder = reverse("meetings:agenda_builder", args=[code, number])
    minutes = reverse("meetings:minutes_edit", args=[code, number])
    deadline = papers_deadline(meeting)
    late = deadline < today
    due = f"papers were due on {_day(deadline)}" if late else f"papers due by {_day(deadline)}"
    if flag == "to_publish":
        return Task(f"Publish the agenda and papers of {_named(meeting)}", builder, due, late)
    if flag == "papers_missing":
        count = meeting.without_paper
        items = f"{count} item{'' if count == 1 else 's'}"
        return Task(f"{items} of {_named(meeting)} without a paper", builder, due, late)
    if flag == "to_hold":
        return Task(
            f"Record {_named(meeting)} as held",
            builder,
            f"it began on {_day(meeting.date)} at {meeting.start_time:%H:%M}",
        )
    if flag == "to_circulate":
        if meeting.last_minutes_step == MinutesStatus.DRAFT:
            return Task(
                f"Change the minutes of {_named(meeting)} and circulate them again",
                minutes,
                "the chair returned them with comments",
            )
        return Task(f"Circulate the minutes of {_named(meeting)}", minutes)
    if flag == "to_approve":
        link = reverse("meetings:minutes_approve", args=[code, number])
        return Task(f"Approve the minutes of {_named(meeting)}", link, "circulated to attendees")
    return Task(f"The minutes of {_named(meeting)} await the chair's approval", minutes)


def _paper_task(paper: Paper) -> Task:
    meeting = paper.item.meeting
    link = reverse("meetings:paper_download", args=[paper.pk]) + "?inline=1"
    return Task(f"Read “{paper.title}”", link, f"{_named(meeting)}, item {paper.item.number}")


def _action_task(action: Action, today: datetime.date) -> Task:
    link = reverse("members:action_detail", args=[action.reference])
    assert action.due is not None  # only actions with a due date are listed
    if action.due < today:
        return Task(f"Action {action.reference}", link, f"overdue: due on {_day(action.due)}", True)
    return Task(f"Action {action.reference}", link, f"due on {_day(action.due)}")


def _failed_task(notification: Notification) -> Task:
    link = reverse("admin:notifications_notification_changelist") + "?failed=yes"
    return Task(
        f"An e-mail to {notification.recipient} ({notification.recipient.username}) could not "
        f"be sent: {notification.subject}",
        link,
        f"the mail server answered: {notification.error}",
        True,
    )
