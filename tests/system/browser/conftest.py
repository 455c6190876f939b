"""Playwright driving Debian's chromium against pytest-django's live server."""

import os
import shutil
import threading
import time

import pytest
from playwright.sync_api import sync_playwright

from tests import ROOT
from tests.factories import PASSWORD

ARTEFACTS = ROOT / "test-artefacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium_path():
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path, django_db_setup):
    """Chromium, for the rest of the session.

    Playwright's sync API leaves an event loop running in this thread (the test's ORM calls
    are still safe), and while it runs Django gives the thread other database connections
    (asgiref's Local keys them by context): those are handed the snapshot of the test
    databases that serialized_rollback restores, and closed with the browser so that the test
    databases can be dropped.
    """
    from django.db import connections

    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()
        connections.close_all()


@pytest.fixture
def new_page(browser, live_server):
    """Opens a page in a browser context of its own (its own cookies) on the live server.

    At the end of the test every context is closed, which closes its connections to the live
    server; the server's request threads then end, closing the database connections they
    opened, before the test's database is flushed (a connection left open would outlive the
    test: on SQLite it is closed later from the wrong thread, on PostgreSQL it holds the test
    database open).
    """
    contexts = []

    def open_page():
        context = browser.new_context(base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()
    _wait_for_the_request_threads()


def _wait_for_the_request_threads(seconds=10):
    """Wait until the live server's request threads (named after their target) have ended."""
    deadline = time.monotonic() + seconds
    threads = [t for t in threading.enumerate() if t.name.endswith("(process_request_thread)")]
    for thread in threads:
        thread.join(timeout=max(0, deadline - time.monotonic()))
    left = [thread.name for thread in threads if thread.is_alive()]
    assert not left, f"the live server still serves closed browser contexts: {left}"


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def artefacts():
    ARTEFACTS.mkdir(exist_ok=True)
    return ARTEFACTS


def sign_in(page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
