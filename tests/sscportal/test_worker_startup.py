"""A worker process's start: the objects it starts with are left out of the collector's rounds."""

import gc

from celery.signals import worker_process_init

from sscportal.celery import freeze_startup_objects


def test_a_worker_process_freezes_the_objects_it_starts_with():
    try:
        freeze_startup_objects()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_the_freeze_runs_as_each_worker_process_starts():
    assert freeze_startup_objects in worker_process_init._live_receivers(None)


def test_what_a_task_leaves_after_the_freeze_is_still_collected():
    class Node:
        pass

    try:
        freeze_startup_objects()
        node = Node()
        node.itself = node
        del node
        assert gc.collect() >= 1
    finally:
        gc.unfreeze()
