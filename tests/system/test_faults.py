"""Faults against the real services: Redis stopped, a worker killed, a connection dropped.

These need PostgreSQL and Redis (CI has both; there a skip is a failure). They stop and
restart the machine's Redis, so they run one at a time, like the rest of the suite.
"""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from classification.levels import Level
from headlines import services as headlines_services
from headlines.models import HeadlinesRequest, HeadlinesVersion
from meetings import services as meeting_services
from meetings.models import AgendaItem
from notifications import services as notification_services
from notifications.models import Notification
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory
from tests.workers import (
    require_postgresql_and_redis,
    start_redis,
    start_worker,
    stop,
    stop_redis,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def real_broker(tasks_run_in_process):
    require_postgresql_and_redis()
    app = tasks_run_in_process
    app.conf.task_always_eager = False
    start_redis()
    app.control.purge()
    yield app
    start_redis()  # whatever a test did, leave Redis running


@pytest.fixture
def redis_down(real_broker):
    stop_redis()
    yield
    start_redis()


def test_headlines_approved_while_redis_is_down_are_published_once_it_is_back(
    real_broker, redis_down, held_meeting, secretariat, chair, tmp_path
):
    request = headlines_services.headlines_submit(meeting=held_meeting, by=secretariat)
    headlines_services.headlines_approve(request=request, by=chair)
    request.refresh_from_db()
    assert (request.status, request.dispatched_at) == ("approved", None)

    start_redis()
    worker = start_worker(tmp_path / "worker.log")
    try:
        assert headlines_services.dispatch_pending() == 1
        assert wait_for(lambda: HeadlinesRequest.objects.get(pk=request.pk).status == "published")
    finally:
        stop(worker)
    assert HeadlinesVersion.objects.filter(meeting=held_meeting).count() == 1


def test_an_agenda_published_while_redis_is_down_is_announced_once_it_is_back(
    real_broker, redis_down, secretariat, tmp_path
):
    meeting = MeetingFactory(status="draft")
    AgendaItemFactory(meeting=meeting, published_at=None)
    UserFactory(username="amber", clearance=Level.AMBER, email="amber@example.org")
    meeting_services.agenda_publish(meeting=meeting, by=secretariat)
    assert Notification.objects.get(recipient__username="amber").dispatched_at is None
    assert AgendaItem.objects.filter(meeting=meeting, published_at__isnull=False).exists()

    start_redis()
    worker = start_worker(
        tmp_path / "worker.log",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
    )
    try:
        assert notification_services.dispatch_pending() == 1
        assert wait_for(
            lambda: Notification.objects.get(recipient__username="amber").sent_at is not None
        )
    finally:
        stop(worker)
    assert Notification.objects.filter(sent_at__isnull=False).count() == 1


def _heavy_meeting(held_meeting):
    """Enough listed items that rendering takes seconds: time to kill the worker mid-render."""
    headline = "The SSC discussed a matter of some length, recorded for the public. " * 6
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=held_meeting,
            number=100 + n,
            section="agenda",
            title=f"Item {n}",
            headline=headline,
            level=Level.AMBER,
            # bulk_create skips save(), which would choose the mode by level.
            headline_mode="full",
            published_at=timezone.now(),
        )
        for n in range(800)
    )


def test_a_worker_killed_mid_render_is_replaced_and_one_version_is_published(
    real_broker, held_meeting, secretariat, chair, tmp_path
):
    _heavy_meeting(held_meeting)
    first = start_worker(tmp_path / "first.log")
    request = headlines_services.headlines_submit(meeting=held_meeting, by=secretariat)
    headlines_services.headlines_approve(request=request, by=chair)
    assert wait_for(lambda: HeadlinesRequest.objects.get(pk=request.pk).status == "rendering")
    stop(first, kill=True)
    assert HeadlinesVersion.objects.filter(meeting=held_meeting).count() == 0

    second = start_worker(tmp_path / "second.log")
    try:
        later = timezone.now() + headlines_services.RENDER_STALE_AFTER + datetime.timedelta(1)
        assert headlines_services.dispatch_pending(now=later) == 1
        assert wait_for(
            lambda: HeadlinesRequest.objects.get(pk=request.pk).status == "published", 120
        )
    finally:
        stop(second)
    assert HeadlinesVersion.objects.filter(meeting=held_meeting).count() == 1


def test_a_connection_dropped_mid_request_writes_nothing(real_broker, secretariat):
    meeting = MeetingFactory(status="draft")
    items = [AgendaItemFactory(meeting=meeting, number=n, published_at=None) for n in (1, 2, 3)]
    # Another session holds the last item's row: the request adds its item, then waits on
    # that row while renumbering, in the middle of its transaction.
    holder = connections.create_connection("default")
    holder.set_autocommit(False)
    with holder.cursor() as cursor:
        cursor.execute("SELECT id FROM meetings_agendaitem WHERE id = %s FOR UPDATE", [items[2].pk])

    outcome = {}

    def add_item():
        client = Client(raise_request_exception=True)
        client.force_login(secretariat)
        try:
            outcome["status"] = client.post(
                f"/meetings/SSC/{meeting.number}/agenda/items/",
                {"section": "agenda", "title": "Half-written", "purpose": "discussion",
                 "level": 0, "headline_mode": "full"},
            ).status_code  # fmt: skip
        except Exception as error:  # the dropped connection surfaces here
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=add_item)
    thread.start()
    with connection.cursor() as cursor:
        assert wait_for(lambda: _waiting_backend(cursor) is not None, 20)
        cursor.execute("SELECT pg_terminate_backend(%s)", [_waiting_backend(cursor)])
    thread.join(30)
    holder.rollback()
    holder.close()

    assert "error" in outcome or outcome.get("status", 500) >= 500
    assert list(meeting.items.order_by("number").values_list("title", "number")) == [
        (item.title, n) for n, item in enumerate(items, start=1)
    ]


def _waiting_backend(cursor):
    cursor.execute(
        "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND datname = current_database() AND pid <> pg_backend_pid()"
    )
    row = cursor.fetchone()
    return row[0] if row else None
