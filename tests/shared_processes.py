"""Which tests share one process when `make test` spreads the suite over processes (xdist).

Every test goes to whichever process is free, except the tests of a file below: those run in
one process, one after the other. The tests of real Celery workers and of Redis going down
share the one Redis (a worker takes any task on its queue; the fault tests stop the server);
the leak crawler builds its world once for its file.

pytest-xdist's own `xdist_group` mark cannot be used: its `--dist loadgroup` renames the
tests in a way pytest 9 no longer reads, so the groups are silently ignored.
"""

import pytest
from xdist.scheduler import LoadScopeScheduling

SHARED = {
    "tests/system/test_faults.py": "celery_and_redis",
    "tests/headlines/test_headlines_worker.py": "celery_and_redis",
    "tests/packs/test_packs_worker.py": "celery_and_redis",
    "tests/system/test_leak_crawler.py": "leak_crawler",
}


def shared_group(nodeid: str) -> str | None:
    """The group of files (`SHARED`) whose process the test `nodeid` shares, if any."""
    return SHARED.get(nodeid.partition("::")[0])


# Where each group's tests stand in the collection (a stable sort keeps the order within).
_RANK = {"leak_crawler": 0, None: 1, "celery_and_redis": 2}


class SharedProcessScheduling(LoadScopeScheduling):
    """`--dist load`, except that the tests of each group of files above share one process."""

    def _split_scope(self, nodeid: str) -> str:
        return shared_group(nodeid) or nodeid


def pytest_xdist_make_scheduler(config, log):
    """The scheduler of the suite, whatever `--dist` says: work in the order of the collection.

    Not the largest groups first (xdist's default): each process must run the tests that
    leave the database empty (transactional ones, which pytest-django puts last) after the
    others, so it must take its work in the collection's order.
    """
    config.option.loadscopereorder = False
    return SharedProcessScheduling(config, log)


@pytest.hookimpl(trylast=True)  # after pytest-django has put the transactional tests last
def pytest_collection_modifyitems(items):
    """The leak crawler first, the longest; the Celery and Redis tests at the very end.

    Those need committed rows, so they are transactional: at the end, after every test that
    expects the database as the migrations left it, wherever their process is.
    """
    items.sort(key=lambda item: _RANK[shared_group(item.nodeid)])
