"""The collection check of tests/suite_order.py, run on a suite of its own in a subprocess."""

import os
import subprocess
import sys
import textwrap

from tests import ROOT


def collect(tmp_path, source: str) -> subprocess.CompletedProcess:
    """Collect a one-file suite with only the order check loaded (no database is created)."""
    (tmp_path / "test_example.py").write_text(textwrap.dedent(source))
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "tests.suite_order"]
    command += ["-p", "no:cacheprovider", "-p", "no:randomly", "--rootdir", str(tmp_path)]
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    return subprocess.run(
        [*command, str(tmp_path)], cwd=tmp_path, env=environment, capture_output=True, text=True
    )


def test_a_transactional_test_without_serialized_rollback_fails_the_run(tmp_path):
    result = collect(
        tmp_path,
        """
        import pytest

        @pytest.mark.django_db(transaction=True)
        def test_commits():
            pass
        """,
    )
    assert result.returncode != 0
    assert "flushes_without_restoring" in result.stderr
    assert "test_example.py::test_commits" in result.stderr


def test_a_test_on_the_live_server_without_serialized_rollback_fails_the_run(tmp_path):
    result = collect(
        tmp_path,
        """
        def test_browses(live_server):
            pass
        """,
    )
    assert result.returncode != 0
    assert "test_example.py::test_browses" in result.stderr


def test_a_transaction_test_case_without_serialized_rollback_fails_the_run(tmp_path):
    result = collect(
        tmp_path,
        """
        from django.test import TransactionTestCase

        class CommitsTests(TransactionTestCase):
            def test_commits(self):
                pass
        """,
    )
    assert result.returncode != 0
    assert "test_example.py::CommitsTests::test_commits" in result.stderr


def test_transactional_tests_that_restore_the_database_are_collected(tmp_path):
    result = collect(
        tmp_path,
        """
        import pytest
        from django.test import TransactionTestCase

        @pytest.mark.django_db(transaction=True, serialized_rollback=True)
        def test_commits():
            pass

        @pytest.mark.django_db(serialized_rollback=True)
        def test_browses(live_server):
            pass

        class CommitsTests(TransactionTestCase):
            serialized_rollback = True

            def test_commits(self):
                pass

        @pytest.mark.django_db
        def test_rolls_back():
            pass
        """,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 tests collected" in result.stdout
