"""Who attends a meeting, and who is recused from which item.

Attending a meeting is what grants its RED business (a guardian grant on the meeting, read by
the classification filter). The grant is written here, in the transaction that records the
attendance, and nowhere else: the agenda builder, the importer, the demo and the test
factories all record attendance through these functions, and the admin shows it read-only.
"""

from django.db import transaction

from classification.grants import grant_red, revoke_red
from classification.models import User

from ..models import (
    AgendaItem,
    Attendance,
    Meeting,
    Recusal,
)
from .guards import secretariat_check


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, user: User, by: User | None, role: str = Attendance.Role.MEMBER
) -> Attendance:
    """Record `user` as attending `meeting`; this grants the meeting's RED business."""
    secretariat_check(by, "records attendance", committee=meeting.committee_id)
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting, user=user, defaults={"role": role}
    )
    grant_red(user=user, meeting=meeting)
    return attendance


@transaction.atomic
def attendance_remove(*, meeting: Meeting, user: User, by: User | None) -> None:
    """Remove `user` from `meeting`'s attendees; their RED grant goes with it."""
    secretariat_check(by, "records attendance", committee=meeting.committee_id)
    Attendance.objects.filter(meeting=meeting, user=user).delete()
    revoke_red(user=user, meeting=meeting)


def recusal_add(*, item: AgendaItem, user: User, by: User | None, reason: str = "") -> Recusal:
    """Recuse `user` from `item`: they see neither it nor its papers, decisions or minutes."""
    secretariat_check(by, "records recusals", committee=item.meeting.committee_id)
    recusal, _ = Recusal.objects.get_or_create(item=item, user=user, defaults={"reason": reason})
    return recusal


def recusal_remove(*, item: AgendaItem, user: User, by: User | None) -> None:
    """Lift a recusal."""
    secretariat_check(by, "records recusals", committee=item.meeting.committee_id)
    Recusal.objects.filter(item=item, user=user).delete()
