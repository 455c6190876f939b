"""Bad input: private notes sent by the reader (JSON): a clear message naming the field, and
nothing stored, for an empty or over-long note, a page outside the paper, a withdrawn
version, or a paper one may not see (404)."""

import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from classification.levels import Level
from meetings.demo import text_pdf
from meetings.models import PaperVersion
from meetings.services import paper_version_add, paper_version_withdraw
from reader.models import NOTE_MAX, PaperNote
from tests.factories import AgendaItemFactory, PaperFactory, RecusalFactory, UserFactory
from tests.system.bad_input.helpers import budget, rolled_back, texts

pytestmark = pytest.mark.django_db

PAGES = ["The first page", "The second page", "The third page"]


@pytest.fixture
def paper(db):
    paper = PaperFactory(item=AgendaItemFactory(level=Level.AMBER), with_file=False)
    content = text_pdf(PAGES)
    version = PaperVersion(paper=paper, number=1, size=len(content))
    version.file.save("upload.pdf", ContentFile(content), save=True)
    return paper


def send(client, paper, **fields):
    note = {"version": 1, "page": 2, "quote": "", "rects": [], "text": "A note.", **fields}
    url = reverse("reader:paper_notes", args=[paper.pk])
    return client.post(url, json.dumps(note), content_type="application/json")


def refusal(response, status=400) -> dict:
    assert response.status_code == status, response.content
    assert not PaperNote.objects.exists()
    return response.json()["errors"]


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def test_an_empty_note_is_refused_naming_the_note(member_client, paper):
    errors = refusal(send(member_client, paper, text="   "))
    assert errors == {"text": ["Write the note: an empty note is not kept."]}


def test_an_over_long_note_is_refused_saying_the_limit(member_client, paper):
    errors = refusal(send(member_client, paper, text="x" * (NOTE_MAX + 1)))
    assert errors == {"text": [f"Keep the note within {NOTE_MAX:,} characters (it has 2001)."]}


@pytest.mark.parametrize("page", [0, 4, 99])
def test_a_page_outside_the_paper_is_refused_naming_its_pages(member_client, paper, page):
    errors = refusal(send(member_client, paper, page=page))
    assert "page" in errors
    assert errors["page"][0] in (
        "Pages are numbered from 1.",
        f"Page {page} is not in the paper: it has pages 1 to 3.",
    )


def test_a_page_that_is_not_a_number_is_refused(member_client, paper):
    assert refusal(send(member_client, paper, page="two")) == {
        "page": ["The page must be a whole number."]
    }


def test_a_body_that_is_not_a_json_object_is_refused(member_client, paper):
    url = reverse("reader:paper_notes", args=[paper.pk])
    for body in ("not json", "[1, 2]", "\xff"):
        response = member_client.post(url, body, content_type="application/json")
        assert "send it as a JSON object" in refusal(response)["__all__"][0]


@pytest.mark.parametrize("rects", [5, "boxes", {"x": 1}, [[1, 2, 3]], [None]])
def test_a_position_that_is_not_boxes_is_refused_naming_it(member_client, paper, rects):
    assert "rects" in refusal(send(member_client, paper, rects=rects))


def test_a_nul_character_in_a_note_is_refused_not_stored(member_client, paper):
    assert "text" in refusal(send(member_client, paper, text="a\x00b"))


def test_a_note_on_a_withdrawn_version_is_refused_with_a_message_to_reload(member_client, paper):
    paper_version_add(paper=paper, content=text_pdf(PAGES), by=None)
    paper_version_withdraw(version=paper.versions.get(number=1), by=None, reason="Wrong file.")
    errors = refusal(send(member_client, paper, version=1), status=404)
    assert errors == {
        "__all__": [
            "No version 1 of this paper is served: reload the reader to read the current version."
        ]
    }


def test_the_secretariat_is_told_a_version_was_withdrawn(client, secretariat, paper):
    paper_version_add(paper=paper, content=text_pdf(PAGES), by=None)
    paper_version_withdraw(version=paper.versions.get(number=1), by=None, reason="Wrong file.")
    client.force_login(secretariat)
    errors = refusal(send(client, paper, version=1))
    assert "was withdrawn" in errors["version"][0]


def test_a_note_on_a_paper_one_may_not_see_answers_404(client, paper):
    recused = UserFactory(clearance=Level.AMBER)
    RecusalFactory(item=paper.item, user=recused)
    for someone in (recused, UserFactory(clearance=Level.GREEN)):
        client.force_login(someone)
        assert send(client, paper).status_code == 404
    client.logout()
    assert send(client, paper).status_code == 404
    assert not PaperNote.objects.exists()


NOTE_JUNK = st.fixed_dictionaries(
    {},
    optional={
        "version": st.one_of(st.integers(-2, 3), texts(5), st.none(), st.floats()),
        "page": st.one_of(st.integers(-5, 10), texts(5), st.none(), st.lists(st.integers())),
        "quote": st.one_of(texts(1200), st.integers(), st.none()),
        "rects": st.one_of(
            st.lists(st.lists(st.one_of(st.floats(), st.integers(), texts(3)), max_size=5)),
            texts(10),
            st.integers(),
        ),
        "text": st.one_of(texts(2100), st.integers(), st.none(), st.booleans()),
    },
)


@budget(60)
@given(note=NOTE_JUNK)
def test_any_note_is_kept_as_sent_or_refused_with_a_message_never_an_error(
    member_client, paper, note
):
    with rolled_back():
        url = reverse("reader:paper_notes", args=[paper.pk])
        response = member_client.post(url, json.dumps(note), content_type="application/json")
        assert response.status_code in (201, 400, 404), response.content
        if response.status_code == 201:
            kept = PaperNote.objects.get()
            assert kept.text == str(note["text"]).strip()
            assert 1 <= kept.page <= len(PAGES)
        else:
            errors = response.json()["errors"]
            assert errors and all(messages for messages in errors.values())
            assert not PaperNote.objects.exists()
