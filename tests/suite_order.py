"""The suite passes in any order: a test that empties the database must put it back.

A transactional test (real commits, so a real flush at its end) empties every table, and with
them the rows the migrations wrote (decision kinds, content types, permissions). Whatever runs
after it would then depend on whether it ran first. With `serialized_rollback=True` Django
restores the rows the migrations wrote at the start of the test, and the flush at its end leaves
nothing half-recreated behind; so every transactional test must ask for it, and the collection
fails if one does not.

Loaded by tests/conftest.py; tests/system/test_suite_order.py loads it alone to show that it
fails.
"""

import pytest

TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


def flushes_without_restoring(item: pytest.Item) -> bool:
    """Whether `item` flushes the test database at its end without restoring it at its start.

    Mirrors how pytest-django decides that a test is transactional: a TransactionTestCase
    (that is not a TestCase), a `django_db(transaction=True)` or `reset_sequences=True` marker,
    or a fixture that implies one (`transactional_db`, `live_server`).
    """
    from django.test import TestCase, TransactionTestCase
    from pytest_django.fixtures import validate_django_db

    test_class = getattr(item, "cls", None)
    if test_class is not None and issubclass(test_class, TransactionTestCase):
        transactional = not issubclass(test_class, TestCase)
        return transactional and not test_class.serialized_rollback
    fixtures = set(getattr(item, "fixturenames", ()))
    transactional = bool(fixtures & TRANSACTIONAL_FIXTURES)
    restores = "django_db_serialized_rollback" in fixtures
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transaction, reset_sequences, _databases, serialized_rollback, _apps = validate_django_db(
            marker
        )
        transactional = transactional or transaction or reset_sequences
        restores = restores or serialized_rollback
    return transactional and not restores


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Fail the run, before any test, if a transactional test would leave the database empty."""
    offenders = [item.nodeid for item in items if flushes_without_restoring(item)]
    if offenders:
        raise pytest.UsageError(
            "flushes_without_restoring: these transactional tests empty the database at their "
            "end and lose the rows the migrations wrote, so the tests after them depend on the "
            "order; mark them django_db(transaction=True, serialized_rollback=True):\n  "
            + "\n  ".join(offenders)
        )


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """Repeat the order's seed below the failures, where one looks for how to replay them."""
    seed = config.getoption("randomly_seed", None)
    if isinstance(seed, int):
        terminalreporter.write_line(f"test order: replay with -p randomly --randomly-seed={seed}")


@pytest.fixture(autouse=True)
def serialized_rollback_has_a_snapshot(request):
    """A test that asks for serialized_rollback finds the snapshot to restore.

    Django skips the restore, silently, on a connection without the snapshot (as the
    connections opened while Playwright's event loop runs were, before tests/system/browser
    handed it to them); the test would then run on an empty database.
    """
    from django.db import connections
    from pytest_django.fixtures import validate_django_db

    marker = request.node.get_closest_marker("django_db")
    if marker is None or not validate_django_db(marker)[3]:
        return
    assert hasattr(connections["default"], "_test_serialized_contents"), (
        "serialized_rollback has no snapshot of the test database to restore on this connection"
    )
