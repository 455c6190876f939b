"""Celery tasks: thin wrappers around the services."""

from typing import Any

from celery import Task, shared_task

from . import services


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=60)
def notifications_send_task(self: Task[Any, Any], event_key: str) -> int:
    """E-mail the people owed an event "immediately"."""
    try:
        return services.notifications_send(event_key=event_key)
    except OSError as error:  # the mail server is unreachable: try again later
        raise self.retry(exc=error) from error


@shared_task(acks_late=True)
def notifications_sweep_task() -> int:
    """Send the notifications the broker missed (it was down) or whose worker died."""
    return services.dispatch_pending()


@shared_task(acks_late=True)
def notifications_digest_task() -> int:
    """E-mail each person their daily digest."""
    return services.digests_send()
