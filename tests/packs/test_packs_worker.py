"""A real Celery worker, through the real broker: a member's request reaches a ready pack.

Needs PostgreSQL (the worker process must see the test's committed rows) and Redis; CI has
both, and in CI a skip is a failure.
"""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from pypdf import PdfReader

from classification.levels import Level
from meetings.demo import text_pdf
from meetings.models import PaperVersion
from packs import services
from packs.models import Pack
from tests import ROOT
from tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory, UserFactory


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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_renders_the_requested_pack(worker):
    process, log = worker
    member = UserFactory(username="member", clearance=Level.AMBER)
    item = AgendaItemFactory(meeting=MeetingFactory(number=89), level=Level.AMBER)
    paper = PaperFactory(item=item, title="Options", with_file=False)
    content = text_pdf(["Options page 1", "Options page 2"])
    version = PaperVersion(paper=paper, number=1, size=len(content))
    version.file.save("upload.pdf", ContentFile(content), save=True)

    pack = services.pack_request(user=member, meeting=item.meeting)  # sent when this commits

    ready = _wait_for(lambda: Pack.objects.get(pk=pack.pk).status == Pack.Status.READY)
    assert ready, f"worker did not render the pack; its log:\n{log.read_text()}"
    pack.refresh_from_db()
    with pack.file.open("rb") as stored:
        assert len(PdfReader(stored).pages) == 1 + 2
    assert process.poll() is None
