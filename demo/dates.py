"""The demo's calendar, dated from the day it is loaded.

A newcomer's first look should find the whole cycle at once: a meeting held a week or two
ago whose Headlines await the chair, and meetings to come whose papers are out. Each falls on
the committee's usual weekday, and never on a bank holiday (meetings.schedule).
"""

import datetime
from dataclasses import dataclass

from meetings.schedule import is_working_day

WEDNESDAY, THURSDAY = 2, 3
WEEK = datetime.timedelta(days=7)


@dataclass(frozen=True)
class DemoDates:
    held: datetime.date  # SSC 90: held, its Headlines awaiting the chair's approval
    upcoming: datetime.date  # SSC 91: agenda and papers published, papers not yet due
    tabasc: datetime.date  # TABASC 12: agenda published


def _meeting_day(start: datetime.date, weekday: int, step: datetime.timedelta) -> datetime.date:
    """The first working `weekday` from `start` on, going by `step` (a week, or minus one)."""
    day = start + datetime.timedelta(days=(weekday - start.weekday()) % 7)
    if step < datetime.timedelta(0) and day > start:
        day -= WEEK
    while not is_working_day(day):
        day += step
    return day


def demo_dates(today: datetime.date) -> DemoDates:
    """The demo's meeting days, seen from `today`.

    SSC meets on Wednesdays: the meeting held is the last one at least a week ago, the next
    the first at least two weeks ahead, so that its papers, due five working days before it,
    are out before they are due. TABASC meets on a Thursday at least a week ahead.
    """
    return DemoDates(
        held=_meeting_day(today - WEEK, WEDNESDAY, -WEEK),
        upcoming=_meeting_day(today + 2 * WEEK, WEDNESDAY, WEEK),
        tabasc=_meeting_day(today + WEEK, THURSDAY, WEEK),
    )
