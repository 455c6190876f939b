"""Private notes: added, edited and deleted by their author; carried to a paper's new version;
exported with the paper as PDF annotations.

Notes are not audited: the audit log is read by the secretariat, and a note is its author's
alone, down to when and where it was written. Taking the paper with one's notes is audited
as a download (`meetings.services.paper_copy_for_reader`).
"""

import io
import math
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Highlight, Text
from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

from audit.services import Origin
from classification.levels import Level
from classification.models import User
from classification.visibility import can_view
from meetings.models import Paper, PaperVersion
from meetings.services import paper_copy_for_reader

from . import anchoring
from .models import NOTE_MAX, QUOTE_MAX, PaperNote

# The most boxes one highlight may have (a highlight over a few dozen lines).
RECTS_MAX = 200
# Coordinates are PDF points; a page is at most 14,400 points wide (PDF's own limit).
_COORDINATE_MAX = 14_400
_HIGHLIGHT_COLOUR = "ffe066"
_PIN_SIZE = 20


def _read(version: PaperVersion) -> bytes:
    with version.file.open("rb") as stored:
        return stored.read()


def current_version(paper: Paper) -> PaperVersion | None:
    """The paper's current version: the newest still served, on which its notes are kept."""
    return paper.versions.served().order_by("-number").first()


def text_check(text: str) -> str:
    """`text` stripped, or a ValidationError on `text` if it is empty or over NOTE_MAX."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the note: an empty note is not kept."})
    if len(text) > NOTE_MAX:
        raise ValidationError(
            {"text": f"Keep the note within {NOTE_MAX:,} characters (it has {len(text):,})."}
        )
    return text


def _quote_check(quote: str) -> str:
    quote = " ".join(quote.split())
    if len(quote) > QUOTE_MAX:
        raise ValidationError(
            {
                "quote": f"Highlight at most {QUOTE_MAX:,} characters for one note "
                f"(this highlight has {len(quote):,})."
            }
        )
    return quote


def rects_check(rects: Any) -> list[list[float]]:
    """`rects` as a note keeps them: boxes [x1, y1, x2, y2] or one point [x, y], in points.

    A ValidationError on `rects` for anything else: too many boxes, a box of other than 2 or
    4 numbers, a number that is not finite or lies far outside any page.
    """
    message = (
        "The position on the page is not understood: expected up to "
        f"{RECTS_MAX} boxes of four numbers, or one point of two."
    )
    if not isinstance(rects, list | tuple) or len(rects) > RECTS_MAX:
        raise ValidationError({"rects": message})
    kept = []
    for box in rects:
        if not isinstance(box, list | tuple) or len(box) not in (2, 4):
            raise ValidationError({"rects": message})
        if not all(
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and abs(value) <= _COORDINATE_MAX
            for value in box
        ):
            raise ValidationError({"rects": message})
        kept.append([round(float(value), 2) for value in box])
    if any(len(box) == 2 for box in kept) and len(kept) != 1:
        raise ValidationError({"rects": message})
    return kept


def _author_check(by: User, paper: Paper) -> None:
    # The views find the paper through `visible_to` already; a command or a test may not.
    if not by.is_authenticated or not can_view(by, paper):
        raise PermissionDenied("Notes are kept only on papers their author may see.")


@transaction.atomic
def note_add(
    *,
    version: PaperVersion,
    page: int,
    text: str,
    by: User,
    quote: str = "",
    rects: Any = (),
) -> PaperNote:
    """Keep `by`'s note on `page` of `version`, the paper's current version.

    Refused, naming the field, for an empty or over-long note or quote, a page the version
    does not have, or a version that is withdrawn or no longer current (the reader then
    offers the current one). Locks the paper, then its newest version, so that a note is
    never added to a version being withdrawn or replaced at the same moment.
    """
    paper = Paper.objects.select_for_update(of=("self",)).get(pk=version.paper_id)
    _author_check(by, paper)
    text = text_check(text)
    quote = _quote_check(quote)
    rects = rects_check(rects)
    paper.versions.select_for_update().order_by("-number").first()
    version = PaperVersion.objects.get(pk=version.pk)
    if version.withdrawn_at is not None:
        raise ValidationError(
            {
                "version": f"Version {version.number} of “{paper}” was withdrawn, so it takes "
                "no notes: reload the reader to read the version now served."
            }
        )
    current = current_version(paper)
    if current is None or current.pk != version.pk:
        number = current.number if current else "none"
        raise ValidationError(
            {
                "version": f"Notes are kept on the current version of “{paper}” (version "
                f"{number}), not on version {version.number}: open the current version."
            }
        )
    pages = anchoring.page_count(_read(version))
    if not 1 <= page <= pages:
        raise ValidationError(
            {"page": f"Page {page} is not in the paper: it has pages 1 to {pages}."}
        )
    return PaperNote.objects.create(
        paper=paper, version=version, author=by, page=page, quote=quote, rects=rects, text=text
    )


def _own_note_locked(note: PaperNote, by: User) -> PaperNote:
    locked = PaperNote.objects.select_for_update().get(pk=note.pk)
    if locked.author_id != by.pk or not can_view(by, locked):
        raise PermissionDenied("A note is changed only by its author, while they see the paper.")
    return locked


@transaction.atomic
def note_edit(*, note: PaperNote, text: str, by: User) -> PaperNote:
    """Change the text of `by`'s own note; its place on the page stays."""
    note = _own_note_locked(note, by)
    note.text = text_check(text)
    note.save(update_fields=["text", "updated_at"])
    return note


@transaction.atomic
def note_delete(*, note: PaperNote, by: User) -> None:
    """Delete `by`'s own note."""
    _own_note_locked(note, by).delete()


@transaction.atomic
def notes_carry(*, paper: Paper, version: PaperVersion) -> int:
    """Move the paper's notes kept on other versions to `version`; how many were moved.

    Runs in the transaction of the upload or the withdrawal that made `version` current. Each
    note finds its page again by its quoted text (`anchoring.anchor`) in `version`'s text,
    read once; one whose text is found nowhere, or a pin whose page is gone, is marked "may
    have moved". Boxes drawn on the old file no longer fit and are dropped; a pin keeps its
    spot if its page is still there.
    """
    notes = list(PaperNote.objects.select_for_update().filter(paper=paper).exclude(version=version))
    if not notes:
        return 0
    pages = anchoring.page_texts(_read(version))
    for note in notes:
        place = anchoring.anchor(quote=note.quote, page=note.page, pages=pages)
        keeps_pin = note.is_pin and place.found
        note.version = version
        note.page = place.page
        note.may_have_moved = not place.found
        note.rects = note.rects if keeps_pin else []
    PaperNote.objects.bulk_update(notes, ["version", "page", "may_have_moved", "rects"])
    return len(notes)


def paper_with_notes(*, paper: Paper, version: PaperVersion, reader: User, origin: Origin) -> bytes:
    """The paper as a download gives it (stamped and audited at AMBER and RED), with `reader`'s
    notes on `version` as PDF annotations: a highlight over the quoted text, a sticky note
    for a pin or for a note whose boxes did not follow it to this version."""
    if paper.level >= Level.AMBER:
        content = paper_copy_for_reader(
            paper=paper, version=version, reader=reader, origin=origin, inline=False
        )
    else:
        content = _read(version)
    notes = PaperNote.objects.visible_to(reader).filter(paper=paper, version=version)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    author = reader.get_full_name() or reader.get_username()
    for note in notes:
        if note.page > len(writer.pages):
            continue
        box = writer.pages[note.page - 1].cropbox
        for annotation in _annotations(note, left=float(box.left), top=float(box.top)):
            annotation[NameObject("/T")] = TextStringObject(author)
            writer.add_annotation(page_number=note.page - 1, annotation=annotation)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _contents(note: PaperNote) -> str:
    words = [note.text]
    if note.quote:
        words.insert(0, f"“{note.quote}”")
    if note.may_have_moved:
        words.insert(0, "(This note may have moved: its text was not found in this version.)")
    return "\n\n".join(words)


def _annotations(note: PaperNote, *, left: float, top: float) -> list[Any]:
    contents = _contents(note)
    boxes = [box for box in note.rects if len(box) == 4]
    if note.quote and boxes:
        quads = []
        for x1, y1, x2, y2 in boxes:
            (west, east), (south, north) = sorted((x1, x2)), sorted((y1, y2))
            # Each box's corners in the order PDF asks: top left, top right, bottom left,
            # bottom right.
            quads += [west, north, east, north, west, south, east, south]
        xs, ys = quads[0::2], quads[1::2]
        highlight = Highlight(
            rect=(min(xs), min(ys), max(xs), max(ys)),
            quad_points=ArrayObject(FloatObject(value) for value in quads),
            highlight_color=_HIGHLIGHT_COLOUR,
            printing=True,
        )
        highlight[NameObject("/Contents")] = TextStringObject(contents)
        return [highlight]
    if note.rects and len(note.rects[0]) == 2:
        x, y = note.rects[0]
    else:
        x, y = left + 8, top - 8
    pin = Text(rect=(x, y - _PIN_SIZE, x + _PIN_SIZE, y), text=contents)
    return [pin]
