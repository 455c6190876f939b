"""Calendar feeds: a personal feed behind a secret address, and the public calendar."""

import datetime
import re
import zoneinfo
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar

from members.models import CalendarToken
from members.services import calendar_token_reset
from tests.factories import MeetingFactory
from tests.sessions import authenticator, sign_in, sign_in_verified

pytestmark = pytest.mark.django_db


def _events(response):
    """The VEVENTs of an ICS response, by summary."""
    calendar = Calendar.from_ical(response.content)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def _feed(client, user):
    return client.get(f"/calendar/{calendar_token_reset(user=user)}.ics")


def _new_feed_address(client, user):
    """Reset the feed from the calendar page, as the user would; return the address shown."""
    client.force_login(user)
    html = client.post("/calendar/", follow=True).content.decode()
    return re.search(r'value="(http[^"]+\.ics)"', html).group(1)


def test_an_unknown_calendar_token_answers_404(client):
    assert client.get("/calendar/not-a-token-anyone-was-given.ics").status_code == 404


def test_the_personal_feed_is_served_as_text_calendar(client, member):
    response = _feed(client, member)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"


def test_the_personal_feed_shows_a_meeting_as_an_event_at_its_times(client, member, settings):
    settings.SITE_URL = "https://portal.example.org"
    MeetingFactory(number=89, date=datetime.date(2019, 11, 13), location="Fleetbank House")
    event = _events(_feed(client, member))["SSC 89_1311"]
    london = zoneinfo.ZoneInfo("Europe/London")
    assert event.decoded("DTSTART") == datetime.datetime(2019, 11, 13, 10, tzinfo=london)
    assert event.decoded("DTEND") == datetime.datetime(2019, 11, 13, 12, tzinfo=london)
    assert str(event["LOCATION"]) == "Fleetbank House"
    assert str(event["URL"]) == "https://portal.example.org/meetings/SSC/89/"


def test_the_personal_feed_of_a_member_leaves_out_a_draft_meeting(client, member):
    MeetingFactory(number=95, date=datetime.date(2020, 3, 4), status="draft")
    assert "SSC 95_0403" not in _events(_feed(client, member))


def test_the_personal_feed_of_the_secretariat_leaves_out_a_draft_meeting(client, secretariat):
    MeetingFactory(number=95, date=datetime.date(2020, 3, 4), status="draft")
    assert "SSC 95_0403" not in _events(_feed(client, secretariat))


def test_a_password_only_session_of_an_account_with_a_second_factor_makes_no_feed(
    client, member, settings
):
    settings.OTP_REQUIRED = True
    authenticator(member)
    sign_in(client, member)
    assert client.post("/calendar/").status_code == 403
    assert not CalendarToken.objects.filter(user=member).exists()


def test_a_password_only_session_of_an_account_with_a_second_factor_is_not_offered_a_feed(
    client, member, settings
):
    settings.OTP_REQUIRED = True
    authenticator(member)
    sign_in(client, member)
    page = client.get("/calendar/").content.decode()
    assert "Make my feed address" not in page
    assert "/accounts/two-factor/?next=/calendar/" in page


def test_a_session_verified_by_its_second_factor_makes_a_feed(client, member, settings):
    settings.OTP_REQUIRED = True
    sign_in_verified(client, member)
    assert client.post("/calendar/").status_code == 302
    assert CalendarToken.objects.filter(user=member).exists()


def test_the_feed_of_a_deactivated_account_answers_404(client, member):
    token = calendar_token_reset(user=member)
    member.is_active = False
    member.save()
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_the_token_is_stored_only_as_its_digest(member):
    token = calendar_token_reset(user=member)
    stored = CalendarToken.objects.get(user=member).token_hash
    assert token not in stored
    assert len(stored) == 64


def test_the_calendar_page_shows_a_new_feed_address_that_works(client, member):
    address = _new_feed_address(client, member)
    assert client.get(urlsplit(address).path).status_code == 200


def test_the_calendar_page_shows_the_feed_address_only_once(client, member):
    address = _new_feed_address(client, member)
    assert address not in client.get("/calendar/").content.decode()


def test_resetting_the_token_retires_the_old_feed_url(client, member):
    old = calendar_token_reset(user=member)
    new = calendar_token_reset(user=member)
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200


def test_the_calendar_page_asks_an_anonymous_visitor_to_sign_in(client):
    response = client.get("/calendar/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_public_calendar_lists_a_published_meeting(client):
    MeetingFactory(number=89, date=datetime.date(2019, 11, 13))
    response = client.get("/calendar/public.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "SSC 89_1311" in _events(response)


def test_the_public_calendar_lists_no_draft_meeting(client):
    MeetingFactory(number=95, date=datetime.date(2020, 3, 4), status="draft")
    assert "SSC 95_0403" not in _events(client.get("/calendar/public.ics"))


def test_the_public_calendar_lists_no_draft_meeting_even_to_the_secretariat(client, secretariat):
    MeetingFactory(number=95, date=datetime.date(2020, 3, 4), status="draft")
    client.force_login(secretariat)
    assert "SSC 95_0403" not in _events(client.get("/calendar/public.ics"))
