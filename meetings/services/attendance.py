"""Who attends a meeting, and who is recused from which item.

Attending a meeting is what grants its RED business (a guardian grant on the meeting, read by
the classification filter). The grant is written here, in the transaction that records the
attendance, and nowhere else: the agenda builder, the importer, the demo and the test
factories all record attendance through these functions, and the admin shows it read-only.

Since they decide who reads RED business, each change of attendance or recusal is audited.
The event names the meeting, the member and the item by number, never an item's title (the
audit log is read by the secretariat, and an item's title may be above what it reads).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import AuditEvent
from audit.services import audit_record
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
    earlier = Attendance.objects.filter(meeting=meeting, user=user)
    earlier_role = earlier.values_list("role", flat=True).first()
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting, user=user, defaults={"role": role}
    )
    grant_red(user=user, meeting=meeting)
    if earlier_role != attendance.role:
        audit_record(
            kind=AuditEvent.Kind.ATTENDANCE_RECORDED,
            user=by,
            obj=meeting,
            member=user.get_username(),
            role=attendance.role,
            earlier_role=earlier_role,
        )
    return attendance


@transaction.atomic
def attendance_remove(*, meeting: Meeting, user: User, by: User | None) -> None:
    """Remove `user` from `meeting`'s attendees; their RED grant goes with it."""
    secretariat_check(by, "records attendance", committee=meeting.committee_id)
    removed, _ = Attendance.objects.filter(meeting=meeting, user=user).delete()
    revoke_red(user=user, meeting=meeting)
    if removed:
        audit_record(
            kind=AuditEvent.Kind.ATTENDANCE_REMOVED,
            user=by,
            obj=meeting,
            member=user.get_username(),
        )


def attendee_check(*, meeting: Meeting, user: User, field: str = "user") -> None:
    """Refuse, naming `field`, a `user` who does not attend `meeting`.

    Only an attendee is recused or declares an interest: anyone else sees none of the
    meeting's RED business, and a recusal recorded for them would say otherwise.
    """
    if not Attendance.objects.filter(meeting=meeting, user=user).exists():
        raise ValidationError(
            {
                field: f"{user} does not attend this meeting ({meeting}): "
                "record them as an attendee first."
            }
        )


@transaction.atomic
def recusal_add(*, item: AgendaItem, user: User, by: User | None, reason: str = "") -> Recusal:
    """Recuse `user` from `item`: they see neither it nor its papers, decisions or minutes.

    Refused, naming the user, if `user` does not attend the item's meeting.
    """
    secretariat_check(by, "records recusals", committee=item.meeting.committee_id)
    attendee_check(meeting=item.meeting, user=user)
    recusal, created = Recusal.objects.get_or_create(
        item=item, user=user, defaults={"reason": reason}
    )
    if created:
        audit_record(
            kind=AuditEvent.Kind.RECUSAL_ADDED,
            user=by,
            obj=item.meeting,
            member=user.get_username(),
            item=item.number,
        )
    return recusal


@transaction.atomic
def recusal_remove(*, item: AgendaItem, user: User, by: User | None) -> None:
    """Lift a recusal."""
    secretariat_check(by, "records recusals", committee=item.meeting.committee_id)
    lifted, _ = Recusal.objects.filter(item=item, user=user).delete()
    if lifted:
        audit_record(
            kind=AuditEvent.Kind.RECUSAL_LIFTED,
            user=by,
            obj=item.meeting,
            member=user.get_username(),
            item=item.number,
        )
