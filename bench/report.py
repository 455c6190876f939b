"""Markdown tables from a results file, for docs/PERFORMANCE.md.

.venv/bin/python bench/report.py [bench/results.json]
"""

import json
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"


def report(results: dict) -> str:
    raw = results["raw"]
    machine, data = results["machine"], results["data"]
    lines = [
        f"Scale **{results['scale']}** ({data['rows']['meetings']:,} meetings, "
        f"{data['rows']['agenda_items']:,} items, {data['rows']['papers']:,} papers, "
        f"{data['rows']['users']:,} users, {data['rows']['red_grants']:,} RED grants, "
        f"{data['rows']['recusals']:,} recusals; the member's per-item guardian rows: "
        f"{data['rows']['member_item_grants']:,}), run {results['run_at']} on "
        f"{machine['cores']} cores ({machine['cpu']}), {machine['ram_gb']} GB, "
        f"PostgreSQL {machine['postgresql']}, Python {machine['python']}, "
        f"Django {machine['django']}, {machine['wrk']}; data generated in "
        f"{data['timings_s']['total']} s, whole bench {results['bench_wall_s']} s.",
        "",
        "| figure | value | target | met |",
        "|---|---|---|---|",
    ]
    for key, target in results["targets"].items():
        value = results[key]
        met = {True: "yes", False: "**no**", None: "n/a"}[results["met"][key]]
        lines.append(f"| `{key}` | {'null' if value is None else value} | {target} | {met} |")
        if key == "meeting_page_p95_vs_baseline" and "meeting_page_p95_vs_login" in results:
            # The bare view is the baseline since 29 November; the sign-in page's ratio beside.
            lines.append(
                f"| `meeting_page_p95_vs_login` | {results['meeting_page_p95_vs_login']} | | |"
            )

    vis = raw["visibility"]
    lines += [
        "",
        f"Visibility filter, page of 50 items (median of {vis['ms']['visible']['runs']} runs, ms):",
        "",
        "| variant | end to end | SQL alone | bound on the server | prepared |",
        "|---|---|---|---|---|",
    ]
    names = ("unfiltered", "visible", "visible_precompiled", "guardian", "guardian_list")
    for name in (*names, "guardian_per_item"):
        sql = [
            vis["sql_ms"].get(f"{name}{suffix}", {}).get("median_ms", "–")
            for suffix in ("", "_server_bound", "_prepared")
        ]
        end_to_end = vis["ms"].get(name, {}).get("median_ms", "–")
        lines.append(f"| {name} | {end_to_end} | {' | '.join(map(str, sql))} |")
    count = vis["full_count"]
    lines += [
        "",
        f"Counting every visible item (JIT {count['jit_setting']}): unfiltered "
        f"{count['ms']['unfiltered']['median_ms']} ms, visible "
        f"{count['ms']['visible']['median_ms']} ms, visible with JIT off "
        f"{count['visible_jit_off_ms']['median_ms']} ms.",
        "",
        "Query counts (10 → 300 records):",
        "",
        "| page | 10 | 300 |",
        "|---|---|---|",
    ]
    for page, counts in raw["query_counts"]["queries"].items():
        lines.append(f"| {page} | {counts['10']} | {counts['300']} |")

    http = raw["http"]
    lines += [
        "",
        f"HTTP: `{http['server']}`; {http['load']}; CPU idle before "
        f"{http['idle_before']['cpu_idle']:.0%} (waited {http['idle_before']['waited_s']} s), "
        f"load average before/after {http['loadavg_1min_before_after']}.",
        "",
        "| URL | req/s | p50 ms | p95 ms | p99 ms | alone ms | throughput × | p95 × "
        "| p95 × login |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, page in http["results"].items():
        lines.append(
            f"| {name} `{page['path']}` | {page['rps']} | {page['p50_ms']} | {page['p95_ms']} | "
            f"{page['p99_ms']} | {page['service_ms']} | {page['throughput_vs_baseline']} | "
            f"{page['p95_vs_baseline']} | {page.get('p95_vs_login', '–')} |"
        )
    render = raw["headlines_render"]
    lines += [
        "",
        f"Headlines render: {render['typical_meeting']} ({render['typical_items_listed']} items "
        f"listed) {render['ms']['typical']['median_ms']} ms; the 200-item meeting "
        f"({render['stress_items_listed']} listed) {render['ms']['items_200']['median_ms']} ms; "
        f"a one-line page {render['ms']['minimal_page']['median_ms']} ms.",
    ]
    pack = raw["pack"]
    if pack["available"]:
        lines.append(
            f"Papers pack: {pack['pages']} pages from {pack['papers']} papers, renders "
            f"{pack['render_s']} s, peak RSS {pack['peak_rss_mb']} MB "
            f"(process at start {pack['rss_at_start_mb']} MB), PDF {pack['pdf_bytes']:,} bytes."
        )
    else:
        lines.append(f"Papers pack: not measured ({pack['reason']}).")
    return "\n".join(lines)


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else RESULTS
    print(report(json.loads(path.read_text())))
