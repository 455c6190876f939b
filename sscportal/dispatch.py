"""Sending background work to the Celery workers, or leaving it for the sweep.

Every piece of background work is saved in the database first (an approved Headlines request,
an agenda publication, a queued papers pack) and its task is sent once that write commits. If
the broker cannot be reached, nothing is lost: the work waits in the database and the periodic
sweep sends it. Any other error in sending is a bug, logged as one and raised.
"""

import logging
import socket
from typing import Any

import redis.exceptions
from celery import Task
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# What a broker that is down, unreachable or too slow raises. kombu wraps the connection
# failures it sees in OperationalError; redis-py's and the socket's own can still surface
# when a connection is first made. Other OSErrors (a missing file, a full disk) are not here:
# they are bugs or faults of this machine, not a broker the sweep can wait for.
BROKER_ERRORS = (
    OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
    TimeoutError,
    socket.gaierror,
)


def send_to_broker(task: Task[Any, Any], *args: Any, what: str) -> bool:
    """Send `task(*args)` to the workers; False if the broker cannot be reached.

    Call it once the work is saved and committed: on False the work stays in the database
    for the sweep. `what` names the work in the log ("Headlines request 12"). Any error other
    than BROKER_ERRORS is a bug: it is logged and raised.
    """
    if task.app.conf.task_always_eager:
        return _run_in_process(task, args, what=what)
    try:
        task.apply_async(args)
    except BROKER_ERRORS as error:
        logger.warning("%s not sent (broker unreachable: %s): left for the sweep", what, error)
        return False
    except Exception:
        logger.exception("%s not sent: sending it failed other than by the broker (a bug)", what)
        raise
    return True


def _run_in_process(task: Task[Any, Any], args: tuple[Any, ...], *, what: str) -> bool:
    """Run `task(*args)` here and now (no broker: CELERY_TASK_ALWAYS_EAGER); False if it failed.

    With CELERY_TASK_EAGER_PROPAGATES the task's failure would be raised from this call:
    inside an on_commit callback, after the work committed, so the request would fail with a
    500 for work that is saved, and the on_commit callbacks after this one (another
    publication's) would never run. So a failure here is logged, never raised, and the work is
    left as unsent: a task that records its failure (a render marked failed, for a retry) is
    left alone by the sweep, and one that does not (agenda notices) is sent again by it.
    """
    try:
        # Eager, apply_async hands its options on to apply, which takes `throw`; the type stubs
        # list only the options a broker takes.
        result = task.apply_async(args, throw=False)  # type: ignore[call-arg]
        failure = result.result if result.failed() else None
    except Exception as error:  # noqa: BLE001 - a task that retried raises what it ended with
        failure = error
    if failure is None:
        return True
    logger.error(
        "%s failed in this process (%s): left for the sweep",
        what,
        failure,
        exc_info=(type(failure), failure, failure.__traceback__),
    )
    return False
