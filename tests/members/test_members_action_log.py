"""The action log: every action the user may see, filtered and paginated."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from classification.levels import Level
from members.forms import MEETINGS_LISTED
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _action(level=Level.GREEN, meeting=None, minutes_status="approved", **kwargs):
    meeting = meeting or MeetingFactory(minutes_status=minutes_status)
    item = AgendaItemFactory(meeting=meeting, level=level)
    return ActionFactory(item=item, **kwargs)


def _log(client, user, query=""):
    client.force_login(user)
    return client.get(f"/actions/{query}")


def test_the_action_log_asks_an_anonymous_visitor_to_sign_in(client):
    response = client.get("/actions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_action_log_lists_an_action_the_user_may_see(client, registered):
    _action(reference="SSC89/01", description="Circulate the SRP guidance")
    html = _log(client, registered).content.decode()
    assert "SSC89/01" in html
    assert "Circulate the SRP guidance" in html


def test_an_amber_action_is_absent_from_a_green_users_action_log(client, registered):
    _action(level=Level.AMBER, reference="SSC89/02")
    assert "SSC89/02" not in _log(client, registered).content.decode()


def test_a_red_action_is_listed_for_an_attendee_of_its_meeting(client, member):
    meeting = MeetingFactory(minutes_status="approved")
    AttendanceFactory(meeting=meeting, user=member)
    _action(level=Level.RED, meeting=meeting, reference="SSC89/03")
    assert "SSC89/03" in _log(client, member).content.decode()


def test_a_red_action_is_absent_from_the_action_log_of_a_non_attendee(client, member):
    _action(level=Level.RED, reference="SSC89/04")
    assert "SSC89/04" not in _log(client, member).content.decode()


def test_an_action_whose_minutes_are_still_draft_is_absent_from_the_action_log(client, member):
    _action(minutes_status="draft", reference="SSC89/05")
    assert "SSC89/05" not in _log(client, member).content.decode()


def test_the_action_log_filters_by_meeting(client, member):
    first = _action(reference="SSC89/06")
    _action(reference="SSC90/01")
    html = _log(client, member, f"?meeting={first.item.meeting_id}").content.decode()
    assert "SSC89/06" in html
    assert "SSC90/01" not in html


def test_the_action_log_filters_by_an_owning_user(client, member, chair):
    _action(reference="SSC89/07", owner_user=chair, owner_organisation="")
    _action(reference="SSC89/08", owner_organisation="DCC")
    html = _log(client, member, "?owner=chair").content.decode()
    assert "SSC89/07" in html
    assert "SSC89/08" not in html


def test_the_action_log_filters_by_an_owning_organisation(client, member, chair):
    _action(reference="SSC89/09", owner_user=chair, owner_organisation="")
    _action(reference="SSC89/10", owner_organisation="DCC")
    html = _log(client, member, "?owner=DCC").content.decode()
    assert "SSC89/10" in html
    assert "SSC89/09" not in html


def test_the_action_log_filters_by_status(client, member):
    _action(reference="SSC89/11", status="done")
    _action(reference="SSC89/12", status="open")
    html = _log(client, member, "?status=done").content.decode()
    assert "SSC89/11" in html
    assert "SSC89/12" not in html


def test_the_overdue_filter_lists_only_open_actions_past_their_due_date(client, member):
    yesterday = TODAY() - datetime.timedelta(days=1)
    _action(reference="SSC89/13", due=yesterday)
    _action(reference="SSC89/14", due=yesterday, status="done")
    _action(reference="SSC89/15", due=TODAY())
    html = _log(client, member, "?overdue=yes").content.decode()
    assert "SSC89/13" in html
    assert "SSC89/14" not in html
    assert "SSC89/15" not in html


def test_the_not_overdue_filter_keeps_an_action_without_a_due_date(client, member):
    _action(reference="SSC89/16", due=None)
    _action(reference="SSC89/17", due=TODAY() - datetime.timedelta(days=1))
    html = _log(client, member, "?overdue=no").content.decode()
    assert "SSC89/16" in html
    assert "SSC89/17" not in html


def test_a_bad_overdue_filter_says_what_is_wrong(client, member):
    _action(reference="SSC89/18")
    response = _log(client, member, "?overdue=maybe")
    html = response.content.decode()
    assert response.status_code == 400
    assert "The overdue filter is “yes” or “no”, not “maybe”." in html
    assert "SSC89/18" not in html


def test_a_bad_status_filter_says_what_is_wrong(client, member):
    response = _log(client, member, "?status=pending")
    assert response.status_code == 400
    assert "The status filter is one of “open”, “done”, “closed”, not “pending”." in (
        response.content.decode()
    )


def test_a_meeting_filter_that_is_not_a_number_says_what_is_wrong(client, member):
    response = _log(client, member, "?meeting=89_1311")
    assert response.status_code == 400
    assert "There is no meeting “89_1311” among those with actions you can see" in (
        response.content.decode()
    )


def test_the_meeting_filter_offers_no_meeting_whose_actions_the_user_cannot_see(client, registered):
    hidden = _action(level=Level.AMBER)
    response = _log(client, registered, f"?meeting={hidden.item.meeting_id}")
    assert response.status_code == 400


def test_the_owner_filter_offers_no_owner_of_an_action_the_user_cannot_see(client, registered):
    _action(level=Level.AMBER, owner_organisation="Party X Ltd")
    response = _log(client, registered)
    assert "Party X Ltd" not in response.content.decode()
    assert _log(client, registered, "?owner=Party+X+Ltd").status_code == 400


def test_the_action_log_shows_fifty_actions_a_page(client, member):
    meeting = MeetingFactory(minutes_status="approved")
    item = AgendaItemFactory(meeting=meeting, level=Level.GREEN)
    for number in range(1, 61):
        ActionFactory(item=item, reference=f"SSC89/{number:02d}")
    first = _log(client, member).content.decode()
    second = _log(client, member, "?page=2").content.decode()
    assert first.count('href="/actions/SSC89/') == 50
    assert second.count('href="/actions/SSC89/') == 10
    assert "page 2 of 2" in second


def test_the_next_page_link_keeps_the_filters(client, member):
    meeting = MeetingFactory(minutes_status="approved")
    item = AgendaItemFactory(meeting=meeting, level=Level.GREEN)
    for number in range(1, 52):
        ActionFactory(item=item, reference=f"SSC89/{number:02d}", status="done")
    html = _log(client, member, "?status=done").content.decode()
    assert 'href="?status=done&amp;page=2"' in html


def _fill(count):
    """`count` visible actions, each at its own meeting and owned by its own user."""
    for _ in range(count):
        item = AgendaItemFactory(
            meeting=MeetingFactory(minutes_status="approved"), level=Level.AMBER
        )
        ActionFactory(item=item, owner_user=UserFactory(), owner_organisation="", due=TODAY())


def test_the_action_log_makes_as_many_queries_for_100_actions_as_for_10(
    client, member, django_assert_num_queries
):
    client.force_login(member)
    _fill(10)
    with CaptureQueriesContext(connection) as ten:
        client.get("/actions/?overdue=no")
    _fill(90)
    with django_assert_num_queries(len(ten)):
        html = client.get("/actions/?overdue=no").content.decode()
    assert html.count('href="/actions/SSC') == 50


def test_the_meeting_filter_lists_only_the_newest_meetings(client, member):
    _fill(MEETINGS_LISTED + 5)
    html = _log(client, member).content.decode()
    meeting_select = html[html.index('<select name="meeting"') :].split("</select>")[0]
    assert meeting_select.count("<option") == 1 + MEETINGS_LISTED


def test_an_older_meeting_can_still_be_chosen_and_is_listed_as_chosen(client, member):
    oldest = _action(level=Level.AMBER, meeting=MeetingFactory(minutes_status="approved", number=1))
    _fill(MEETINGS_LISTED)
    response = _log(client, member, f"?meeting={oldest.item.meeting_id}")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{oldest.item.meeting_id}" selected>' in html
    assert html.count('href="/actions/SSC') == 1
