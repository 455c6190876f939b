"""Meetings' forms: `agenda` (the builder, attendees, recusals, papers) and `minutes`."""

from .agenda import (
    AgendaItemForm,
    AttendanceForm,
    CopyAgendaForm,
    MeetingForm,
    PaperForm,
    PaperReplaceForm,
    PaperVersionWithdrawForm,
    RecusalForm,
    ReorderForm,
)
from .minutes import ActionForm, DecisionForm, MinutesForm, MinutesReturnForm

__all__ = [
    "ActionForm",
    "AgendaItemForm",
    "AttendanceForm",
    "CopyAgendaForm",
    "DecisionForm",
    "MeetingForm",
    "MinutesForm",
    "MinutesReturnForm",
    "PaperForm",
    "PaperReplaceForm",
    "PaperVersionWithdrawForm",
    "RecusalForm",
    "ReorderForm",
]
