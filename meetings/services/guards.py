"""Who may write, and the row locks every write takes, in one order."""

from django.core.exceptions import PermissionDenied

from classification.models import User
from classification.visibility import Record, is_chair, may_act_for_secretariat

from ..models import (
    AgendaItem,
    Meeting,
)


def secretariat_check(by: User | None, doing: str, *, committee: Record | int) -> None:
    """Refuse `by` unless it is the secretariat of `committee` (a committee or its id) in a
    verified session, or a command or task.

    Every write that publishes, circulates or changes who may see something asks it here,
    whichever view, command or task calls it: the secretariat's powers are per committee.
    """
    if not may_act_for_secretariat(by, committee):
        raise PermissionDenied(
            f"Only the committee's secretariat {doing}, in a session verified by its second factor."
        )


def chair_check(by: User, meeting: Meeting, *, doing: str = "approves its record") -> None:
    """Refuse `by` unless it acts as the chair of `meeting` (`is_chair`): verified, active."""
    if not is_chair(by, meeting):
        raise PermissionDenied(
            f"Only the chair of the meeting {doing}, in a session verified by a second factor."
        )


def revise(meeting_id: int) -> None:
    # Bulk statements send no signals (signals.py revises on every save and delete).
    Meeting.objects.filter(pk=meeting_id).revise()


def meeting_locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


# A child's level is checked against its parents' (Classified.clean): each write that changes a
# level, or saves a child, first locks the parent rows and reads their levels afresh, so that a
# parent raised at the same moment waits for the child, or the child sees the raised level.
# The locks are taken in one order, party → meeting → item, so no two writes wait in a circle
# (saving any child also updates its meeting's revision, a lock on the meeting row).


def item_locked(item_id: int) -> AgendaItem:
    """The agenda item as it is now, its row locked; its meeting's lock is taken before."""
    return AgendaItem.objects.select_for_update().get(pk=item_id)
