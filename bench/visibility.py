"""The visibility filter: a page of 50 agenda items visible to a member.

Four ways to the same page, each timed end to end (build the queryset, run it, make the
50 model instances: what a view pays):

* `unfiltered` - the same query without any visibility rule (the baseline);
* `visible` - `AgendaItem.objects.visible_to(member)`, the portal's one SQL filter;
* `guardian` - django-guardian's `get_objects_for_user(member, "meetings.attend_meeting",
  Meeting)` for the meetings the member attends, combined with the same level, publication
  and recusal rules into the same page. Guardian is given its best form (its queryset as a
  subquery); materialising it to a list of ids first (`guardian_list`) is timed too, and
  the faster of the two is the comparison;
* `guardian_per_item` - the design a Django team would write first: a generic guardian
  `UserObjectPermission` row (`view_agendaitem`) on every item the member may see (made by
  bench/generate.py), the page read with `get_objects_for_user(member,
  "meetings.view_agendaitem", AgendaItem)` and its default arguments. Before timing, the
  bench checks that these rows grant exactly the items `visible_to` shows, not only the
  page.

Two levers are measured beside the portal's own form, neither of which the portal uses:

* `visible_precompiled` - the filter's SQL compiled once and run as it is each time
  (`AgendaItem.objects.raw`): what compiling the filter once per reader and day would buy,
  end to end;
* prepared statements (`sql_ms`, `*_prepared`) - the compiled SQL sent through a psycopg
  cursor that binds its parameters on the server and prepares the statement, so that
  PostgreSQL plans it once per connection and reuses the plan.

The page is in AgendaItem's default order (`meeting`, `number`: newest meetings first,
through Meeting's ordering by date), the order the portal's lists use. Each run of a
guardian variant starts with a user whose permission caches are empty, as in a new request.
"""

import re

import psycopg
from django.db import connection
from django.db.models import Q

from bench.common import MEMBER
from bench.timing import medians_ms, ratio

ORDER = ("meeting", "number")
PAGE = 50
# The per-item design's permission: Django's default view permission of AgendaItem.
ITEM_PERMISSION = "meetings.view_agendaitem"


def measure(*, runs: int, warmup: int) -> dict:
    from guardian.models import UserObjectPermission
    from guardian.shortcuts import get_objects_for_user

    from classification.levels import Level
    from classification.models import User
    from classification.visibility import amber_committees, user_level
    from meetings.models import AgendaItem, Meeting

    member = User.objects.get(username=MEMBER)

    def unfiltered_qs():
        return AgendaItem.objects.order_by(*ORDER)[:PAGE]

    def visible_qs():
        return AgendaItem.objects.visible_to(member).order_by(*ORDER)[:PAGE]

    def guardian_qs(materialise: bool):
        _forget_permissions(member)
        meetings = get_objects_for_user(member, "meetings.attend_meeting", Meeting)
        if materialise:
            meetings = list(meetings.values_list("pk", flat=True))
        return (
            AgendaItem.objects.filter(published_at__isnull=False)
            .filter(
                Q(level__lte=user_level(member))
                | Q(level=Level.AMBER, meeting__committee__in=amber_committees(member))
                | Q(meeting__in=meetings)
            )
            .exclude(recusals__user=member)
            .order_by(*ORDER)[:PAGE]
        )

    def guardian_per_item_qs():
        _forget_permissions(member)
        items = get_objects_for_user(member, ITEM_PERMISSION, AgendaItem)
        return items.order_by(*ORDER)[:PAGE]

    # The per-item rows must grant what the filter shows, every item of it, or the
    # comparison below would time two different answers.
    granted = set(
        get_objects_for_user(member, ITEM_PERMISSION, AgendaItem).values_list("pk", flat=True)
    )
    visible_items = set(AgendaItem.objects.visible_to(member).values_list("pk", flat=True))
    if not granted or granted != visible_items:
        raise AssertionError(
            f"the per-item grants ({len(granted)} items) and the visibility filter "
            f"({len(visible_items)} items) disagree: regenerate the bench data"
        )

    precompiled = visible_qs().query.sql_with_params()
    variants = {
        "unfiltered": lambda: list(unfiltered_qs()),
        "visible": lambda: list(visible_qs()),
        "visible_precompiled": lambda: list(AgendaItem.objects.raw(*precompiled)),
        "guardian": lambda: list(guardian_qs(False)),
        "guardian_list": lambda: list(guardian_qs(True)),
        "guardian_per_item": lambda: list(guardian_per_item_qs()),
    }
    answers = {name: [item.pk for item in function()] for name, function in variants.items()}
    same_answer = (
        answers["visible"]
        == answers["visible_precompiled"]
        == answers["guardian"]
        == answers["guardian_list"]
        == answers["guardian_per_item"]
    )
    if not same_answer or len(answers["visible"]) != PAGE:
        raise AssertionError("the visibility filter and guardian disagree on the page")

    timings = medians_ms(variants, runs=runs, warmup=warmup)
    # The database's share alone: the compiled SQL run through a cursor (plan + execute).
    sql = {
        "unfiltered": unfiltered_qs().query.sql_with_params(),
        "visible": visible_qs().query.sql_with_params(),
        "guardian": guardian_qs(False).query.sql_with_params(),
        "guardian_per_item": guardian_per_item_qs().query.sql_with_params(),
    }
    sql_runners = {name: _raw_runner(statement) for name, statement in sql.items()}
    with _server_bound_connection() as server_bound:
        for name in ("unfiltered", "visible"):
            sql_runners[f"{name}_server_bound"] = _server_bound_runner(
                server_bound, sql[name], prepare=False
            )
            sql_runners[f"{name}_prepared"] = _server_bound_runner(
                server_bound, sql[name], prepare=True
            )
        sql_timings = medians_ms(sql_runners, runs=runs, warmup=warmup)
        prepared = server_bound.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE generic_plans > 0"
        ).fetchone()[0]
    if prepared < 2:
        raise AssertionError("the prepared statements were not prepared")
    explain = {
        "visible": visible_qs().explain(analyze=True, buffers=True),
        "unfiltered": unfiltered_qs().explain(analyze=True, buffers=True),
        "guardian": guardian_qs(False).explain(analyze=True, buffers=True),
        "guardian_per_item": guardian_per_item_qs().explain(analyze=True, buffers=True),
    }
    count = medians_ms(
        {
            "unfiltered": lambda: AgendaItem.objects.count(),
            "visible": lambda: AgendaItem.objects.visible_to(member).count(),
        },
        runs=max(5, runs // 5),
        warmup=2,
    )
    count_explain = _explain_count(AgendaItem.objects.visible_to(member))
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
        cursor.execute("SET jit = off")
    try:
        count_jit_off = medians_ms(
            {"visible": lambda: AgendaItem.objects.visible_to(member).count()},
            runs=max(5, runs // 5),
            warmup=2,
        )["visible"]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")

    best_guardian = min(timings["guardian"]["median_ms"], timings["guardian_list"]["median_ms"])
    return {
        "page": PAGE,
        "order_by": list(ORDER),
        "member": MEMBER,
        "same_answer": same_answer,
        "ms": timings,
        "sql_ms": sql_timings,
        "sql": {"visible": str(visible_qs().query), "unfiltered": str(unfiltered_qs().query)},
        "explain": explain,
        "visible_vs_unfiltered": ratio(
            timings["visible"]["median_ms"], timings["unfiltered"]["median_ms"]
        ),
        "sql_visible_vs_unfiltered": ratio(
            sql_timings["visible"]["median_ms"], sql_timings["unfiltered"]["median_ms"]
        ),
        "precompiled_vs_unfiltered": ratio(
            timings["visible_precompiled"]["median_ms"], timings["unfiltered"]["median_ms"]
        ),
        "sql_prepared_visible_vs_unfiltered": ratio(
            sql_timings["visible_prepared"]["median_ms"],
            sql_timings["unfiltered_prepared"]["median_ms"],
        ),
        "sql_prepared_visible_vs_server_bound": ratio(
            sql_timings["visible_prepared"]["median_ms"],
            sql_timings["visible_server_bound"]["median_ms"],
        ),
        "speedup_vs_guardian": ratio(best_guardian, timings["visible"]["median_ms"]),
        "speedup_vs_guardian_per_item": ratio(
            timings["guardian_per_item"]["median_ms"], timings["visible"]["median_ms"]
        ),
        "guardian_per_item": {
            "permission": ITEM_PERMISSION,
            "member_rows": UserObjectPermission.objects.filter(
                user=member, permission__codename=ITEM_PERMISSION.split(".")[1]
            ).count(),
            "items_visible": len(visible_items),
            "same_items": True,
        },
        "full_count": {
            "jit_setting": jit,
            "ms": count,
            "visible_jit_off_ms": count_jit_off,
            "explain_visible": count_explain,
        },
    }


def _forget_permissions(user) -> None:
    """Empty the permission caches Django and guardian keep on a user, as in a new request."""
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)


def _raw_runner(statement):
    sql, params = statement

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    return run


def _explain_count(queryset) -> str:
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # The SQL is Django's own, compiled from the queryset, with its parameters bound.
        explain = f"EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM ({sql}) AS page"  # noqa: S608
        cursor.execute(explain, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def plan_times(explain: str) -> dict:
    """Planning and execution time (ms) read from an EXPLAIN ANALYZE text."""
    found = dict(re.findall(r"(Planning|Execution) Time: ([\d.]+) ms", explain))
    return {key.lower(): float(value) for key, value in found.items()}


def _server_bound_runner(conn: psycopg.Connection, statement, *, prepare: bool):
    """Run `statement` on `conn` with its parameters bound on the server, prepared or not.

    Prepared, PostgreSQL plans it on the first run and reuses the plan on the next ones on
    this connection (psycopg names it; a pooler in transaction mode needs PgBouncer 1.21 or
    later, with `max_prepared_statements`, to keep it)."""
    sql, params = statement

    def run():
        with conn.cursor() as cursor:
            cursor.execute(sql, params, prepare=prepare)
            cursor.fetchall()

    return run


def _server_bound_connection() -> psycopg.Connection:
    """A connection of its own to the bench database, as the portal's (JIT off, Django's
    type loaders), that prepares a statement when asked to."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params["prepare_threshold"] = 0
    return psycopg.connect(**params, autocommit=True)
