"""The audit log's CSV export: what visitors typed is exported as text, never as a formula."""

import csv
import io

import pytest
from django.contrib.auth import authenticate

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

# Every start a spreadsheet reads as a formula (OWASP, "CSV Injection"), and a line break.
FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r", "\n"]


def _exported(client, secretariat, kind) -> list[dict]:
    client.force_login(secretariat)
    response = client.get(f"/audit/export.csv?kind={kind}")
    return list(csv.DictReader(io.StringIO(response.content.decode(), newline="")))


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_username_tried_at_sign_in_is_exported_as_text_whatever_it_starts_with(
    client, rf, secretariat, start
):
    tried = start + 'HYPERLINK("http://evil.example/","x")'
    # The sign-in form strips spaces around a username, but any caller of `authenticate`
    # hands the name to the audit log as it was typed.
    authenticate(rf.post("/accounts/login/"), username=tried, password="wrong")

    rows = _exported(client, secretariat, AuditEvent.Kind.SIGN_IN_FAILED)

    assert [row["username"] for row in rows] == ["'" + tried]


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_visitors_user_agent_is_exported_as_text_whatever_it_starts_with(
    client, secretariat, start
):
    agent = start + "cmd|' /C calc'!A0"
    client.post(
        "/accounts/login/", {"username": "nobody", "password": "wrong"}, HTTP_USER_AGENT=agent
    )

    rows = _exported(client, secretariat, AuditEvent.Kind.SIGN_IN_FAILED)

    assert [row["user_agent"] for row in rows] == ["'" + agent]
