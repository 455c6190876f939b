"""Members read a paper in the portal's reader, under the portal's Content Security Policy,
and keep private notes on it that nobody else sees."""

import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from audit.models import AuditEvent
from classification.levels import Level
from meetings.demo import text_pdf
from meetings.models import PaperVersion
from reader.models import PaperNote
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    PaperFactory,
    RecusalFactory,
    UserFactory,
)

from .accessibility import assert_accessible
from .conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGES = [
    "Shared Resources options: the background",
    "The DCC proposes a Shared Resource Provider audit",
    "Annex: the timetable of the migration",
]
DRAWN = re.compile(r"\d+")


@pytest.fixture
def paper():
    meeting = MeetingFactory(number=89)
    item = AgendaItemFactory(meeting=meeting, number=1, title="Shared Resources", level=Level.AMBER)
    paper = PaperFactory(item=item, title="Shared Resources options", with_file=False)
    content = text_pdf(PAGES)
    version = PaperVersion(paper=paper, number=1, size=len(content))
    version.file.save("upload.pdf", ContentFile(content), save=True)
    return paper


def member(username):
    return UserFactory(
        username=username, first_name="Morgan", last_name=username, clearance=Level.AMBER
    )


def watch_console(page):
    """The console's errors and warnings (CSP refusals among them) and any script error."""
    seen = []
    page.on("console", lambda m: seen.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: seen.append(f"page error: {error}"))
    return seen


def open_reader(page, paper, address=""):
    response = page.goto(f"/reader/papers/{paper.pk}/{address}")
    expect(page.locator("#reader")).to_have_attribute("data-first-page-drawn", DRAWN)
    return response


def test_the_first_page_draws_under_the_content_security_policy_and_the_opening_is_audited(
    page, paper
):
    member("member")
    sign_in(page, "member")
    seen = watch_console(page)
    response = open_reader(page, paper)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "unsafe-eval" not in response.headers["content-security-policy"]
    expect(page.locator("#reader-page-count")).to_have_text("of 3")
    expect(page.locator("#page-1 canvas")).to_be_visible()
    expect(page.locator("#page-1 .textLayer")).to_contain_text("Shared Resources options")
    assert seen == []
    opened = AuditEvent.objects.filter(kind=AuditEvent.Kind.PAPER_OPENED, object_id=str(paper.pk))
    assert opened.count() == 1


def test_a_note_on_page_two_is_kept_for_its_author_and_seen_by_nobody_else(
    new_page, paper, artefacts
):
    author, other = member("author"), member("other")
    recused = member("recused")
    RecusalFactory(item=paper.item, user=recused)
    page = new_page()
    sign_in(page, "author")
    seen = watch_console(page)
    open_reader(page, paper)
    expect(page.locator("#reader")).to_have_attribute("data-notes-loaded", "true")
    page.locator("#reader-pages").focus()
    page.keyboard.press("PageDown")
    expect(page.locator("#reader-page")).to_have_value("2")
    expect(page.locator("#page-2 .textLayer span").first).to_contain_text(
        "Shared Resource Provider"
    )
    # Highlight the line of page 2, as a reader would by dragging over it.
    page.locator("#page-2 .textLayer span").first.evaluate(
        """span => { const range = document.createRange(); range.selectNodeContents(span);
        const selection = window.getSelection(); selection.removeAllRanges();
        selection.addRange(range); }"""
    )
    page.get_by_role("button", name="Note on the highlighted text").click()
    assert_accessible(page, "the reader with the note form open")
    page.get_by_label("Your note (up to 2000 characters)").fill("Ask the DCC who audits the audit.")
    page.get_by_role("button", name="Keep the note").click()
    expect(page.locator("#reader-status")).to_have_text("Your note on page 2 is kept.")
    assert_accessible(page, "the reader with a note kept")
    note = PaperNote.objects.get()
    assert (note.author, note.page) == (author, 2)
    assert "Shared Resource Provider" in note.quote

    page.reload()
    expect(page.locator("#reader")).to_have_attribute("data-notes-loaded", "true")
    listed = page.locator("#reader-note-list .note")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("Page 2")
    expect(listed).to_contain_text("Ask the DCC who audits the audit.")
    page.keyboard.press("End")
    expect(page.locator("#page-2 .note-highlight")).to_have_count(1)
    page.screenshot(path=artefacts / "reader-with-a-note.png")
    assert seen == []

    second = new_page()
    sign_in(second, "other")
    open_reader(second, paper)
    expect(second.locator("#reader")).to_have_attribute("data-notes-loaded", "true")
    expect(second.locator("#reader-note-list")).to_have_text("No notes on this paper yet.")
    assert second.request.get(f"/reader/notes/{note.pk}/").status == 404
    assert other.paper_notes.count() == 0

    third = new_page()
    sign_in(third, "recused")
    assert third.goto(f"/reader/papers/{paper.pk}/").status == 404
    assert third.request.get(f"/reader/papers/{paper.pk}/notes/").status == 404


def test_a_link_to_a_page_opens_the_reader_there_and_the_keys_turn_the_pages(page, paper):
    member("member")
    sign_in(page, "member")
    open_reader(page, paper, "#page=3")
    expect(page.locator("#reader-page")).to_have_value("3")
    expect(page.locator("#page-3")).to_have_attribute("data-drawn", "true")
    page.locator("#reader-pages").focus()
    page.keyboard.press("Home")
    expect(page.locator("#reader-page")).to_have_value("1")
    assert page.evaluate("window.location.hash") == "#page=1"
    page.keyboard.press("ArrowRight")
    expect(page.locator("#reader-page")).to_have_value("2")
    page.keyboard.press("PageUp")
    expect(page.locator("#reader-page")).to_have_value("1")
    page.keyboard.press("End")
    expect(page.locator("#reader-page")).to_have_value("3")
    expect(page.locator("#reader-page-link")).to_have_attribute("href", "#page=3")


def test_the_reader_finds_a_word_zooms_and_shows_a_thumbnail_of_every_page(page, paper):
    member("member")
    sign_in(page, "member")
    open_reader(page, paper)
    expect(page.locator("#reader-thumbnails button")).to_have_count(3)
    expect(page.locator("#reader-thumbnails canvas")).to_have_count(3)
    page.get_by_label("Search in the paper").fill("timetable")
    page.get_by_role("button", name="Find").click()
    expect(page.locator("#reader-search-status")).to_have_text("1 of 1 (on 1 page): page 3")
    expect(page.locator("#page-3 mark.search-hit")).to_have_text("timetable")
    width = page.locator("#page-3").bounding_box()["width"]
    zoom = page.locator("#reader-zoom").text_content()
    assert_accessible(page, "the reader with a word found")
    page.get_by_role("button", name="Zoom in").click()
    expect(page.locator("#reader-zoom")).not_to_have_text(zoom)
    assert page.locator("#page-3").bounding_box()["width"] > width
    page.locator("#reader-thumbnails button", has_text="2").click()
    expect(page.locator("#reader-page")).to_have_value("2")
