"""Every persona's main pages fit a 390 px phone and a 1366 px laptop without scrolling sideways,
and on the phone the navigation folds into a menu that opens to show it all. axe-core finds
nothing on any of them, with every <details> open, in the light theme and in the dark.

One browser context per persona: each page is loaded once, measured at the phone's width,
checked by axe with its <details> open, then widened, measured again (the layout follows the
viewport without a reload) and checked by axe in the dark theme.
"""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from classification.levels import Level
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AssessmentFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
    OrganisationFactory,
    PaperFactory,
    UserFactory,
    decision_kind,
)

from .accessibility import describe, open_every_details, violations
from .conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
# The innermost elements reaching past the window's right edge (some may be clipped by a
# scrolling table: the last ones found are the likeliest culprits).
TOO_WIDE = """() => Array.from(document.querySelectorAll("body *"))
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .filter(e => !Array.from(e.children).some(
        c => c.getBoundingClientRect().right > window.innerWidth + 1))
    .slice(-3).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : ""))"""


@pytest.fixture
def cycle():
    """A committee's people and the records their pages show: a meeting with a long agenda item,
    a paper to read, a decision, an action and a party under assessment; a past meeting."""
    UserFactory(username="sec", clearance=Level.AMBER, is_secretariat=True, is_staff=True)
    chair = UserFactory(username="chair", clearance=Level.AMBER)
    member = UserFactory(username="member", clearance=Level.AMBER)
    meeting = MeetingFactory(number=89, date=datetime.date.today() + datetime.timedelta(days=30))
    MeetingFactory(number=88, date=datetime.date.today() - datetime.timedelta(days=60))
    AttendanceFactory(meeting=meeting, user=chair, role="chair")
    AttendanceFactory(meeting=meeting, user=member)
    item = AgendaItemFactory(
        meeting=meeting,
        number=1,
        level=Level.AMBER,
        title="Shared Resource Provider assurance: the DCC's proposal for the 2027 audit cycle",
        presenter="Data Communications Company",
        headline="The SSC discussed Shared Resources.",
    )
    AgendaItemFactory(meeting=meeting, number=2, level=Level.WHITE, title="SMETS1")
    paper = PaperFactory(item=item, title="Shared Resources options")
    party = OrganisationFactory(name="Example Energy Supply Limited", level=Level.AMBER)
    AssessmentFactory(party=party)
    DecisionFactory(item=item, party=party, kind=decision_kind("ssa"))
    ActionFactory(item=item, owner_user=member, description="Circulate the audit scope")
    return {"meeting": meeting, "paper": paper, "party": party}


def _pages(cycle, *names):
    meeting, paper, party = cycle["meeting"], cycle["paper"], cycle["party"]
    at = (meeting.committee.code, meeting.number)
    addresses = {
        "calendar": reverse("meetings:home"),
        "meeting": reverse("meetings:meeting_detail", args=at),
        "headlines": reverse("headlines:headlines_index"),
        "dashboard": reverse("members:dashboard"),
        "reader": reverse("reader:paper", args=[paper.pk]),
        "notes": reverse("reader:my_notes"),
        "notifications": reverse("notifications:preferences"),
        "builder": reverse("meetings:agenda_builder", args=at),
        "minutes": reverse("meetings:minutes_edit", args=at),
        "headlines draft": reverse("headlines:headlines_compose", args=at),
        "register": reverse("assessments:assessment_register"),
        "review queue": reverse("reviews:review_queue"),
        "memberships": reverse("committees:members", args=[meeting.committee.code]),
        "party": reverse("assessments:party_detail", args=[party.pk]),
        "paper readers": reverse("meetings:paper_readers", args=[paper.pk]),
        "presenter contacts": reverse("questions:presenter_contacts", args=at),
        "questions": reverse("questions:meeting_questions", args=at),
        "declarations": reverse("interests:declarations", args=at),
        "meetings to manage": reverse("meetings:manage_meetings"),
        "new meeting": reverse("meetings:meeting_create"),
        "headlines search": reverse("headlines:headlines_search") + "?q=Shared",
    }
    return [(name, addresses[name]) for name in names]


def _problems(page, pages):
    """What is wrong with the pages: those (and widths) that scroll sideways, with how far, and
    what axe-core finds in each theme; each page is loaded once."""
    found = []
    for name, address in pages:
        page.set_viewport_size(PHONE)
        response = page.goto(address)
        assert response.ok, f"{name} answered {response.status}"
        for viewport, theme in ((PHONE, "light"), (LAPTOP, "dark")):
            page.set_viewport_size(viewport)
            excess = page.evaluate(OVERFLOW)
            if excess > 0:
                widest = ", ".join(page.evaluate(TOO_WIDE))
                found.append(f"{name} at {viewport['width']} px: {excess} px too wide ({widest})")
            # On the phone the open menu would cover the page, and axe could not see the
            # colours under it: the menu is checked open on the laptop.
            open_every_details(page, but="details.menu" if viewport is PHONE else "")
            page.emulate_media(color_scheme=theme)
            if seen := violations(page):
                found.append(f"{name}, {theme} theme, axe-core:\n{describe(seen)}")
        page.emulate_media(color_scheme="light")
    return found


def _the_menu_opens_to_sign_out(page):
    page.set_viewport_size(PHONE)
    page.goto(reverse("meetings:home"))
    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_hidden()
    page.locator("details.menu > summary").click()
    expect(sign_out).to_be_visible()
    expect(page.get_by_role("navigation", name="Portal")).to_be_visible()
    expect(page.get_by_role("navigation", name="Account")).to_be_visible()
    assert page.evaluate(OVERFLOW) <= 0


def test_the_public_pages_fit_a_phone_and_a_laptop(page, cycle):
    problems = _problems(
        page, _pages(cycle, "calendar", "meeting", "headlines", "headlines search")
    )
    assert problems == [], "\n".join(problems)
    page.set_viewport_size(PHONE)
    page.reload()  # with its <details> closed again
    page.locator("details.menu > summary").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_a_members_pages_fit_a_phone_and_a_laptop(page, cycle):
    sign_in(page, "member")
    names = ("calendar", "meeting", "dashboard", "reader", "notes", "notifications")
    problems = _problems(page, _pages(cycle, *names))
    assert problems == [], "\n".join(problems)
    _the_menu_opens_to_sign_out(page)


def test_the_chairs_pages_fit_a_phone_and_a_laptop(page, cycle):
    sign_in(page, "chair")
    problems = _problems(page, _pages(cycle, "meeting", "dashboard", "headlines"))
    assert problems == [], "\n".join(problems)
    _the_menu_opens_to_sign_out(page)


def test_the_secretariats_pages_fit_a_phone_and_a_laptop(page, cycle):
    sign_in(page, "sec")
    names = (
        "calendar",
        "meeting",
        "builder",
        "minutes",
        "headlines draft",
        "dashboard",
        "reader",
        "register",
        "review queue",
        "memberships",
        "notifications",
        "party",
        "paper readers",
        "presenter contacts",
        "questions",
        "declarations",
        "meetings to manage",
        "new meeting",
    )
    problems = _problems(page, _pages(cycle, *names))
    assert problems == [], "\n".join(problems)
    _the_menu_opens_to_sign_out(page)
