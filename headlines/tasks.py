"""Celery tasks: thin wrappers that load by id and call a service."""

from typing import Any

from celery import Task, shared_task

from . import services
from .signing import SigningUnavailable


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=30)
def headlines_render_task(self: Task[Any, Any], request_id: int) -> int | None:
    """Render, sign and publish approved Headlines; retried, then recorded as failed."""
    try:
        version = services.headlines_render(request_id=request_id)
    except SigningUnavailable as error:
        # A key that is missing or wrong stays so until someone mends it: say so at once,
        # rather than after retries that cannot succeed. The secretariat retries once mended.
        services.headlines_render_failed(request_id=request_id, error=str(error))
        raise
    except Exception as error:
        retries_left = self.max_retries is not None and self.request.retries < self.max_retries
        if retries_left and not self.request.is_eager:
            raise self.retry(exc=error) from error
        services.headlines_render_failed(
            request_id=request_id, error=f"{type(error).__name__}: {error}"
        )
        raise
    return version.pk if version else None


@shared_task(acks_late=True)
def headlines_render_sweep_task() -> int:
    """Send renders that the broker missed (it was down) or whose worker died."""
    return services.dispatch_pending()
