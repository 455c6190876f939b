"""Sign-in throttling, response headers and the production deployment check."""

import os
import secrets
import subprocess
import sys

import pytest

from audit.models import AuditEvent
from tests import ROOT
from tests.sessions import sign_in

pytestmark = pytest.mark.django_db


def _fail(client, username="member", times=1):
    for _ in range(times):
        response = client.post("/accounts/login/", {"username": username, "password": "wrong"})
    return response


def test_five_failures_lock_the_account_out_with_a_clear_message(client, member):
    response = _fail(client, times=5)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()


def test_a_locked_out_account_is_refused_even_with_the_right_password(client, member):
    _fail(client, times=5)
    response = sign_in(client, member)
    assert response.status_code == 429


def test_a_successful_sign_in_resets_the_failure_count(client, member):
    _fail(client, times=4)
    sign_in(client, member)
    client.logout()
    assert _fail(client, times=4).status_code == 200


def test_failures_for_one_account_do_not_lock_out_another(client, member, registered):
    _fail(client, times=5)
    response = sign_in(client, registered)
    assert response.status_code == 302


def test_failed_sign_ins_are_audited(client, member):
    _fail(client, times=2)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SIGN_IN_FAILED).count() == 2


def test_a_weak_password_is_refused(member):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("ssc2019", member)


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
    ],
)
def test_pages_carry_the_security_headers(client, header, value):
    assert client.get("/")[header] == value


def test_no_page_template_holds_inline_script_or_event_handlers():
    offenders = []
    for template in ROOT.glob("**/templates/**/*.html"):
        # Virtualenvs (.venv, and .venv313 of `make smoke`) hold other projects' templates.
        venv = any(part.startswith(".venv") for part in template.relative_to(ROOT).parts)
        if venv or template.name.endswith("_pdf.html"):
            continue
        text = template.read_text()
        if "<script>" in text or " hx-on" in text or " onclick=" in text:
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


def test_check_deploy_is_clean_under_production_settings(tmp_path, signing_key_pair):
    key, cert = signing_key_pair
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "SECURE_COOKIES", "OTP_REQUIRED"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="sscportal.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="ssc.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        HEADLINES_SIGNING_KEY=str(key),
        HEADLINES_SIGNING_CERT=str(cert),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("address", ["/headlines/?committee=%00", "/meetings/a%00b/89/"])
def test_an_address_holding_a_nul_character_is_refused_with_400(client, address):
    response = client.get(address)
    assert response.status_code == 400
    assert response.content == b"The address holds a NUL character."
