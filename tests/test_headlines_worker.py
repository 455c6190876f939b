"""A real Celery worker, through the real broker: the approval's render reaches the PDF.

Needs PostgreSQL (the worker process must see the test's committed rows) and Redis; CI has
both, and in CI a skip is a failure.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from headlines import services
from headlines.models import HeadlinesRequest, HeadlinesVersion

ROOT = Path(__file__).resolve().parents[1]


def _database_url() -> str:
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def worker(tasks_run_in_process, tmp_path):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs DATABASE_URL on PostgreSQL and REDIS_URL")
    app = tasks_run_in_process
    app.conf.task_always_eager = False
    app.control.purge()
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    command = [sys.executable, "-m", "celery", "-A", "sscportal", "worker", "--pool=solo"]
    command += ["--without-gossip", "--without-mingle", "--loglevel=INFO"]
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    yield process, log
    process.terminate()
    process.wait(timeout=30)


def _wait_for(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_approved_headlines(worker, held_meeting, secretariat, chair):
    process, log = worker
    request = services.headlines_submit(meeting=held_meeting, by=secretariat)
    services.headlines_approve(request=request, by=chair)  # dispatched when this commits

    published = _wait_for(lambda: HeadlinesRequest.objects.get(pk=request.pk).status == "published")
    assert published, f"worker did not publish; its log:\n{log.read_text()}"
    assert HeadlinesVersion.objects.filter(meeting=held_meeting).count() == 1
    assert process.poll() is None
