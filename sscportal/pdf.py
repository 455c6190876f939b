"""PDF rendering for the whole portal: WeasyPrint may fetch the portal's static files only."""

import datetime
import os
import posixpath
import threading
from pathlib import Path

from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The documents' base URL. ".invalid" never resolves; the fetcher below answers for it alone.
PDF_BASE_URL = "https://portal.invalid/"
STATIC_PREFIX = PDF_BASE_URL + "static/"
_MIME_TYPES = {".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml"}
# The pages every portal PDF shares: its running header, and "Page N of M".
PAGES_STYLESHEET = STATIC_PREFIX + "css/pdf.css"
# The wordmark drawn once at print resolution from img/wordmark.svg (tools/print_wordmark.py):
# WeasyPrint embeds an image once and places it on each page, where it would draw the SVG's
# outlines afresh on every page.
WORDMARK = STATIC_PREFIX + "img/wordmark-print.png"


def page_marks(*, committee: str, marking: str, level_name: str) -> dict[str, str]:
    """What templates/pdf/_page_marks.html puts at the head of every page of a PDF: the
    wordmark, `committee`'s name and the document's TLP `marking` (coloured by `level_name`:
    white, green, amber or red). Its template's context, as `page_marks`."""
    return {
        "stylesheet": PAGES_STYLESHEET,
        "wordmark": WORDMARK,
        "committee": committee,
        "marking": marking,
        "level_name": level_name,
    }


class PortalStaticFetcher(URLFetcher):
    """Serves WeasyPrint the portal's own static files and refuses everything else.

    No file://, no network, no redirects, no data: URLs: a headline or a minute cannot make
    the renderer read a file of the server or reach a host.
    """

    def __init__(self):
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_PREFIX):
            raise ValueError(f"refused to fetch {url!r}: only the portal's static files")
        relative = posixpath.normpath(url[len(STATIC_PREFIX) :].split("?")[0].split("#")[0])
        if relative.startswith(("..", "/")):
            raise ValueError(f"refused to fetch {url!r}: outside the static files")
        found = finders.find(relative)
        if not found:
            raise ValueError(f"no static file {relative!r}")
        path = Path(found)
        return URLFetcherResponse(
            url,
            path.read_bytes(),
            headers={"Content-Type": _MIME_TYPES.get(path.suffix, "application/octet-stream")},
        )


# SOURCE_DATE_EPOCH is process-wide: renders in other threads must not see another's date.
_SOURCE_DATE_LOCK = threading.Lock()


def render_pdf(html: str, *, dated: datetime.datetime) -> bytes:
    """`html` as a PDF dated `dated`; relative URLs resolve against PDF_BASE_URL (the static
    files). The same HTML and date always give the same bytes: nothing is taken from the clock.

    WeasyPrint writes no dates of its own, but where fontTools subsets or instantiates a font
    (HarfBuzz's subsetter missing or older than 4.1, variable fonts, colour fonts) it stamps
    each embedded font with the current time, unless SOURCE_DATE_EPOCH says otherwise.
    """
    if dated.tzinfo is None or dated.utcoffset() is None:
        raise ValueError("the date of a PDF must be timezone-aware")
    utc = dated.astimezone(datetime.UTC).replace(microsecond=0)
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=PortalStaticFetcher()).render()
    document.metadata.created = document.metadata.modified = utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    with _SOURCE_DATE_LOCK:
        before = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(int(utc.timestamp()))
        try:
            return document.write_pdf()
        finally:
            if before is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = before
