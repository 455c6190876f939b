"""HTML and PDF renderings of a `HeadlinesDocument`; both use the same sanitised HTML."""

import posixpath
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from meetings.markdown import render_markdown

from .composer import HeadlineEntry, HeadlinesDocument

# The PDF's base URL. ".invalid" never resolves; the fetcher below answers for it alone.
PDF_BASE_URL = "https://portal.invalid/"
_STATIC_PREFIX = PDF_BASE_URL + "static/"
_MIME_TYPES = {".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml"}


class PortalStaticFetcher(URLFetcher):
    """Serves WeasyPrint the portal's own static files and refuses everything else.

    No file://, no network, no redirects, no data: URLs: a headline cannot make the renderer
    read a file of the server or reach a host.
    """

    def __init__(self):
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url, headers=None):
        if not url.startswith(_STATIC_PREFIX):
            raise ValueError(f"refused to fetch {url!r}: only the portal's static files")
        relative = posixpath.normpath(url[len(_STATIC_PREFIX) :].split("?")[0].split("#")[0])
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


def entry_html(entry: HeadlineEntry, *, with_title: bool) -> str:
    """One listed item: "N. Title: headline (LEVEL)", the headline's Markdown kept.

    The number is text, not a list marker, so that it reads (and extracts from the PDF) in
    place, and the skipped numbers of counted or omitted items stay skipped.
    """
    body = render_markdown(entry.headline).strip()
    lead = f'<span class="number">{entry.number}.</span> '
    if with_title:
        lead += f"<strong>{escape(entry.title)}:</strong> "
    body = (
        body.replace("<p>", "<p>" + lead, 1) if body.startswith("<p>") else f"<p>{lead}</p>{body}"
    )
    if entry.level_tag:
        tag = f"(<strong>{entry.level_tag}</strong>)"
        if body.endswith("</p>"):
            body = body[: -len("</p>")] + f" {tag}</p>"
        else:
            body += f"<p>{tag}</p>"
    return mark_safe(body)  # noqa: S308 - built from sanitised Markdown and escaped text


def _context(document: HeadlinesDocument) -> dict:
    return {
        "document": document,
        "banner": mark_safe(render_markdown(document.banner)),  # noqa: S308 - sanitised
        "preamble": mark_safe(render_markdown(document.preamble)),  # noqa: S308 - sanitised
        "red_summary_intro": mark_safe(render_markdown(document.red_summary_intro)),  # noqa: S308
        "matters_arising": [
            entry_html(entry, with_title=False) for entry in document.matters_arising
        ],
        "agenda_items": [entry_html(entry, with_title=True) for entry in document.agenda_items],
    }


def headlines_html(document: HeadlinesDocument) -> str:
    """The document as an HTML fragment, for the public page."""
    return render_to_string("headlines/_document.html", _context(document))


def headlines_text(document: HeadlinesDocument) -> str:
    """The document as plain text, for search."""
    return " ".join(strip_tags(headlines_html(document)).split())


def headlines_pdf(document: HeadlinesDocument) -> bytes:
    """The document as a PDF, rendered by WeasyPrint with only the portal's static files."""
    html = render_to_string(
        "headlines/document_pdf.html",
        {**_context(document), "stylesheet": _STATIC_PREFIX + "css/headlines.css"},
    )
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=PortalStaticFetcher()).write_pdf()
