"""Two secretariat users changing one agenda at once, on PostgreSQL's real row locks."""

import random
import threading

import pytest
from django.db import connection

from meetings import services
from tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("postgresql_only"),
]


def _run_together(*jobs):
    """Run each job in its own thread and database connection, started at the same moment."""
    start = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            start.wait()
            job()
        except Exception as error:  # collected and re-raised in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []


def test_two_reorders_at_once_leave_numbers_one_to_n(db):
    meeting = MeetingFactory(status="draft")
    ids = [AgendaItemFactory(meeting=meeting, number=n).pk for n in range(1, 21)]
    orders = [random.sample(ids, len(ids)) for _ in range(2)]

    _run_together(
        *(
            lambda order=order: services.agenda_reorder(meeting=meeting, ordered_ids=order, by=None)
            for order in orders
        )
    )

    numbers = sorted(meeting.items.values_list("number", flat=True))
    assert numbers == list(range(1, 21))
    final = list(meeting.items.order_by("number").values_list("pk", flat=True))
    assert final in orders


def test_items_added_at_once_get_distinct_numbers(db):
    meeting = MeetingFactory(status="draft")

    def add(title):
        services.agenda_item_add(
            meeting=meeting,
            by=None,
            section="agenda",
            title=title,
            presenter="",
            purpose="discussion",
            level=0,
            headline_mode="full",
            headline="",
        )

    _run_together(*(lambda n=n: add(f"Item {n}") for n in range(6)))

    assert sorted(meeting.items.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
