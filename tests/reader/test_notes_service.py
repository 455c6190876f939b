"""Keeping, changing and deleting private notes (reader.services), and what is refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from classification.levels import Level
from meetings.services import paper_version_withdraw
from reader import services
from reader.models import NOTE_MAX, QUOTE_MAX, PaperNote
from tests.factories import PaperNoteFactory, RecusalFactory, UserFactory
from tests.sessions import verified_session

from .conftest import PAGES, replace

pytestmark = pytest.mark.django_db


def add(version, by, **fields):
    return services.note_add(
        version=version, by=by, **{"page": 2, "text": "Ask the DCC.", **fields}
    )


def refused(field, call):
    with pytest.raises(ValidationError) as refusal:
        call()
    assert field in refusal.value.message_dict, refusal.value.message_dict
    assert PaperNote.objects.count() == 0
    return " ".join(refusal.value.message_dict[field])


def test_a_note_on_highlighted_text_is_kept_with_its_page_quote_and_boxes(version, member):
    note = add(version, member, quote="  Shared Resource\nProvider ", rects=[[72, 700, 300, 714]])
    assert (note.author, note.paper, note.version, note.page) == (
        member,
        version.paper,
        version,
        2,
    )
    assert note.quote == "Shared Resource Provider"
    assert note.rects == [[72.0, 700.0, 300.0, 714.0]]
    assert not note.may_have_moved


def test_a_pinned_note_keeps_its_spot(version, member):
    assert add(version, member, rects=[[100.5, 400.25]]).rects == [[100.5, 400.25]]


def test_an_empty_note_is_refused_and_nothing_is_kept(version, member):
    assert "empty note" in refused("text", lambda: add(version, member, text="  \n "))


def test_an_over_long_note_is_refused_saying_the_limit(version, member):
    message = refused("text", lambda: add(version, member, text="x" * (NOTE_MAX + 1)))
    assert f"{NOTE_MAX:,} characters" in message


def test_an_over_long_highlight_is_refused_saying_the_limit(version, member):
    message = refused("quote", lambda: add(version, member, quote="y" * (QUOTE_MAX + 1)))
    assert f"{QUOTE_MAX:,} characters" in message


@pytest.mark.parametrize("page", [0, -1, len(PAGES) + 1, 10_000])
def test_a_page_outside_the_paper_is_refused_naming_its_pages(version, member, page):
    message = refused("page", lambda: add(version, member, page=page))
    assert f"pages 1 to {len(PAGES)}" in message


@pytest.mark.parametrize(
    "rects",
    [
        [[1, 2, 3]],
        [["a", 2, 3, 4]],
        [[float("nan"), 2, 3, 4]],
        [[1e9, 2, 3, 4]],
        [[True, 2, 3, 4]],
        [[1, 2], [3, 4]],
        [[1, 2, 3, 4]] * (services.RECTS_MAX + 1),
        "[[1, 2, 3, 4]]",
    ],
)
def test_a_position_that_is_not_boxes_or_one_point_is_refused(version, member, rects):
    refused("rects", lambda: add(version, member, rects=rects))


def test_a_note_on_a_withdrawn_version_is_refused(paper, secretariat):
    old = paper.versions.get()
    replace(paper, PAGES)
    paper_version_withdraw(version=old, by=None, reason="The wrong file.")
    old.refresh_from_db()
    message = refused("version", lambda: add(old, verified_session(secretariat)))
    assert "withdrawn" in message


def test_a_note_on_a_version_that_is_no_longer_current_is_refused(paper, member):
    old = paper.versions.get()
    replace(paper, PAGES)
    assert "current version" in refused("version", lambda: add(old, member))


def test_a_note_on_a_paper_its_author_may_not_see_is_refused(version, member):
    RecusalFactory(item=version.paper.item, user=member)
    with pytest.raises(PermissionDenied):
        add(version, member)
    with pytest.raises(PermissionDenied):
        add(version, UserFactory(clearance=Level.GREEN))
    assert PaperNote.objects.count() == 0


def test_the_author_changes_the_text_of_their_note(paper, member):
    note = PaperNoteFactory(paper=paper, author=member, text="First thought.")
    assert services.note_edit(note=note, text=" Second thought. ", by=member).text == (
        "Second thought."
    )


def test_nobody_but_the_author_changes_or_deletes_a_note(paper, member, secretariat):
    note = PaperNoteFactory(paper=paper, author=member, text="Mine.")
    for someone in (UserFactory(clearance=Level.AMBER), verified_session(secretariat)):
        with pytest.raises(PermissionDenied):
            services.note_edit(note=note, text="Theirs.", by=someone)
        with pytest.raises(PermissionDenied):
            services.note_delete(note=note, by=someone)
    note.refresh_from_db()
    assert note.text == "Mine."


def test_an_edit_to_an_empty_text_is_refused(paper, member):
    note = PaperNoteFactory(paper=paper, author=member, text="Mine.")
    with pytest.raises(ValidationError):
        services.note_edit(note=note, text="", by=member)
    note.refresh_from_db()
    assert note.text == "Mine."


def test_the_author_deletes_their_note(paper, member):
    note = PaperNoteFactory(paper=paper, author=member)
    services.note_delete(note=note, by=member)
    assert not PaperNote.objects.exists()
