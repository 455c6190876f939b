"""Bad input: the action log's filters."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from classification.levels import Level
from meetings.models import Action
from tests.factories import ActionFactory, AgendaItemFactory, AttendanceFactory, MeetingFactory
from tests.system.bad_input.helpers import (
    budget,
    database_rows,
    form_data,
    outcome,
    page_text,
    rolled_back,
    sent,
    texts,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def action_log_data(db, member):
    """Two actions that the member sees, in a meeting whose minutes are approved."""
    meeting = MeetingFactory(number=94, status="minutes_approved", minutes_status="approved")
    AttendanceFactory(meeting=meeting, user=member)
    item = AgendaItemFactory(meeting=meeting, number=1, level=Level.AMBER)
    ActionFactory(item=item, reference="SSC94/01", owner_user=member, owner_organisation="")
    ActionFactory(item=item, reference="SSC94/02", due=datetime.date(2019, 1, 1))
    return meeting


ACTION_LOG_FILTERS = form_data(
    valid={
        "meeting": st.sampled_from([None, "", "own"]),
        "owner": st.sampled_from([None, "", "member", "SECAS"]),
        "status": st.sampled_from([None, "", *Action.Status.values]),
        "overdue": st.sampled_from([None, "", "yes", "no"]),
        "page": st.sampled_from([None, "1"]),
    },
    junk={
        "meeting": st.one_of(
            st.sampled_from([" own ", "+own", "99999", "9" * 30, "1.0", "²"]), texts(8)
        ),
        "owner": st.one_of(st.sampled_from(["nobody", "MEMBER", " member"]), texts(8)),
        "status": st.one_of(st.sampled_from(["OPEN", "open "]), texts(8)),
        "overdue": st.one_of(st.sampled_from(["YES", "true", "1"]), texts(5)),
        "page": st.one_of(st.sampled_from(["2", "-1", "0", "last", "9" * 30, "²"]), texts(5)),
    },
)


# Meeting 94's actions: owner, status, overdue.
ACTIONS_94 = {"SSC94/01": ("member", "open", False), "SSC94/02": ("SECAS", "open", True)}


def matching_actions(params) -> set[str]:
    return {
        reference
        for reference, (owner, status, overdue) in ACTIONS_94.items()
        if params["owner"] in (None, "", owner)
        and params["status"] in (None, "", status)
        and params["overdue"] in (None, "", "yes" if overdue else "no")
    }


@budget(50)
@given(params=ACTION_LOG_FILTERS)
def test_the_action_log_answers_junk_filters_with_a_400_naming_them(
    client, member, action_log_data, params
):
    client.force_login(member)
    meeting = action_log_data
    params = dict(params)
    if params["meeting"]:
        params["meeting"] = params["meeting"].replace("own", str(meeting.pk))
    refused = set()
    if params["meeting"]:
        try:
            if int(params["meeting"]) != meeting.pk:
                refused.add("Meeting")
        except ValueError:
            refused.add("Meeting")
    if params["owner"] and params["owner"] not in {"member", "SECAS"}:
        refused.add("Owner")
    if params["status"] and params["status"] not in Action.Status.values:
        refused.add("Status")
    if params["overdue"] and params["overdue"] not in {"yes", "no"}:
        refused.add("Overdue")
    outcome(refused)
    with rolled_back():
        before = database_rows()
        response = client.get(reverse("members:action_log"), sent(params))
        assert database_rows() == before
        text = page_text(response)
        if any("\x00" in value for value in params.values() if value):
            # Refused before any view: see sscportal/middleware.py.
            assert (response.status_code, text) == (400, "The address holds a NUL character.")
        elif refused:
            assert response.status_code == 400
            assert "The filters could not be applied" in text
            for label in refused:
                assert f"{label}: " in text, f"{label} is not named"
        else:
            assert response.status_code == 200
            shown = {reference for reference in ACTIONS_94 if reference in text}
            assert shown == matching_actions(params)
