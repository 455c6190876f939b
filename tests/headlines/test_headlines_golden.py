"""Golden test: the seed meeting's Headlines read as the real, public seed document."""

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


def normalise(text: str) -> str:
    """The words of a document, without Markdown, list markers or layout."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](#) -> text
    text = text.replace("**", "")
    text = re.sub(r"(?m)^\s*[-•◦▪]\s+", "", text)  # bullet markers at line starts
    text = re.sub(r"[•◦▪]", " ", text)
    text = re.sub(r"\d+ / \d+", " ", text)  # page numbers in the PDF footer
    return " ".join(text.split())


@pytest.fixture
def seed_meeting(db):
    for username in ("chair", "member", "secretariat"):
        UserFactory(username=username, is_secretariat=username == "secretariat")
    meeting = load_meeting_file(SEED_MEETING)
    meeting.committee.headlines_preamble = PREAMBLE
    meeting.committee.save()
    return meeting


def test_the_seed_meetings_headlines_pdf_reads_as_the_published_document(seed_meeting):
    version = services.headlines_publish_now(
        meeting=seed_meeting, by=UserFactory(username="secretariat")
    )
    with version.pdf.open("rb") as pdf:
        pages = PdfReader(io.BytesIO(pdf.read())).pages
    text = "\n".join(page.extract_text() for page in pages)
    assert normalise(text) == normalise(GOLDEN.read_text())
