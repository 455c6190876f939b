"""Celery tasks: thin wrappers around the services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def notifications_send_task(event_key: str) -> int:
    """E-mail the people owed an event "immediately".

    What the mail server does not take is recorded on its rows and tried again by the sweep,
    a bounded number of times (services.SEND_ATTEMPTS): the task itself never retries.
    """
    return services.notifications_send(event_key=event_key)


@shared_task(acks_late=True)
def notifications_sweep_task() -> int:
    """Send the notifications the broker missed (it was down) or whose worker died."""
    return services.dispatch_pending()


@shared_task(acks_late=True)
def notifications_digest_task() -> int:
    """E-mail each person their daily digest."""
    return services.digests_send()
