"""The papers pack of 300 pages, rendered in a process of its own, as a Celery worker does.

    .venv/bin/python bench/pack_worker.py [--database-url URL] [--pages 300] [--runs 3]

Inside a transaction that is rolled back, the bench member joins a committee at AMBER, whose
meeting has 30 AMBER items with one 10-page paper each; `packs.services.render_pack` (the
function the worker's task calls, documented for benchmarks) renders that pack - a cover page,
then every page of every paper stamped with the level, the reader and the time - to a temporary
file. Prints one JSON line: the render times, the pages, and the process's peak resident memory
(the figure the worker's memory limit would see: Django, WeasyPrint and pypdf included).
"""

import argparse
import json
import sys
import time
from pathlib import Path

# Run as a script: import from the checkout (bench.*), not from bench/ itself.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import common  # noqa: E402

PAGES_PER_PAPER = 10


def _rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def _peak_rss_mb() -> float:
    # VmHWM, this process's own high-water mark. Not getrusage's ru_maxrss: Linux carries a
    # process's peak over exec, so a worker started from the bench would report the bench's
    # own size if that was the larger.
    status = Path("/proc/self/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    common.setup_django(common.database_url(args.database_url))

    from django.db import transaction
    from django.utils import timezone
    from pypdf import PdfReader

    from classification.levels import Level, MeetingStatus
    from classification.models import User
    from committees.models import Committee, Membership
    from meetings.demo import text_pdf
    from meetings.models import AgendaItem, Meeting, Paper, PaperVersion
    from packs.models import Pack
    from packs.services import pack_contents, pack_key, render_pack
    from sscportal.celery import freeze_startup_objects

    paper_file = "papers/bench/pack-paper.pdf"
    (common.MEDIA_ROOT / paper_file).parent.mkdir(parents=True, exist_ok=True)
    (common.MEDIA_ROOT / paper_file).write_bytes(
        text_pdf([f"Bench paper, page {n}" for n in range(1, PAGES_PER_PAPER + 1)])
    )
    freeze_startup_objects()  # as a worker process does as it starts
    rss_at_start = _rss_mb()
    times, pages, size = [], 0, 0
    with transaction.atomic():
        member = User.objects.get(username=common.MEMBER)
        now = timezone.now()
        committee = Committee.objects.create(code="PACK", name="Pack Committee")
        # AMBER papers are a committee's members' to read: the member reads this one's.
        Membership.objects.create(
            user=member, committee=committee, level=Level.AMBER, starts=timezone.localdate()
        )
        meeting = Meeting.objects.create(
            committee=committee,
            number=1,
            date=timezone.localdate(),
            status=MeetingStatus.AGENDA_PUBLISHED,
        )
        items = AgendaItem.objects.bulk_create(
            AgendaItem(
                meeting=meeting,
                number=n,
                title=f"Item {n}",
                level=Level.AMBER,
                published_at=now,
            )
            for n in range(1, args.pages // PAGES_PER_PAPER + 1)
        )
        papers = Paper.objects.bulk_create(
            Paper(item=item, title=f"Paper {item.number}", level=Level.AMBER, published_at=now)
            for item in items
        )
        PaperVersion.objects.bulk_create(
            PaperVersion(paper=paper, number=1, file=paper_file) for paper in papers
        )
        contents = pack_contents(user=member, meeting=meeting)
        for _ in range(args.runs):
            pack = Pack(
                meeting=meeting,
                user=member,
                contents=contents,
                key=pack_key(user_id=member.pk, contents=contents),
            )
            started = time.perf_counter()
            path = render_pack(pack)
            times.append(time.perf_counter() - started)
            pages = len(PdfReader(path).pages)
            size = path.stat().st_size
            path.unlink()
        transaction.set_rollback(True)
    print(
        json.dumps(
            {
                "papers": len(contents),
                "pages": pages,
                "pdf_bytes": size,
                "render_s": [round(t, 3) for t in times],
                "first_render_s": round(times[0], 3),
                "median_render_s": round(sorted(times)[len(times) // 2], 3),
                "rss_at_start_mb": round(rss_at_start, 1),
                "peak_rss_mb": round(_peak_rss_mb(), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
