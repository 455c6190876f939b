"""Minutes, decisions and actions: the meeting's confidential record."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from assessments import services as assessments_services
from classification.levels import Level, MeetingStatus, MinutesStatus
from classification.models import User
from classification.restrictions import restriction_inherit
from sscportal.params import parse_number

from ..models import (
    Action,
    AgendaItem,
    Decision,
    DecisionKind,
    Meeting,
    MinutesStatusChange,
)
from . import notices
from .agenda import status_move
from .guards import chair_check, item_locked, revise, secretariat_check

# Minutes, decisions and actions: the meeting's confidential record. The secretariat writes
# it, circulates it to the attendees, and the chair approves it; once approved it is fixed.


def _record_meeting(meeting_id: int) -> Meeting:
    """The meeting, its row locked: approval and writes to its record take turns."""
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("committee")
        .get(pk=meeting_id)
    )


def _record_open(meeting: Meeting) -> None:
    if meeting.minutes_status == MinutesStatus.APPROVED:
        raise ValidationError(
            f"The minutes of {meeting} are approved: they can no longer be changed.",
            code="approved",
        )


@transaction.atomic
def item_minutes_save(
    *, item: AgendaItem, minutes: str, expected_version: int, by: User | None
) -> AgendaItem:
    """Save an item's minutes, refusing a save based on a version someone else replaced.

    One conditional UPDATE on (pk, minutes_version): of two saves based on the same version, one is
    stored and the other refused, so nobody's text is overwritten unseen.
    """
    secretariat_check(by, "takes the minutes", committee=item.meeting.committee_id)
    _record_open(_record_meeting(item.meeting_id))
    updated = AgendaItem.objects.filter(pk=item.pk, minutes_version=expected_version).update(
        minutes=minutes, minutes_version=F("minutes_version") + 1
    )
    revise(item.meeting_id)
    if not updated:
        current = AgendaItem.objects.only("number", "minutes_version").get(pk=item.pk)
        raise ValidationError(
            f"The minutes of item {current.number} were changed by someone else since you "
            f"opened them (you had version {expected_version}, "
            f"it is now {current.minutes_version}), so your text was not saved: "
            "merge it with the saved text, then save again.",
            code="stale",
        )
    item.minutes = minutes
    item.minutes_version = expected_version + 1
    return item


@transaction.atomic
def decision_record(
    *,
    item: AgendaItem,
    kind: DecisionKind,
    outcome: str,
    by: User | None,
    party_name: str = "",
    note: str = "",
    level: int = Level.RED,
    restriction_reason: str = "",
    review_on: datetime.date | None = None,
) -> Decision:
    """Record what the committee decided or noted at `item`.

    The outcome must be one of the kind's; the level may not be below the item's, nor below
    that of the party the decision names (party names are RED by default). A restricted
    decision given no reason or review date takes the item's.
    """
    secretariat_check(by, "records decisions", committee=item.meeting.committee_id)
    party_name = " ".join(party_name.split())
    # The party's row first: locks are taken party → meeting → item (guards.py).
    party = assessments_services.party_named(party_name) if party_name else None
    _record_open(_record_meeting(item.meeting_id))
    item = item_locked(item.pk)
    decision = Decision(
        item=item,
        kind=kind,
        party=party,
        outcome=outcome,
        note=note,
        level=level,
        restriction_reason=restriction_reason,
        review_on=review_on,
    )
    restriction_inherit(decision, item)
    decision.full_clean()
    decision.save()
    return decision


def action_reference_next(*, meeting: Meeting) -> str:
    """The next free action reference of `meeting`, e.g. "SSC89/03"."""
    prefix = f"{meeting.committee.code}{meeting.number}/"
    taken = Action.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [n for ref in taken if (n := parse_number(ref[len(prefix) :])) is not None]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


@transaction.atomic
def action_raise(
    *,
    item: AgendaItem,
    description: str,
    owner: str,
    by: User | None,
    reference: str = "",
    due: datetime.date | None = None,
    level: int | None = None,
    restriction_reason: str = "",
    review_on: datetime.date | None = None,
) -> Action:
    """Raise an action at `item`, owned by a user (by username) or else an organisation.

    Without a reference it takes the meeting's next free one; its level defaults to the
    item's and may not be below it. A restricted action given no reason or review date
    takes the item's.
    """
    secretariat_check(by, "raises actions", committee=item.meeting.committee_id)
    meeting = _record_meeting(item.meeting_id)
    _record_open(meeting)
    item = item_locked(item.pk)
    reference = reference.strip() or action_reference_next(meeting=meeting)
    owner = " ".join(owner.split())
    owner_user = get_user_model().objects.filter(username=owner).first() if owner else None
    action = Action(
        item=item,
        reference=reference,
        description=description.strip(),
        owner_user=owner_user,
        owner_organisation="" if owner_user else owner,
        due=due,
        level=item.level if level is None else level,
        restriction_reason=restriction_reason,
        review_on=review_on,
    )
    restriction_inherit(action, item)
    errors: dict[str, list[str]] = {}
    try:
        action.full_clean(validate_unique=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            key = "owner" if field.startswith("owner") else field
            errors.setdefault(key, []).extend(messages)
    # A reference refused above is not looked up (PostgreSQL refuses a NUL in a query).
    if "reference" not in errors and Action.objects.filter(reference=reference).exists():
        errors.setdefault("reference", []).append(_reference_taken(reference, meeting))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            action.save()
    except IntegrityError:
        raise ValidationError({"reference": [_reference_taken(reference, meeting)]}) from None
    notices.action_assigned(action, by=by)
    return action


def _reference_taken(reference: str, meeting: Meeting) -> str:
    return (
        f"{reference} is already taken: the next free reference is "
        f"{action_reference_next(meeting=meeting)}."
    )


def _minutes_move(
    meeting: Meeting, status: str, *, by: User | None, comment: str = ""
) -> MinutesStatusChange:
    """Move `meeting`'s minutes (its row locked) to `status`, recording who did it and when."""
    meeting.minutes_status = status
    meeting.save(update_fields=["minutes_status"])
    return MinutesStatusChange.objects.create(
        meeting=meeting, status=status, by=by, comment=comment
    )


@transaction.atomic
def minutes_circulate(*, meeting: Meeting, by: User | None) -> Meeting:
    """The secretariat circulates the draft minutes, decisions and actions to the attendees."""
    secretariat_check(by, "circulates the minutes", committee=meeting.committee_id)
    meeting = _record_meeting(meeting.pk)
    if meeting.minutes_status != MinutesStatus.DRAFT:
        raise ValidationError(
            f"The minutes of {meeting} are already {meeting.get_minutes_status_display().lower()}."
        )
    _minutes_move(meeting, MinutesStatus.CIRCULATED, by=by)
    notices.minutes_circulated(meeting, by=by)
    notices.meeting_actions_assigned(meeting, by=by)
    return meeting


def minutes_decision_refusal(meeting: Meeting) -> str:
    """Why the chair cannot approve or return `meeting`'s minutes now ("" if they can).

    The chair's page offers its buttons only where this is "".
    """
    if meeting.minutes_status == MinutesStatus.APPROVED:
        return f"The minutes of {meeting} are already approved."
    if meeting.minutes_status != MinutesStatus.CIRCULATED:
        return (
            f"The minutes of {meeting} are still a draft: the secretariat circulates them to "
            "the attendees before the chair approves or returns them."
        )
    return ""


@transaction.atomic
def minutes_approve(*, meeting: Meeting, by: User) -> Meeting:
    """The chair approves circulated minutes; a held meeting moves to "minutes approved".

    Approved minutes are read by everyone with the level, and can no longer be changed.
    """
    meeting = _record_meeting(meeting.pk)
    chair_check(by, meeting, doing="approves its minutes")
    if refusal := minutes_decision_refusal(meeting):
        raise ValidationError(refusal)
    _minutes_move(meeting, MinutesStatus.APPROVED, by=by)
    if meeting.status == MeetingStatus.HELD:
        status_move(meeting, MeetingStatus.MINUTES_APPROVED, by=by)
        meeting.refresh_from_db(fields=["status"])
    notices.minutes_approved(meeting, by=by)
    notices.meeting_actions_assigned(meeting, by=by)
    return meeting


@transaction.atomic
def minutes_return(*, meeting: Meeting, by: User, comment: str) -> MinutesStatusChange:
    """The chair returns circulated minutes to the secretariat's draft, with comments.

    The attendees no longer read them until they are circulated again; the secretariat is
    told, and reads the comments on the minute-taking page.
    """
    meeting = _record_meeting(meeting.pk)
    chair_check(by, meeting, doing="returns its minutes")
    if refusal := minutes_decision_refusal(meeting):
        raise ValidationError(refusal)
    if not comment.strip():
        raise ValidationError({"comment": "Say what should change in the minutes."})
    change = _minutes_move(meeting, MinutesStatus.DRAFT, by=by, comment=comment.strip())
    notices.minutes_returned(meeting, change_id=change.pk, by=by)
    return change
