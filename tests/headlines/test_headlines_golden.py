"""Golden test: the seed meeting's Headlines read as the real, public seed document.

Each page of the PDF is read in two parts, by where its text stands. The body, between the
page's top and bottom margins (static/css/pdf.css), must read word for word as the seed
document. The margins hold the page marks every portal PDF shares, and must hold exactly
them: the committee's name and TLP:WHITE (CLEAR) at the head, "Page N of M" at the foot.
"""

import io
import re

import pytest
from pypdf import PdfReader

from demo.management.commands.seed_demo import PREAMBLE
from headlines import services
from meetings.demo import SEED_MEETING
from meetings.exchange import load_meeting_file
from tests import ROOT
from tests.factories import UserFactory

GOLDEN = ROOT / "tests" / "data" / "ssc-89_1311-headlines.txt"
CM = 72 / 2.54
# static/css/pdf.css: @page { margin: 2.4cm 2cm 2.2cm }
TOP_MARGIN, BOTTOM_MARGIN = 2.4 * CM, 2.2 * CM


def normalise(text: str) -> str:
    """The words of a document, without Markdown, list markers or layout."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](#) -> text
    text = text.replace("**", "")
    text = re.sub(r"(?m)^\s*[-•◦▪]\s+", "", text)  # bullet markers at line starts
    text = re.sub(r"[•◦▪]", " ", text)
    return " ".join(text.split())


def body_and_margins(page) -> tuple[str, str]:
    """The text of `page` inside its margins, and the text in them."""
    top = float(page.mediabox.top) - TOP_MARGIN
    body, margins = [], []

    def visit(text, cm, tm, font, size):
        baseline = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        (body if BOTTOM_MARGIN < baseline < top else margins).append(text)

    page.extract_text(visitor_text=visit)
    return "".join(body), " ".join("".join(margins).split())


@pytest.fixture
def seed_meeting(db):
    for username in ("chair", "member", "secretariat"):
        UserFactory(username=username, is_secretariat=username == "secretariat")
    meeting = load_meeting_file(SEED_MEETING)
    meeting.committee.headlines_preamble = PREAMBLE
    meeting.committee.save()
    return meeting


@pytest.fixture
def seed_pages(seed_meeting):
    version = services.headlines_publish_now(
        meeting=seed_meeting, by=UserFactory(username="secretariat")
    )
    with version.pdf.open("rb") as pdf:
        return [body_and_margins(page) for page in PdfReader(io.BytesIO(pdf.read())).pages]


def test_the_seed_meetings_headlines_pdf_reads_as_the_published_document(seed_pages):
    text = "\n".join(body for body, _ in seed_pages)
    assert normalise(text) == normalise(GOLDEN.read_text())


def test_every_page_of_the_seed_headlines_carries_only_the_page_marks(seed_pages):
    count = len(seed_pages)
    assert count > 1
    assert [margins for _, margins in seed_pages] == [
        f"Security Sub-Committee TLP:WHITE (CLEAR) Page {number} of {count}"
        for number in range(1, count + 1)
    ]
