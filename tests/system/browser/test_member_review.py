"""A member prepares for a meeting in a real browser: reads a paper, takes the papers pack."""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from classification.levels import Level
from packs import services
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


def test_a_member_reads_a_paper_and_takes_the_papers_pack(page, artefacts, monkeypatch):
    member = UserFactory(
        username="member", first_name="Morgan", last_name="Member", clearance=Level.AMBER
    )
    meeting = MeetingFactory(number=89)
    AttendanceFactory(meeting=meeting, user=member)
    shared = AgendaItemFactory(
        meeting=meeting, number=1, title="Shared Resources", level=Level.AMBER
    )
    PaperFactory(item=shared, title="Shared Resources options", level=Level.AMBER)
    smets = AgendaItemFactory(meeting=meeting, number=2, title="SMETS1", level=Level.RED)
    PaperFactory(item=smets, title="SMETS1 enrolment report", level=Level.RED)

    sign_in(page, "member")
    page.goto(f"/meetings/SSC/{meeting.number}/")
    paper = page.locator(".papers li", has_text="Shared Resources options")
    paper.get_by_role("link", name="read").click()
    # The portal's reader draws the stamped copy the download view serves inline.
    expect(page.locator("#reader")).to_have_attribute("data-first-page-drawn", re.compile(r"\d+"))
    served = page.request.get(page.locator("#reader").get_attribute("data-pdf-url"))
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["content-disposition"].startswith("inline;")
    assert served.body().startswith(b"%PDF-")
    assert_accessible(page, "the reader")
    page.get_by_role("link", name="back to the meeting").click()

    # The render is held back, so the page shows the pack queued and then polls.
    with monkeypatch.context() as patch:
        patch.setattr(services, "dispatch_pack", lambda pack_id: False)
        page.get_by_role("link", name="Papers pack").click()
        page.get_by_role("button", name="Prepare the papers pack").click()
        expect(page.get_by_role("status")).to_contain_text("Queued")
        assert_accessible(page, "the papers pack, queued")
    services.dispatch_pending_packs()  # the sweep sends it; tasks run in this process
    expect(page.get_by_role("status")).to_contain_text("Ready", timeout=10_000)
    page.screenshot(path=artefacts / "papers-pack.png", full_page=True)
    assert_accessible(page, "the papers pack, ready")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the papers pack").click()
    pages = [p.extract_text() for p in PdfReader(download.value.path()).pages]
    assert len(pages) == 1 + 1 + 1
    assert all("RED — Morgan Member" in text for text in pages)
    assert "SMETS1 enrolment report" in pages[0]
