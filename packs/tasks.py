"""Celery tasks: thin wrappers that load by id and call a service."""

from typing import Any

from celery import Task, shared_task

from . import services


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=30)
def pack_build_task(self: Task[Any, Any], pack_id: int) -> int:
    """Render a papers pack; retried, then recorded as failed for the reader to retry."""
    try:
        pack = services.pack_build(pack_id=pack_id)
    except services.PackOutdated as error:
        # Retrying cannot help: the reader sees other papers now and asks for a new pack.
        services.pack_render_failed(pack_id=pack_id, error=str(error))
        raise
    except Exception as error:
        retries_left = self.max_retries is not None and self.request.retries < self.max_retries
        if retries_left and not self.request.is_eager:
            raise self.retry(exc=error) from error
        services.pack_render_failed(pack_id=pack_id, error=f"{type(error).__name__}: {error}")
        raise
    return pack.pk


@shared_task(acks_late=True)
def pack_build_sweep_task() -> int:
    """Send packs that the broker missed (it was down) or whose worker died."""
    return services.dispatch_pending_packs()
