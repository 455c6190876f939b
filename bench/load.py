"""HTTP under load: gunicorn as docker-compose runs it, loaded by wrk at 32 connections.

gunicorn runs `sscportal.wsgi:application` with 2 workers (the `web` command of
docker-compose.yml) on 127.0.0.1, DEBUG off, against the bench database, with the static
files collected first. wrk (one thread, so that the two cores go to the server) warms each
URL up, then loads it for a bounded time. Two baselines:

* `bare_view`, the portal's `/health/` (a constant, no database query) with the same session
  cookie as the meeting page: the fixed cost of a request through the same middleware, the
  baseline of the `*_vs_baseline` ratios;
* `login`, the sign-in page `/accounts/login/` (a template and a CSRF token, no database
  query for an anonymous visitor): the baseline before the bare view, kept for comparison
  with earlier runs (the `*_vs_login` ratios).
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.common import BENCH_DIR, MEMBER, ROOT, bench_environment, session_for

LUA = BENCH_DIR / "wrk_report.lua"


def collectstatic(url: str, static_root: str) -> None:
    subprocess.run(  # noqa: S603 - the checkout's own manage.py
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, **bench_environment(url, static_root)},
        check=True,
    )


def targets() -> dict[str, dict]:
    """The URLs under load (and the headers each needs), from the bench data."""
    from django.conf import settings

    from classification.models import User
    from headlines.models import HeadlinesRequest
    from meetings.models import AgendaItem, Meeting

    member = User.objects.get(username=MEMBER)
    session = session_for(member)
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    version = (
        HeadlinesRequest.objects.filter(status=HeadlinesRequest.Status.PUBLISHED)
        .select_related("version__meeting__committee")
        .order_by("-meeting__date")
        .first()
        .version
    )
    meeting = version.meeting
    pdf = f"/headlines/{meeting.committee.code}/{meeting.number}/v{version.number}.pdf"
    big = (
        Meeting.objects.filter(committee__code="SSC", status="agenda_published")
        .order_by("date")
        .first()
    )
    return {
        "bare_view": {"path": "/health/", "headers": {"Cookie": cookie}},
        "login": {"path": "/accounts/login/", "headers": {}},
        "headlines_index": {"path": "/headlines/", "headers": {}},
        "headlines_pdf": {"path": pdf, "headers": {}},
        "headlines_pdf_304": {
            "path": pdf,
            "headers": {"If-None-Match": f'"{version.sha256}"'},
            "expect": 304,
        },
        "meeting_page": {
            "path": f"/meetings/SSC/{big.number}/",
            "headers": {"Cookie": cookie},
            "items": AgendaItem.objects.filter(meeting=big).count(),
            "session_key": session.session_key,
        },
    }


def measure(
    url: str,
    static_root: str,
    *,
    seconds: int,
    connections: int,
    rounds: int = 2,
    quiet_wait: float = 30,
) -> dict:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    urls = targets()
    with serving(url, static_root) as base:
        quiet = wait_for_quiet(max_wait=quiet_wait)
        load_before = os.getloadavg()
        for target in urls.values():
            _check(base, target)
            _wrk(base, target, seconds=2, connections=connections)  # warm-up
        # The URLs take turns, `rounds` times, so that a passing disturbance (the machine is
        # shared) falls on all of them rather than on one. A round must outlast the queueing
        # of the slowest page (wrk only records the requests that complete within it).
        runs = {name: [] for name in urls}
        for _ in range(rounds):
            for name, target in urls.items():
                runs[name].append(_wrk(base, target, seconds=seconds, connections=connections))
    load_after = os.getloadavg()
    try:
        service = service_times(urls)
    finally:
        _forget_session(urls["meeting_page"]["session_key"])
    results = {
        name: {
            "path": urls[name]["path"],
            **{k: v for k, v in urls[name].items() if k == "items"},
            **_combine(runs[name]),
            "service_ms": service[name],
        }
        for name in urls
    }
    for result in results.values():
        # wrk records only the requests that complete within a run: when a page queues for
        # about as long as a run lasts, its latencies are cut short (a lower bound).
        result["latency_lower_bound"] = result["max_ms"] >= 0.9 * seconds * 1000
    for suffix, baseline in (("baseline", results["bare_view"]), ("login", results["login"])):
        for result in results.values():
            result[f"throughput_vs_{suffix}"] = round(result["rps"] / baseline["rps"], 2)
            result[f"p95_vs_{suffix}"] = round(result["p95_ms"] / baseline["p95_ms"], 2)
            result[f"service_vs_{suffix}"] = round(result["service_ms"] / baseline["service_ms"], 2)
    return {
        # The bench itself loads both cores; more than that is other work on the machine.
        "loadavg_1min_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "idle_before": quiet,
        "server": " ".join(GUNICORN[1:]),
        "load": f"wrk -t1 -c{connections}, {rounds} rounds of {seconds} s per URL "
        "in turn, after a 2 s warm-up each",
        "results": results,
        "meeting_page_built_service_ms": service["meeting_page_built"],
    }


# gunicorn as docker-compose's `web` runs it; `serving` binds it to a free port.
GUNICORN = ["gunicorn", "sscportal.wsgi:application", "--bind", "127.0.0.1:PORT", "--workers", "2"]


@contextlib.contextmanager
def serving(url: str, static_root: str):
    """gunicorn serving the portal on the bench data, for the block: yields its base URL."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = Path(static_root) / "gunicorn.log"
    env = {**os.environ, **bench_environment(url, static_root), "ALLOWED_HOSTS": "127.0.0.1"}
    command = [str(ROOT / ".venv/bin/gunicorn")] + [
        part.replace("PORT", str(port)) for part in GUNICORN[1:]
    ]
    with log.open("a") as log_file:
        server = subprocess.Popen(  # noqa: S603 - the checkout's own gunicorn
            command, cwd=ROOT, env=env, stdout=log_file, stderr=log_file
        )
    try:
        _wait_until_up(base + "/accounts/login/", server)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def cpu_idle(seconds: float = 3) -> float:
    """The share of the machine's CPU time that was idle over the next `seconds`."""

    def sample():
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle + iowait, total

    idle_before, total_before = sample()
    time.sleep(seconds)
    idle_after, total_after = sample()
    return (idle_after - idle_before) / max(1, total_after - total_before)


def wait_for_quiet(*, idle: float = 0.85, max_wait: float = 180) -> dict:
    """Wait (a while) for the machine to be idle: load tests on a busy machine mislead.

    The machine may be shared (test suites of other work); the wait and the idle share
    found are kept in the results, so that a noisy run shows as one.
    """
    started = time.monotonic()
    found = cpu_idle()
    while found < idle and time.monotonic() - started < max_wait:
        found = cpu_idle()
    return {"cpu_idle": round(found, 2), "waited_s": round(time.monotonic() - started, 1)}


def _combine(runs: list[dict]) -> dict:
    """One figure per URL from its rounds: throughput over all, latencies the rounds' mean."""
    requests = sum(run["requests"] for run in runs)
    seconds = sum(run["seconds"] for run in runs)
    combined = {
        "requests": requests,
        "seconds": round(seconds, 2),
        "rps": round(requests / seconds, 1),
        "rounds_rps": [run["rps"] for run in runs],
    }
    for key in ("p50_ms", "p90_ms", "p95_ms", "p99_ms"):
        combined[key] = round(sum(run[key] for run in runs) / len(runs), 2)
    combined["max_ms"] = max(run["max_ms"] for run in runs)
    return combined


def service_times(urls: dict, *, requests: int = 15) -> dict[str, float]:
    """Median time (ms) of each URL alone, through Django's test client in this process.

    No server, no concurrency: what one request costs the application, for reading the
    figures under load (where queueing on two workers multiplies it). The meeting page is
    also timed as built afresh (`meeting_page_built`: its cache emptied before each request),
    what a reader's first visit after a change costs.
    """
    import statistics
    import time

    from django.core.cache import caches
    from django.test import Client

    times = {}
    runs = [(name, target, False) for name, target in urls.items()]
    runs.append(("meeting_page_built", urls["meeting_page"], True))
    for name, target, built in runs:
        client = Client()
        headers = {k: v for k, v in target["headers"].items() if k != "Cookie"}
        if "Cookie" in target["headers"]:
            client.cookies.load(target["headers"]["Cookie"])
        samples = []
        for index in range(requests + 3):
            if built:
                caches["meeting_pages"].clear()
            started = time.perf_counter()
            response = client.get(target["path"], headers=headers)
            if response.streaming:
                b"".join(response.streaming_content)
            response.close()
            if index >= 3:
                samples.append((time.perf_counter() - started) * 1000)
        times[name] = round(statistics.median(samples), 2)
    return times


def _wrk(base: str, target: dict, *, seconds: int, connections: int) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
    command += ["-s", str(LUA)]
    for header, value in target["headers"].items():
        command += ["-H", f"{header}: {value}"]
    command.append(base + target["path"])
    output = subprocess.run(  # noqa: S603 - wrk against our own server
        command, capture_output=True, text=True, check=True
    ).stdout
    # wrk leaves up to `connections` requests queued in gunicorn when it stops; the next
    # run must not start behind them. One request of our own returns once they are done.
    _drain(base)
    line = next(line for line in output.splitlines() if line.startswith("WRKJSON "))
    raw = json.loads(line.removeprefix("WRKJSON "))
    errors = raw["errors"]
    seconds_run = raw["duration_us"] / 1e6
    # wrk counts a 304 as a success; anything else 3xx and above is in errors.status.
    if any(errors.values()):
        raise AssertionError(f"{target['path']}: errors under load {errors}")
    latency = raw["latency_us"]
    return {
        "requests": raw["requests"],
        "seconds": round(seconds_run, 2),
        "rps": round(raw["requests"] / seconds_run, 1),
        "mb_per_s": round(raw["bytes"] / seconds_run / 1e6, 2),
        "p50_ms": round(latency["p50"] / 1000, 2),
        "p90_ms": round(latency["p90"] / 1000, 2),
        "p95_ms": round(latency["p95"] / 1000, 2),
        "p99_ms": round(latency["p99"] / 1000, 2),
        "max_ms": round(latency["max"] / 1000, 2),
    }


def _drain(base: str) -> None:
    with urllib.request.urlopen(base + "/accounts/login/", timeout=120):  # noqa: S310
        pass


def _check(base: str, target: dict) -> None:
    """One request first: the URL answers what the load test expects of it."""
    request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1, our own server
        base + target["path"], headers=target["headers"]
    )
    expected = target.get("expect", 200)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our server
            status = response.status
            body = response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, b""
    if status != expected:
        raise AssertionError(f"{target['path']} answered {status}, expected {expected}")
    if "items" in target:
        shown = body.count(b'<li class="item')
        if shown != target["items"]:
            raise AssertionError(f"the meeting page shows {shown} items, not {target['items']}")


def _wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited; see gunicorn.log in the static files' folder")
        try:
            with urllib.request.urlopen(url, timeout=30):  # noqa: S310 - our own server
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _forget_session(session_key: str) -> None:
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key=session_key).delete()
