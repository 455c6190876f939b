"""PDF work: the Headlines render and the papers pack.

The Headlines render is timed in this process, as the Celery worker runs it: WeasyPrint on
the stored document of a published Headlines (a typical meeting) and on the Headlines
composed from the 200-item meeting (a stress case). The baseline is WeasyPrint rendering a
one-paragraph page, in the same run.
"""

import importlib.util
import json
import subprocess
import sys

from bench import common
from bench.timing import medians_ms, ratio


def measure_headlines(*, runs: int) -> dict:
    from weasyprint import HTML

    from headlines.composer import HeadlinesDocument
    from headlines.models import HeadlinesRequest
    from headlines.rendering import headlines_pdf
    from headlines.services import headlines_compose
    from meetings.models import AgendaItem, Meeting
    from sscportal.celery import freeze_startup_objects

    # A Headlines published through the real render: its document is what the worker had.
    request = (
        HeadlinesRequest.objects.filter(status=HeadlinesRequest.Status.PUBLISHED)
        .select_related("meeting__committee")
        .order_by("-meeting__date")
        .first()
    )
    typical = HeadlinesDocument.from_dict(request.document)
    big = (
        Meeting.objects.filter(committee__code="SSC", status="agenda_published")
        .order_by("date")
        .first()
    )
    stress = headlines_compose(meeting=big)
    freeze_startup_objects()  # as a worker process does as it starts
    timings = medians_ms(
        {
            "minimal_page": lambda: HTML(string="<p>Headlines</p>").write_pdf(),
            "typical": lambda: headlines_pdf(typical, approved_at=request.decided_at),
            "items_200": lambda: headlines_pdf(stress, approved_at=request.decided_at),
        },
        runs=runs,
        warmup=1,
    )
    return {
        "typical_meeting": str(request.meeting),
        "typical_items_listed": len(typical.matters_arising) + len(typical.agenda_items),
        "stress_meeting": str(big),
        "stress_items": AgendaItem.objects.filter(meeting=big).count(),
        "stress_items_listed": len(stress.matters_arising) + len(stress.agenda_items),
        "ms": timings,
        "typical_vs_minimal_page": ratio(
            timings["typical"]["median_ms"], timings["minimal_page"]["median_ms"]
        ),
    }


def measure_pack(url: str) -> dict:
    """The papers pack of 300 pages, in a worker-like process of its own (bench/pack_worker.py).

    Null figures (and the reason) where the portal has no `packs.services.render_pack`.
    """
    spec = importlib.util.find_spec("packs.services") if importlib.util.find_spec("packs") else None
    if spec is None:
        return {"available": False, "reason": "no `packs` module in the portal"}
    from packs import services

    if not callable(getattr(services, "render_pack", None)):
        return {"available": False, "reason": "`packs.services` has no `render_pack`"}
    script = common.BENCH_DIR / "pack_worker.py"
    output = subprocess.run(  # noqa: S603 - this checkout's own script
        [sys.executable, str(script), "--database-url", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(output.strip().splitlines()[-1])
    return {
        "available": True,
        **result,
        "seconds": result["median_render_s"],
        "peak_rss_mb": result["peak_rss_mb"],
    }
