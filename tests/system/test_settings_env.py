"""Settings read from the environment refuse what they cannot read rather than guess."""

import ast
import os
import secrets
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from sscportal.settings import envbool, envfloat
from tests import ROOT


def test_a_value_that_is_not_a_yes_or_no_word_is_refused(monkeypatch):
    monkeypatch.setenv("SECURE_SSL_REDIRECT", "ture")
    with pytest.raises(ImproperlyConfigured, match="SECURE_SSL_REDIRECT='ture' is not a yes/no"):
        envbool("SECURE_SSL_REDIRECT", True)


@pytest.mark.parametrize("value", ["1", "true", "True", "YES", "on", " On "])
def test_a_yes_word_in_any_case_is_true(monkeypatch, value):
    monkeypatch.setenv("SECURE_SSL_REDIRECT", value)
    assert envbool("SECURE_SSL_REDIRECT", False) is True


@pytest.mark.parametrize("value", ["0", "false", "False", "NO", "off", " Off "])
def test_a_no_word_in_any_case_is_false(monkeypatch, value):
    monkeypatch.setenv("SECURE_SSL_REDIRECT", value)
    assert envbool("SECURE_SSL_REDIRECT", True) is False


@pytest.mark.parametrize("value", [None, "", "  "])
def test_a_missing_or_empty_value_is_the_default(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("SECURE_SSL_REDIRECT", raising=False)
    else:
        monkeypatch.setenv("SECURE_SSL_REDIRECT", value)
    assert envbool("SECURE_SSL_REDIRECT", True) is True
    assert envbool("SECURE_SSL_REDIRECT", False) is False


def _environment(**values: str) -> dict[str, str]:
    """This process's environment for a fresh one reading the portal's settings with `values`."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    return {**env, "DJANGO_SETTINGS_MODULE": "sscportal.settings", **values}


def test_a_typo_in_a_yes_or_no_setting_stops_the_portal_from_starting(tmp_path):
    env = _environment(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="ssc.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'typo.sqlite3'}",
        SECURE_SSL_REDIRECT="flase",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT='flase' is not a yes/no value" in result.stderr


def _database_options(**environment: str) -> dict:
    """The database OPTIONS the settings make from `environment` (read in a fresh process)."""
    env = _environment(
        DEBUG="1", DATABASE_URL="postgres://portal@db.example.org:5432/ssc", **environment
    )
    script = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return ast.literal_eval(result.stdout.strip())


def test_postgresql_statements_are_prepared_after_five_runs_by_default():
    options = _database_options()
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5


def test_prepared_statements_can_be_turned_off_for_a_pooler_that_cannot_keep_them():
    options = _database_options(DB_PREPARED_STATEMENTS="off")
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


def test_postgresql_connections_plan_for_rows_read_at_random_as_on_ssds():
    assert _database_options()["options"] == "-c jit=off -c random_page_cost=1.1"


def test_a_random_page_cost_that_is_not_a_number_is_refused(monkeypatch):
    monkeypatch.setenv("DB_RANDOM_PAGE_COST", "cheap")
    with pytest.raises(ImproperlyConfigured, match="DB_RANDOM_PAGE_COST='cheap' is not a number"):
        envfloat("DB_RANDOM_PAGE_COST", 1.1)
