"""Who is told of each handoff of the meeting cycle, and in which words.

Every rule of who should be told is here: one function per audience (the committee's
members, a meeting's attendees, its chairs, the secretariat), and one per event, which makes
the event's single `notify` call in the transaction of the write that made it (the headlines
app calls its events from here too). The words are WHITE only: the committee's code and name,
the meeting's reference and date, what happened, an action's reference and due date; never an
item's or paper's title, minutes, a party's name, or a reason the chair typed. The link leads
to the portal, which shows each reader what they may see.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from classification.levels import MeetingStatus
from classification.models import User
from classification.visibility import can_view, secretariat_of
from committees.models import Membership
from notifications.models import AgendaPublication, Delivery, Kind, Notification
from notifications.services import notify

from ..models import Action, AgendaItem, Attendance, Meeting, Paper

# An open action is reminded once this many days before it is due, and once when overdue.
ACTION_DUE_SOON = datetime.timedelta(days=3)
# Attendees are reminded of a meeting this many days before it.
MEETING_REMINDER_BEFORE = datetime.timedelta(days=2)

# Audiences. Who is "a member of the committee" is decided by `committee_members` alone.


def _people() -> QuerySet[User]:
    return get_user_model().objects.filter(is_active=True)


def committee_members(meeting: Meeting) -> QuerySet[User]:
    """The committee's members for `meeting`: its attendees and the committee's current
    members (any role or level).

    The committee's secretariat is not among them: it publishes, it is not told of its own
    publication.
    """
    members = Membership.objects.current().filter(committee_id=meeting.committee_id)
    return (
        _people()
        .exclude(pk__in=secretariat_of(meeting.committee_id))
        .filter(Q(attendances__meeting=meeting) | Q(pk__in=members.values("user_id")))
        .distinct()
    )


def attendees(meeting: Meeting) -> QuerySet[User]:
    """Everyone recorded as attending `meeting`, whatever their role."""
    return _people().filter(attendances__meeting=meeting).distinct()


def chairs(meeting: Meeting) -> QuerySet[User]:
    """Those recorded as chairing `meeting`."""
    return (
        _people()
        .filter(attendances__meeting=meeting, attendances__role=Attendance.Role.CHAIR)
        .distinct()
    )


def the_secretariat(meeting: Meeting) -> QuerySet[User]:
    """The current secretariat of `meeting`'s committee."""
    return _people().filter(pk__in=secretariat_of(meeting.committee_id))


def _but(people: QuerySet[User], by: User | None) -> QuerySet[User]:
    """`people` without `by`: nobody is told of their own act."""
    return people.exclude(pk=by.pk) if by is not None else people


# Words.


def _subject(meeting: Meeting, what: str) -> str:
    return f"{meeting.committee.code} {meeting.reference}: {what}"


def _named(meeting: Meeting) -> str:
    return (
        f"the {meeting.committee.name} meeting {meeting.committee.code} {meeting.reference} "
        f"of {meeting.date:%A %-d %B %Y} ({meeting.start_time:%H:%M} to "
        f"{meeting.end_time:%H:%M})"
    )


def _meeting_page(meeting: Meeting) -> str:
    return reverse("meetings:meeting_detail", args=[meeting.committee.code, meeting.number])


def _day(date: datetime.date) -> str:
    return f"{date:%A %-d %B %Y}"


# Events.


def agenda_published(publication: AgendaPublication, *, first: bool) -> int:
    """Tell the committee's members who can see something the publication made visible.

    The first publication of a meeting's agenda is "agenda published"; a later one (papers
    added since) is "a paper added after publication".
    """
    meeting = publication.meeting
    at = publication.published_at
    told = [
        user
        for user in committee_members(meeting)
        if AgendaItem.objects.visible_to(user).filter(meeting=meeting, published_at=at).exists()
        or Paper.objects.visible_to(user).filter(item__meeting=meeting, published_at=at).exists()
    ]
    if first:
        kind, what = Kind.AGENDA_PUBLISHED, "agenda and papers published"
        line = f"The agenda and papers of {_named(meeting)} have been published."
    else:
        kind, what = Kind.PAPER_ADDED_AFTER_PUBLICATION, "papers added to the agenda"
        line = f"Papers have been added to the published agenda of {_named(meeting)}."
    return notify(
        kind=kind,
        event_key=f"agenda_publication:{publication.pk}",
        recipients=told,
        subject=_subject(meeting, what),
        link=_meeting_page(meeting),
        body_line=line,
    )


def paper_replaced(paper: Paper, *, version_number: int, version_id: int, by: User | None) -> int:
    """Tell the committee's members who can see a published paper that it has a new version."""
    meeting = paper.item.meeting
    told = [
        user
        for user in _but(committee_members(meeting), by)
        if Paper.objects.visible_to(user).filter(pk=paper.pk).exists()
    ]
    return notify(
        kind=Kind.PAPER_ADDED_AFTER_PUBLICATION,
        event_key=f"paper_replaced:{version_id}",
        recipients=told,
        subject=_subject(meeting, "a paper replaced by a new version"),
        link=_meeting_page(meeting),
        body_line=(
            f"A paper of {_named(meeting)} has been replaced by a new version "
            f"(version {version_number})."
        ),
    )


def headlines_submitted(meeting: Meeting, *, request_id: int, by: User | None) -> int:
    """Tell the meeting's chairs that Headlines await their approval."""
    return notify(
        kind=Kind.HEADLINES_SUBMITTED,
        event_key=f"headlines_submitted:{request_id}",
        recipients=_but(chairs(meeting), by),
        subject=_subject(meeting, "Headlines await your approval"),
        link=reverse("headlines:headlines_review", args=[request_id]),
        body_line=f"The secretariat has submitted the Headlines of {_named(meeting)} for "
        "your approval.",
    )


def headlines_returned(meeting: Meeting, *, request_id: int, by: User | None) -> int:
    """Tell the secretariat the chair returned the Headlines; the reason stays on the portal."""
    return notify(
        kind=Kind.HEADLINES_RETURNED,
        event_key=f"headlines_returned:{request_id}",
        recipients=_but(the_secretariat(meeting), by),
        subject=_subject(meeting, "Headlines returned by the chair"),
        link=reverse("headlines:headlines_review", args=[request_id]),
        body_line=f"The chair has returned the Headlines of {_named(meeting)}: the reason is "
        "on the portal.",
    )


def headlines_withdrawn(meeting: Meeting, *, request_id: int, by: User | None) -> int:
    """Tell the chairs who were told of a submission that the secretariat withdrew it.

    A chair never told of it (the submission's notice turned off, or not yet recorded) has
    nothing to forget: the withdrawal is told only where the submission was.
    """
    told_of_submission = Notification.objects.filter(
        event_key=f"headlines_submitted:{request_id}"
    ).exclude(delivery=Delivery.OFF)
    return notify(
        kind=Kind.HEADLINES_WITHDRAWN,
        event_key=f"headlines_withdrawn:{request_id}",
        recipients=_but(chairs(meeting), by).filter(
            pk__in=told_of_submission.values("recipient_id")
        ),
        subject=_subject(meeting, "Headlines withdrawn before your approval"),
        link=reverse("headlines:headlines_review", args=[request_id]),
        body_line=f"The secretariat has withdrawn the Headlines of {_named(meeting)} it "
        "submitted for your approval: nothing awaits your approval until it submits them again.",
    )


def headlines_published(meeting: Meeting, *, version_number: int) -> int:
    """Tell the meeting's attendees its Headlines are published."""
    return notify(
        kind=Kind.HEADLINES_PUBLISHED,
        event_key=f"headlines_published:{meeting.pk}:{version_number}",
        recipients=attendees(meeting),
        subject=_subject(meeting, "Headlines published"),
        link=reverse("headlines:headlines_detail", args=[meeting.committee.code, meeting.number]),
        body_line=f"The Headlines of {_named(meeting)} have been published.",
    )


def minutes_circulated(meeting: Meeting, *, by: User | None) -> int:
    """Tell the meeting's attendees its draft minutes are circulated."""
    return notify(
        kind=Kind.MINUTES_CIRCULATED,
        # The meeting's revision is new with each change: a later circulation is a new event.
        event_key=f"minutes_circulated:{meeting.pk}:{meeting.revision}",
        recipients=_but(attendees(meeting), by),
        subject=_subject(meeting, "draft minutes circulated"),
        link=_meeting_page(meeting),
        body_line=f"The draft minutes of {_named(meeting)} have been circulated to its "
        "attendees for comment before the chair approves them.",
    )


def minutes_approved(meeting: Meeting, *, by: User | None) -> int:
    """Tell the meeting's attendees and the secretariat its minutes are approved."""
    return notify(
        kind=Kind.MINUTES_APPROVED,
        event_key=f"minutes_approved:{meeting.pk}",
        recipients=_but(
            _people()
            .filter(
                Q(attendances__meeting=meeting) | Q(pk__in=secretariat_of(meeting.committee_id))
            )
            .distinct(),
            by,
        ),
        subject=_subject(meeting, "minutes approved"),
        link=_meeting_page(meeting),
        body_line=f"The chair has approved the minutes of {_named(meeting)}.",
    )


def minutes_returned(meeting: Meeting, *, change_id: int, by: User | None) -> int:
    """Tell the secretariat the chair returned the minutes; the comments stay on the portal."""
    return notify(
        kind=Kind.MINUTES_RETURNED,
        event_key=f"minutes_returned:{change_id}",
        recipients=_but(the_secretariat(meeting), by),
        subject=_subject(meeting, "minutes returned by the chair"),
        link=reverse("meetings:minutes_edit", args=[meeting.committee.code, meeting.number]),
        body_line=f"The chair has returned the draft minutes of {_named(meeting)}: the "
        "comments are on the portal.",
    )


def _action_told(
    action: Action, *, kind: str, event: str, what: str, line: str, by: User | None = None
) -> int:
    owner = action.owner_user
    meeting = action.item.meeting
    told = [owner] if owner is not None and owner != by and can_view(owner, action) else []
    return notify(
        kind=kind,
        event_key=f"{event}:{action.pk}:{owner.pk if owner else ''}",
        recipients=told,
        subject=_subject(meeting, f"action {action.reference} {what}"),
        link=reverse("members:action_detail", args=[action.reference]),
        body_line=line,
    )


def action_assigned(action: Action, *, by: User | None) -> int:
    """Tell an action's owner that it is theirs, once they can see it.

    An action is part of the meeting's record, which its owner sees once the minutes are
    circulated (or approved): raised before, it is told by `meeting_actions_assigned` then.
    """
    due = f", due on {_day(action.due)}" if action.due else ""
    return _action_told(
        action,
        kind=Kind.ACTION_ASSIGNED,
        event="action_assigned",
        what="assigned to you",
        line=f"Action {action.reference} of {_named(action.item.meeting)} is assigned to you{due}.",
        by=by,
    )


def meeting_actions_assigned(meeting: Meeting, *, by: User | None) -> int:
    """Tell the owners of `meeting`'s open actions who can now see them and were not told."""
    actions = Action.objects.filter(
        item__meeting=meeting, status=Action.Status.OPEN, owner_user__isnull=False
    ).select_related("owner_user", "item__meeting__committee")
    return sum(action_assigned(action, by=by) for action in actions)


@transaction.atomic
def action_reminders(*, today: datetime.date | None = None) -> int:
    """Tell the owners of open actions due within three days, or overdue.

    Once per action, kind and due date: an action given a new due date is reminded again.
    """
    today = today or timezone.localdate()
    open_actions = Action.objects.filter(
        status=Action.Status.OPEN, owner_user__isnull=False, due__isnull=False
    ).select_related("owner_user", "item__meeting__committee")
    told = 0
    for action in open_actions.filter(due__gte=today, due__lte=today + ACTION_DUE_SOON):
        told += _action_told(
            action,
            kind=Kind.ACTION_DUE_SOON,
            event=f"action_due_soon:{action.due}",
            what=f"due on {action.due:%-d %B}",
            line=f"Action {action.reference} of {_named(action.item.meeting)} is due on "
            f"{_day(action.due)}.",
        )
    for action in open_actions.filter(due__lt=today):
        told += _action_told(
            action,
            kind=Kind.ACTION_OVERDUE,
            event=f"action_overdue:{action.due}",
            what="overdue",
            line=f"Action {action.reference} of {_named(action.item.meeting)} was due on "
            f"{_day(action.due)} and is still open.",
        )
    return told


@transaction.atomic
def meeting_reminders(*, today: datetime.date | None = None) -> int:
    """Remind the attendees of each meeting with a published agenda, two days before it."""
    today = today or timezone.localdate()
    coming = Meeting.objects.filter(
        status=MeetingStatus.AGENDA_PUBLISHED,
        date__gt=today,
        date__lte=today + MEETING_REMINDER_BEFORE,
    ).select_related("committee")
    return sum(
        notify(
            kind=Kind.MEETING_REMINDER,
            event_key=f"meeting_reminder:{meeting.pk}:{meeting.date}",
            recipients=attendees(meeting),
            subject=_subject(meeting, f"the meeting is on {_day(meeting.date)}"),
            link=_meeting_page(meeting),
            body_line=f"You are recorded as attending {_named(meeting)}.",
        )
        for meeting in coming
    )
