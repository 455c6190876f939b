"""Forms that help: a decision's outcomes follow its kind; a new meeting starts from the last.

Choosing a decision's kind narrows its outcomes to that kind's (the page asks the server for
them, without a reload); creating a meeting pre-selects the committee when there is one and
suggests the next number and the committee's usual time; the secretariat's navigation leads
to the meetings it manages.
"""

import datetime
import re

import pytest

from classification.levels import Level
from meetings.models import DecisionKind, Meeting
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    secretariat_grant,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
NEW = "/manage/meetings/new/"


def _outcomes_url(item):
    return f"/meetings/SSC/{item.meeting.number}/minutes/items/{item.pk}/decisions/outcomes/"


def _options(html: str, name: str) -> list[str]:
    """The values offered by the <select> named `name` (blank first choice left out)."""
    select = re.search(rf'<select name="{re.escape(name)}".*?</select>', html, re.S).group(0)
    return [value for value in re.findall(r'<option value="([^"]*)"', select) if value]


def _selected(html: str, name: str) -> str | None:
    select = re.search(rf'<select name="{re.escape(name)}".*?</select>', html, re.S).group(0)
    found = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return (found.group(1) or None) if found else None  # the blank choice is no committee


def _value(html: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', html).group(1)


@pytest.fixture
def item(db):
    meeting = MeetingFactory(number=89, status="held")
    return AgendaItemFactory(meeting=meeting, number=1, level=Level.RED)


# A decision's outcomes follow its kind


def test_choosing_a_kind_offers_only_that_kinds_outcomes(client, secretariat, item):
    client.force_login(secretariat)
    prefix = f"decision-{item.pk}"
    response = client.get(_outcomes_url(item), {f"{prefix}-kind": "vusa_compliance_status"}, **HTMX)
    assert response.status_code == 200
    assert _options(response.content.decode(), f"{prefix}-outcome") == [
        "Compliant",
        "Compliant, subject to a Remediation Plan",
        "Non-compliant",
    ]


def test_a_kind_with_one_outcome_offers_it_alone(client, secretariat, item):
    client.force_login(secretariat)
    prefix = f"decision-{item.pk}"
    response = client.get(_outcomes_url(item), {f"{prefix}-kind": "ssa"}, **HTMX)
    assert _options(response.content.decode(), f"{prefix}-outcome") == ["Noted"]


def test_a_kind_that_lists_no_outcomes_takes_any_outcome_as_text(client, secretariat, item):
    DecisionKind.objects.create(
        code="other",
        name="Other",
        summary_singular="{count} other",
        summary_plural="{count} others",
    )
    client.force_login(secretariat)
    prefix = f"decision-{item.pk}"
    html = client.get(_outcomes_url(item), {f"{prefix}-kind": "other"}, **HTMX).content.decode()
    assert re.search(rf'<input type="text" name="{prefix}-outcome"', html)


def test_no_kind_chosen_offers_every_kinds_outcomes(client, secretariat, item):
    client.force_login(secretariat)
    response = client.get(_outcomes_url(item), {f"decision-{item.pk}-kind": ""}, **HTMX)
    offered = _options(response.content.decode(), f"decision-{item.pk}-outcome")
    assert {"Deferred", "Compliant", "Not approved", "Noted"} <= set(offered)


def test_the_outcomes_of_a_kind_are_not_served_to_a_member(client, member, item):
    client.force_login(member)
    response = client.get(_outcomes_url(item), {f"decision-{item.pk}-kind": "ssa"}, **HTMX)
    assert response.status_code == 404


def test_the_kind_asks_for_its_outcomes_when_it_changes(client, secretariat, item):
    client.force_login(secretariat)
    html = client.get("/meetings/SSC/89/minutes/").content.decode()
    kind = re.search(rf'<select name="decision-{item.pk}-kind"[^>]*>', html).group(0)
    assert f'hx-get="{_outcomes_url(item)}"' in kind
    assert f'hx-target="#id_decision-{item.pk}-outcome-field"' in kind
    assert f'id="id_decision-{item.pk}-outcome-field"' in html


def test_a_refused_decision_offers_the_outcomes_of_the_kind_chosen(client, secretariat, item):
    client.force_login(secretariat)
    prefix = f"decision-{item.pk}"
    response = client.post(
        f"/meetings/SSC/89/minutes/items/{item.pk}/decisions/",
        {f"{prefix}-kind": "directors_letter", f"{prefix}-outcome": "", f"{prefix}-level": 3},
        **HTMX,
    )
    html = response.content.decode()
    assert "Choose an outcome" in html
    assert _options(html, f"{prefix}-outcome") == ["Approved", "Not approved"]


# Creating a meeting


def test_the_only_committee_is_pre_selected(client, secretariat):
    committee = CommitteeFactory()
    client.force_login(secretariat)
    html = client.get(NEW).content.decode()
    assert _selected(html, "committee") == str(committee.pk)


def test_of_several_committees_none_is_pre_selected(client, secretariat):
    CommitteeFactory()
    secretariat_grant(
        secretariat, CommitteeFactory(code="TAB", name="Technical Architecture Board")
    )
    client.force_login(secretariat)
    assert _selected(client.get(NEW).content.decode(), "committee") is None


def test_the_committee_named_in_the_address_is_pre_selected(client, secretariat):
    CommitteeFactory()
    board = CommitteeFactory(code="TAB", name="Technical Architecture Board")
    secretariat_grant(secretariat, board)
    client.force_login(secretariat)
    html = client.get(NEW, {"committee": "TAB"}).content.decode()
    assert _selected(html, "committee") == str(board.pk)


def test_an_unknown_committee_in_the_address_pre_selects_nothing(client, secretariat):
    CommitteeFactory()
    CommitteeFactory(code="TAB", name="Technical Architecture Board")
    client.force_login(secretariat)
    response = client.get(NEW, {"committee": "NOPE"})
    assert response.status_code == 200
    assert _selected(response.content.decode(), "committee") is None


def test_the_next_number_of_the_committee_is_suggested(client, secretariat):
    MeetingFactory(number=89)
    MeetingFactory(number=90)
    client.force_login(secretariat)
    assert _value(client.get(NEW).content.decode(), "number") == "91"


def test_the_first_meeting_of_a_committee_is_suggested_number_one(client, secretariat):
    CommitteeFactory()
    client.force_login(secretariat)
    assert _value(client.get(NEW).content.decode(), "number") == "1"


def test_the_times_of_the_committees_last_meeting_are_suggested(client, secretariat):
    MeetingFactory(
        number=89,
        date=datetime.date(2019, 11, 13),
        start_time=datetime.time(9),
        end_time=datetime.time(11),
    )
    MeetingFactory(
        number=90,
        date=datetime.date(2019, 11, 27),
        start_time=datetime.time(14),
        end_time=datetime.time(16, 30),
    )
    client.force_login(secretariat)
    html = client.get(NEW).content.decode()
    assert (_value(html, "start_time"), _value(html, "end_time")) == ("14:00", "16:30")


def test_without_an_earlier_meeting_ten_to_noon_is_suggested(client, secretariat):
    CommitteeFactory()
    client.force_login(secretariat)
    html = client.get(NEW).content.decode()
    assert (_value(html, "start_time"), _value(html, "end_time")) == ("10:00", "12:00")


def test_choosing_a_committee_answers_with_its_suggestions_alone(client, secretariat):
    CommitteeFactory()
    board = CommitteeFactory(code="TAB", name="Technical Architecture Board")
    secretariat_grant(secretariat, board)
    MeetingFactory(committee=board, number=7, start_time=datetime.time(15))
    client.force_login(secretariat)
    html = client.get(NEW, {"committee": board.pk}, **HTMX).content.decode()
    assert "<html" not in html
    assert 'name="location"' not in html
    assert _value(html, "number") == "8"
    assert _value(html, "start_time") == "15:00"
    inputs = re.findall(r"<input[^>]*>", html)
    assert len(inputs) == 3
    assert all('hx-swap-oob="true"' in tag for tag in inputs)


def test_the_committee_asks_for_new_suggestions_when_it_changes(client, secretariat):
    CommitteeFactory()
    client.force_login(secretariat)
    html = client.get(NEW).content.decode()
    committee = re.search(r'<select name="committee"[^>]*>', html).group(0)
    assert f'hx-get="{NEW}"' in committee
    assert 'hx-trigger="change changed"' in committee


def test_a_meeting_is_created_at_the_times_given(client, secretariat):
    committee = CommitteeFactory()
    client.force_login(secretariat)
    response = client.post(
        NEW,
        {
            "committee": committee.pk,
            "number": 95,
            "date": "2020-03-11",
            "start_time": "13:30",
            "end_time": "15:00",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(number=95)
    assert (meeting.start_time, meeting.end_time) == (datetime.time(13, 30), datetime.time(15))


def test_a_meeting_ending_before_it_starts_is_refused_naming_the_end(client, secretariat):
    committee = CommitteeFactory()
    client.force_login(secretariat)
    response = client.post(
        NEW,
        {
            "committee": committee.pk,
            "number": 95,
            "date": "2020-03-11",
            "start_time": "13:30",
            "end_time": "12:00",
        },
    )
    assert "The meeting must end after it starts." in response.content.decode()
    assert not Meeting.objects.filter(number=95).exists()


def test_the_meetings_list_offers_to_create_the_next_meeting_of_each_committee(client, secretariat):
    CommitteeFactory()
    client.force_login(secretariat)
    html = client.get("/manage/meetings/").content.decode()
    assert f'href="{NEW}?committee=SSC"' in html


# The secretariat's navigation


def test_the_secretariats_navigation_leads_to_the_meetings_it_manages(client, secretariat):
    client.force_login(secretariat)
    nav = re.search(r'<nav aria-label="Portal">.*?</nav>', client.get("/").content.decode(), re.S)
    assert '<a href="/manage/meetings/">Meetings</a>' in nav.group(0)


def test_a_members_navigation_has_no_meetings_management(client, member):
    client.force_login(member)
    assert 'href="/manage/meetings/"' not in client.get("/").content.decode()
