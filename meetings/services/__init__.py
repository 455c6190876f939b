"""Domain writes on meetings, called by views, commands and tasks alike.

One module per part of the cycle: `attendance`, `agenda` (the builder, status and
publication), `papers` and `minutes`; `guards` holds the checks and row locks they share, and
`notices` who is told of each handoff. Callers import from here.
"""

from .agenda import (
    agenda_copy,
    agenda_item_add,
    agenda_item_delete,
    agenda_item_headline_update,
    agenda_item_move,
    agenda_item_update,
    agenda_publish,
    agenda_reorder,
    meeting_create,
    meeting_status_change,
)
from .attendance import (
    attendance_record,
    attendance_remove,
    attendee_check,
    recusal_add,
    recusal_remove,
)
from .guards import chair_check
from .minutes import (
    action_raise,
    action_reference_next,
    decision_record,
    item_minutes_save,
    minutes_approve,
    minutes_circulate,
    minutes_decision_refusal,
    minutes_return,
)
from .papers import (
    paper_add,
    paper_copy_for_reader,
    paper_version_add,
    paper_version_withdraw,
    paper_withdraw,
)

__all__ = [
    "action_raise",
    "action_reference_next",
    "agenda_copy",
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_headline_update",
    "agenda_item_move",
    "agenda_item_update",
    "agenda_publish",
    "agenda_reorder",
    "attendance_record",
    "attendance_remove",
    "attendee_check",
    "chair_check",
    "decision_record",
    "item_minutes_save",
    "meeting_create",
    "meeting_status_change",
    "minutes_approve",
    "minutes_circulate",
    "minutes_decision_refusal",
    "minutes_return",
    "paper_add",
    "paper_copy_for_reader",
    "paper_version_add",
    "paper_version_withdraw",
    "paper_withdraw",
    "recusal_add",
    "recusal_remove",
]
