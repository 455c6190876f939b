"""seed_demo: the demo `make run` loads, the whole cycle of a meeting dated from today.

Its accounts have a published password, so it runs only with DEBUG on.
"""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from classification.levels import Level, MeetingStatus
from committees.models import Membership, SecretariatAssignment
from demo.management.commands.seed_demo import DEMO_PASSWORD, PERSONAS
from headlines.models import HeadlinesRequest, HeadlinesVersion
from interests.selectors import meeting_conflicts
from meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Committee,
    Decision,
    Meeting,
    Paper,
    PaperVersion,
    Recusal,
)
from meetings.schedule import papers_deadline
from tests import ROOT

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def run(*args) -> str:
    """Run a command and return what it printed."""
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def row_counts() -> dict:
    models = [
        User,
        Committee,
        Meeting,
        Attendance,
        AgendaItem,
        Recusal,
        Paper,
        PaperVersion,
        Decision,
        Action,
        HeadlinesRequest,
        HeadlinesVersion,
    ]
    return {model.__name__: model.objects.count() for model in models}


def _memberships(username):
    return sorted(
        Membership.objects.filter(user__username=username).values_list(
            "committee__code", "role", "level"
        )
    )


def _secretariat_of(username):
    assignments = SecretariatAssignment.objects.filter(user__username=username)
    return sorted(assignments.values_list("committee__code", flat=True))


def _ssc(number) -> Meeting:
    return Meeting.objects.get(committee__code="SSC", number=number)


def test_seed_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        run("seed_demo")
    assert not User.objects.exists()


@pytest.mark.usefixtures("debug")
def test_seed_demo_creates_one_account_per_persona(db):
    run("seed_demo")
    assert sorted(User.objects.values_list("username", flat=True)) == [
        "chair",
        "member",
        "member2",
        "registered",
        "secretariat",
        "tabasc",
    ]
    assert _secretariat_of("secretariat") == ["SSC", "TABASC"]


def _readme_demo_accounts() -> dict[str, tuple[str, str]]:
    """The README's demo accounts table: username to (password, organisation)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Demo logins", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| `([^`]+)` \| [^|]+ \| ([^|]+?) \|", section, re.M)
    return {username: (password, organisation) for username, password, organisation in rows}


def test_the_readmes_demo_accounts_are_the_accounts_seed_demo_makes():
    assert _readme_demo_accounts() == {
        username: (DEMO_PASSWORD, organisation) for username, _, organisation, _ in PERSONAS
    }


@pytest.mark.usefixtures("debug")
def test_seed_demo_has_a_member_of_each_committee_and_one_on_both(db):
    run("seed_demo")
    assert _memberships("member2") == [("SSC", "member", Level.AMBER)]
    assert _memberships("tabasc") == [("TABASC", "member", Level.AMBER)]
    assert _memberships("member") == [
        ("SSC", "member", Level.AMBER),
        ("TABASC", "member", Level.AMBER),
    ]
    assert _memberships("chair") == [("SSC", "chair", Level.AMBER)]
    assert _memberships("registered") == []


@pytest.mark.usefixtures("debug")
def test_seed_demo_puts_the_vusa_of_an_ssc_members_organisation_on_an_ssc_agenda(db):
    run("seed_demo")
    member = User.objects.get(username="member")
    decision = Decision.objects.get(item__meeting__number=90, party=member.organisation)
    assert decision.kind.code == "vusa_compliance_status"
    assert decision.item.meeting.committee.code == "SSC"
    assert Attendance.objects.filter(meeting=decision.item.meeting, user=member).exists()
    assert member.organisation.assessments.get().committee.code == "SSC"


@pytest.mark.usefixtures("debug")
def test_seed_demo_flags_the_members_conflict_at_the_vusa_item_for_the_secretariat(db):
    run("seed_demo")
    meeting = Meeting.objects.get(committee__code="SSC", number=90)
    [conflict] = meeting_conflicts(meeting)
    assert conflict.user.username == "member"
    assert conflict.reason == "their organisation's VUSA and VUSA Compliance Status"
    assert not conflict.recused


@pytest.mark.usefixtures("debug")
def test_seed_demo_keeps_tabasc_amber_business_from_an_ssc_only_member(db):
    run("seed_demo")
    tabasc_item = AgendaItem.objects.get(meeting__committee__code="TABASC", level=Level.AMBER)
    visible = AgendaItem.objects.visible_to
    assert tabasc_item not in visible(User.objects.get(username="member2"))
    assert tabasc_item in visible(User.objects.get(username="member"))
    assert tabasc_item in visible(User.objects.get(username="tabasc"))


@pytest.mark.usefixtures("debug")
def test_seed_demo_accounts_log_in_with_the_demo_password(db):
    run("seed_demo")
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD), user.username


@pytest.mark.usefixtures("debug")
def test_seed_demo_prints_the_demo_password(db):
    assert f"password for all: {DEMO_PASSWORD}" in run("seed_demo")


@pytest.mark.usefixtures("debug")
def test_seed_demo_prints_where_each_meeting_of_the_cycle_stands(db):
    printed = run("seed_demo")
    deadline = papers_deadline(_ssc(91))
    assert "SSC 89_1311  13 November 2019: Headlines published at /headlines/SSC/89/" in printed
    assert f"{_ssc(90)}  {_ssc(90).date:%-d %B %Y}: held; its Headlines await the chair" in printed
    assert f"{_ssc(91)}  {_ssc(91).date:%-d %B %Y}: agenda published, papers due by " in printed
    assert f"papers due by {deadline:%-d %B %Y}" in printed


@pytest.mark.usefixtures("debug")
def test_seed_demo_creates_meetings_89_90_and_91(db):
    run("seed_demo")
    ssc = Meeting.objects.filter(committee__code="SSC")
    assert sorted(ssc.values_list("number", flat=True)) == [89, 90, 91]
    assert _ssc(89).items.count() == 14


@pytest.mark.usefixtures("debug")
def test_seed_demo_dates_meeting_90_in_the_past_and_91_and_tabasc_12_to_come(db):
    run("seed_demo")
    today = timezone.localdate()
    assert _ssc(90).date < today < _ssc(91).date
    assert _ssc(90).next_meeting == _ssc(91).date
    assert Meeting.objects.get(committee__code="TABASC", number=12).date > today


@pytest.mark.usefixtures("debug")
def test_seed_demo_meeting_90_is_held_with_its_papers_and_a_recusal(db):
    run("seed_demo")
    meeting = _ssc(90)
    assert meeting.status == MeetingStatus.HELD
    assert Paper.objects.filter(item__meeting=meeting, published_at__isnull=False).count() == 3
    assert list(Recusal.objects.values_list("user__username", "item__number")) == [("member", 3)]


@pytest.mark.usefixtures("debug")
def test_seed_demo_meeting_91_has_its_agenda_and_papers_out_before_they_are_due(db):
    run("seed_demo")
    meeting = _ssc(91)
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED
    assert Paper.objects.filter(item__meeting=meeting, published_at__isnull=False).count() == 3
    assert papers_deadline(meeting) > timezone.localdate()


@pytest.mark.usefixtures("debug")
def test_after_seed_demo_the_calendar_lists_an_upcoming_meeting(db, client):
    run("seed_demo")
    html = client.get("/").content.decode()
    upcoming = html.split("Upcoming meetings", 1)[1].split("Past meetings", 1)[0]
    assert f"(SSC) {_ssc(91).reference}" in upcoming
    assert "No meetings are scheduled" not in html


@pytest.mark.usefixtures("debug")
def test_after_seed_demo_a_member_sees_when_the_upcoming_papers_are_due(db, client):
    run("seed_demo")
    client.force_login(User.objects.get(username="member"))
    html = client.get("/meetings/SSC/91/").content.decode()
    assert f"Papers due by</dt><dd>{papers_deadline(_ssc(91)):%A %-d %B %Y}" in html


@pytest.mark.usefixtures("debug")
def test_after_seed_demo_the_headlines_index_links_a_published_signed_pdf(db, client):
    run("seed_demo")
    html = client.get("/headlines/").content.decode()
    (link,) = re.findall(r'href="(/headlines/SSC/89/v\d+\.pdf)"', html)
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    assert len(PdfFileReader(io.BytesIO(pdf)).embedded_signatures) == 1
    assert _ssc(89).status == MeetingStatus.HEADLINES_PUBLISHED


@pytest.mark.usefixtures("debug")
def test_after_seed_demo_the_held_meetings_headlines_await_the_chair(db, client):
    run("seed_demo")
    request = HeadlinesRequest.objects.get(meeting=_ssc(90))
    assert request.status == HeadlinesRequest.Status.SUBMITTED
    assert [entry["number"] for entry in request.document["matters_arising"]] == [1]
    client.force_login(User.objects.get(username="chair"))
    html = client.get("/meetings/SSC/90/").content.decode()
    assert f'href="/headlines/requests/{request.pk}/"' in html


@pytest.mark.usefixtures("debug")
def test_seed_demo_without_a_signing_key_loads_the_rest_and_says_what_to_run(db, settings):
    settings.HEADLINES_SIGNING_KEY = str(settings.MEDIA_ROOT / "missing-key.pem")
    printed = run("seed_demo")
    assert "The Headlines of SSC 89_1311 are not published" in printed
    assert "manage.py make_signing_key" in printed
    assert not HeadlinesVersion.objects.exists()
    assert not _ssc(89).headlines_requests.exists()
    assert _ssc(90).headlines_requests.get().status == HeadlinesRequest.Status.SUBMITTED


@pytest.mark.usefixtures("debug")
def test_seed_demo_run_again_once_the_key_is_made_publishes_the_seed_headlines(
    db, settings, signing_key_pair
):
    key, _ = signing_key_pair
    settings.HEADLINES_SIGNING_KEY = str(settings.MEDIA_ROOT / "missing-key.pem")
    run("seed_demo")
    settings.HEADLINES_SIGNING_KEY = str(key)
    assert "Headlines published at /headlines/SSC/89/" in run("seed_demo")
    assert HeadlinesVersion.objects.get().meeting == _ssc(89)


@pytest.mark.usefixtures("debug")
def test_seed_demo_run_twice_changes_nothing(db):
    run("seed_demo")
    before = row_counts()
    run("seed_demo")
    assert row_counts() == before
