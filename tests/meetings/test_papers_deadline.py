"""The papers deadline: working days before the meeting, England and Wales bank holidays off.

The deadline is the day papers are due: counting back from the meeting (the meeting's own day
is not counted), it is the committee's number of working days earlier, a working day being a
weekday that is not a bank holiday in England and Wales.
"""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.schedule import is_working_day, papers_deadline
from tests.factories import AttendanceFactory, CommitteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    """The page's text, tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _deadline(day: datetime.date, days: int = 5) -> datetime.date:
    committee = CommitteeFactory(code=f"D{days}", papers_deadline_days=days)
    return papers_deadline(MeetingFactory(committee=committee, date=day))


def test_a_committee_asks_for_papers_five_working_days_before_unless_told_otherwise():
    assert CommitteeFactory().papers_deadline_days == 5


def test_papers_for_a_wednesday_meeting_are_due_the_wednesday_before():
    assert _deadline(datetime.date(2019, 11, 13)) == datetime.date(2019, 11, 6)


def test_a_weekend_is_not_counted():
    # Monday 18 November 2019: Friday to Monday of the week before are the five days.
    assert _deadline(datetime.date(2019, 11, 18)) == datetime.date(2019, 11, 11)


def test_christmas_boxing_day_and_new_years_day_are_not_counted():
    # Thursday 2 January 2020: 31, 30, 27, 24 and 23 December are the five working days.
    assert _deadline(datetime.date(2020, 1, 2)) == datetime.date(2019, 12, 23)


def test_good_friday_and_easter_monday_are_not_counted():
    # Thursday 16 April 2020: 15, 14, 9, 8 and 7 April; 10 and 13 April are bank holidays.
    assert _deadline(datetime.date(2020, 4, 16)) == datetime.date(2020, 4, 7)


def test_a_substitute_day_for_a_bank_holiday_at_a_weekend_is_not_counted():
    # Boxing Day 2020 was a Saturday: Monday 28 December was the bank holiday instead.
    assert _deadline(datetime.date(2020, 12, 30), days=1) == datetime.date(2020, 12, 29)
    assert _deadline(datetime.date(2020, 12, 29), days=1) == datetime.date(2020, 12, 24)


def test_two_substitute_days_in_a_row_are_not_counted():
    # Christmas 2021 fell on a weekend: Monday 27 and Tuesday 28 December were bank holidays.
    assert _deadline(datetime.date(2021, 12, 29), days=1) == datetime.date(2021, 12, 24)


def test_a_scottish_bank_holiday_is_a_working_day_in_england_and_wales():
    # 2 January and the first Monday of August are bank holidays in Scotland only.
    assert is_working_day(datetime.date(2020, 1, 2))
    assert is_working_day(datetime.date(2019, 8, 5))
    assert not is_working_day(datetime.date(2019, 8, 26))


def test_the_committees_number_of_working_days_is_used():
    assert _deadline(datetime.date(2019, 11, 13), days=10) == datetime.date(2019, 10, 30)


def test_a_deadline_across_the_new_year_counts_the_holidays_of_both_years():
    # Monday 4 January 2021: 31, 30, 29 and 24 December; 1 January and 28 December are
    # bank holidays.
    assert _deadline(datetime.date(2021, 1, 4), days=4) == datetime.date(2020, 12, 24)


def test_a_committee_asking_for_papers_no_days_before_is_refused():
    committee = CommitteeFactory.build(code="ZERO", name="Zero", papers_deadline_days=0)
    with pytest.raises(ValidationError) as error:
        committee.full_clean()
    assert "papers_deadline_days" in error.value.message_dict


# Shown to the secretariat and to members


def test_the_builder_shows_the_papers_deadline(client, secretariat):
    MeetingFactory(number=89, date=datetime.date(2019, 11, 13))
    client.force_login(secretariat)
    assert "Papers due by Wednesday 6 November 2019" in _text(
        client.get("/meetings/SSC/89/agenda/")
    )


def test_the_meetings_list_shows_each_papers_deadline(client, secretariat):
    MeetingFactory(number=89, date=datetime.date(2019, 11, 13))
    client.force_login(secretariat)
    assert "papers due 6 November 2019" in _text(client.get("/manage/meetings/"))


def test_the_meeting_page_shows_a_member_the_papers_deadline(client, member):
    MeetingFactory(number=89, date=datetime.date(2019, 11, 13))
    client.force_login(member)
    assert "Papers due by Wednesday 6 November 2019" in _text(client.get("/meetings/SSC/89/"))


def test_the_dashboard_shows_the_papers_deadline_of_each_upcoming_meeting(client, member):
    day = timezone.localdate() + datetime.timedelta(days=60)
    meeting = MeetingFactory(number=89, date=day)
    AttendanceFactory(meeting=meeting, user=member)
    client.force_login(member)
    deadline = papers_deadline(meeting)
    assert f"papers due {deadline:%-d %B %Y}" in _text(client.get("/dashboard/"))


def test_the_meeting_page_shows_no_papers_deadline_once_the_meeting_is_held(client, member):
    MeetingFactory(number=89, date=datetime.date(2019, 11, 13), status="held")
    client.force_login(member)
    assert "Papers due by" not in _text(client.get("/meetings/SSC/89/"))


def test_the_meeting_page_shows_no_papers_deadline_to_a_visitor_not_signed_in(client):
    MeetingFactory(number=89, date=datetime.date(2019, 11, 13))
    assert "Papers due by" not in _text(client.get("/meetings/SSC/89/"))
