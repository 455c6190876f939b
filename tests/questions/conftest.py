"""The questions tests' world: a meeting whose agenda is published, with an AMBER item and its
paper, and the people around it: attendees, a recused attendee, the chair, the secretariat,
an AMBER member not attending, a member of another committee, a former member."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from classification.levels import Level
from meetings.demo import text_pdf
from meetings.models import PaperVersion
from questions import services
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    RecusalFactory,
    UserFactory,
)

# Written into every question, answer and item title: no e-mail may carry it.
CANARY = "Kestrel"


@pytest.fixture
def meeting(db, chair):
    meeting = MeetingFactory(number=89, status="agenda_published")
    AttendanceFactory(meeting=meeting, user=chair, role="chair")
    return meeting


@pytest.fixture
def item(meeting):
    """AMBER item 1, with a published AMBER paper of two pages."""
    item = AgendaItemFactory(
        meeting=meeting, number=1, level=Level.AMBER, title=f"{CANARY} shared resources"
    )
    paper = PaperFactory(item=item, title=f"{CANARY} paper", with_file=False)
    content = text_pdf(["Page one", "Page two"])
    version = PaperVersion(paper=paper, number=1, size=len(content))
    version.file.save("upload.pdf", ContentFile(content), save=True)
    return item


@pytest.fixture
def paper(item):
    return item.papers.get()


@pytest.fixture
def attendee(meeting):
    """An AMBER member of the committee attending the meeting."""
    user = UserFactory(username="attendee", clearance=Level.AMBER)
    AttendanceFactory(meeting=meeting, user=user)
    return user


@pytest.fixture
def recused(meeting, item):
    """An AMBER member attending the meeting, recused from item 1."""
    user = UserFactory(username="recused", clearance=Level.AMBER)
    AttendanceFactory(meeting=meeting, user=user)
    RecusalFactory(item=item, user=user)
    return user


@pytest.fixture
def other_committee(db):
    """An AMBER member of TABASC, not of the SSC."""
    return UserFactory(username="tabasc", member_of=CommitteeFactory(code="TABASC", name="TABASC"))


@pytest.fixture
def expired(db):
    """A former SSC member: their membership ended yesterday."""
    user = UserFactory(username="expired")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    MembershipFactory(user=user, committee=CommitteeFactory(), ends=yesterday)
    return user


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Ask a question through the service, its notifications sent."""

    def ask(item, by, text=f"What does {CANARY} cost?", **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return services.question_ask(item=item, text=text, by=by, **fields)

    return ask
