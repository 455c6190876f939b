import os

import factory
import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings

from classification.levels import Level
from headlines.signing import make_signing_key

from . import factories
from .factories import (
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
    UserFactory,
    decision_kind,
)
from .workers import require_postgresql_and_redis, start_worker, stop

# Every transactional test restores what the migrations wrote: the suite passes in any order.
pytest_plugins = ["tests.suite_order", "tests.shared_processes"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files of each test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session", autouse=True)
def signing_key_pair(tmp_path_factory):
    """One signing key and self-signed certificate for the whole run, made as
    `manage.py make_signing_key` makes them, and configured for every test (module fixtures
    that publish Headlines included). Tests of a broken key change the settings themselves."""
    folder = tmp_path_factory.mktemp("signing")
    key, cert = folder / "key.pem", folder / "cert.pem"
    make_signing_key(key_path=key, cert_path=cert, common_name="SSC Portal (tests)")
    with override_settings(
        HEADLINES_SIGNING_KEY=str(key),
        HEADLINES_SIGNING_CERT=str(cert),
        HEADLINES_SIGNING_KEY_PASSPHRASE="",
    ):
        yield key, cert


@pytest.fixture
def headlines_signing_key(signing_key_pair):
    """The run's signing key and certificate: the paths the settings name."""
    return signing_key_pair


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with empty caches, as a freshly started process does."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def factory_sequences_start_afresh():
    """Each test numbers what the factories make from the start, whatever ran before it, so a
    generated number (meeting 100, item 1) meets a test's own numbers the same way in any order."""
    made_here = [value for value in vars(factories).values() if isinstance(value, type)]
    for model_factory in made_here:
        if issubclass(model_factory, factory.django.DjangoModelFactory):
            model_factory.reset_sequence()


@pytest.fixture
def secretariat(db):
    return UserFactory(username="sec", clearance=Level.AMBER, is_secretariat=True, is_staff=True)


@pytest.fixture
def member(db):
    return UserFactory(username="member", clearance=Level.AMBER)


@pytest.fixture
def registered(db):
    return UserFactory(username="registered", clearance=Level.GREEN)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped test is a failed one: nothing may skip for want of a server or browser."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI: {report.longrepr}"


@pytest.fixture(autouse=True)
def tasks_run_in_process():
    """Tasks run eagerly in tests, even where REDIS_URL is set; the worker tests opt out."""
    from sscportal.celery import app

    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = True


@pytest.fixture
def chair(db):
    return UserFactory(username="chair", clearance=Level.AMBER)


@pytest.fixture
def held_meeting(db, chair):
    meeting = MeetingFactory(number=89, status="held")
    AttendanceFactory(meeting=meeting, user=chair, role="chair")
    AgendaItemFactory(
        meeting=meeting,
        number=1,
        section="matters_arising",
        level=Level.AMBER,
        headline="The SSC discussed Shared Resources.",
    )
    counted = AgendaItemFactory(meeting=meeting, number=2, level=Level.RED, headline_mode="counted")
    DecisionFactory(item=counted, kind=decision_kind("ssa"), level=Level.RED)
    AgendaItemFactory(
        meeting=meeting, number=3, level=Level.WHITE, title="SMETS1", headline="Updates were given."
    )
    return meeting


@pytest.fixture
def postgresql_only():
    """Skips a test of PostgreSQL's row locks on any other database."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL (DATABASE_URL)")


@pytest.fixture
def worker(tasks_run_in_process, tmp_path):
    """A real Celery worker on the test database, media folder and broker, and its log.

    Needs PostgreSQL (the worker process must see the test's committed rows) and Redis; the
    test is skipped without them (outside CI).
    """
    require_postgresql_and_redis()
    app = tasks_run_in_process
    app.conf.task_always_eager = False
    app.control.purge()
    log = tmp_path / "worker.log"
    process = start_worker(log)
    yield process, log
    stop(process)


@pytest.fixture
def second_factor_required(settings):
    """The second factor is on, as in production (tests/settings.py turns it off elsewhere)."""
    settings.OTP_REQUIRED = True
