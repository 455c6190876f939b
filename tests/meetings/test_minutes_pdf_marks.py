"""The page marks of the confidential minutes PDF: the portal's wordmark, the committee's name
and the TLP marking of the reader's copy (the highest level it holds) at the head of every
page, and "Page N of M" at its foot."""

import datetime
import io

import pytest
from pypdf import PdfReader

from classification.levels import Level
from meetings.rendering import MinutesRecord, minutes_pdf
from tests.factories import AgendaItemFactory, AttendanceFactory, UserFactory

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2026, 11, 24, 10, 42, tzinfo=datetime.UTC)


def _words(page) -> str:
    # pypdf ends a line at each image it meets, the wordmark's among them.
    return " ".join(page.extract_text().split())


def _pages(response) -> list[str]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [_words(page) for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def long_minutes(held_meeting):
    """Approved minutes long enough for several pages, in the AMBER item 1."""
    minutes = "\n\n".join(f"Paragraph {n} of a long discussion." for n in range(150))
    held_meeting.items.filter(number=1).update(minutes=minutes)
    held_meeting.minutes_status = "approved"
    held_meeting.save()
    return held_meeting


def test_every_page_is_headed_with_the_committee_and_the_copys_marking(client, long_minutes):
    client.force_login(UserFactory(username="morgan", clearance=Level.AMBER))
    pages = _pages(client.get("/meetings/SSC/89/minutes.pdf"))
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert "Security Sub-Committee TLP:AMBER" in page
        assert f"Page {number} of {len(pages)}" in page


def test_the_copy_of_an_attendee_holding_red_business_is_marked_red(client, long_minutes):
    reader = UserFactory(username="morgan", clearance=Level.AMBER)
    AttendanceFactory(meeting=long_minutes, user=reader)
    client.force_login(reader)
    pages = _pages(client.get("/meetings/SSC/89/minutes.pdf"))
    assert all("TLP:RED" in page for page in pages)
    assert not any("TLP:AMBER" in page for page in pages)


def test_a_copy_holding_only_white_business_is_marked_white_and_clear(held_meeting):
    white = AgendaItemFactory(meeting=held_meeting, number=7, level=Level.WHITE, minutes="Noted.")
    record = MinutesRecord(meeting=held_meeting, items=[white])
    (page,) = PdfReader(io.BytesIO(minutes_pdf(record=record, reader="Riley", at=AT))).pages
    assert "Security Sub-Committee TLP:WHITE (CLEAR)" in _words(page)
