"""The confidential minutes as one reader may read them: the record, and its stamped PDF.

The chair's approval page and each reader's PDF show the same record, read through the
classification filters: items whose minutes the reader may read, with the declarations of
interest, decisions and actions they may see, and the items they are recused from as a
number only.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.template.loader import render_to_string

from classification.levels import Level, tlp_marking
from interests.models import Declaration
from sscportal.pdf import page_marks, render_pdf

from .models import Action, AgendaItem, Decision, Meeting
from .watermark import stamp_pdf

# What each level asks of the reader (FIRST TLP 2.0, in the committee's words for WHITE).
LEVEL_MEANINGS = {
    Level.WHITE: "Information can be shared with the public.",
    Level.GREEN: "Limited disclosure: recipients may share it within their community.",
    Level.AMBER: "Limited disclosure: recipients may share it only on a need-to-know basis "
    "within their organisation.",
    Level.RED: "For the eyes and ears of the named recipients only: no further disclosure.",
}


@dataclass(frozen=True)
class MinutesEntry:
    """One agenda item in the minutes: its content, or, for a recused reader, its number."""

    number: int
    section: str
    item: AgendaItem | None = None

    @property
    def recused(self) -> bool:
        return self.item is None


@dataclass
class MinutesRecord:
    meeting: Meeting
    items: list[AgendaItem]
    recused: list[AgendaItem] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        """Whether the reader may read the minutes of any item."""
        return bool(self.items)

    @property
    def entries(self) -> list[MinutesEntry]:
        entries = [MinutesEntry(i.number, i.get_section_display(), i) for i in self.items]
        entries += [MinutesEntry(i.number, i.get_section_display()) for i in self.recused]
        return sorted(entries, key=lambda entry: entry.number)

    @property
    def level(self) -> Level:
        """The highest level of anything the record shows."""
        levels = [Level.WHITE]
        for item in self.items:
            levels.append(item.level)
            levels += [decision.level for decision in item.decisions.all()]
            levels += [action.level for action in item.actions.all()]
            levels += [declaration.level for declaration in item.declarations.all()]
        return Level(max(levels))


def minutes_record(*, meeting: Meeting, user) -> MinutesRecord:
    """The minutes, declarations of interest, decisions and actions of `meeting` that `user`
    may read."""
    items = list(
        AgendaItem.objects.visible_to(user)
        .with_minutes_visibility(user)
        .filter(meeting=meeting, minutes_visible=True)
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.visible_to(user).select_related("kind", "party"),
            ),
            Prefetch(
                "actions", queryset=Action.objects.visible_to(user).select_related("owner_user")
            ),
            Prefetch(
                "declarations",
                queryset=Declaration.objects.visible_to(user).select_related("declarant"),
            ),
        )
        .order_by("number")
    )
    recused = []
    if items:
        recused = list(
            AgendaItem.objects.recused_for(user)
            .filter(meeting=meeting)
            .only("pk", "number", "section")
        )
    return MinutesRecord(meeting=meeting, items=items, recused=recused)


def reader_name(user) -> str:
    """How a reader is named on what they download."""
    if not user.is_authenticated:
        return "Public reader"
    return user.get_full_name() or user.username


def minutes_pdf(*, record: MinutesRecord, reader: str, at: datetime.datetime) -> bytes:
    """The record as a PDF, every page stamped with its level, its reader and `at`, and
    headed with its committee and its TLP marking: the highest level of what it holds."""
    level = record.level
    html = render_to_string(
        "meetings/minutes_pdf.html",
        {
            "record": record,
            "meeting": record.meeting,
            "level": level,
            "level_meaning": LEVEL_MEANINGS[level],
            "reader": reader,
            "at": at,
            "page_marks": page_marks(
                committee=record.meeting.committee.name,
                marking=tlp_marking(level),
                level_name=level.name.lower(),
            ),
        },
    )
    pdf = render_pdf(html, dated=at)
    return stamp_pdf(pdf, level_label=level.label, reader=reader, at=at)
