"""The tests that share Redis or a real Celery worker run in one process, in turn (xdist)."""

import re

from tests import ROOT
from tests.shared_processes import SHARED, SharedProcessScheduling

# A test that asks for the `worker` fixture, or uses tests/workers.py (Redis, workers).
USES_A_WORKER = re.compile(r"def test_\w+\([^)]*\bworker\b|from tests\.workers import")


def test_every_test_file_of_real_workers_or_redis_runs_in_the_celery_and_redis_process():
    files = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "tests").rglob("test_*.py")
        if USES_A_WORKER.search(path.read_text(encoding="utf-8"))
    )
    assert files
    assert {name: SHARED.get(name) for name in files} == dict.fromkeys(files, "celery_and_redis")


def test_the_tests_of_a_shared_file_are_one_scope_and_any_other_test_its_own():
    split = SharedProcessScheduling._split_scope
    crawler = "tests/system/test_leak_crawler.py"
    assert split(None, f"{crawler}::test_a[green]") == split(None, f"{crawler}::test_b")
    assert split(None, "tests/system/test_faults.py::test_a") == split(
        None, "tests/packs/test_packs_worker.py::test_b"
    )
    assert split(None, "tests/meetings/test_agenda.py::test_a") != split(
        None, "tests/meetings/test_agenda.py::test_b"
    )
