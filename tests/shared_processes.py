"""Which tests share one process when `make test` spreads the suite over processes (xdist).

Every test goes to whichever process is free, except the tests of a file below: those run in
one process, one after the other. The tests of real Celery workers and of Redis going down
share the one Redis (a worker takes any task on its queue; the fault tests stop the server);
the leak crawler builds its world once for its file.

pytest-xdist's own `xdist_group` mark cannot be used: its `--dist loadgroup` renames the
tests in a way pytest 9 no longer reads, so the groups are silently ignored.
"""

from xdist.scheduler import LoadScopeScheduling

SHARED = {
    "tests/system/test_faults.py": "celery_and_redis",
    "tests/headlines/test_headlines_worker.py": "celery_and_redis",
    "tests/packs/test_packs_worker.py": "celery_and_redis",
    "tests/system/test_leak_crawler.py": "leak_crawler",
}


class SharedProcessScheduling(LoadScopeScheduling):
    """`--dist load`, except that the tests of each group of files above share one process."""

    def _split_scope(self, nodeid: str) -> str:
        return SHARED.get(nodeid.partition("::")[0], nodeid)


def pytest_xdist_make_scheduler(config, log):
    """The scheduler of the suite, whatever `--dist` says."""
    return SharedProcessScheduling(config, log)
