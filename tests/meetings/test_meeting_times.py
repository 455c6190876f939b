"""Meeting times: a start and an end in Europe/London, shown with the date and in the feeds.

A meeting is at a local time in London whatever the server's clock says: the calendar feeds
carry it with its time zone (TZID and VTIMEZONE), so that a subscriber's calendar places it
right on either side of the clock changes, and it is recorded as held only once it started.
"""

import datetime
import json
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from classification.levels import MeetingStatus
from meetings import services
from meetings.exchange import MeetingFileError, export_meeting, load_meeting_file
from meetings.models import Meeting, MeetingStatusChange
from meetings.schedule import MEETING_TIME_ZONE, ends_at, starts_at
from members.services import calendar_token_reset
from tests.factories import AttendanceFactory, CommitteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def _calendar(client) -> Calendar:
    return Calendar.from_ical(client.get("/calendar/public.ics").content)


def _event(calendar: Calendar, summary: str):
    return next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == summary)


def _vtimezone(calendar: Calendar):
    return next(tz for tz in calendar.walk("VTIMEZONE") if str(tz["TZID"]) == "Europe/London")


# The model


def test_a_new_meeting_runs_from_ten_to_noon_unless_told_otherwise():
    meeting = MeetingFactory()
    assert (meeting.start_time, meeting.end_time) == (datetime.time(10), datetime.time(12))


def test_a_meeting_that_ends_before_it_starts_is_refused():
    meeting = MeetingFactory.build(
        committee=CommitteeFactory(), start_time=datetime.time(14), end_time=datetime.time(13)
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "end_time" in error.value.message_dict


def test_the_meeting_time_zone_is_london():
    assert MEETING_TIME_ZONE.key == "Europe/London"


def test_a_summer_meeting_starts_at_its_local_time_in_british_summer_time():
    meeting = MeetingFactory(date=datetime.date(2019, 7, 10), start_time=datetime.time(10, 30))
    assert starts_at(meeting) == datetime.datetime(2019, 7, 10, 9, 30, tzinfo=datetime.UTC)


def test_a_winter_meeting_starts_at_its_local_time_in_greenwich_mean_time():
    meeting = MeetingFactory(date=datetime.date(2019, 11, 13), start_time=datetime.time(10, 30))
    assert starts_at(meeting) == datetime.datetime(2019, 11, 13, 10, 30, tzinfo=datetime.UTC)


def test_a_meeting_ends_at_its_end_time_on_its_date():
    meeting = MeetingFactory(date=datetime.date(2019, 11, 13), end_time=datetime.time(16, 15))
    assert ends_at(meeting) == datetime.datetime(2019, 11, 13, 16, 15, tzinfo=LONDON)


# The calendar feeds, across the clock changes


def test_a_meeting_in_the_feed_is_an_event_at_its_london_time(client):
    MeetingFactory(
        number=89,
        date=datetime.date(2019, 11, 13),
        start_time=datetime.time(13),
        end_time=datetime.time(15),
    )
    event = _event(_calendar(client), "SSC 89_1311")
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART") == datetime.datetime(2019, 11, 13, 13, tzinfo=LONDON)
    assert event.decoded("DTEND") == datetime.datetime(2019, 11, 13, 15, tzinfo=LONDON)


def test_the_feed_holds_its_events_as_local_times_with_a_tzid_never_floating(client):
    MeetingFactory(number=89, date=datetime.date(2019, 11, 13))
    text = client.get("/calendar/public.ics").content.decode()
    assert "DTSTART;TZID=Europe/London:20191113T100000" in text
    assert "DTEND;TZID=Europe/London:20191113T120000" in text


def test_the_feed_defines_the_london_time_zone_it_names(client):
    MeetingFactory(number=89, date=datetime.date(2019, 11, 13))
    assert _vtimezone(_calendar(client))


def test_a_meeting_the_day_after_the_october_change_is_at_greenwich_mean_time(client):
    # British Summer Time ended at 02:00 on Sunday 27 October 2019.
    MeetingFactory(number=88, date=datetime.date(2019, 10, 25))
    MeetingFactory(number=89, date=datetime.date(2019, 10, 28))
    calendar = _calendar(client)
    before, after = _event(calendar, "SSC 88_2510"), _event(calendar, "SSC 89_2810")
    assert before.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=1)
    assert after.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert after.decoded("DTSTART").astimezone(datetime.UTC).hour == 10


def test_a_meeting_the_day_after_the_march_change_is_at_british_summer_time(client):
    # British Summer Time began at 01:00 on Sunday 31 March 2019.
    MeetingFactory(number=88, date=datetime.date(2019, 3, 29))
    MeetingFactory(number=89, date=datetime.date(2019, 4, 1))
    calendar = _calendar(client)
    before, after = _event(calendar, "SSC 88_2903"), _event(calendar, "SSC 89_0104")
    assert before.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert after.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=1)
    assert after.decoded("DTSTART").astimezone(datetime.UTC).hour == 9


def test_the_feeds_time_zone_itself_gives_the_offsets_either_side_of_both_changes(client):
    """A calendar that knows no zone names reads the offsets from the VTIMEZONE alone."""
    MeetingFactory(number=88, date=datetime.date(2019, 3, 29))
    MeetingFactory(number=89, date=datetime.date(2019, 10, 28))
    defined = _vtimezone(_calendar(client)).to_tz()
    offsets = {
        day: defined.utcoffset(datetime.datetime.combine(day, datetime.time(10)))
        for day in [
            datetime.date(2019, 3, 29),
            datetime.date(2019, 4, 1),
            datetime.date(2019, 10, 25),
            datetime.date(2019, 10, 28),
        ]
    }
    assert offsets == {
        datetime.date(2019, 3, 29): datetime.timedelta(0),
        datetime.date(2019, 4, 1): datetime.timedelta(hours=1),
        datetime.date(2019, 10, 25): datetime.timedelta(hours=1),
        datetime.date(2019, 10, 28): datetime.timedelta(0),
    }


def test_the_personal_feed_carries_the_meetings_times_too(client, member):
    MeetingFactory(
        number=89,
        date=datetime.date(2019, 11, 13),
        start_time=datetime.time(14),
        end_time=datetime.time(16, 30),
    )
    feed = client.get(f"/calendar/{calendar_token_reset(user=member)}.ics")
    event = _event(Calendar.from_ical(feed.content), "SSC 89_1311")
    assert event.decoded("DTSTART") == datetime.datetime(2019, 11, 13, 14, tzinfo=LONDON)
    assert event.decoded("DTEND") == datetime.datetime(2019, 11, 13, 16, 30, tzinfo=LONDON)


# Shown with the date


def test_the_meeting_page_shows_its_start_and_end_times(client):
    MeetingFactory(number=89, date=datetime.date(2019, 11, 13), start_time=datetime.time(10, 30))
    html = client.get("/meetings/SSC/89/").content.decode()
    assert "Wednesday 13 November 2019, 10:30–12:00" in html


def test_the_calendar_shows_each_meetings_times(client):
    MeetingFactory(number=89, date=datetime.date(2019, 11, 13), end_time=datetime.time(13))
    assert "10:00–13:00" in client.get("/").content.decode()


def test_the_dashboard_shows_the_times_of_the_meetings_attended(client, member):
    meeting = MeetingFactory(
        number=89,
        date=timezone.localdate() + datetime.timedelta(days=30),
        start_time=datetime.time(9, 15),
    )
    AttendanceFactory(meeting=meeting, user=member)
    client.force_login(member)
    assert "09:15–12:00" in client.get("/dashboard/").content.decode()


def test_the_builder_shows_the_meetings_times(client, secretariat):
    MeetingFactory(number=89, date=datetime.date(2019, 11, 13), start_time=datetime.time(9, 30))
    client.force_login(secretariat)
    assert "09:30–12:00" in client.get("/meetings/SSC/89/agenda/").content.decode()


def test_the_meetings_list_shows_each_meetings_times(client, secretariat):
    MeetingFactory(number=89, date=datetime.date(2019, 11, 13), start_time=datetime.time(9))
    client.force_login(secretariat)
    assert "09:00–12:00" in client.get("/manage/meetings/").content.decode()


# Recorded as held only once it started


def test_a_meeting_is_not_recorded_as_held_before_it_starts(secretariat):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    meeting = MeetingFactory(date=tomorrow)
    with pytest.raises(ValidationError) as error:
        services.meeting_status_change(meeting=meeting, status=MeetingStatus.HELD, by=secretariat)
    assert "has not started" in " ".join(error.value.messages)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED
    assert not MeetingStatusChange.objects.filter(meeting=meeting, status="held").exists()


def test_a_meeting_is_not_recorded_as_held_on_its_day_before_its_start_time(
    secretariat, monkeypatch
):
    meeting = MeetingFactory(date=datetime.date(2019, 11, 13), start_time=datetime.time(10))
    just_before = datetime.datetime(2019, 11, 13, 9, 59, tzinfo=LONDON)
    monkeypatch.setattr("django.utils.timezone.now", lambda: just_before)
    with pytest.raises(ValidationError, match="starts at 10:00"):
        services.meeting_status_change(meeting=meeting, status=MeetingStatus.HELD, by=secretariat)


def test_a_meeting_is_recorded_as_held_once_its_start_time_has_passed(secretariat, monkeypatch):
    meeting = MeetingFactory(date=datetime.date(2019, 11, 13), start_time=datetime.time(10))
    just_after = datetime.datetime(2019, 11, 13, 10, 1, tzinfo=LONDON)
    monkeypatch.setattr("django.utils.timezone.now", lambda: just_after)
    services.meeting_status_change(meeting=meeting, status=MeetingStatus.HELD, by=secretariat)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_the_builder_offers_no_held_button_before_the_meeting_starts(client, secretariat):
    MeetingFactory(number=89, date=timezone.localdate() + datetime.timedelta(days=2))
    client.force_login(secretariat)
    html = client.get("/meetings/SSC/89/agenda/").content.decode()
    assert "Record the meeting as held" not in html


def test_posting_held_before_the_start_says_why_on_the_builder(client, secretariat):
    MeetingFactory(number=89, date=timezone.localdate() + datetime.timedelta(days=2))
    client.force_login(secretariat)
    response = client.post("/meetings/SSC/89/agenda/held/", follow=True)
    assert "has not started" in response.content.decode()
    assert Meeting.objects.get(number=89).status == MeetingStatus.AGENDA_PUBLISHED


# The exchange format


def _document(**extra) -> dict:
    return {
        "format": "sscportal.meeting/1",
        "committee": {"code": "SSC", "name": "Security Sub-Committee"},
        "number": 130,
        "date": "2021-03-10",
        "status": "draft",
        "items": [],
        **extra,
    }


def _load(tmp_path, document) -> Meeting:
    path = tmp_path / "meeting.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return load_meeting_file(path)


def test_a_meeting_file_without_times_imports_at_the_usual_times(tmp_path):
    meeting = _load(tmp_path, _document())
    assert (meeting.start_time, meeting.end_time) == (datetime.time(10), datetime.time(12))


def test_a_meeting_file_with_times_imports_them(tmp_path):
    meeting = _load(tmp_path, _document(start_time="13:30", end_time="15:45"))
    assert (meeting.start_time, meeting.end_time) == (datetime.time(13, 30), datetime.time(15, 45))


def test_a_malformed_start_time_is_named_and_nothing_is_imported(tmp_path):
    with pytest.raises(MeetingFileError, match=r"start_time: '1pm' is not a time like 10:00"):
        _load(tmp_path, _document(start_time="1pm"))
    assert not Meeting.objects.exists()


def test_a_meeting_file_ending_before_it_starts_is_refused_naming_the_field(tmp_path):
    with pytest.raises(MeetingFileError, match="end_time"):
        _load(tmp_path, _document(start_time="14:00", end_time="13:00"))


def test_an_export_carries_the_meetings_times(tmp_path):
    meeting = MeetingFactory(start_time=datetime.time(9, 30), end_time=datetime.time(11))
    exported = export_meeting(meeting)
    assert (exported["start_time"], exported["end_time"]) == ("09:30", "11:00")


@pytest.mark.parametrize("given", ["24:00", "9:30", "09:30:00", " 9:30", "10h00"])
def test_a_time_not_written_as_hours_and_minutes_is_named(tmp_path, given):
    with pytest.raises(MeetingFileError, match=rf"start_time: '{given}' is not a time like 10:00"):
        _load(tmp_path, _document(start_time=given))
