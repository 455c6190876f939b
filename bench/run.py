"""Measure the portal on the bench data set: print a table, write bench/results.json.

    .venv/bin/python bench/run.py [--scale small|large] [--database-url URL] [--regenerate]
    .venv/bin/python bench/run.py --only pdf   # the Headlines render and the pack alone
    .venv/bin/python bench/run.py --only visibility   # the visibility filter alone
    make bench                       # small scale
    BENCH_SCALE=large make bench     # large scale

The data set is generated first (bench/generate.py) when the bench database is missing, was
generated at another scale or by another generator version, or lacks a migration. Every
figure is a ratio to a baseline measured in the same run; the raw timings are kept beside.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as a script: import from the checkout (bench.*), not from bench/ itself.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import psycopg  # noqa: E402

from bench import common, generate, load, pdf, query_counts, reader, visibility  # noqa: E402

RESULTS = common.BENCH_DIR / "results.json"
TARGETS = {
    "visibility_vs_unfiltered": ("<=", 1.5),
    "visibility_speedup_vs_guardian": (">=", 10),
    "visibility_speedup_vs_guardian_per_item": (">=", 10),
    "query_counts_flat": ("==", True),
    "pdf_download_throughput_vs_baseline": (">=", 0.5),
    "meeting_page_p95_vs_baseline": ("<=", 2),
    "headlines_render_s": ("<=", 1.0),
    "headlines_render_200_items_s": ("<=", 0.5),
    "pack_300_pages_s": ("<=", 1),
    "pack_peak_rss_mb": ("<=", 200),
    "reader_first_page_s": ("<=", 1.5),
}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", choices=sorted(generate.SCALES), default=os.environ.get("BENCH_SCALE", "small")
    )
    parser.add_argument("--database-url", help=f"default: {common.DEFAULT_DATABASE_URL}")
    parser.add_argument("--regenerate", action="store_true", help="generate the data anew")
    parser.add_argument("--runs", type=int, default=50, help="timed runs per query variant")
    parser.add_argument("--http-seconds", type=int, default=10, help="load time per URL and round")
    parser.add_argument("--http-rounds", type=int, default=2, help="rounds of the URLs in turn")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=30,
        help="seconds to wait at most for an idle machine before the load test",
    )
    parser.add_argument(
        "--only",
        choices=["pdf", "visibility"],
        help="measure only this part (pdf: the Headlines render and the pack; visibility: "
        "the filter's page of 50); print its figures, write no results file",
    )
    parser.add_argument("--pdf-runs", type=int, default=5, help="timed runs per Headlines render")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    url = common.database_url(args.database_url)
    started = time.perf_counter()

    meta = _generation(url)
    if args.regenerate or not _current(meta, args.scale):
        meta = _generate(args.scale, url)
    if args.only == "pdf":
        _only_pdf(url, runs=args.pdf_runs)
        return
    if args.only == "visibility":
        _only_visibility(url, runs=args.runs)
        return
    static_root = tempfile.mkdtemp(prefix="sscportal-bench-static-")
    _step("collectstatic")
    load.collectstatic(url, static_root)
    common.setup_django(url, static_root)
    if _migrations_pending():
        from django.db import connections

        connections.close_all()
        meta = _generate(args.scale, url)

    # Earlier runs leave dead rows (their rolled-back scenarios); autovacuum would clean
    # them in production, here it may not have yet: the planner must see the data as it is.
    _vacuum()
    _step("visibility filter")
    vis = visibility.measure(runs=args.runs, warmup=10)
    _step("query counts")
    counts = query_counts.measure()
    _vacuum()
    _step("Headlines render")
    render = pdf.measure_headlines(runs=args.pdf_runs)
    _step("papers pack of 300 pages (in a process of its own)")
    pack = pdf.measure_pack(url)
    _step(f"HTTP under load ({args.http_rounds} × {args.http_seconds} s per URL)")
    http = load.measure(
        url,
        static_root,
        seconds=args.http_seconds,
        connections=args.connections,
        rounds=args.http_rounds,
        quiet_wait=args.quiet_wait,
    )
    pages = http["results"]
    _step("the reader's first page of a 100-page AMBER paper (headless chromium)")
    first_page = reader.measure(url, static_root)
    shutil.rmtree(static_root, ignore_errors=True)

    results = {
        "visibility_vs_unfiltered": vis["visible_vs_unfiltered"],
        "visibility_speedup_vs_guardian": vis["speedup_vs_guardian"],
        "visibility_speedup_vs_guardian_per_item": vis["speedup_vs_guardian_per_item"],
        "query_counts_flat": counts["all_flat"],
        # Against the sign-in page, as since the first runs: a PDF is not served through the
        # session, and its target was set against that page.
        "pdf_download_throughput_vs_baseline": pages["headlines_pdf"]["throughput_vs_login"],
        "meeting_page_p95_vs_baseline": pages["meeting_page"]["p95_vs_baseline"],
        "meeting_page_p95_vs_login": pages["meeting_page"]["p95_vs_login"],
        **_pdf_figures(render, pack),
        "reader_first_page_s": first_page.get("seconds"),
    }
    results["targets"] = {key: f"{op} {value}" for key, (op, value) in TARGETS.items()}
    results["met"] = {key: _met(results[key], *TARGETS[key]) for key in TARGETS}
    results.update(
        {
            "scale": args.scale,
            "run_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "machine": _machine(),
            "data": meta,
            "raw": {
                "visibility": vis,
                "query_counts": counts,
                "headlines_render": render,
                "pack": pack,
                "http": http,
                "reader": first_page,
            },
        }
    )
    results["bench_wall_s"] = round(time.perf_counter() - started, 1)
    args.output.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(table(results))
    print(f"\nWritten to {args.output} in {results['bench_wall_s']} s.")


def _pdf_figures(render: dict, pack: dict) -> dict:
    return {
        "headlines_render_s": round(render["ms"]["typical"]["median_ms"] / 1000, 3),
        "headlines_render_200_items_s": round(render["ms"]["items_200"]["median_ms"] / 1000, 3),
        "pack_300_pages_s": pack.get("seconds"),
        "pack_peak_rss_mb": pack.get("peak_rss_mb"),
    }


def _only_pdf(url: str, *, runs: int) -> None:
    """The PDF figures alone, printed as JSON and as the table's rows: a quick check of a
    change to the renders, without the load test."""
    common.setup_django(url)
    _step("Headlines render")
    render = pdf.measure_headlines(runs=runs)
    _step("papers pack of 300 pages (in a process of its own)")
    pack = pdf.measure_pack(url)
    results = _pdf_figures(render, pack)
    met = {key: _met(value, *TARGETS[key]) for key, value in results.items()}
    print(json.dumps({**results, "raw": {"headlines_render": render, "pack": pack}}, indent=2))
    for key, detail in _pdf_rows(render, pack):
        shown = "null" if results[key] is None else str(results[key])
        target = "{} {}".format(*TARGETS[key])
        print(f"{key:40} {shown:>8} {target:>8} {_MET[met[key]]:>5}  {detail}")


def _only_visibility(url: str, *, runs: int) -> None:
    """The visibility figures alone, printed: a quick check of a change to the filter."""
    common.setup_django(url)
    _vacuum()
    _step("visibility filter")
    vis = visibility.measure(runs=runs, warmup=10)
    for name in ("ms", "sql_ms"):
        print(name, json.dumps({k: v["median_ms"] for k, v in vis[name].items()}))
    for key, value in vis.items():
        if isinstance(value, float):
            print(f"{key:40} {value:>8}")


_STARTED = time.perf_counter()


def _step(what: str) -> None:
    elapsed = time.perf_counter() - _STARTED
    print(f"[bench {elapsed:6.1f} s] {what}…", file=sys.stderr, flush=True)


def _generation(url: str) -> dict | None:
    """What the bench database holds (bench_meta), or None if it has no bench data."""
    if not common.database_exists(url):
        return None
    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT value FROM bench_meta WHERE key = 'generation'").fetchone()
    except psycopg.errors.UndefinedTable:
        return None
    return row[0] if row else None


def _current(meta: dict | None, scale: str) -> bool:
    # The data's files live in this checkout's bench/media: another checkout (or a cleaned
    # one) sharing the database lacks them, so the data is generated anew.
    files_here = all((common.MEDIA_ROOT / name).is_dir() for name in ("papers", "headlines"))
    return bool(
        meta
        and files_here
        and meta.get("scale") == scale
        and meta.get("generator_version") == generate.GENERATOR_VERSION
    )


def _generate(scale: str, url: str) -> dict:
    _step(f"generating the {scale} data set")
    script = common.BENCH_DIR / "generate.py"
    subprocess.run(  # noqa: S603 - this checkout's generator
        [sys.executable, str(script), "--scale", scale, "--database-url", url],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return _generation(url)


def _vacuum() -> None:
    from django.db import connection

    _step("VACUUM ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _migrations_pending() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _machine() -> dict:
    from django.db import connection

    options = connection.settings_dict.get("OPTIONS", {})
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    import django

    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(memory_kb / 1024**2, 1),
        "postgresql": postgres,
        # The portal's connections (DB_PREPARED_STATEMENTS), gunicorn's included.
        "prepared_statements": bool(options.get("server_side_binding")),
        "prepare_threshold": options.get("prepare_threshold"),
        "python": platform.python_version(),
        "django": django.get_version(),
        "wrk": subprocess.run(["wrk", "--version"], capture_output=True, text=True)  # noqa: S607
        .stdout.splitlines()[0]
        .split(" [")[0],
    }


def _met(value, op: str, target) -> bool | None:
    if value is None:
        return None
    return {"<=": value <= target, ">=": value >= target, "==": value == target}[op]


def _pack_detail(pack: dict, *, memory: bool = False) -> str:
    if not pack["available"]:
        return pack["reason"]
    if memory:
        return f"peak RSS of the rendering process (at start {pack['rss_at_start_mb']} MB)"
    return (
        f"{pack['pages']} pages from {pack['papers']} papers, median of {pack['render_s']} s "
        "(first render in the process included)"
    )


def _reader_detail(first_page: dict) -> str:
    if not first_page["available"]:
        return first_page["reason"]
    return (
        f"{first_page['pages']} pages, stamped; opening to first page drawn, median of "
        f"{first_page['runs']} cold opens: {first_page['first_page_drawn_ms']} ms"
    )


def _pdf_rows(render: dict, pack: dict) -> list[tuple[str, str]]:
    return [
        (
            "headlines_render_s",
            f"{render['typical_meeting']}: {render['ms']['typical']['median_ms']} ms; one-line "
            f"page {render['ms']['minimal_page']['median_ms']} ms",
        ),
        (
            "headlines_render_200_items_s",
            f"{render['stress_meeting']} ({render['stress_items_listed']} items listed): median "
            f"of {render['ms']['items_200']['runs']}, p10–p90 "
            f"{render['ms']['items_200']['p10_ms']}–{render['ms']['items_200']['p90_ms']} ms",
        ),
        ("pack_300_pages_s", _pack_detail(pack)),
        ("pack_peak_rss_mb", _pack_detail(pack, memory=True)),
    ]


_MET = {True: "yes", False: "NO", None: "n/a"}


def table(results: dict) -> str:
    raw = results["raw"]
    vis, http, render = raw["visibility"], raw["http"]["results"], raw["headlines_render"]
    counts = raw["query_counts"]["queries"]
    ms = vis["ms"]
    rows = [
        (
            "visibility_vs_unfiltered",
            f"visible {ms['visible']['median_ms']} ms / unfiltered "
            f"{ms['unfiltered']['median_ms']} ms (SQL alone: ×{vis['sql_visible_vs_unfiltered']})",
        ),
        (
            "visibility_speedup_vs_guardian",
            f"guardian {ms['guardian']['median_ms']} ms (as list "
            f"{ms['guardian_list']['median_ms']} ms) / visible {ms['visible']['median_ms']} ms",
        ),
        (
            "visibility_speedup_vs_guardian_per_item",
            f"guardian per item {ms['guardian_per_item']['median_ms']} ms "
            f"({vis['guardian_per_item']['member_rows']:,} rows) / visible "
            f"{ms['visible']['median_ms']} ms",
        ),
        (
            "query_counts_flat",
            ", ".join(f"{page} {c['10']}→{c['300']}" for page, c in counts.items()),
        ),
        (
            "pdf_download_throughput_vs_baseline",
            f"PDF {http['headlines_pdf']['rps']} req/s / sign-in page {http['login']['rps']} req/s",
        ),
        (
            "meeting_page_p95_vs_baseline",
            f"meeting page ({http['meeting_page']['items']} items) p95 "
            f"{http['meeting_page']['p95_ms']} ms / bare view {http['bare_view']['p95_ms']} ms "
            f"(alone: {http['meeting_page']['service_ms']} ms from the cache, "
            f"{raw['http'].get('meeting_page_built_service_ms')} ms built; bare view "
            f"{http['bare_view']['service_ms']} ms)",
        ),
        (
            "meeting_page_p95_vs_login",
            f"meeting page p95 {http['meeting_page']['p95_ms']} ms / sign-in page "
            f"{http['login']['p95_ms']} ms (alone {http['login']['service_ms']} ms)",
        ),
        *_pdf_rows(render, raw["pack"]),
        ("reader_first_page_s", _reader_detail(raw["reader"])),
    ]
    lines = [f"{'figure':40} {'value':>8} {'target':>8} {'met':>5}  from", "-" * 112]
    for key, detail in rows:
        value = results[key]
        shown = "null" if value is None else str(value)
        # A figure shown beside a target's (the sign-in page's ratio) has none of its own.
        target = results["targets"].get(key, "")
        met = _MET[results["met"][key]] if key in results["met"] else ""
        lines.append(f"{key:40} {shown:>8} {target:>8} {met:>5}  {detail}")
    lines.append("")
    lines.append(
        f"{'URL under load':20} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'alone ms':>9}"
    )
    for name, page in http.items():
        lines.append(
            f"{name:20} {page['rps']:>8} {page['p50_ms']:>8} {page['p95_ms']:>8} "
            f"{page['p99_ms']:>8} {page['service_ms']:>9}  {page['path']}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
