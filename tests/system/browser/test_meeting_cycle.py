"""The meeting cycle carried between people in a real browser, each guided by their inbox.

Two-factor authentication is on, as in production: each person signs in on the sign-in page,
then passes the second-factor check with their authenticator's code. After that nobody types
an address: every page is reached by a link of the portal (My work, the navigation, a page's
own links) or of an e-mail it sent.
"""

import hashlib
import io
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from classification.levels import Level
from headlines import services as headlines_services
from headlines.models import HeadlinesVersion
from meetings.demo import text_pdf
from tests.factories import (
    PASSWORD,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    UserFactory,
)
from tests.sessions import authenticator, authenticator_code

from .accessibility import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def people(second_factor_required):
    """The secretariat, the chair and a member, each with an authenticator app."""
    made = {
        "sec": UserFactory(
            username="sec", clearance=Level.AMBER, is_secretariat=True, is_staff=True
        ),
        "chair": UserFactory(username="chair", clearance=Level.AMBER),
        "member": UserFactory(username="member", clearance=Level.AMBER),
    }
    return {name: (user, authenticator(user)) for name, user in made.items()}


def sign_in_verified(page, people, name, checked=False):
    """Sign in on the sign-in page, then pass the second-factor check it leads to (with axe-core
    checking both pages, if `checked`)."""
    user, device = people[name]
    page.goto(reverse(settings.LOGIN_URL))
    if checked:
        assert_accessible(page, "the sign-in page")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-factor/?next=*")
    if checked:
        assert_accessible(page, "the second-factor check")
    page.get_by_label("Code").fill(authenticator_code(device))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/")
    expect(page.get_by_text("need a second factor in this session")).to_have_count(0)


def my_work(page):
    """Open My work from the navigation."""
    nav = page.get_by_role("navigation", name="Portal")
    nav.get_by_role("link", name=re.compile(r"^My work")).click()
    return page.locator("#work-todo")


def _verifies_against_the_portals_certificate(pdf: bytes, cert_path) -> bool:
    der = x509.load_pem_x509_certificate(cert_path.read_bytes()).public_bytes(
        serialization.Encoding.DER
    )
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)])
    (signature,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    status = validate_pdf_signature(signature, context)
    return bool(status.bottom_line and status.intact and status.valid and status.trusted)


def _public_headlines_are_signed(page, meeting, headlines_signing_key):
    """On the public Headlines page: the PDF served, its SHA-256 shown, its signature valid."""
    version = HeadlinesVersion.objects.get(meeting=meeting)
    expect(page.locator("code.hash").first).to_have_text(version.sha256)
    expect(page.get_by_role("heading", name="Checking a copy")).to_be_visible()
    # Headless Chromium has no PDF viewer: fetch what the link serves, as the browser would.
    served = page.request.get(page.get_by_role("link", name="Read the PDF").get_attribute("href"))
    assert served.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(served.body()).hexdigest() == version.sha256
    _key, cert = headlines_signing_key
    # pyHanko runs its own event loop: in a thread of its own, beside Playwright's.
    with ThreadPoolExecutor(max_workers=1) as pool:
        check = pool.submit(_verifies_against_the_portals_certificate, served.body(), cert)
        assert check.result()


def test_the_chair_approves_headlines_from_their_inbox_and_they_are_published_signed(
    new_page, people, artefacts, headlines_signing_key
):
    chair, _ = people["chair"]
    meeting = MeetingFactory(number=89, status="held")
    AttendanceFactory(meeting=meeting, user=chair, role="chair")
    AgendaItemFactory(meeting=meeting, number=1, headline="The SSC discussed Shared Resources.")
    headlines_services.headlines_submit(meeting=meeting, by=people["sec"][0])

    page = new_page()
    sign_in_verified(page, people, "chair", checked=True)
    expect(page.locator(".my-work-link .count")).to_have_text("1")
    todo = my_work(page)
    assert_accessible(page, "the chair's My work")
    todo.get_by_role("link", name=f"Approve the Headlines of SSC {meeting.reference}").click()
    expect(page.get_by_text("This is exactly what will be published.")).to_be_visible()
    expect(page.get_by_text("The SSC discussed Shared Resources.")).to_be_visible()
    assert_accessible(page, "the Headlines to approve")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_role("status")).to_contain_text("Published", timeout=30_000)
    assert_accessible(page, "the Headlines published")
    page.screenshot(path=artefacts / "chair-approved-headlines.png", full_page=True)

    page.get_by_role("navigation", name="Portal").get_by_role("link", name="Headlines").click()
    page.get_by_role("link", name=f"SSC {meeting.reference}").click()
    _public_headlines_are_signed(page, meeting, headlines_signing_key)
    assert_accessible(page, "the public Headlines")
    my_work(page)
    expect(page.get_by_text("Nothing is waiting for you.")).to_be_visible()


def _emailed_link(to: str, subject_part: str) -> str:
    """The portal link of the e-mail sent to `to` whose subject says `subject_part`."""
    [message] = [m for m in mail.outbox if m.to == [to] and subject_part in m.subject]
    return re.search(r"See it on the portal: https?://[^/\s]+(/\S*)", message.body).group(1)


def test_a_meeting_goes_from_draft_to_signed_headlines_guided_only_by_inboxes_and_emails(
    new_page, people, artefacts, tmp_path, headlines_signing_key
):
    today = timezone.localdate()
    reference = f"95_{today:%d%m}"
    paper = tmp_path / "options.pdf"
    paper.write_bytes(text_pdf(["Options for Shared Resources"]))

    # The secretariat creates the meeting, builds and publishes its agenda.
    sec = new_page()
    sign_in_verified(sec, people, "sec")
    sec.get_by_role("navigation", name="Portal").get_by_role("link", name="Meetings").click()
    sec.get_by_role("link", name="Create a meeting", exact=True).click()
    sec.get_by_label("Number").fill("95")
    sec.get_by_label("Date:", exact=True).fill(today.isoformat())
    sec.get_by_label("Start time").fill("00:00")  # begun, whenever the test runs today
    sec.get_by_label("End time").fill("00:01")
    sec.get_by_role("button", name="Create the meeting").click()
    my_work(sec).get_by_role(
        "link", name=f"Publish the agenda and papers of SSC {reference}"
    ).click()
    form = sec.locator("#add-item")
    form.get_by_label("Title").fill("Shared Resources")
    form.get_by_label("Classification").select_option(label="WHITE")
    form.get_by_label("Headline:", exact=True).fill("The SSC discussed Shared Resources.")
    form.get_by_role("button", name="Add the item").click()
    sec.locator("#agenda-messages").get_by_text("Item 1 added.").wait_for()
    item = sec.locator(".builder-item", has_text="Shared Resources")
    item.locator("summary").click()
    upload = item.locator("form.paper-upload")
    upload.get_by_label("Title").fill("Options paper")
    upload.get_by_label("PDF").set_input_files(paper)
    upload.get_by_role("button", name="Upload paper").click()
    sec.locator("#agenda-messages").get_by_text("Paper added to item 1.").wait_for()
    attendees = sec.locator("section[aria-labelledby=attendees-heading]")
    for who, role in (("Test chair", "Chair"), ("Test member", "Member")):
        attendees.get_by_label("User").select_option(label=who)
        attendees.get_by_label("Role").select_option(label=role)
        attendees.get_by_role("button", name="Record attendee").click()
        expect(attendees.get_by_text(f"{who} ({role})")).to_be_visible()
    sec.get_by_role("button", name=re.compile("Publish the agenda and papers")).click()
    sec.get_by_text("Agenda and papers published").wait_for()

    # The member reads the paper from their inbox (or the e-mail telling them of it).
    member = new_page()
    sign_in_verified(member, people, "member")
    assert _emailed_link("member@example.org", "agenda and papers published") == "/meetings/SSC/95/"
    todo = my_work(member)
    assert_accessible(member, "the member's My work")
    read = todo.get_by_role("link", name="Read “Options paper”")
    served = member.request.get(read.get_attribute("href"))  # no PDF viewer headless
    assert served.body().startswith(b"%PDF-")
    my_work(member)
    expect(member.get_by_text("Read “Options paper”")).to_have_count(0)

    # The secretariat records the meeting as held and circulates the minutes.
    todo = my_work(sec)
    sec.screenshot(path=artefacts / "my-work-secretariat.png", full_page=True)
    assert_accessible(sec, "the secretariat's My work")
    todo.get_by_role("link", name=f"Record SSC {reference} as held").click()
    sec.get_by_role("button", name="Record the meeting as held").click()
    sec.get_by_text("The meeting is recorded as held.").wait_for()
    my_work(sec).get_by_role("link", name=f"Circulate the minutes of SSC {reference}").click()
    sec.get_by_role("button", name="Circulate the minutes to the attendees").click()
    sec.get_by_text("Circulated: the attendees can now read the minutes.").wait_for()

    # The chair returns the minutes once; the secretariat circulates them again.
    chair = new_page()
    sign_in_verified(chair, people, "chair")
    my_work(chair).get_by_role("link", name=f"Approve the minutes of SSC {reference}").click()
    assert_accessible(chair, "the minutes to approve")
    chair.get_by_label("What should change in the minutes?").fill("Name the presenter.")
    chair.get_by_role("button", name="Return to the secretariat").click()
    chair.get_by_text("Returned to the secretariat with your comments.").wait_for()
    again = f"Change the minutes of SSC {reference} and circulate them again"
    my_work(sec).get_by_role("link", name=again).click()
    expect(sec.get_by_text("Name the presenter.", exact=True)).to_be_visible()
    assert_accessible(sec, "the minutes returned with the chair's comments")
    sec.get_by_role("button", name="Circulate the minutes to the attendees").click()
    sec.get_by_text("Circulated: the attendees can now read the minutes.").wait_for()
    my_work(chair).get_by_role("link", name=f"Approve the minutes of SSC {reference}").click()
    chair.get_by_role("button", name="Approve the minutes").click()
    chair.get_by_text("Minutes approved.").wait_for()

    # The secretariat submits the Headlines; the chair approves them.
    my_work(sec).get_by_role(
        "link", name=f"Submit the Headlines of SSC {reference} to the chair"
    ).click()
    sec.get_by_role("button", name="Submit this draft to the chair").click()
    sec.get_by_text("Headlines submitted to the chair for approval.").wait_for()
    my_work(chair).get_by_role("link", name=f"Approve the Headlines of SSC {reference}").click()
    chair.get_by_role("button", name="Approve and publish").click()
    expect(chair.get_by_role("status")).to_contain_text("Published", timeout=30_000)
    chair.screenshot(path=artefacts / "cycle-headlines-approved.png", full_page=True)

    # The member follows the e-mail announcing them to the public, signed Headlines.
    member.goto(_emailed_link("member@example.org", "Headlines published"))
    meeting = HeadlinesVersion.objects.get().meeting
    _public_headlines_are_signed(member, meeting, headlines_signing_key)
    # Nothing is left to the secretariat, nor to approve for the chair (who has not read the
    # paper, though).
    expect(my_work(sec)).to_have_count(0)
    expect(my_work(chair).get_by_role("link", name=re.compile("^Approve"))).to_have_count(0)
