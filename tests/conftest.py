import os

import pytest

from classification.levels import Level

from .factories import UserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files of each test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


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
