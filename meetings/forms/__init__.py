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
from .minutes import ActionForm, DecisionForm, MinutesForm

__all__ = [
    "ActionForm",
    "AgendaItemForm",
    "AttendanceForm",
    "CopyAgendaForm",
    "DecisionForm",
    "MeetingForm",
    "MinutesForm",
    "PaperForm",
    "PaperReplaceForm",
    "PaperVersionWithdrawForm",
    "RecusalForm",
    "ReorderForm",
]
