"""Statements built on the visibility filters, compiled once per reader and run afresh each time.

The navigation counts each signed-in reader's work on every page. Its statements are long
(the visibility filter appears in each of their subqueries) and Django spends far longer
building and compiling them than PostgreSQL spends running them. Their SQL depends only on
what `statement_key` says of the reader (the filters read memberships, grants and recusals
in SQL, as subqueries), on the day (which memberships are current) and on the moment, which
is left as parameters (`Late`) bound at each run. So each process keeps the SQL of each
statement per reader and day, and runs it on every page:
the answer is always the database's of the moment, and nothing read from the database is
kept. What is kept, in the process's own memory, is SQL text and the reader's id.

A statement's builder must therefore read nothing from the database while building (no
`.exists()`, no lookups of ids): whatever it would read would be kept with the SQL.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.utils import timezone

from .models import Viewer
from .visibility import statement_key

# Per process: a statement per reader and kind (a few KB of SQL each).
MAX_STATEMENTS = 2000


class Late(models.Expression):
    """A parameter of a precompiled statement, bound by name when it runs (`run_first_row`)."""

    def __init__(self, name: str, output_field: models.Field) -> None:
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [self]


# None: the statement can return no row for this reader (built from `.none()`).
_statements: OrderedDict[tuple[Any, ...], tuple[str, tuple[Any, ...]] | None] = OrderedDict()
_lock = threading.Lock()


def run_first_row(
    name: str,
    user: Viewer,
    build: Callable[[], models.QuerySet[Any]],
    *,
    using: str = "default",
    **late: Any,
) -> tuple[Any, ...] | None:
    """The first row of the statement `build()` makes for `user`, with its `Late` parameters
    bound to `late`. `build` runs once per process, reader (`statement_key`), day and `name`."""
    rows = run_rows(name, user, build, using=using, **late)
    return rows[0] if rows else None


def run_rows(
    name: str,
    user: Viewer,
    build: Callable[[], models.QuerySet[Any]],
    *,
    using: str = "default",
    **late: Any,
) -> list[tuple[Any, ...]]:
    """The rows of the statement `build()` makes for `user`, as `run_first_row`."""
    # The day too: the filters' subqueries hold it (the memberships current on that day).
    key = (name, using, statement_key(user), timezone.localdate())
    with _lock:
        known = key in _statements
        compiled = _statements.get(key)
        if known:
            _statements.move_to_end(key)
    if not known:
        try:
            sql, params = build().query.get_compiler(using=using).as_sql()
            compiled = (sql, tuple(params))
        except EmptyResultSet:
            compiled = None
        with _lock:
            _statements[key] = compiled
            while len(_statements) > MAX_STATEMENTS:
                _statements.popitem(last=False)
    if compiled is None:
        return []
    sql, params = compiled
    bound = [late[param.name] if isinstance(param, Late) else param for param in params]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, bound)
        return cursor.fetchall()


def counted(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """`queryset`'s rows counted, as a statement of one row (or as a subquery of one)."""
    return queryset.order_by().annotate(n=models.Func(models.F("pk"), function="COUNT")).values("n")
