"""The reader's pages and endpoints: who gets them, what they link, what they record."""

import io
import json
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditEvent
from classification.levels import Level
from meetings.services import paper_version_withdraw
from reader.models import NOTE_MAX, PaperNote
from tests.factories import (
    AttendanceFactory,
    PaperNoteFactory,
    RecusalFactory,
    UserFactory,
)

from .conftest import PAGES, paper_of, replace

pytestmark = pytest.mark.django_db


def reader_url(paper, number=None):
    if number is None:
        return reverse("reader:paper", args=[paper.pk])
    return reverse("reader:paper_version", args=[paper.pk, number])


def data_attribute(html, name):
    return re.search(rf'data-{name}="([^"]*)"', html).group(1)


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def events(kind, paper):
    return AuditEvent.objects.filter(kind=kind, object_id=str(paper.pk))


# The reader page


def test_the_meeting_page_and_the_dashboard_open_papers_in_the_reader(client, paper, member):
    AttendanceFactory(meeting=paper.item.meeting, user=member)
    client.force_login(member)
    meeting = paper.item.meeting
    agenda = client.get(reverse("meetings:meeting_detail", args=["SSC", meeting.number]))
    assert f'href="{reader_url(paper)}">read</a>' in agenda.content.decode()
    dashboard = client.get(reverse("members:dashboard")).content.decode()
    assert f'href="{reader_url(paper)}">Shared Resources options</a>' in dashboard


def test_the_reader_draws_what_the_download_view_serves_inline_and_records_nothing_itself(
    client, paper, member
):
    client.force_login(member)
    html = client.get(reader_url(paper)).content.decode()
    pdf_url = data_attribute(html, "pdf-url")
    assert pdf_url == reverse("meetings:paper_version_download", args=[paper.pk, 1]) + "?inline=1"
    assert not events(AuditEvent.Kind.PAPER_OPENED, paper).exists()
    stamped = client.get(pdf_url)
    text = PdfReader(io.BytesIO(stamped.content)).pages[0].extract_text()
    assert "AMBER — Test member" in text
    assert events(AuditEvent.Kind.PAPER_OPENED, paper).count() == 1


def test_the_reader_loads_its_script_and_pdfjs_from_the_portals_static_files(client, paper, member):
    client.force_login(member)
    html = client.get(reader_url(paper)).content.decode()
    assert '<script type="module" src="/static/js/reader.js">' in html
    assert data_attribute(html, "pdfjs-url") == "/static/vendor/pdfjs/pdf.min.mjs"
    assert data_attribute(html, "worker-url") == "/static/vendor/pdfjs/pdf.worker.min.mjs"
    assert f"up to {NOTE_MAX} characters" in html


@pytest.mark.parametrize("who", ["recused", "green", "anonymous", "other_committee"])
def test_the_reader_answers_404_to_whoever_may_not_see_the_paper(client, paper, who):
    from tests.factories import CommitteeFactory

    if who == "recused":
        user = UserFactory(clearance=Level.AMBER)
        RecusalFactory(item=paper.item, user=user)
    elif who == "green":
        user = UserFactory(clearance=Level.GREEN)
    elif who == "other_committee":
        user = UserFactory(member_of=CommitteeFactory(code="TABASC", name="TABASC"))
    else:
        user = None
    if user:
        client.force_login(user)
    assert client.get(reader_url(paper)).status_code == 404
    assert client.get(reader_url(paper, 1)).status_code == 404


def test_an_anonymous_visitor_reads_a_white_paper_without_notes(client):
    paper = paper_of(level=Level.WHITE)
    html = client.get(reader_url(paper)).content.decode()
    assert data_attribute(html, "notes-url") == ""
    assert "My notes" not in html


def test_an_earlier_version_is_read_without_notes_and_names_the_current_one(client, paper, member):
    replace(paper, PAGES)
    client.force_login(member)
    html = client.get(reader_url(paper, 1)).content.decode()
    assert data_attribute(html, "notes-url") == ""
    assert "the current version is" in html
    assert data_attribute(client.get(reader_url(paper)).content.decode(), "version") == "2"


def test_the_reader_links_every_version_still_served(client, paper, member):
    replace(paper, PAGES)
    replace(paper, PAGES)
    paper_version_withdraw(version=paper.versions.get(number=2), by=None, reason="Wrong file.")
    client.force_login(member)
    html = client.get(reader_url(paper)).content.decode()
    assert f'href="{reader_url(paper, 1)}">1</a>' in html
    assert reader_url(paper, 2) not in html


def test_a_withdrawn_version_answers_404_to_a_member_and_410_to_the_secretariat(
    client, paper, member, secretariat
):
    replace(paper, PAGES)
    paper_version_withdraw(version=paper.versions.get(number=1), by=None, reason="Wrong file.")
    client.force_login(member)
    assert client.get(reader_url(paper, 1)).status_code == 404
    client.force_login(secretariat)
    assert client.get(reader_url(paper, 1)).status_code == 410


# The notes endpoint


def test_a_member_keeps_a_note_through_the_endpoint(client, paper, member):
    client.force_login(member)
    url = reverse("reader:paper_notes", args=[paper.pk])
    response = post_json(
        client, url, {"version": 1, "page": 2, "quote": "DCC", "rects": [], "text": "Why?"}
    )
    assert response.status_code == 201
    note = PaperNote.objects.get()
    assert response.json()["note"] == {
        "id": note.pk,
        "url": reverse("reader:note", args=[note.pk]),
        "version": 1,
        "page": 2,
        "quote": "DCC",
        "rects": [],
        "text": "Why?",
        "may_have_moved": False,
        "updated_at": note.updated_at.isoformat(),
    }


def test_the_notes_endpoint_lists_the_readers_own_notes_only(client, paper, member):
    mine = PaperNoteFactory(paper=paper, author=member, text="Mine")
    PaperNoteFactory(paper=paper, author=UserFactory(clearance=Level.AMBER), text="Theirs")
    client.force_login(member)
    notes = client.get(reverse("reader:paper_notes", args=[paper.pk])).json()["notes"]
    assert [note["id"] for note in notes] == [mine.pk]


def test_the_notes_endpoint_needs_the_csrf_token(paper, member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    url = reverse("reader:paper_notes", args=[paper.pk])
    assert post_json(client, url, {"version": 1, "page": 1, "text": "x"}).status_code == 403
    assert not PaperNote.objects.exists()


def test_the_author_edits_and_deletes_a_note(client, paper, member):
    note = PaperNoteFactory(paper=paper, author=member, text="First.")
    client.force_login(member)
    url = reverse("reader:note", args=[note.pk])
    assert post_json(client, url, {"text": "Second."}).json()["note"]["text"] == "Second."
    assert client.delete(url).status_code == 200
    assert not PaperNote.objects.exists()


def test_another_persons_note_answers_404_and_is_left_alone(client, paper, member, secretariat):
    note = PaperNoteFactory(paper=paper, author=member, text="Mine.")
    url = reverse("reader:note", args=[note.pk])
    for someone in (UserFactory(clearance=Level.AMBER), secretariat):
        client.force_login(someone)
        assert client.get(url).status_code == 404
        assert post_json(client, url, {"text": "Theirs."}).status_code == 404
        assert client.delete(url).status_code == 404
    note.refresh_from_db()
    assert note.text == "Mine."


def test_a_recused_author_no_longer_reaches_their_note(client, paper, member):
    note = PaperNoteFactory(paper=paper, author=member)
    RecusalFactory(item=paper.item, user=member)
    client.force_login(member)
    assert client.get(reverse("reader:note", args=[note.pk])).status_code == 404
    assert client.get(reverse("reader:my_notes")).content.decode().count("Page 1") == 0
    assert PaperNote.objects.filter(pk=note.pk).exists()


# My notes, and the paper with my notes


def test_my_notes_lists_the_notes_by_meeting_and_says_which_may_have_moved(client, member):
    first, second = paper_of(title="First paper"), paper_of(title="Second paper")
    PaperNoteFactory(paper=first, author=member, page=2, text="On the first.")
    PaperNoteFactory(paper=second, author=member, text="On the second.", may_have_moved=True)
    PaperNoteFactory(paper=first, author=UserFactory(clearance=Level.AMBER), text="Not mine.")
    client.force_login(member)
    html = client.get(reverse("reader:my_notes")).content.decode()
    assert "On the first." in html and "On the second." in html
    assert "Not mine." not in html
    assert html.count("<section") == 2
    assert f'{reader_url(first)}#page=2"' in html
    assert html.count("may have moved") == 1


def test_the_paper_with_my_notes_is_stamped_annotated_and_audited_as_a_download(
    client, paper, member
):
    PaperNoteFactory(
        paper=paper, author=member, page=2, quote="DCC", rects=[[72, 710, 150, 730]], text="Why?"
    )
    PaperNoteFactory(paper=paper, author=member, page=3, rects=[[300, 400]], text="Pinned.")
    PaperNoteFactory(paper=paper, author=UserFactory(clearance=Level.AMBER), text="Not mine.")
    client.force_login(member)
    response = client.get(reverse("reader:paper_notes_pdf", args=[paper.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert all("AMBER — Test member" in page.extract_text() for page in pages)
    notes = {
        number: [
            (str(a.get_object()["/Subtype"]), str(a.get_object().get("/Contents")))
            for a in page.get("/Annots") or []
        ]
        for number, page in enumerate(pages, start=1)
    }
    assert notes == {1: [], 2: [("/Highlight", "“DCC”\n\nWhy?")], 3: [("/Text", "Pinned.")]}
    assert events(AuditEvent.Kind.PAPER_DOWNLOADED, paper).count() == 1


def test_a_green_paper_with_my_notes_is_not_stamped(client, member):
    paper = paper_of(level=Level.GREEN)
    PaperNoteFactory(paper=paper, author=member, text="Noted.")
    client.force_login(member)
    response = client.get(reverse("reader:paper_notes_pdf", args=[paper.pk]))
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert "Test member" not in page.extract_text()
    assert len(page["/Annots"]) == 1
