"""An e-mail the mail server will not take is tried a bounded number of times, never blocks the
others, and is then recorded as failed, with the server's answer, for the secretariat to see."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail import send_mail as real_send_mail
from django.urls import reverse
from django.utils import timezone

from classification.levels import Level
from notifications import services
from notifications.models import Delivery, Kind, Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EVENT = "agenda_publication:1"


@pytest.fixture
def readers(db):
    return [UserFactory(username=name, clearance=Level.AMBER) for name in ("ann", "bob", "cat")]


@pytest.fixture
def server(monkeypatch):
    """The mail server: it refuses the addresses in `refused` (address → SMTP code), and is
    unreachable while `down` holds."""

    class Server:
        refused: dict[str, int] = {}
        down = False

        def send_mail(self, *, recipient_list, **kwargs):
            if self.down:
                raise ConnectionRefusedError(111, "Connection refused")
            [address] = recipient_list
            if address in self.refused:
                code = self.refused[address]
                raise smtplib.SMTPRecipientsRefused({address: (code, b"Mailbox unavailable")})
            return real_send_mail(recipient_list=recipient_list, **kwargs)

    fake = Server()
    monkeypatch.setattr(services, "send_mail", fake.send_mail)
    return fake


def _notify(recipients, django_capture_on_commit_callbacks, key=EVENT):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            kind=Kind.AGENDA_PUBLISHED,
            event_key=key,
            recipients=recipients,
            subject="SSC 89_1311: agenda and papers published",
            link="/meetings/SSC/89/",
            body_line="The agenda has been published.",
        )


def _row(username) -> Notification:
    return Notification.objects.get(recipient__username=username)


def _sent_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def _later(tries: int) -> datetime.datetime:
    """A moment after the sweep's wait following `tries` failed tries."""
    return timezone.now() + services.SEND_STALE_AFTER * 2**tries + datetime.timedelta(seconds=1)


def test_an_address_the_server_refuses_does_not_stop_the_events_other_emails(
    readers, server, django_capture_on_commit_callbacks
):
    server.refused = {"bob@example.org": 450}
    _notify(readers, django_capture_on_commit_callbacks)
    assert _sent_to() == ["ann@example.org", "cat@example.org"]
    row = _row("bob")
    assert (row.attempts, row.sent_at, row.failed_at) == (1, None, None)
    assert "450 Mailbox unavailable" in row.error


def test_an_address_rejected_for_good_is_given_up_at_once_with_the_servers_answer(
    readers, server, django_capture_on_commit_callbacks
):
    server.refused = {"bob@example.org": 550}
    _notify(readers, django_capture_on_commit_callbacks)
    row = _row("bob")
    assert row.failed_at is not None
    assert row.error == "bob@example.org: 550 Mailbox unavailable"
    assert services.dispatch_pending(now=_later(services.SEND_ATTEMPTS)) == 0


def test_a_refused_email_is_tried_again_by_the_sweep_a_bounded_number_of_times(
    readers, server, django_capture_on_commit_callbacks
):
    server.refused = {"bob@example.org": 450}
    _notify(readers[1:2], django_capture_on_commit_callbacks)
    for tries in range(1, services.SEND_ATTEMPTS):
        assert services.dispatch_pending(now=_later(tries)) == 1
    row = _row("bob")
    assert row.attempts == services.SEND_ATTEMPTS
    assert row.failed_at is not None
    assert services.dispatch_pending(now=_later(services.SEND_ATTEMPTS + 10)) == 0
    assert mail.outbox == []


def test_the_sweep_waits_longer_after_each_failed_try(
    readers, server, django_capture_on_commit_callbacks
):
    server.refused = {"bob@example.org": 450}
    _notify(readers[1:2], django_capture_on_commit_callbacks)
    too_soon = timezone.now() + services.SEND_STALE_AFTER * 2 - datetime.timedelta(minutes=1)
    assert services.dispatch_pending(now=too_soon) == 0
    assert services.dispatch_pending(now=_later(1)) == 1


def test_an_email_refused_for_a_while_is_sent_once_the_server_takes_it(
    readers, server, django_capture_on_commit_callbacks
):
    server.refused = {"bob@example.org": 450}
    _notify(readers[1:2], django_capture_on_commit_callbacks)
    server.refused = {}
    assert services.dispatch_pending(now=_later(1)) == 1
    assert _sent_to() == ["bob@example.org"]
    assert services.dispatch_pending(now=_later(services.SEND_ATTEMPTS)) == 0
    assert len(mail.outbox) == 1


def test_a_server_out_of_reach_counts_a_try_against_every_email_left_and_sends_none(
    readers, server, django_capture_on_commit_callbacks
):
    server.down = True
    _notify(readers, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}
    assert "ConnectionRefusedError" in _row("ann").error

    server.down = False
    assert services.dispatch_pending(now=_later(1)) == 1
    assert _sent_to() == ["ann@example.org", "bob@example.org", "cat@example.org"]


def test_a_refused_digest_is_recorded_and_the_other_digests_are_sent(
    readers, server, django_capture_on_commit_callbacks
):
    for reader in readers:
        services.preferences_save(user=reader, deliveries={Kind.AGENDA_PUBLISHED: Delivery.DIGEST})
    server.refused = {"bob@example.org": 550}
    _notify(readers, django_capture_on_commit_callbacks)
    assert services.digests_send() == 2
    assert _sent_to() == ["ann@example.org", "cat@example.org"]
    assert _row("bob").failed_at is not None
    assert services.digests_send() == 0


def test_an_email_sent_again_from_the_administration_gets_a_fresh_set_of_tries(
    readers, server, django_capture_on_commit_callbacks
):
    server.refused = {"bob@example.org": 550}
    _notify(readers[1:2], django_capture_on_commit_callbacks)
    server.refused = {}  # the address was corrected
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_send_again(notifications=Notification.objects.all()) == 1
    assert _sent_to() == ["bob@example.org"]
    row = _row("bob")
    assert (row.attempts, row.failed_at, row.error) == (0, None, "")


def test_the_secretariat_sees_an_email_given_up_on_in_its_work(
    client, secretariat, member, server, django_capture_on_commit_callbacks
):
    server.refused = {"member@example.org": 550}
    _notify([member], django_capture_on_commit_callbacks)
    client.force_login(secretariat)
    page = client.get(reverse("members:dashboard")).content.decode()
    assert "An e-mail to Test member (member) could not be sent" in page
    assert "550 Mailbox unavailable" in page
    assert reverse("admin:notifications_notification_changelist") + "?failed=yes" in page


def test_a_member_is_not_shown_the_emails_given_up_on(
    client, member, readers, server, django_capture_on_commit_callbacks
):
    server.refused = {"bob@example.org": 550}
    _notify(readers, django_capture_on_commit_callbacks)
    client.force_login(member)
    assert "could not be sent" not in client.get(reverse("members:dashboard")).content.decode()


def test_the_administration_lists_the_failed_emails_and_sends_them_again(
    client, secretariat, readers, server, django_capture_on_commit_callbacks
):
    server.refused = {"bob@example.org": 550}
    _notify(readers, django_capture_on_commit_callbacks)
    client.force_login(secretariat)
    url = reverse("admin:notifications_notification_changelist")
    listed = client.get(url + "?failed=yes").content.decode()
    assert "bob" in listed and "ann" not in listed
    server.refused = {}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "send_again", "_selected_action": [_row("bob").pk]})
    assert _sent_to() == ["bob@example.org"]
