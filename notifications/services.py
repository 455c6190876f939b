"""Telling people of the meeting cycle's handoffs: recorded with the event, e-mailed after it.

The app that makes an event calls `notify` in the transaction of its write: one row per person
and event (unique, so an event told twice tells nobody twice), with the delivery that person
chose for its kind. Once the write commits, a task e-mails the "immediately" rows
(`notifications_send`); if the broker is down, the rows wait and the periodic sweep
(`dispatch_pending`) sends them. "Daily digest" rows are gathered into one e-mail per person by
`digests_send`; "off" rows are kept as a record and never sent.

An e-mail the mail server does not take is tried again, a bounded number of times: a refused
address is that e-mail's failure alone (the event's other e-mails still go), a server that
cannot be reached stops the run and counts against every e-mail it left. The sweep tries again
after growing intervals; after `SEND_ATTEMPTS` tries, or at once where the server rejects the
address outright, the row is recorded as failed with the server's answer
(`failed_notifications`, which the secretariat sees).

An e-mail carries the row's subject, line and link and nothing else: the callers write them
in WHITE words only (the committee, the meeting's reference and date, what happened), and the
link leads to the portal, which decides what its reader sees.
"""

import datetime
import functools
import logging
import smtplib
from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from classification.models import User
from sscportal.dispatch import send_to_broker
from sscportal.links import site_url

from .models import Delivery, Kind, Notification, NotificationPreference

# A send task not finished in this time is taken to have died with its worker; an e-mail the
# mail server did not take is tried again after twice this for each try it has had (20
# minutes, 40, 80, ...).
SEND_STALE_AFTER = datetime.timedelta(minutes=10)
# How many times an e-mail is tried before it is recorded as failed (over about five hours).
SEND_ATTEMPTS = 6

logger = logging.getLogger(__name__)


def preferences_of(user: User) -> dict[str, str]:
    """How `user` is told of each kind of event: their choice, or immediately."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, Delivery.IMMEDIATELY) for kind in Kind.values}


@transaction.atomic
def preferences_save(*, user: User, deliveries: dict[str, str]) -> None:
    """Record how `user` wants to be told of each kind in `deliveries` (kind → delivery).

    Only choices other than the default are kept: "immediately" removes a stored choice.
    """
    unknown = (set(deliveries) - set(Kind.values)) | (
        set(deliveries.values()) - set(Delivery.values)
    )
    if unknown:
        raise ValueError(f"unknown notification kind or delivery: {sorted(unknown)}")
    NotificationPreference.objects.filter(
        user=user, kind__in=[k for k, d in deliveries.items() if d == Delivery.IMMEDIATELY]
    ).delete()
    for kind, delivery in deliveries.items():
        if delivery != Delivery.IMMEDIATELY:
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"delivery": delivery}
            )


def notify(
    *,
    kind: str,
    event_key: str,
    recipients: Iterable[User],
    subject: str,
    link: str,
    body_line: str,
) -> int:
    """Record that `recipients` are to be told of the event `event_key`; return how many are new.

    Call it in the transaction of the write that makes the event: the rows commit with it,
    and the e-mails are sent once it commits. `link` is a path on the portal (as `reverse`
    gives it). `subject` and `body_line` must hold WHITE words only. Recipients who are
    inactive, have no e-mail address, or were already told of this event are left out.
    """
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    users = {user.pk: user for user in recipients if user.is_active and user.email}
    already = set(
        Notification.objects.filter(event_key=event_key, recipient__in=users).values_list(
            "recipient_id", flat=True
        )
    )
    chosen = dict(
        NotificationPreference.objects.filter(kind=kind, user__in=users).values_list(
            "user_id", "delivery"
        )
    )
    rows = [
        Notification(
            recipient=user,
            kind=kind,
            event_key=event_key,
            subject=subject,
            body_line=body_line,
            link=site_url(link),
            delivery=chosen.get(pk, Delivery.IMMEDIATELY),
        )
        for pk, user in users.items()
        if pk not in already
    ]
    # A concurrent run of the same event may have written some: the constraint keeps one.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if any(row.delivery == Delivery.IMMEDIATELY for row in rows):
        transaction.on_commit(lambda: dispatch(event_key))
    return len(rows)


def _unsent_now() -> QuerySet[Notification]:
    return Notification.objects.filter(
        delivery=Delivery.IMMEDIATELY, sent_at__isnull=True, failed_at__isnull=True
    )


def dispatch(event_key: str) -> bool:
    """Send the task that e-mails the event; False (left for the sweep) if the broker is down."""
    from .tasks import notifications_send_task

    if not send_to_broker(notifications_send_task, event_key, what=f"Notifications of {event_key}"):
        return False
    _unsent_now().filter(event_key=event_key).update(dispatched_at=timezone.now())
    return True


def _due(now: datetime.datetime) -> Q:
    """Q: an unsent row the broker missed, whose task died, or whose next try has come."""
    due = Q(dispatched_at__isnull=True)
    for tried in range(SEND_ATTEMPTS):
        due |= Q(attempts=tried, dispatched_at__lt=now - SEND_STALE_AFTER * 2**tried)
    return due


def dispatch_pending(*, now: datetime.datetime | None = None) -> int:
    """Send the events whose e-mails the broker missed, whose task died, or that are to be
    tried again; return how many."""
    now = now or timezone.now()
    keys = _unsent_now().filter(_due(now)).order_by().values_list("event_key", flat=True)
    return sum(dispatch(event_key) for event_key in list(keys.distinct()))


def notifications_send(*, event_key: str) -> int:
    """E-mail each person the event is owed to "immediately"; idempotent per person.

    Each row is sent under its row lock and marked sent in the same transaction, so two runs
    of the task at once, or one after the other, send it once. An address the mail server
    refuses is recorded against its row, and the others are sent; a server that cannot be
    reached ends the run, recorded against every row left, which the sweep tries again.
    """
    sent = 0
    left = list(_unsent_now().filter(event_key=event_key).values_list("pk", flat=True))
    for index, pk in enumerate(left):
        try:
            sent += _send_one(pk)
        except OSError as error:  # the server: nothing goes through it for now
            logger.warning("Mail server unavailable for %s: %s", event_key, error)
            _tries_failed(_unsent_now().filter(pk__in=left[index:]), error)
            break
    return sent


def _send_one(pk: int) -> int:
    """Send one row (1), or leave it (0): sent meanwhile, or its address refused."""
    with transaction.atomic():
        row = (
            _unsent_now()
            .select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=pk)
            .first()
        )
        if row is None:  # sent meanwhile, or being sent by another run
            return 0
        try:
            send_mail(
                subject=row.subject,
                message=_body(row.body_line, row.link),
                from_email=None,
                recipient_list=[row.recipient.email],
            )
        except smtplib.SMTPRecipientsRefused as error:
            _tries_failed(Notification.objects.filter(pk=row.pk), error)
            return 0
        row.sent_at = timezone.now()
        row.save(update_fields=["sent_at"])
    return 1


def _tries_failed(rows: QuerySet[Notification], error: OSError) -> None:
    """Record a failed try of each of `rows`, with the server's answer; give up those that
    have had their last try, or whose address the server rejects outright (a 5xx answer)."""
    rows.update(attempts=F("attempts") + 1, error=_answer(error)[:500])
    given_up = Q(attempts__gte=SEND_ATTEMPTS)
    if _rejected_for_good(error):
        given_up = Q()
    rows.filter(given_up).update(failed_at=timezone.now())


def _answer(error: OSError) -> str:
    """The mail server's answer, as the secretariat is shown it."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {_text(message)}"
            for address, (code, message) in error.recipients.items()
        )
    return f"{type(error).__name__}: {error}"


def _text(message: bytes | str) -> str:
    return message.decode(errors="replace") if isinstance(message, bytes) else message


def _rejected_for_good(error: OSError) -> bool:
    """Whether the server refused every address of `error` with a permanent (5xx) answer."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _ in error.recipients.values()
    )


def failed_notifications() -> QuerySet[Notification]:
    """The e-mails given up on, to people who still have an account: for the secretariat.

    Each says who it was for, what it told, and the mail server's last answer; the address
    is corrected in the administration, where an e-mail may also be sent again.
    """
    return Notification.objects.filter(failed_at__isnull=False, recipient__is_active=True)


@transaction.atomic
def notifications_send_again(*, notifications: QuerySet[Notification]) -> int:
    """Give failed e-mails a fresh set of tries (their addresses corrected); return how many.

    They are sent once this commits, as any new notification: by the sweep if the broker is
    down.
    """
    rows = notifications.filter(failed_at__isnull=False, sent_at__isnull=True)
    keys = set(rows.values_list("event_key", flat=True))
    again = rows.update(failed_at=None, attempts=0, error="", dispatched_at=None)
    for key in keys:
        transaction.on_commit(functools.partial(dispatch, key))
    return again


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """E-mail each person one digest of their "daily digest" rows not yet sent; return how many.

    A digest the mail server does not take is tried again the next day, a bounded number of
    times, like any e-mail; the other people's digests are still sent.
    """
    now = now or timezone.now()
    due = Notification.objects.filter(
        delivery=Delivery.DIGEST, sent_at__isnull=True, failed_at__isnull=True, created_at__lte=now
    )
    sent = 0
    for recipient_id in list(due.order_by().values_list("recipient_id", flat=True).distinct()):
        with transaction.atomic():
            rows = list(
                due.filter(recipient_id=recipient_id)
                .select_for_update(skip_locked=True)
                .select_related("recipient")
                .order_by("created_at", "pk")
            )
            if not rows:
                continue
            mine = Notification.objects.filter(pk__in=[row.pk for row in rows])
            try:
                send_mail(
                    subject=f"SSC Portal: your daily digest ({_count(len(rows))})",
                    message=_digest_body(rows),
                    from_email=None,
                    recipient_list=[rows[0].recipient.email],
                )
            except OSError as error:
                logger.warning("Digest for user %s not sent: %s", recipient_id, error)
                _tries_failed(mine, error)
                continue
            mine.update(sent_at=now)
        sent += 1
    return sent


def _count(n: int) -> str:
    return f"{n} notification{'' if n == 1 else 's'}"


def _footer() -> str:
    return (
        "You are told of this as you chose on the portal; change what you are told, and how: "
        f"{site_url(reverse('notifications:preferences'))}\n"
    )


def _body(line: str, link: str) -> str:
    return f"{line}\n\nSee it on the portal: {link}\n\n-- \n{_footer()}"


def _digest_body(rows: list[Notification]) -> str:
    entries = "\n\n".join(
        f"{timezone.localtime(row.created_at):%-d %B, %H:%M} {row.subject}\n  {row.link}"
        for row in rows
    )
    return f"What happened since your last digest:\n\n{entries}\n\n-- \n{_footer()}"
