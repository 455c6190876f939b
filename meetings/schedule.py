"""When a meeting happens and when its papers are due.

A meeting's date, start and end times are local times in London: the committee meets there,
whatever time zone the server keeps. Papers are due a number of working days before the
meeting (the committee's `papers_deadline_days`), a working day being a weekday that is not
a bank holiday in England and Wales, as the `holidays` package lists them (including
substitute days and one-off holidays).
"""

import datetime
import functools
import zoneinfo

import holidays
from django.utils import timezone

from .models import Meeting

MEETING_TIME_ZONE = zoneinfo.ZoneInfo("Europe/London")


def starts_at(meeting: Meeting) -> datetime.datetime:
    """When `meeting` starts, as an aware datetime in London."""
    return datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=MEETING_TIME_ZONE)


def ends_at(meeting: Meeting) -> datetime.datetime:
    """When `meeting` ends, as an aware datetime in London."""
    return datetime.datetime.combine(meeting.date, meeting.end_time, tzinfo=MEETING_TIME_ZONE)


def has_started(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    """Whether `meeting`'s start time has come."""
    return (now or timezone.now()) >= starts_at(meeting)


@functools.cache
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    # England's list is Wales's too: the two share one list of bank holidays (Scotland and
    # Northern Ireland have their own).
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: datetime.date) -> bool:
    """A weekday that is not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days before `day` (`day` itself is not counted)."""
    while count > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def papers_deadline(meeting: Meeting) -> datetime.date:
    """The day `meeting`'s papers are due: its committee's working days before its date."""
    return working_days_before(meeting.date, meeting.committee.papers_deadline_days)
