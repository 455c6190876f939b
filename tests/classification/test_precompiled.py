"""Precompiled statements: built once per reader and process, run afresh on every page.

The SQL depends on the reader only through `statement_key`; what the database holds, and the
moment (`Late` parameters), are read at each run.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import DateField
from django.utils import timezone

from classification import precompiled
from classification.precompiled import Late, counted, run_first_row
from classification.visibility import as_password_only, statement_key
from meetings.models import Meeting
from tests.factories import MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

ON = Late("on", DateField())


@pytest.fixture(autouse=True)
def no_statements_kept(monkeypatch):
    monkeypatch.setattr(precompiled, "_statements", type(precompiled._statements)())


def _meetings_on_or_after(user, builds: list) -> int:
    def build():
        builds.append(user)
        return counted(Meeting.objects.visible_to(user).filter(date__gte=ON))

    return run_first_row("test.meetings", user, build, on=datetime.date(2030, 1, 1))[0]


def test_a_statement_is_built_once_per_reader_and_run_each_time(member):
    builds = []
    assert _meetings_on_or_after(member, builds) == 0
    MeetingFactory(date=datetime.date(2030, 6, 1), status="agenda_published")
    assert _meetings_on_or_after(member, builds) == 1
    assert builds == [member]


def test_each_reader_has_a_statement_of_their_own(member, registered):
    builds = []
    _meetings_on_or_after(member, builds)
    _meetings_on_or_after(registered, builds)
    assert builds == [member, registered]


def test_a_password_only_session_is_a_reader_of_its_own():
    user = UserFactory()
    assert statement_key(as_password_only(user)) != statement_key(user)


def test_an_account_made_inactive_is_a_reader_of_its_own():
    user = UserFactory()
    before = statement_key(user)
    user.is_active = False
    assert statement_key(user) != before


def test_the_late_parameters_are_bound_at_each_run(member):
    MeetingFactory(date=datetime.date(2030, 6, 1), status="agenda_published")

    def build():
        return counted(Meeting.objects.visible_to(member).filter(date__gte=ON))

    def count_on(day: datetime.date) -> int:
        return run_first_row("test.on", member, build, on=day)[0]

    assert count_on(datetime.date(2030, 1, 1)) == 1
    assert count_on(datetime.date(2031, 1, 1)) == 0


def test_a_statement_that_can_find_nothing_answers_no_row():
    assert run_first_row("test.none", AnonymousUser(), lambda: Meeting.objects.none()) is None


def test_the_process_keeps_a_bounded_number_of_statements(monkeypatch, member, registered):
    monkeypatch.setattr(precompiled, "MAX_STATEMENTS", 1)
    builds = []
    _meetings_on_or_after(member, builds)
    _meetings_on_or_after(registered, builds)
    _meetings_on_or_after(member, builds)
    assert builds == [member, registered, member]


def test_a_statement_is_built_anew_each_day(monkeypatch, member):
    # The filters' subqueries hold the day: the memberships current on it.
    builds = []
    _meetings_on_or_after(member, builds)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(precompiled.timezone, "localdate", lambda: tomorrow)
    _meetings_on_or_after(member, builds)
    assert builds == [member, member]
