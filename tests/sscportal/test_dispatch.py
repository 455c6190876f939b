"""Background work is sent once it is saved; a broker that is down leaves it for the sweep,
and anything else that goes wrong in sending is a bug, raised and logged."""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from celery import Celery
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from classification.levels import Level
from headlines import services as headlines_services
from headlines import tasks as headlines_tasks
from headlines.models import HeadlinesRequest
from meetings import services as meeting_services
from notifications import services as notification_services
from notifications import tasks as notification_tasks
from notifications.models import Notification
from packs import services as pack_services
from packs import tasks as pack_tasks
from packs.models import Pack
from sscportal.dispatch import BROKER_ERRORS, send_to_broker
from tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory, UserFactory

pytestmark = pytest.mark.django_db


@dataclass
class Work:
    """One saved piece of background work: its task, how it is sent, and its sweep."""

    task: object
    dispatch: Callable[[], bool]
    sweep: Callable[[], int]
    sent: Callable[[], bool]


def _headlines_render(request) -> Work:
    held_meeting = request.getfixturevalue("held_meeting")
    secretariat = request.getfixturevalue("secretariat")
    chair = request.getfixturevalue("chair")
    approved = headlines_services.headlines_submit(meeting=held_meeting, by=secretariat)
    headlines_services.headlines_approve(request=approved, by=chair)
    return Work(
        task=headlines_tasks.headlines_render_task,
        dispatch=lambda: headlines_services.dispatch_render(approved.pk),
        sweep=headlines_services.dispatch_pending,
        sent=lambda: HeadlinesRequest.objects.get(pk=approved.pk).dispatched_at is not None,
    )


def _notifications(request) -> Work:
    secretariat = request.getfixturevalue("secretariat")
    UserFactory(username="amber", clearance=Level.AMBER)
    meeting = MeetingFactory(status="draft")
    AgendaItemFactory(meeting=meeting, published_at=None)
    publication = meeting_services.agenda_publish(meeting=meeting, by=secretariat)
    event_key = f"agenda_publication:{publication.pk}"
    return Work(
        task=notification_tasks.notifications_send_task,
        dispatch=lambda: notification_services.dispatch(event_key),
        sweep=notification_services.dispatch_pending,
        sent=lambda: Notification.objects.get(event_key=event_key).dispatched_at is not None,
    )


def _papers_pack(request) -> Work:
    member = request.getfixturevalue("member")
    meeting = MeetingFactory()
    PaperFactory(item=AgendaItemFactory(meeting=meeting, level=Level.WHITE))
    pack = pack_services.pack_request(user=member, meeting=meeting)
    return Work(
        task=pack_tasks.pack_build_task,
        dispatch=lambda: pack_services.dispatch_pack(pack.pk),
        sweep=pack_services.dispatch_pending_packs,
        sent=lambda: Pack.objects.get(pk=pack.pk).dispatched_at is not None,
    )


@pytest.fixture(
    params=[_headlines_render, _notifications, _papers_pack],
    ids=["headlines-render", "notifications", "papers-pack"],
)
def work(request) -> Work:
    """Each kind of background work, saved and not yet sent (tasks run in this process)."""
    return request.param(request)


def _raising(error):
    def raising(*args, **kwargs):
        raise error

    return raising


@pytest.fixture
def with_a_broker(tasks_run_in_process):
    """Tasks are sent to a broker (each test fakes what sending does), not run here."""
    tasks_run_in_process.conf.task_always_eager = False


def test_a_broker_connection_error_leaves_the_work_for_the_sweep(work, with_a_broker, monkeypatch):
    refused = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    monkeypatch.setattr(work.task, "apply_async", _raising(refused))
    assert work.dispatch() is False
    assert not work.sent()

    sent = []
    monkeypatch.setattr(work.task, "apply_async", lambda args, **options: sent.append(args))
    assert work.sweep() == 1
    assert work.sent()
    assert len(sent) == 1


def test_any_other_error_in_sending_is_raised_as_a_bug(work, with_a_broker, monkeypatch, caplog):
    monkeypatch.setattr(work.task, "apply_async", _raising(TypeError("a bug in sending")))
    with (
        caplog.at_level(logging.ERROR, logger="sscportal.dispatch"),
        pytest.raises(TypeError, match="a bug in sending"),
    ):
        work.dispatch()
    assert not work.sent()
    assert any("(a bug)" in record.getMessage() for record in caplog.records)


def test_a_missing_file_is_not_taken_for_a_broker_that_is_down(work, with_a_broker, monkeypatch):
    missing = FileNotFoundError("no such file: the broker's certificate")
    monkeypatch.setattr(work.task, "apply_async", _raising(missing))
    with pytest.raises(FileNotFoundError):
        work.dispatch()


def test_an_unreachable_broker_is_a_broker_error():
    app = Celery("unreachable", broker="redis://127.0.0.1:1/0", set_as_current=False)
    app.conf.broker_connection_timeout = 1
    app.conf.task_publish_retry_policy = {"max_retries": 0}  # nothing listens on port 1

    @app.task(name="probe")
    def probe(number):
        return number

    try:
        probe.apply_async((1,))
    except Exception as error:  # noqa: BLE001 - the point is which errors are raised
        assert isinstance(error, BROKER_ERRORS), repr(error)
    else:
        pytest.fail("a broker on a closed port accepted a task")
    assert send_to_broker(probe, 1, what="probe") is False


def test_a_render_failing_in_this_process_is_recorded_and_logged_not_raised(
    held_meeting, secretariat, chair, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken_renderer(document, *, approved_at):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr(headlines_services, "headlines_pdf", broken_renderer)
    with (
        caplog.at_level(logging.ERROR, logger="sscportal.dispatch"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        approved = headlines_services.headlines_submit(meeting=held_meeting, by=secretariat)
        headlines_services.headlines_approve(request=approved, by=chair)
    approved.refresh_from_db()
    assert approved.status == HeadlinesRequest.Status.FAILED
    assert any("fonts missing" in record.getMessage() for record in caplog.records)


def test_notices_failing_in_this_process_are_left_for_the_sweep_to_try_again(
    secretariat, django_capture_on_commit_callbacks, monkeypatch
):
    UserFactory(username="amber", clearance=Level.AMBER, email="amber@example.org")
    meeting = MeetingFactory(status="draft")
    AgendaItemFactory(meeting=meeting, published_at=None)
    with monkeypatch.context() as patch:
        patch.setattr(notification_services, "send_mail", _raising(ConnectionRefusedError("smtp")))
        with django_capture_on_commit_callbacks(execute=True):
            meeting_services.agenda_publish(meeting=meeting, by=secretariat)
    notification = Notification.objects.get()
    assert (notification.attempts, notification.sent_at) == (1, None)
    # Tried again once its wait after one failed try is over.
    later = (
        timezone.now() + notification_services.SEND_STALE_AFTER * 2 + datetime.timedelta(seconds=1)
    )
    assert notification_services.dispatch_pending(now=later) == 1
    assert len(mail.outbox) == 1


def test_sending_a_task_asks_nothing_of_a_result_backend(tasks_run_in_process, monkeypatch):
    """A result backend that is down (Redis gone) must not fail the send: no result is kept."""
    tasks_run_in_process.conf.task_always_eager = False
    sent = []

    def result_backend_down(*args, **kwargs):
        raise RuntimeError("the result consumer cannot reconnect")

    monkeypatch.setattr(tasks_run_in_process.backend, "on_task_call", result_backend_down)
    monkeypatch.setattr(
        tasks_run_in_process.amqp, "send_task_message", lambda *args, **kwargs: sent.append(args)
    )
    assert send_to_broker(headlines_tasks.headlines_render_task, 1, what="Headlines request 1")
    assert len(sent) == 1
