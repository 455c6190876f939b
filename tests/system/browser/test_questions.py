"""Questions before the meeting in a real browser: asked with htmx on the meeting page, seen
by another member, answered by the secretariat, taken at the meeting by the chair; a member
recused from the item sees none of it."""

import pytest
from playwright.sync_api import expect

from classification.levels import Level
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    PaperFactory,
    RecusalFactory,
    UserFactory,
)

from .accessibility import assert_accessible, open_every_details
from .conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUESTION = "Which suppliers does option B rely on?"
ANSWER = "Two: both are named on page 2 of the paper."


def test_a_question_is_asked_seen_answered_and_taken_at_the_meeting(new_page, artefacts):
    people = {
        name: UserFactory(username=name, first_name=name.capitalize(), last_name="Example",
                          clearance=Level.AMBER)
        for name in ("asker", "second", "recused", "chair")
    }  # fmt: skip
    UserFactory(username="sec", clearance=Level.AMBER, is_secretariat=True)
    meeting = MeetingFactory(number=89)
    for name, user in people.items():
        AttendanceFactory(meeting=meeting, user=user, role="chair" if name == "chair" else "member")
    item = AgendaItemFactory(meeting=meeting, number=1, title="Shared Resources", level=Level.AMBER)
    PaperFactory(item=item, title="Shared Resources options", level=Level.AMBER)
    RecusalFactory(item=item, user=people["recused"])
    url = f"/meetings/SSC/{meeting.number}/"

    asker = new_page()
    sign_in(asker, "asker")
    asker.goto(url)
    asker.locator("summary", has_text="Ask a question").click()
    asker.get_by_label("Item or paper:").select_option(
        label="Item 1, paper: Shared Resources options"
    )
    asker.get_by_label("Page:", exact=True).fill("1")
    asker.get_by_label("Question:", exact=True).fill(QUESTION)
    asker.get_by_role("button", name="Ask the question").click()
    # Swapped in by htmx: the page is not reloaded.
    expect(asker.get_by_role("status")).to_contain_text("Your question on item 1 is asked.")
    expect(asker.locator(".question")).to_contain_text(QUESTION)
    asker.screenshot(path=artefacts / "question-asked.png", full_page=True)
    open_every_details(asker)
    assert_accessible(asker, "the meeting page with the question asked by htmx")

    second = new_page()
    sign_in(second, "second")
    second.goto(url)
    expect(second.locator(".question")).to_contain_text(QUESTION)
    expect(second.locator(".question")).to_contain_text("Asker Example")
    expect(second.get_by_role("button", name="Send the answer")).to_have_count(0)

    secretariat = new_page()
    sign_in(secretariat, "sec")
    secretariat.goto(url)
    secretariat.locator(".question summary", has_text="Answer").click()
    secretariat.locator(".question").get_by_label("Answer:", exact=True).fill(ANSWER)
    secretariat.get_by_role("button", name="Send the answer").click()
    expect(secretariat.locator(".answer")).to_contain_text(ANSWER)
    open_every_details(secretariat)
    assert_accessible(secretariat, "the secretariat's meeting page with the answer sent")

    asker.reload()
    expect(asker.locator(".answer")).to_contain_text(ANSWER)

    chair = new_page()
    sign_in(chair, "chair")
    chair.goto(url)
    expect(chair.locator("#questions")).to_contain_text("1 open question")
    chair.get_by_role("button", name="Taken at the meeting").click()
    expect(chair.locator(".question")).to_contain_text("Taken at the meeting")
    expect(chair.get_by_role("button", name="Open again")).to_be_visible()
    assert_accessible(chair, "the chair's meeting page with the question taken")

    recused = new_page()
    sign_in(recused, "recused")
    recused.goto(url)
    expect(recused.locator("#questions")).to_contain_text("No questions yet")
    expect(recused.get_by_text(QUESTION)).to_have_count(0)
    expect(recused.get_by_text(ANSWER)).to_have_count(0)
