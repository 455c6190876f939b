"""Who attends a meeting, and who is recused from which item."""

from django.db import transaction

from ..models import (
    AgendaItem,
    Attendance,
    Meeting,
    Recusal,
)
from .guards import secretariat_check


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, user, by, role: str = Attendance.Role.MEMBER
) -> Attendance:
    """Record `user` as attending `meeting`; this grants the meeting's RED business."""
    secretariat_check(by, "records attendance")
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting, user=user, defaults={"role": role}
    )
    return attendance


@transaction.atomic
def attendance_remove(*, meeting: Meeting, user, by) -> None:
    """Remove `user` from `meeting`'s attendees; their RED grant goes with it."""
    secretariat_check(by, "records attendance")
    for attendance in Attendance.objects.filter(meeting=meeting, user=user):
        attendance.delete()


def recusal_add(*, item, user, by, reason: str = "") -> Recusal:
    """Recuse `user` from `item`: they see neither it nor its papers, decisions or minutes."""
    secretariat_check(by, "records recusals")
    recusal, _ = Recusal.objects.get_or_create(item=item, user=user, defaults={"reason": reason})
    return recusal


def recusal_remove(*, item: AgendaItem, user, by) -> None:
    """Lift a recusal."""
    secretariat_check(by, "records recusals")
    Recusal.objects.filter(item=item, user=user).delete()
