"""Enrolment links: the one way an account sets up its authenticator without a verified session."""

import datetime
import io
import re
import sys

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import EnrolmentLink
from accounts.services import enrolment_link_check, enrolment_link_issue
from audit.models import AuditEvent
from classification.models import User
from tests.sessions import (
    PASSWORD,
    authenticator,
    authenticator_code,
    enrolment_link,
    password_only_session,
    sign_in,
    sign_in_verified,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("second_factor_required")]

LINK = re.compile(r"https?://\S+(/accounts/two-factor/enrol/[^/\s]+/)")


def _enrol(client, link):
    """Open `link` in the signed-in session and confirm the app it shows; return the answer."""
    client.get(link)
    device = TOTPDevice.objects.filter(confirmed=False).get()
    return client.post(link, {"code": authenticator_code(device)})


def _run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_an_enrolment_link_serves_once(client, secretariat):
    link = enrolment_link(secretariat)
    sign_in(client, secretariat)
    assert "Your recovery codes" in _enrol(client, link).content.decode()
    assert client.get(link).status_code == 404


def test_an_expired_enrolment_link_answers_404(client, secretariat):
    link = enrolment_link(secretariat)
    EnrolmentLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    sign_in(client, secretariat)
    assert client.get(link).status_code == 404


def test_an_enrolment_link_is_valid_for_72_hours(secretariat):
    link, _ = enrolment_link_issue(user=secretariat, by=None)
    assert link.expires_at - link.created_at == datetime.timedelta(hours=72)


def test_an_unknown_enrolment_link_answers_404(client, secretariat):
    sign_in(client, secretariat)
    assert client.get("/accounts/two-factor/enrol/not-a-link-anyone-was-given/").status_code == 404


def test_an_enrolment_link_answers_404_to_another_account(client, secretariat, member):
    link = enrolment_link(secretariat)
    sign_in(client, member)
    assert client.get(link).status_code == 404
    assert not TOTPDevice.objects.exists()


def test_an_enrolment_link_asks_an_anonymous_visitor_to_sign_in(client, secretariat):
    response = client.get(enrolment_link(secretariat))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_signing_in_to_open_an_enrolment_link_leads_to_it_even_with_a_device(client, member):
    authenticator(member, name="lost phone")
    link = enrolment_link(member)
    response = client.post(
        f"/accounts/login/?next={link}", {"username": "member", "password": PASSWORD}
    )
    assert response["Location"] == link


def test_an_enrolment_link_replaces_a_lost_authenticator(client, member):
    authenticator(member, name="lost phone")
    link = enrolment_link(member)
    sign_in(client, member)
    _enrol(client, link)
    assert list(TOTPDevice.objects.filter(user=member).values_list("name", flat=True)) == [
        "Authenticator app"
    ]


def test_issuing_a_new_link_retires_the_earlier_one(client, secretariat):
    first = enrolment_link(secretariat)
    second = enrolment_link(secretariat)
    sign_in(client, secretariat)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_an_enrolment_link_is_stored_only_as_its_digest(secretariat):
    link, token = enrolment_link_issue(user=secretariat, by=None)
    assert token not in link.token_hash
    assert len(link.token_hash) == 64


def test_a_deactivated_account_has_no_working_enrolment_link(secretariat):
    _, token = enrolment_link_issue(user=secretariat, by=None)
    secretariat.is_active = False
    secretariat.save()
    assert enrolment_link_check(token) is None


def test_using_an_enrolment_link_is_audited(client, secretariat):
    link = enrolment_link(secretariat)
    sign_in(client, secretariat)
    _enrol(client, link)
    used = AuditEvent.objects.get(kind=AuditEvent.Kind.ENROLMENT_LINK_USED)
    assert used.username == "sec"
    assert used.ip == "127.0.0.1"
    added = AuditEvent.objects.get(kind=AuditEvent.Kind.SECOND_FACTOR_ADDED)
    assert added.detail == {"through": "enrolment link"}


def test_issuing_an_enrolment_link_is_audited_with_the_account_it_is_for(secretariat):
    enrolment_link_issue(user=secretariat, by=None)
    issued = AuditEvent.objects.get(kind=AuditEvent.Kind.ENROLMENT_LINK_ISSUED)
    assert issued.username == "(command line)"
    assert issued.detail["account"] == "sec"


def test_a_password_only_session_of_the_secretariat_issues_no_enrolment_link(secretariat, member):
    password_only_session(secretariat)
    with pytest.raises(PermissionDenied):
        enrolment_link_issue(user=member, by=secretariat)
    assert not EnrolmentLink.objects.exists()


def test_a_member_issues_no_enrolment_link(member, registered):
    with pytest.raises(PermissionDenied):
        enrolment_link_issue(user=registered, by=member)


# The command line


def test_adduser_enrol_prints_a_link_that_serves_the_new_account(client, settings, monkeypatch):
    settings.SITE_URL = "https://portal.example.org"
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    out = _run("adduser", "alice", "--clearance", "AMBER", "--password-stdin", "--enrol")
    created, line = out.splitlines()
    assert created == "created alice (clearance AMBER)"
    assert line.startswith("enrolment link for alice (one use, until ")
    assert "https://portal.example.org/accounts/two-factor/enrol/" in line
    sign_in(client, User.objects.get(username="alice"))
    assert "Your recovery codes" in _enrol(client, LINK.search(line).group(1)).content.decode()


def test_adduser_without_enrol_issues_no_link(db):
    assert _run("adduser", "alice", "--clearance", "AMBER") == "created alice (clearance AMBER)\n"
    assert not EnrolmentLink.objects.exists()


def test_the_enrolment_link_command_prints_a_link_for_the_account(client, member):
    line = _run("enrolment_link", "member")
    assert line.startswith("enrolment link for member (one use, until ")
    sign_in(client, member)
    assert client.get(LINK.search(line).group(1)).status_code == 200


def test_the_enrolment_link_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="no user 'nobody'"):
        _run("enrolment_link", "nobody")


def test_the_enrolment_link_command_refuses_a_deactivated_account(member):
    member.is_active = False
    member.save()
    with pytest.raises(CommandError, match="member is deactivated"):
        _run("enrolment_link", "member")
    assert not EnrolmentLink.objects.exists()


# The admin


def _verified_admin(client, secretariat):
    secretariat.is_superuser = True
    secretariat.save()
    sign_in_verified(client, secretariat)


def _issue_in_the_admin(client, user):
    return client.post(
        "/admin/classification/user/",
        {"action": "issue_enrolment_link", "_selected_action": [user.pk]},
    )


def test_the_admin_issues_an_enrolment_link_and_shows_it_once(client, secretariat, member):
    _verified_admin(client, secretariat)
    response = _issue_in_the_admin(client, member)
    page = response.content.decode()
    path = LINK.search(page).group(1)
    assert "no-store" in response["Cache-Control"]
    assert EnrolmentLink.objects.get().issued_by == secretariat
    assert path not in client.get("/admin/classification/user/").content.decode()
    client.logout()
    sign_in(client, member)
    assert client.get(path).status_code == 200


def test_the_admin_issues_no_link_to_a_deactivated_account(client, secretariat, member):
    member.is_active = False
    member.save()
    _verified_admin(client, secretariat)
    page = _issue_in_the_admin(client, member).content.decode()
    assert "No link for member" in page
    assert not EnrolmentLink.objects.exists()
