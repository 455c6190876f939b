"""The demo's calendar: dated from the day it is loaded, on working days."""

import datetime

from demo.dates import demo_dates

SUNDAY = datetime.date(2026, 11, 29)
WEDNESDAY = datetime.date(2026, 11, 25)


def test_the_meeting_held_is_the_last_wednesday_at_least_a_week_ago():
    assert demo_dates(SUNDAY).held == datetime.date(2026, 11, 18)
    assert demo_dates(WEDNESDAY).held == datetime.date(2026, 11, 18)


def test_the_next_ssc_meeting_is_the_first_wednesday_at_least_two_weeks_ahead():
    assert demo_dates(SUNDAY).upcoming == datetime.date(2026, 12, 16)
    assert demo_dates(WEDNESDAY).upcoming == datetime.date(2026, 12, 9)


def test_the_tabasc_meeting_is_the_first_thursday_at_least_a_week_ahead():
    assert demo_dates(SUNDAY).tabasc == datetime.date(2026, 12, 10)


def test_a_meeting_to_come_skips_bank_holidays():
    # Christmas Day 2024 and New Year's Day 2025 were Wednesdays.
    assert demo_dates(datetime.date(2024, 12, 11)).upcoming == datetime.date(2025, 1, 8)


def test_the_meeting_held_skips_bank_holidays_backwards():
    assert demo_dates(datetime.date(2025, 1, 1)).held == datetime.date(2024, 12, 18)
