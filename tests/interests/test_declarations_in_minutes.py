"""Declarations of interest are kept in the minutes (the minute-taking page, the chair's page,
the meeting page and each reader's minutes PDF), and never in the Headlines."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from headlines import services as headlines_services
from headlines.selectors import headlines_record
from tests.factories import AttendanceFactory, DeclarationFactory, UserFactory

pytestmark = pytest.mark.django_db

CANARY = "Kestrelwood"  # a word that appears nowhere else in the portal


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def declared(held_meeting):
    """Morgan declared, at the AMBER item 1 and the RED counted item 2, that they work for
    Kestrelwood; the chair noted the first and recused them from the second."""
    morgan = UserFactory(username="morgan", first_name="Morgan", last_name="Member")
    AttendanceFactory(meeting=held_meeting, user=morgan)
    for number, decision in ((1, "noted"), (2, "recused")):
        DeclarationFactory(
            item=held_meeting.items.get(number=number),
            declarant=morgan,
            text=f"Works for {CANARY} Energy (item {number}).",
            chair_decision=decision,
        )
    return held_meeting


def test_the_minutes_pdf_holds_the_declarations_the_reader_may_read(client, chair, declared):
    declared.minutes_status = "approved"
    declared.save()
    client.force_login(chair)
    response = client.get(f"/meetings/SSC/{declared.number}/minutes.pdf")
    text = " ".join(_pdf_text(response.content).split())
    assert f"Morgan Member declared: Works for {CANARY} Energy (item 1)." in text
    assert f"Works for {CANARY} Energy (item 2)." in text
    assert "the chair recused them from the item" in text


def test_the_minutes_pdf_of_a_member_holds_no_declaration_at_a_red_item(client, member, declared):
    declared.minutes_status = "approved"
    declared.save()
    client.force_login(member)
    text = _pdf_text(client.get(f"/meetings/SSC/{declared.number}/minutes.pdf").content)
    assert f"{CANARY} Energy (item 1)" in " ".join(text.split())
    assert "(item 2)" not in text


def test_the_chairs_approval_page_shows_the_declarations(client, chair, declared):
    declared.minutes_status = "circulated"
    declared.save()
    client.force_login(chair)
    html = client.get(f"/meetings/SSC/{declared.number}/minutes/approve/").content.decode()
    assert f"Morgan Member declared: Works for {CANARY} Energy (item 1)." in html
    assert "the chair recused them from the item" in html


def test_the_minute_taking_page_lists_every_declaration(client, secretariat, declared):
    client.force_login(secretariat)
    html = client.get(f"/meetings/SSC/{declared.number}/minutes/").content.decode()
    assert f"Works for {CANARY} Energy (item 1)." in html
    assert f"Works for {CANARY} Energy (item 2)." in html


def test_the_meeting_page_shows_a_declaration_with_the_items_record(client, chair, declared):
    declared.minutes_status = "approved"
    declared.save()
    client.force_login(chair)
    html = client.get(f"/meetings/SSC/{declared.number}/").content.decode()
    assert f"Morgan Member declared: Works for {CANARY} Energy (item 1)." in html


def test_the_headlines_never_read_a_declaration(declared):
    with CaptureQueriesContext(connection) as queries:
        headlines_record(declared)
    assert not any("interests_declaration" in query["sql"] for query in queries)


def test_the_published_headlines_text_and_pdf_never_hold_a_declaration(declared, secretariat):
    version = headlines_services.headlines_publish_now(meeting=declared, by=secretariat)
    with version.pdf.open("rb") as pdf:
        pdf_text = _pdf_text(pdf.read())
    assert "The SSC discussed Shared Resources." in version.text  # the Headlines are there
    assert CANARY not in version.text
    assert CANARY not in pdf_text
    assert CANARY not in "".join(pdf_text.split())  # nor broken across lines


def test_a_declaration_recorded_shows_at_once_on_the_cached_meeting_page(
    client, chair, declared, secretariat
):
    declared.minutes_status = "circulated"
    declared.save()
    client.force_login(chair)
    page = f"/meetings/SSC/{declared.number}/"
    assert "Declared again" not in client.get(page).content.decode()  # now cached
    DeclarationFactory(
        item=declared.items.get(number=1),
        declarant=UserFactory(username="morgan"),
        text="Declared again.",
    )
    assert "Declared again." in client.get(page).content.decode()


def test_a_declarant_renamed_is_named_anew_on_the_cached_meeting_page(client, chair, declared):
    declared.minutes_status = "approved"
    declared.save()
    client.force_login(chair)
    page = f"/meetings/SSC/{declared.number}/"
    assert "Morgan Member declared" in client.get(page).content.decode()  # now cached
    morgan = declared.attendees.get(username="morgan")
    morgan.last_name = "Married-Name"
    morgan.save(update_fields=["last_name"])
    assert "Morgan Married-Name declared" in client.get(page).content.decode()
