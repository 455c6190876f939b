"""Forms that help, in a real browser: outcomes follow the kind; a new meeting is suggested."""

import datetime

import pytest
from playwright.sync_api import expect

from classification.levels import Level
from tests.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, UserFactory

from .accessibility import assert_accessible, open_every_details
from .conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _secretariat(new_page):
    UserFactory(username="sec", clearance=Level.AMBER, is_secretariat=True, is_staff=True)
    page = new_page()
    sign_in(page, "sec")
    return page


def test_choosing_a_decisions_kind_narrows_its_outcomes_without_a_reload(new_page, artefacts):
    meeting = MeetingFactory(number=89, status="held")
    item = AgendaItemFactory(meeting=meeting, number=1, title="FUSA", level=Level.RED)
    page = _secretariat(new_page)
    page.goto("/meetings/SSC/89/minutes/")
    page.get_by_text("Record a decision at item 1").click()
    open_every_details(page)
    assert_accessible(page, "the minutes, details open")
    form = page.locator(f"#record-{item.pk} form").first
    page.evaluate("() => { window.notReloaded = true; }")

    form.get_by_label("Kind").select_option(label="VUSA Compliance Status")
    outcome = form.get_by_label("Outcome")
    expect(outcome.locator("option")).to_have_count(4)
    assert outcome.locator("option").all_inner_texts() == [
        "Choose an outcome",
        "Compliant",
        "Compliant, subject to a Remediation Plan",
        "Non-compliant",
    ]
    form.get_by_label("Kind").select_option(label="Security Self-Assessment")
    expect(form.get_by_label("Outcome").locator("option")).to_have_count(2)
    assert page.evaluate("() => window.notReloaded") is True
    form.get_by_label("Outcome").select_option("Noted")
    form.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Decision recorded at item 1").wait_for()
    assert_accessible(page, "the minutes with the decision recorded")
    page.screenshot(path=artefacts / "decision-outcomes.png", full_page=True)


def test_choosing_a_committee_suggests_its_next_meeting(new_page):
    CommitteeFactory()
    board = CommitteeFactory(code="TAB", name="Technical Architecture Board")
    MeetingFactory(
        committee=board,
        number=7,
        date=datetime.date(2020, 1, 8),
        start_time=datetime.time(14),
        end_time=datetime.time(16),
    )
    page = _secretariat(new_page)
    page.get_by_role("navigation", name="Portal").get_by_role("link", name="Meetings").click()
    page.get_by_role("link", name="Create a meeting", exact=True).click()
    page.get_by_label("Committee").select_option(label=str(board))
    page.get_by_label("Location").fill("Fleetbank House")
    expect(page.get_by_label("Number")).to_have_value("8")
    assert page.get_by_label("Start time").input_value() == "14:00"
    assert page.get_by_label("End time").input_value() == "16:00"
    assert page.get_by_label("Location").input_value() == "Fleetbank House"
    assert_accessible(page, "the new meeting form with its suggestion")
    page.get_by_label("Date:", exact=True).fill("2020-02-12")
    page.get_by_role("button", name="Create the meeting").click()
    page.wait_for_url("**/meetings/TAB/8/agenda/")
    assert page.get_by_text("14:00–16:00").is_visible()
