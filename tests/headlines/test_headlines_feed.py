"""The Atom feed of published Headlines: each entry summarised by its own listed items."""

import xml.etree.ElementTree as ET

import pytest

from headlines import services
from tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def two_published(held_meeting, secretariat):
    """SSC 89 (the held meeting) and SSC 90, each published with its own headlines."""
    services.headlines_publish_now(meeting=held_meeting, by=secretariat)
    later = MeetingFactory(number=90, status="held")
    AgendaItemFactory(meeting=later, number=1, title="Anomaly Detection", headline="Noted.")
    services.headlines_publish_now(meeting=later, by=secretariat)


def _summaries(client) -> dict[str, str]:
    """Each entry's title and summary (the summary is HTML: type="html")."""
    feed = ET.fromstring(client.get("/headlines/feed/").content)
    entries = feed.findall(f"{ATOM}entry")
    assert all(entry.find(f"{ATOM}summary").get("type") == "html" for entry in entries)
    return {entry.findtext(f"{ATOM}title"): entry.findtext(f"{ATOM}summary") for entry in entries}


def test_each_feed_entry_is_summarised_by_its_own_listed_items(client, two_published):
    summaries = _summaries(client)
    (ssc89,) = [text for title, text in summaries.items() if "SSC 89_" in title]
    (ssc90,) = [text for title, text in summaries.items() if "SSC 90_" in title]
    assert "1.</span> The SSC discussed Shared Resources. (<strong>AMBER</strong>)" in ssc89
    assert "<strong>SMETS1:</strong> Updates were given." in ssc89
    assert "<strong>Anomaly Detection:</strong> Noted." in ssc90
    assert "Shared Resources" not in ssc90


def test_a_feed_summary_leaves_out_the_preamble_and_the_banner(client, two_published):
    for summary in _summaries(client).values():
        assert "The standing preamble" not in summary
        assert "Panel Information Policy" not in summary


def test_a_feed_summary_names_the_sections_of_its_items(client, two_published):
    summaries = list(_summaries(client).values())
    assert all("<strong>Agenda Items</strong>" in summary for summary in summaries)
    assert sum("<strong>Matters Arising</strong>" in summary for summary in summaries) == 1


def test_headlines_listing_no_item_say_so_in_their_summary(client, secretariat):
    meeting = MeetingFactory(number=91, status="held")
    AgendaItemFactory(meeting=meeting, number=1, level=3, headline_mode="counted")
    services.headlines_publish_now(meeting=meeting, by=secretariat)
    (summary,) = _summaries(client).values()
    assert "No item is listed in these Headlines." in summary


def test_a_script_in_a_headline_is_text_in_the_feed_summary(client, held_meeting, secretariat):
    held_meeting.items.filter(number=3).update(headline="<script>alert('x')</script> Noted.")
    services.headlines_publish_now(meeting=held_meeting, by=secretariat)
    (summary,) = _summaries(client).values()
    assert "<script>" not in summary
    assert "&lt;script&gt;alert(" in summary
