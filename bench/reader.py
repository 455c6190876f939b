"""The paper reader: from opening it to its first page drawn, in headless Chromium.

The bench member is given a 100-page AMBER paper (a page of text each, rendered by WeasyPrint
as a committee's paper would be) at a meeting of a committee of its own, "RDR", removed
afterwards (the committee stays: the audit log names it). gunicorn serves the portal as the
load test does (2 workers, DEBUG off, the static files collected); Debian's chromium, driven
by Playwright, opens the reader with the member's session in a new browser context each
run, so that nothing is cached: PDF.js, its worker and the stamped PDF all come over the
wire, and the download view stamps the 100 pages for the member on every open, as it does
for a member. The figure is the reader's own `data-first-page-drawn` (milliseconds from the
start of the navigation to the first page drawn, on the page's clock); the median of the
runs is reported, after one warm-up.
"""

import os
import shutil
import statistics
import time

from bench.common import MEDIA_ROOT, MEMBER, session_for
from bench.load import serving

COMMITTEE = "RDR"
PAGES = 100
PAPER_FILE = "papers/bench/reader-100-pages.pdf"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]

_PARAGRAPH = (
    "The Security Sub-Committee reviewed the supplier's evidence against each control of the "
    "framework. Where the evidence fell short, the assessor recorded the gap, its risk to "
    "the end-to-end smart metering system and the remediation the supplier proposed, with "
    "its timetable. "
)


# What the reader's page had received, and when (ms from the start of the navigation).
_TIMINGS = """() => {
  const ends = {page: performance.getEntriesByType("navigation")[0].responseEnd};
  for (const entry of performance.getEntriesByType("resource")) {
    const name = entry.name.includes("pdf.worker") ? "worker"
      : entry.name.includes("pdf.min") ? "pdfjs"
      : entry.name.includes("/papers/") ? "stamped_pdf" : null;
    if (name) { ends[name] = Math.round(entry.responseEnd); }
  }
  ends.page = Math.round(ends.page);
  return ends;
}"""


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium")


def _paper_pdf() -> bytes:
    """A 100-page paper: a heading and four paragraphs a page, made once and kept."""
    path = MEDIA_ROOT / PAPER_FILE
    if not path.exists():
        import datetime

        from sscportal.pdf import render_pdf

        pages = "".join(
            f'<section style="break-after: page"><h2>Section {n}</h2>'
            + f"<p>{_PARAGRAPH * 2}</p>" * 4
            + "</section>"
            for n in range(1, PAGES + 1)
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        html = f"<!doctype html><html><body>{pages}</body></html>"
        path.write_bytes(render_pdf(html, dated=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)))
    return path.read_bytes()


def _remove_paper() -> None:
    # The committee stays: the audit log names it for each opening (and protects it).
    from committees.models import Membership
    from meetings.models import Meeting

    Meeting.objects.filter(committee__code=COMMITTEE).delete()
    Membership.objects.filter(committee__code=COMMITTEE).delete()


def _add_paper(member):
    """The member's 100-page AMBER paper, committed: gunicorn reads it from another process."""
    import datetime
    import hashlib

    from django.utils import timezone

    from classification.levels import Level, MeetingStatus
    from classification.restrictions import default_review_on
    from committees.models import Committee, Membership
    from meetings.models import AgendaItem, Meeting, Paper, PaperVersion

    _remove_paper()  # what a run stopped half-way left
    content = _paper_pdf()
    restricted = {"restriction_reason": "Bench", "review_on": default_review_on()}
    committee, _ = Committee.objects.get_or_create(
        code=COMMITTEE, defaults={"name": "Reader bench committee"}
    )
    Membership.objects.create(
        user=member,
        committee=committee,
        level=Level.AMBER,
        starts=timezone.localdate() - datetime.timedelta(days=1),
    )
    meeting = Meeting.objects.create(
        committee=committee,
        number=1,
        date=timezone.localdate(),
        status=MeetingStatus.AGENDA_PUBLISHED,
    )
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=1,
        title="Reader bench",
        level=Level.AMBER,
        published_at=timezone.now(),
        **restricted,
    )
    paper = Paper.objects.create(
        item=item,
        title=f"A paper of {PAGES} pages",
        level=Level.AMBER,
        published_at=timezone.now(),
        **restricted,
    )
    PaperVersion.objects.create(
        paper=paper,
        number=1,
        file=PAPER_FILE,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    return paper


def measure(url: str, static_root: str, *, runs: int = 5) -> dict:
    """The reader's time to its first page (seconds), or null figures and the reason."""
    chromium = chromium_path()
    if chromium is None:
        return {"available": False, "reason": "no chromium (apt-get install chromium)"}
    from django.conf import settings
    from django.contrib.sessions.models import Session
    from playwright.sync_api import sync_playwright

    from classification.models import User

    member = User.objects.get(username=MEMBER)
    paper = _add_paper(member)
    session = session_for(member)
    path = f"/reader/papers/{paper.pk}/"
    drawn_ms, wall_ms, steps = [], [], []
    try:
        with serving(url, static_root) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, headless=True, args=CHROMIUM_FLAGS
            )
            try:
                for run in range(runs + 1):
                    context = browser.new_context(base_url=base)
                    context.add_cookies(
                        [
                            {
                                "name": settings.SESSION_COOKIE_NAME,
                                "value": session.session_key,
                                "url": base,
                            }
                        ]
                    )
                    page = context.new_page()
                    started = time.perf_counter()
                    page.goto(path)
                    page.wait_for_selector("#reader[data-first-page-drawn]", timeout=60_000)
                    wall = (time.perf_counter() - started) * 1000
                    drawn = int(page.get_attribute("#reader", "data-first-page-drawn"))
                    timings = page.evaluate(_TIMINGS)
                    pages = page.get_attribute("#reader", "data-pages")
                    context.close()
                    if pages != str(PAGES):
                        raise AssertionError(f"the reader opened {pages} pages, not {PAGES}")
                    if run:  # the first opening warms the server up
                        drawn_ms.append(drawn)
                        wall_ms.append(round(wall))
                        steps.append(timings)
            finally:
                browser.close()
    finally:
        Session.objects.filter(session_key=session.session_key).delete()
        _remove_paper()
    median = statistics.median(drawn_ms)
    return {
        "available": True,
        "seconds": round(median / 1000, 3),
        "pages": PAGES,
        "pdf_bytes": (MEDIA_ROOT / PAPER_FILE).stat().st_size,
        "first_page_drawn_ms": drawn_ms,
        "until_seen_by_playwright_ms": wall_ms,
        # When each run had the page, PDF.js and the stamped PDF (ms from the navigation).
        "received_ms": steps,
        "runs": runs,
    }
