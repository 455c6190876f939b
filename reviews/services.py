"""Reviewing a restriction: keeping a record's level until a new date, or lowering it.

Raising a level is an ordinary edit of the record; lowering it is a decision recorded here
(who, when, from what, to what, why) and in the audit log. A record is never lowered below
the level of a record it belongs to (its item, its party): `Classified.clean` refuses it.
Lowering a parent never leaves a child less restricted than it, since the child is at or
above the parent's old level.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from audit.models import AuditEvent
from audit.services import Origin, audit_record
from classification.levels import Level
from classification.models import Classified, User
from classification.owners import committee_id_of
from classification.visibility import may_act_for_secretariat
from meetings.models import AgendaItem

from .models import LevelChange
from .records import kind_of


def _secretariat_check(by: User | None, doing: str, record: Classified) -> None:
    """Refuse `by` unless the secretariat of `record`'s committee (of any, for a register
    record of no committee), in a verified session, or the portal itself."""
    if not may_act_for_secretariat(by, committee_id_of(record)):
        raise PermissionDenied(
            f"Only the committee's secretariat {doing}, in a session verified by its second factor."
        )


def _saved(record: Classified, *, fields: list[str]) -> None:
    """Validate and save `record`'s restriction; an agenda item's open edit forms go stale."""
    record.full_clean()
    if isinstance(record, AgendaItem):
        # An edit form opened before would otherwise put the old level back unseen.
        record.version += 1
        fields = [*fields, "version"]
    record.save(update_fields=fields)


@transaction.atomic
def level_lower(
    record: Classified,
    *,
    level: int,
    reason: str,
    by: User | None,
    review_on: datetime.date | None = None,
    origin: Origin | None = None,
) -> LevelChange:
    """Lower `record` to `level`, recording who lowered it, when and why (`reason`).

    Refused, with nothing written: a blank reason, a level not below the record's, a level
    below that of a record it belongs to. Lowered below AMBER, it no longer carries a
    restriction reason or review date; still AMBER, it keeps its reason, and `review_on`
    (if given) is its next review date.
    """
    _secretariat_check(by, "lowers a level", record)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": "Say why the level is lowered: the reason is kept with the change."}
        )
    kind = kind_of(record)
    current = kind.lock(record)
    before = current.level
    if level >= before:
        raise ValidationError(
            {
                "level": f"{Level(level).label} is not below the {current._meta.verbose_name}'s "
                f"level {Level(before).label}: raise a level by editing the record."
            }
        )
    current.level = level
    if level < Level.AMBER:
        current.restriction_reason, current.review_on = "", None
    elif review_on is not None:
        current.review_on = review_on
    _saved(current, fields=["level", "restriction_reason", "review_on"])
    change = LevelChange.objects.create(
        record=current,
        record_repr=str(current)[:300],
        committee_id=committee_id_of(current),
        from_level=before,
        to_level=level,
        reason=reason,
        by=by,
    )
    audit_record(
        kind=AuditEvent.Kind.LEVEL_LOWERED,
        user=by,
        origin=origin,
        obj=current,
        level=level,
        from_level=Level(before).label,
        to_level=Level(level).label,
        reason=reason,
    )
    record.level = current.level
    record.restriction_reason, record.review_on = current.restriction_reason, current.review_on
    return change


@transaction.atomic
def restriction_keep(
    record: Classified,
    *,
    restriction_reason: str,
    review_on: datetime.date,
    by: User | None,
    origin: Origin | None = None,
) -> Classified:
    """Keep `record` at its level, saying why now and when it is next reviewed.

    Refused, with nothing written: a record below AMBER (nothing to review), a blank reason,
    a review date missing or in the past.
    """
    _secretariat_check(by, "reviews restrictions", record)
    current = kind_of(record).lock(record)
    if current.level < Level.AMBER:
        raise ValidationError(
            f"The {current._meta.verbose_name} is {Level(current.level).label}: "
            "only AMBER and RED records are reviewed."
        )
    current.restriction_reason = restriction_reason.strip()
    current.review_on = review_on
    _saved(current, fields=["restriction_reason", "review_on"])
    audit_record(
        kind=AuditEvent.Kind.RESTRICTION_REVIEWED,
        user=by,
        origin=origin,
        obj=current,
        level=current.level,
        reason=current.restriction_reason,
        review_on=review_on.isoformat() if review_on else None,
    )
    record.restriction_reason, record.review_on = current.restriction_reason, current.review_on
    return current
