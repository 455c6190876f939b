"""Conflicts of interest: the attendees whose organisation is the party of an item's business
are flagged to the secretariat, on the agenda builder and the meeting page, and recused there
in one click."""

from html import unescape

import pytest
from django.test import Client

from assessments.models import Assessment
from assessments.services import assessment_save
from classification.levels import Level
from interests.selectors import conflicts_by_item, meeting_conflicts
from meetings.models import Recusal
from tests.factories import (
    AgendaItemFactory,
    AssessmentFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
    OrganisationFactory,
    RecusalFactory,
    UserFactory,
    decision_kind,
    restriction,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def party():
    return OrganisationFactory(name="Sample Networks plc")


@pytest.fixture
def meeting():
    return MeetingFactory(number=90, status="agenda_published")


@pytest.fixture
def item(meeting):
    return AgendaItemFactory(
        meeting=meeting, number=4, title="VUSA Compliance Status", level=Level.RED
    )


def _employee(party, username, *, attends=None):
    user = UserFactory(username=username, organisation=party, clearance=Level.AMBER)
    if attends is not None:
        AttendanceFactory(meeting=attends, user=user)
    return user


def _vusa_decision(item, party):
    return DecisionFactory(
        item=item, party=party, kind=decision_kind("vusa_compliance_status"), outcome=""
    )


def _flagged(meeting):
    return {(c.item_number, c.user.username) for c in meeting_conflicts(meeting)}


# Who is flagged


def test_an_attendee_whose_organisation_is_the_party_of_a_decision_is_flagged(meeting, item, party):
    _employee(party, "morgan", attends=meeting)
    _vusa_decision(item, party)
    [conflict] = meeting_conflicts(meeting)
    assert (conflict.item_number, conflict.user.username) == (4, "morgan")
    assert conflict.reason == "their organisation's VUSA Compliance Status"
    assert conflict.organisation == "Sample Networks plc"
    assert not conflict.recused


def test_an_attendee_whose_organisations_assessment_is_considered_at_an_item_is_flagged(
    meeting, item, party
):
    _employee(party, "morgan", attends=meeting)
    AssessmentFactory(party=party, item=item, committee=meeting.committee)
    [conflict] = meeting_conflicts(meeting)
    assert conflict.reason == "their organisation's VUSA"


def test_the_flagged_are_exactly_the_partys_employees_who_attend(meeting, item, party):
    other = OrganisationFactory(name="Other Energy Ltd")
    _employee(party, "morgan", attends=meeting)
    _employee(party, "kim", attends=meeting)
    _employee(party, "absent")  # works for the party, does not attend
    _employee(other, "rival", attends=meeting)  # attends, works elsewhere
    AttendanceFactory(meeting=meeting, user=UserFactory(username="no_organisation"))
    _vusa_decision(item, party)
    elsewhere = AgendaItemFactory(meeting=meeting, number=5, level=Level.RED)
    AssessmentFactory(party=party, item=elsewhere, committee=meeting.committee)
    assert _flagged(meeting) == {(4, "morgan"), (4, "kim"), (5, "morgan"), (5, "kim")}


def test_a_decision_and_an_assessment_of_one_party_at_one_item_flag_an_attendee_once(
    meeting, item, party
):
    _employee(party, "morgan", attends=meeting)
    _vusa_decision(item, party)
    _vusa_decision(item, party)
    AssessmentFactory(party=party, item=item, committee=meeting.committee)
    [conflict] = meeting_conflicts(meeting)
    assert conflict.reason == "their organisation's VUSA and VUSA Compliance Status"


def test_an_attendee_already_recused_is_shown_as_recused(meeting, item, party):
    morgan = _employee(party, "morgan", attends=meeting)
    _vusa_decision(item, party)
    RecusalFactory(item=item, user=morgan)
    [conflict] = meeting_conflicts(meeting)
    assert conflict.recused


def test_business_of_another_meetings_item_flags_nobody_here(meeting, party):
    _employee(party, "morgan", attends=meeting)
    other_meeting = MeetingFactory(number=91)
    _vusa_decision(AgendaItemFactory(meeting=other_meeting, level=Level.RED), party)
    AssessmentFactory(
        party=party, item=AgendaItemFactory(meeting=other_meeting), committee=meeting.committee
    )
    assert meeting_conflicts(meeting) == []


def test_an_assessment_considered_nowhere_flags_nobody(meeting, item, party):
    _employee(party, "morgan", attends=meeting)
    AssessmentFactory(party=party, committee=meeting.committee)
    assert meeting_conflicts(meeting) == []


def test_conflicts_are_read_in_four_queries_whatever_their_number(
    meeting, party, django_assert_num_queries
):
    for number in range(1, 21):
        item = AgendaItemFactory(meeting=meeting, number=number, level=Level.RED)
        _vusa_decision(item, party)
        AssessmentFactory(party=party, item=item, committee=meeting.committee)
    for n in range(5):
        _employee(party, f"employee{n}", attends=meeting)
    with django_assert_num_queries(4):
        conflicts = conflicts_by_item(meeting)
    assert sum(len(flags) for flags in conflicts.values()) == 100


def test_an_assessment_considered_at_an_item_becomes_that_committees_record(
    meeting, item, party, secretariat
):
    assessment = Assessment(
        party=party, kind=Assessment.Kind.VUSA, item=item, **restriction(Level.RED)
    )
    assessment_save(assessment=assessment, by=secretariat)
    assert assessment.committee == meeting.committee


# Shown to the secretariat only


def _builder(meeting) -> str:
    return f"/meetings/{meeting.committee.code}/{meeting.number}/agenda/"


def _page(meeting) -> str:
    return f"/meetings/{meeting.committee.code}/{meeting.number}/"


def test_the_agenda_builder_flags_the_conflict_naming_the_person(
    client, secretariat, meeting, item, party
):
    _employee(party, "morgan", attends=meeting)
    _vusa_decision(item, party)
    client.force_login(secretariat)
    html = unescape(client.get(_builder(meeting)).content.decode())
    assert (
        "<strong>Conflict</strong>: Test morgan — their organisation's VUSA Compliance Status "
        "(Sample Networks plc)"
    ) in html


def test_the_meeting_page_flags_the_conflict_to_the_secretariat(
    client, secretariat, meeting, item, party
):
    _employee(party, "morgan", attends=meeting)
    _vusa_decision(item, party)
    client.force_login(secretariat)
    html = unescape(client.get(_page(meeting)).content.decode())
    assert "Item 4: <strong>Conflict</strong>: Test morgan — their organisation's VUSA" in html


def test_members_who_see_the_item_are_not_shown_who_is_conflicted(client, meeting, item, party):
    morgan = _employee(party, "morgan", attends=meeting)
    _vusa_decision(item, party)
    chair = UserFactory(username="chair", clearance=Level.AMBER)
    AttendanceFactory(meeting=meeting, user=chair, role="chair")
    for reader in (chair, morgan):
        client.force_login(reader)
        html = client.get(_page(meeting)).content.decode()
        assert "VUSA Compliance Status" in html  # the item itself is theirs to see
        assert "Conflicts of interest" not in html
        assert "<strong>Conflict</strong>" not in html


# One-click recusal


def _recuse_url(meeting, item, user) -> str:
    return f"{_page(meeting)}conflicts/{item.pk}/{user.pk}/recuse/"


def test_one_click_recusal_on_the_meeting_page_recuses_and_shows_them_recused_in_place(
    client, secretariat, meeting, item, party
):
    morgan = _employee(party, "morgan", attends=meeting)
    _vusa_decision(item, party)
    client.force_login(secretariat)
    response = client.post(_recuse_url(meeting, item, morgan), headers=HTMX)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert html.lstrip().startswith('<section id="conflicts"')  # the panel, swapped in place
    assert "Test morgan recused from item 4." in html
    assert "<strong>Recused</strong>: Test morgan" in html
    recusal = Recusal.objects.get(item=item, user=morgan)
    assert recusal.reason.startswith("Conflict of interest: their organisation's VUSA")
    assert "<strong>Recused</strong>: Test morgan" in client.get(_page(meeting)).content.decode()


def test_one_click_recusal_without_javascript_redirects_back_to_the_meeting_page(
    client, secretariat, meeting, item, party
):
    morgan = _employee(party, "morgan", attends=meeting)
    _vusa_decision(item, party)
    client.force_login(secretariat)
    response = client.post(_recuse_url(meeting, item, morgan), follow=True)
    assert response.redirect_chain[-1][0] == f"{_page(meeting)}#conflicts"
    assert "Test morgan recused from item 4." in response.content.decode()
    assert Recusal.objects.filter(item=item, user=morgan).exists()


def test_the_recuse_buttons_post_with_a_csrf_token_and_are_refused_without_one(
    secretariat, meeting, item, party
):
    morgan = _employee(party, "morgan", attends=meeting)
    _vusa_decision(item, party)
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    for page in (_page(meeting), _builder(meeting)):
        html = client.get(page).content.decode()
        form = html[html.index('<form method="post" action="', html.index("<strong>Conflict")) :]
        assert 'name="csrfmiddlewaretoken"' in form[: form.index("</form>")]
        assert 'hx-post="' in form[: form.index("</form>")]
    assert client.post(_recuse_url(meeting, item, morgan), headers=HTMX).status_code == 403
    assert not Recusal.objects.exists()


def test_one_click_recusal_on_the_agenda_builder_recuses_and_shows_them_recused(
    client, secretariat, meeting, item, party
):
    morgan = _employee(party, "morgan", attends=meeting)
    _vusa_decision(item, party)
    client.force_login(secretariat)
    html = client.get(_builder(meeting)).content.decode()
    start = html.index('<form method="post"', html.index("<strong>Conflict"))
    form = html[start : html.index("</form>", start)]
    action = form.split('action="')[1].split('"')[0]
    reason = form.split('name="reason" value="')[1].split('"')[0]
    response = client.post(action, {"user": morgan.pk, "reason": reason}, headers=HTMX)
    fragment = response.content.decode()
    assert "Test morgan recused from item 4." in fragment
    assert "<strong>Recused</strong>: Test morgan" in fragment
    assert Recusal.objects.get(item=item, user=morgan).reason.startswith("Conflict of interest")


def test_a_member_who_posts_a_recusal_gets_404_and_nothing_changes(client, meeting, item, party):
    morgan = _employee(party, "morgan", attends=meeting)
    _vusa_decision(item, party)
    client.force_login(UserFactory(username="amber", clearance=Level.AMBER))
    assert client.post(_recuse_url(meeting, item, morgan)).status_code == 404
    assert not Recusal.objects.exists()


def test_recusing_someone_no_longer_flagged_recuses_nobody(
    client, secretariat, meeting, item, party
):
    _employee(party, "morgan", attends=meeting)
    _vusa_decision(item, party)
    bystander = UserFactory(username="bystander")
    AttendanceFactory(meeting=meeting, user=bystander)
    client.force_login(secretariat)
    response = client.post(_recuse_url(meeting, item, bystander), headers=HTMX)
    assert "the conflict is no longer there" in response.content.decode()
    assert not Recusal.objects.exists()
