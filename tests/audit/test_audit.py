"""The audit log: append-only, hash-chained, verified by `verify_audit`."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import AuditEvent
from audit.services import audit_record, audit_verify
from tests.sessions import sign_in

pytestmark = pytest.mark.django_db


def test_each_event_is_chained_to_the_one_before(member):
    first = audit_record(kind=AuditEvent.Kind.SIGNED_IN, user=member)
    second = audit_record(kind=AuditEvent.Kind.SIGNED_OUT, user=member)
    assert second.previous_hash == first.hash


def test_an_intact_log_verifies(member, capsys):
    audit_record(kind=AuditEvent.Kind.SIGNED_IN, user=member)
    call_command("verify_audit")
    assert "audit log intact: 1 events" in capsys.readouterr().out


def test_the_application_cannot_change_an_event(member):
    event = audit_record(kind=AuditEvent.Kind.SIGNED_IN, user=member)
    event.username = "someone else"
    with pytest.raises(PermissionDenied):
        event.save()


def test_the_application_cannot_delete_events(member):
    audit_record(kind=AuditEvent.Kind.SIGNED_IN, user=member)
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.update(username="x")


def _tamper(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_event_edited_in_the_database_breaks_the_chain(member):
    audit_record(kind=AuditEvent.Kind.SIGNED_IN, user=member)
    event = audit_record(kind=AuditEvent.Kind.PAPER_OPENED, user=member)
    audit_record(kind=AuditEvent.Kind.SIGNED_OUT, user=member)
    _tamper("UPDATE audit_auditevent SET username = %s WHERE id = %s", ["nobody", event.pk])
    check = audit_verify()
    assert (check.broken_at, check.reason) == (event.pk, "its content does not match its hash")


def test_an_event_removed_from_the_middle_breaks_the_chain(member):
    audit_record(kind=AuditEvent.Kind.SIGNED_IN, user=member)
    removed = audit_record(kind=AuditEvent.Kind.PAPER_OPENED, user=member)
    after = audit_record(kind=AuditEvent.Kind.SIGNED_OUT, user=member)
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [removed.pk])
    assert audit_verify().broken_at == after.pk


def test_the_last_events_removed_are_noticed(member):
    audit_record(kind=AuditEvent.Kind.SIGNED_IN, user=member)
    last = audit_record(kind=AuditEvent.Kind.SIGNED_OUT, user=member)
    _tamper("DELETE FROM audit_auditevent WHERE id = %s", [last.pk])
    assert audit_verify().reason == "events after the last one were removed"


def test_verify_audit_fails_naming_the_broken_event(member):
    event = audit_record(kind=AuditEvent.Kind.SIGNED_IN, user=member)
    _tamper("UPDATE audit_auditevent SET ip = %s WHERE id = %s", ["10.0.0.1", event.pk])
    with pytest.raises(CommandError, match=f"audit log broken at event {event.pk}"):
        call_command("verify_audit")


def test_signing_in_is_recorded_with_the_address(client, member):
    sign_in(client, member)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.SIGNED_IN)
    assert (event.username, event.ip) == ("member", "127.0.0.1")


def test_a_failed_sign_in_is_recorded_with_the_name_tried(client, member):
    client.post("/accounts/login/", {"username": "member", "password": "wrong"})
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.SIGN_IN_FAILED)
    assert (event.username, event.user) == ("member", None)


def test_the_admin_shows_the_log_read_only(client, secretariat, member):
    secretariat.is_superuser = True
    secretariat.save()
    audit_record(kind=AuditEvent.Kind.SIGNED_IN, user=member)
    client.force_login(secretariat)
    assert client.get("/admin/audit/auditevent/").status_code == 200
    event = AuditEvent.objects.first()
    response = client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
