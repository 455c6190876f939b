"""Keyboard alone: the secretariat builds, reorders and publishes an agenda, and a member reads
a paper, turns its pages, searches it and keeps a note, with Tab, Shift+Tab, Enter, Space and
the arrows; wherever the focus lands, it shows."""

import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from classification.levels import Level
from meetings.demo import text_pdf
from meetings.models import PaperVersion
from reader.models import PaperNote
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    PaperFactory,
    UserFactory,
)

from .accessibility import assert_accessible
from .conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The focused element, and whether its focus ring shows: an outline or a box shadow.
FOCUS = """() => { const element = document.activeElement;
    if (!element || element === document.body) return {what: "nothing", shows: false};
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shows = outline || style.boxShadow !== "none";
    return {what: element.outerHTML.slice(0, 120), shows}; }"""
FOCUSED_MATCHES = "selector => !!document.activeElement && document.activeElement.matches(selector)"


def assert_focus_shows(page):
    focus = page.evaluate(FOCUS)
    assert focus["shows"], f"the focus does not show on {focus['what']}"


def tab_to(page, selector, *, backwards=False, presses=120):
    """Press Tab (Shift+Tab if `backwards`) until the focus is on `selector`, checking at each
    stop that the focus shows."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(presses):
        page.keyboard.press(key)
        assert_focus_shows(page)
        if page.evaluate(FOCUSED_MATCHES, selector):
            return
    raise AssertionError(f"{presses} presses of {key} did not reach {selector}")


def settled(page):
    """Wait until htmx has settled its last swap: until then, the new content's buttons are not
    wired and a key pressed on one is lost (htmx keeps the focus on an element of the same id
    across the swap, so a test can reach a button far sooner than a person would)."""
    busy = page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")
    expect(busy).to_have_count(0)


def test_the_secretariat_adds_moves_and_publishes_an_agenda_by_keyboard(page):
    UserFactory(username="sec", clearance=Level.AMBER, is_secretariat=True, is_staff=True)
    meeting = MeetingFactory(number=95)
    for number, title in ((1, "Shared Resources"), (2, "SMETS1")):
        AgendaItemFactory(
            meeting=meeting, number=number, title=title, level=Level.WHITE, published_at=None
        )
    sign_in(page, "sec")
    page.goto(f"/meetings/SSC/{meeting.number}/agenda/")
    titles = page.locator(".builder-item .title")

    tab_to(page, "#add-item [name=title]")
    page.keyboard.type("Internet-Connected Devices")
    tab_to(page, "#add-item [name=level]")
    page.keyboard.type("WHITE")  # a closed select takes the option its name starts
    expect(page.locator("#add-item [name=level]")).to_have_value(str(Level.WHITE))
    tab_to(page, "#add-item button[type=submit]")
    page.keyboard.press("Enter")
    page.locator("#agenda-messages").get_by_text("Item 3 added.").wait_for()
    settled(page)
    assert_accessible(page, "the builder after an item added by keyboard")

    # Alt+↑ on the focused item moves it, and the focus stays with it.
    tab_to(page, ".builder-item[aria-label^='Item 3:']", backwards=True)
    page.keyboard.press("Alt+ArrowUp")
    expect(titles).to_have_text(["Shared Resources", "Internet-Connected Devices", "SMETS1"])
    expect(page.locator(".builder-item[aria-label^='Item 2: Internet']")).to_be_focused()
    settled(page)
    assert_focus_shows(page)

    # The item's own up button, reached by Tab, works with Space, and keeps the focus.
    tab_to(page, ".builder-item[aria-label^='Item 2: Internet'] .move-up")
    page.keyboard.press("Space")
    expect(titles).to_have_text(["Internet-Connected Devices", "Shared Resources", "SMETS1"])
    expect(page.locator(".builder-item[aria-label^='Item 1: Internet'] .move-up")).to_be_focused()
    settled(page)
    assert_focus_shows(page)

    tab_to(page, "form.publish button", backwards=True)
    page.keyboard.press("Enter")
    page.get_by_text("Agenda and papers published").wait_for()
    assert_accessible(page, "the agenda published by keyboard")


@pytest.fixture
def paper():
    meeting = MeetingFactory(number=89)
    item = AgendaItemFactory(meeting=meeting, number=1, title="Shared Resources", level=Level.AMBER)
    paper = PaperFactory(item=item, title="Shared Resources options", with_file=False)
    content = text_pdf(
        ["The background", "The DCC proposes an audit", "Annex: the timetable of the migration"]
    )
    version = PaperVersion(paper=paper, number=1, size=len(content))
    version.file.save("upload.pdf", ContentFile(content), save=True)
    return paper


def test_a_member_reads_searches_and_notes_a_paper_by_keyboard(page, paper):
    member = UserFactory(username="member", clearance=Level.AMBER)
    AttendanceFactory(meeting=paper.item.meeting, user=member)
    sign_in(page, "member")
    page.goto(f"/meetings/SSC/{paper.item.meeting.number}/")

    tab_to(page, f"a[href='/reader/papers/{paper.pk}/']")
    page.keyboard.press("Enter")
    expect(page.locator("#reader")).to_have_attribute("data-first-page-drawn", re.compile(r"\d+"))
    expect(page.locator("#reader")).to_have_attribute("data-notes-loaded", "true")

    tab_to(page, "#reader-pages")
    page.keyboard.press("PageDown")
    expect(page.locator("#reader-page")).to_have_value("2")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#reader-page")).to_have_value("3")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#reader-page")).to_have_value("2")

    tab_to(page, "#reader-search-text", backwards=True)
    page.keyboard.type("timetable")
    page.keyboard.press("Enter")
    expect(page.locator("#reader-search-status")).to_have_text("1 of 1 (on 1 page): page 3")
    assert_accessible(page, "the reader with a word found by keyboard")

    # A note pinned with Enter on the page shown, the search having turned to page 3.
    tab_to(page, "button[data-action=note-pin]")
    page.keyboard.press("Enter")
    expect(page.locator("#reader-pages")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#reader-note-text")).to_be_focused()
    page.keyboard.type("Ask who keeps the timetable.")
    tab_to(page, "#reader-note-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#reader-status")).to_have_text("Your note on page 3 is kept.")
    note = PaperNote.objects.get()
    assert (note.page, note.text, note.quote) == (3, "Ask who keeps the timetable.", "")
    assert_accessible(page, "the reader with a note kept by keyboard")
