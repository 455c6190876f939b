"""Where a note's quoted text is in a version of a paper: the pages' text, compared loosely.

The reader quotes what PDF.js shows; here pypdf reads the stored file. The two break lines,
space words and join hyphenated words differently, so both sides are compared as letters and
digits only, case-folded (NFKC: a ligature "ﬁ" is "fi").
"""

import io
import re
import unicodedata
from dataclasses import dataclass

from pypdf import PdfReader

_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def comparable(text: str) -> str:
    """`text` as anchoring compares it: NFKC, case-folded, letters and digits only."""
    return _NOT_LETTER_OR_DIGIT.sub("", unicodedata.normalize("NFKC", text).casefold())


def page_texts(content: bytes) -> list[str]:
    """The comparable text of each page of the PDF `content`, first page first."""
    reader = PdfReader(io.BytesIO(content))
    return [comparable(page.extract_text() or "") for page in reader.pages]


def page_count(content: bytes) -> int:
    """How many pages the PDF `content` has."""
    return len(PdfReader(io.BytesIO(content)).pages)


@dataclass(frozen=True)
class Anchor:
    """Where a note belongs in a version: its page, and whether its text was found there."""

    page: int
    found: bool


def anchor(*, quote: str, page: int, pages: list[str]) -> Anchor:
    """Where a note on `page` quoting `quote` belongs in a version whose pages read `pages`.

    Its own page if the quote is there; else the nearest page holding it (the earlier of two
    as near); else its own page, or the last if the version is shorter, not found. A pin
    (no quote, or one of no letters or digits) keeps its page if the version has it.
    """
    count = len(pages)
    kept = max(1, min(page, count))
    key = comparable(quote)
    if not key:
        return Anchor(kept, 1 <= page <= count)
    if 1 <= page <= count and key in pages[page - 1]:
        return Anchor(page, True)
    holding = [number for number, text in enumerate(pages, start=1) if key in text]
    if holding:
        return Anchor(min(holding, key=lambda number: (abs(number - page), number)), True)
    return Anchor(kept, False)
