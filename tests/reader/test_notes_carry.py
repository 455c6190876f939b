"""Notes follow a replaced paper to its new version, anchored by page and quoted text; a note
whose text is gone is marked "may have moved"."""

import pytest

from classification.levels import Level
from meetings.services import paper_version_withdraw
from reader.anchoring import anchor, comparable
from reader.models import PaperNote
from tests.factories import PaperNoteFactory, UserFactory

from .conftest import PAGES, replace

pytestmark = pytest.mark.django_db

QUOTE = "Shared Resource Provider audit"


def highlight(paper, author, *, page=2, quote=QUOTE):
    return PaperNoteFactory(
        paper=paper, author=author, page=page, quote=quote, rects=[[72, 700, 300, 714]]
    )


def test_a_note_follows_the_paper_to_its_new_version_on_the_same_page(paper, member):
    note = highlight(paper, member)
    new = replace(paper, ["A new first page", PAGES[1] + ", revised", PAGES[2]])
    note.refresh_from_db()
    assert (note.version, note.page, note.may_have_moved) == (new, 2, False)


def test_a_note_whose_text_moved_to_another_page_follows_it_there(paper, member):
    note = highlight(paper, member)
    replace(paper, [PAGES[0], "A page inserted", "Another", PAGES[1], PAGES[2]])
    note.refresh_from_db()
    assert (note.page, note.may_have_moved) == (4, False)
    # Its boxes were drawn on the old file's page.
    assert note.rects == []


def test_a_note_whose_text_is_gone_may_have_moved(paper, member):
    note = highlight(paper, member)
    new = replace(paper, [PAGES[0], "The audit is dropped.", PAGES[2]])
    note.refresh_from_db()
    assert (note.version, note.page, note.may_have_moved) == (new, 2, True)


def test_a_note_that_may_have_moved_is_found_again_in_a_later_version(paper, member):
    note = highlight(paper, member)
    replace(paper, [PAGES[0], "The audit is dropped.", PAGES[2]])
    replace(paper, PAGES)
    note.refresh_from_db()
    assert (note.page, note.may_have_moved) == (2, False)


def test_a_pin_keeps_its_page_and_spot(paper, member):
    pin = PaperNoteFactory(paper=paper, author=member, page=3, rects=[[100, 400]])
    replace(paper, ["One", "Two", "Three", "Four"])
    pin.refresh_from_db()
    assert (pin.page, pin.rects, pin.may_have_moved) == (3, [[100, 400]], False)


def test_a_pin_on_a_page_the_new_version_lacks_goes_to_its_last_page_and_may_have_moved(
    paper, member
):
    pin = PaperNoteFactory(paper=paper, author=member, page=3, rects=[[100, 400]])
    replace(paper, ["A one-page summary"])
    pin.refresh_from_db()
    assert (pin.page, pin.rects, pin.may_have_moved) == (1, [], True)


def test_withdrawing_the_current_version_brings_the_notes_back_to_the_version_left(paper, member):
    first = paper.versions.get()
    note = highlight(paper, member)
    second = replace(paper, ["Nothing of the kind"])
    note.refresh_from_db()
    assert (note.version, note.may_have_moved) == (second, True)
    paper_version_withdraw(version=second, by=None, reason="The wrong file.")
    note.refresh_from_db()
    assert (note.version, note.page, note.may_have_moved) == (first, 2, False)


def test_the_notes_of_every_author_follow_and_stay_theirs(paper, member):
    other = UserFactory(clearance=Level.AMBER)
    mine, theirs = highlight(paper, member), highlight(paper, other, page=1, quote="background")
    new = replace(paper, PAGES)
    assert set(PaperNote.objects.filter(version=new)) == {mine, theirs}
    assert list(PaperNote.objects.visible_to(member)) == [mine]


def test_text_is_compared_without_case_spacing_or_punctuation():
    assert comparable("Shared  Resource-\nProvider, ﬁnal") == "sharedresourceproviderfinal"


def test_a_quote_on_two_pages_anchors_to_the_nearer():
    pages = [comparable(text) for text in ["audit", "x", "x", "x", "audit"]]
    assert anchor(quote="Audit", page=4, pages=pages).page == 5
    assert anchor(quote="Audit", page=3, pages=pages).page == 1
