"""A member signs in with a real browser and reads the meeting they attend."""

import pytest

from classification.levels import Level
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    PaperFactory,
    UserFactory,
)

from .accessibility import assert_accessible, open_every_details
from .conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_signs_in_and_sees_the_items_of_their_level(page, artefacts):
    member = UserFactory(username="member", clearance=Level.AMBER)
    meeting = MeetingFactory(number=89)
    AttendanceFactory(meeting=meeting, user=member)
    AgendaItemFactory(meeting=meeting, number=1, title="Shared Resources", level=Level.AMBER)
    red = AgendaItemFactory(meeting=meeting, number=2, title="SMETS1", level=Level.RED)
    PaperFactory(item=red, title="SMETS1 enrolment report", level=Level.RED)
    other = MeetingFactory(number=90)
    AgendaItemFactory(meeting=other, number=1, title="Not attended", level=Level.RED)

    sign_in(page, "member")
    page.get_by_role("link", name=f"Security Sub-Committee (SSC) {meeting.reference}").click()

    assert page.get_by_role("heading", name="1. Shared Resources AMBER").is_visible()
    assert page.get_by_text("SMETS1 enrolment report").is_visible()
    page.screenshot(path=artefacts / "meeting-page.png", full_page=True)
    open_every_details(page)
    assert_accessible(page, "the member's meeting page, details open")
    page.goto(f"/meetings/SSC/{other.number}/")
    assert page.get_by_text("Not attended").count() == 0
