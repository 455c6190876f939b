"""Celery tasks: thin wrappers that load by id and call a service."""

from typing import Any

from celery import Task, shared_task

from notifications.models import AgendaPublication

from . import services


@shared_task(bind=True, acks_late=True, max_retries=5, default_retry_delay=60)
def agenda_notices_send_task(self: Task[Any, Any], publication_id: int) -> int:
    """E-mail members about a publication of the agenda and papers."""
    publication = AgendaPublication.objects.select_related("meeting__committee").get(
        pk=publication_id
    )
    try:
        return services.agenda_notices_send(publication=publication)
    except OSError as error:  # the mail server is unreachable: try again later
        raise self.retry(exc=error) from error


@shared_task(acks_late=True)
def agenda_notices_sweep_task() -> int:
    """Send agenda notices that the broker missed (it was down) or whose worker died."""
    return services.dispatch_pending_agenda_notices()
