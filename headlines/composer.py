"""The Headlines composer: a pure function from a meeting's publishable record to a document.

It never sees minutes, notes, party names or papers: `HeadlinesRecord` has no field for
them (see `headlines.selectors.headlines_record`, which fills it). HTML and PDF are
renderings of the `HeadlinesDocument` it returns (see `headlines.rendering`).
"""

import datetime
from dataclasses import asdict, dataclass

NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

BANNER = (
    "This document is classified as **White** in accordance with the Panel Information Policy. "
    "Information can be shared with the public and any members may publish the information, "
    "subject to copyright."
)


@dataclass(frozen=True)
class SummaryPhrases:
    """How the RED summary speaks of one decision kind; "{count}" becomes the count."""

    singular: str
    plural: str


@dataclass(frozen=True)
class RecordItem:
    """One agenda item as the composer sees it: publishable fields only."""

    number: int
    section: str  # "matters_arising" or "agenda"
    title: str
    headline: str
    level: int
    headline_mode: str  # "full", "counted" or "omitted"


@dataclass(frozen=True)
class HeadlinesRecord:
    committee_code: str
    committee_name: str
    preamble: str
    website_url: str
    reference: str
    next_meeting: datetime.date | None
    items: list[RecordItem]
    # Decisions of counted items, by kind, in the kinds' configured order.
    counted_decisions: list[tuple[SummaryPhrases, int]]


@dataclass(frozen=True)
class HeadlineEntry:
    number: int
    title: str  # shown only in the Agenda Items section
    headline: str  # Markdown
    level_tag: str  # "" for WHITE, else "AMBER" etc.


@dataclass(frozen=True)
class HeadlinesDocument:
    """The Headlines of one meeting, ready to render; plain data, stored as JSON."""

    banner: str
    title: str
    committee_name: str
    preamble: str
    red_summary_intro: str
    red_summary: list[str]  # empty when the meeting has no counted RED business
    discussed_intro: str
    matters_arising: list[HeadlineEntry]
    agenda_items: list[HeadlineEntry]
    website_url: str
    next_meeting: str  # "Wednesday 27 November 2019", or ""

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "HeadlinesDocument":
        sections = {
            name: [HeadlineEntry(**entry) for entry in data[name]]
            for name in ("matters_arising", "agenda_items")
        }
        return cls(**{**data, **sections})


LEVEL_NAMES = {0: "", 1: "GREEN", 2: "AMBER", 3: "RED"}


def count_in_words(count: int) -> str:
    """One to nine in words, then digits: the committee's house style."""
    return NUMBER_WORDS[count - 1] if 1 <= count <= 9 else str(count)


def summary_bullets(counted: list[tuple[SummaryPhrases, int]]) -> list[str]:
    """The RED summary bullets: capitalised, ending ";", the last but one "; and", the last "."."""
    phrases = [
        (phrases.singular if count == 1 else phrases.plural).format(count=count_in_words(count))
        for phrases, count in counted
        if count > 0
    ]
    bullets = []
    for index, phrase in enumerate(phrases):
        phrase = phrase[:1].upper() + phrase[1:]
        remaining = len(phrases) - index - 1
        ending = "." if remaining == 0 else "; and" if remaining == 1 else ";"
        bullets.append(phrase + ending)
    return bullets


def format_meeting_date(date: datetime.date | None) -> str:
    return f"{date:%A} {date.day} {date:%B %Y}" if date else ""


def compose_headlines(record: HeadlinesRecord) -> HeadlinesDocument:
    """Compose the Headlines of a meeting from its publishable record.

    The rules are those of docs/DESIGN.md, "The Headlines".
    """
    red_summary = summary_bullets(record.counted_decisions)
    entries = {"matters_arising": [], "agenda": []}
    for item in sorted(record.items, key=lambda item: item.number):
        if item.headline_mode != "full":
            continue
        entries[item.section].append(
            HeadlineEntry(
                number=item.number,
                # Printed under Agenda Items only: a title the document does not show is not
                # stored in it either, since the published document is public.
                title=item.title if item.section == "agenda" else "",
                headline=item.headline.strip(),
                level_tag=LEVEL_NAMES[item.level],
            )
        )
    committee = f"{record.committee_name} ({record.committee_code})"
    return HeadlinesDocument(
        banner=BANNER,
        title=f"Headlines of the {committee} {record.reference}",
        committee_name=record.committee_name,
        preamble=record.preamble,
        red_summary_intro=(
            f"The {record.committee_code} reviewed the following which are classified **RED** "
            "and therefore recorded in the Confidential Meeting Minutes:"
        ),
        red_summary=red_summary,
        discussed_intro=(
            f"The {record.committee_code} {'also ' if red_summary else ''}"
            "discussed the following items:"
        ),
        matters_arising=entries["matters_arising"],
        agenda_items=entries["agenda"],
        website_url=record.website_url,
        next_meeting=format_meeting_date(record.next_meeting),
    )
