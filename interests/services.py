"""Recording declarations of interest: called by views, commands and tests alike.

Only the meeting's committee's secretariat records them, in a verified session (or the
portal itself, `by=None`). A declaration the chair decides by recusing the declarant recuses
them from the item in the same transaction, through the attendance service, so that the
record and who may see the item never disagree. Every declaration is audited.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import Origin, audit_record
from classification.levels import MinutesStatus
from classification.models import User
from classification.restrictions import restriction_inherit
from meetings.models import AgendaItem, Meeting
from meetings.services.attendance import recusal_add
from meetings.services.guards import item_locked, meeting_locked, secretariat_check

from .models import Declaration

# The reason a recusal made by a declaration gives (shown to the secretariat).
RECUSED_ON_DECLARATION = "Declared an interest; the chair recused them."


@transaction.atomic
def declaration_record(
    *,
    meeting: Meeting,
    item: AgendaItem,
    declarant: User,
    text: str,
    chair_decision: str,
    by: User | None,
    level: int | None = None,
    restriction_reason: str = "",
    review_on: datetime.date | None = None,
    origin: Origin | None = None,
) -> Declaration:
    """Record that `declarant` declared `text` at `item` of `meeting`, and the chair's decision.

    The declaration is at `level`, by default its item's; restricted, it takes the item's
    reason and review date where none is given. Recorded as recused, the declarant is
    recused from the item too. Refused, with a message naming the field and nothing
    written: blank or over-long text, an item of another meeting, a declarant who does not
    attend, a level below the item's, and anything once the minutes are approved.
    """
    secretariat_check(by, "records declarations of interest", committee=meeting.committee_id)
    if item.meeting_id != meeting.pk:
        raise ValidationError(
            {"item": f"Item “{item}” is not on the agenda of {meeting}: choose one of its items."}
        )
    # Locks in the one order: the meeting, then the item (meetings/services/guards.py).
    meeting = meeting_locked(meeting)
    if meeting.minutes_status == MinutesStatus.APPROVED:
        raise ValidationError(
            f"The minutes of {meeting} are approved: no declaration can be added to them."
        )
    item = item_locked(item.pk)
    declaration = Declaration(
        item=item,
        declarant=declarant,
        text=text.strip(),
        chair_decision=chair_decision,
        level=item.level if level is None else level,
        restriction_reason=restriction_reason,
        review_on=review_on,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    restriction_inherit(declaration, item)
    declaration.full_clean()
    declaration.save()
    if chair_decision == Declaration.ChairDecision.RECUSED:
        recusal_add(item=item, user=declarant, by=by, reason=RECUSED_ON_DECLARATION)
    audit_record(
        kind=AuditEvent.Kind.INTEREST_DECLARED,
        user=by,
        origin=origin,
        obj=declaration,
        level=declaration.level,
        meeting=str(meeting),
        item=item.number,
        declarant=declarant.get_username(),
        chair_decision=chair_decision,
    )
    return declaration
