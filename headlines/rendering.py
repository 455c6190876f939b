"""HTML and PDF renderings of a `HeadlinesDocument`; both use the same sanitised HTML."""

import datetime
import re
from html import unescape

from django.template.loader import render_to_string
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from classification.levels import Level, tlp_marking
from meetings.markdown import render_markdown
from sscportal.pdf import STATIC_PREFIX, page_marks, render_pdf

from .composer import HeadlineEntry, HeadlinesDocument


def entry_html(entry: HeadlineEntry, *, with_title: bool, for_pdf: bool = False) -> str:
    """One listed item: "N. Title: headline (LEVEL)", the headline's Markdown kept.

    The number is text, not a list marker, so that it reads (and extracts from the PDF) in
    place, and the skipped numbers of counted or omitted items stay skipped.

    `for_pdf` gives the same words with fewer elements, for WeasyPrint, whose time grows with
    the elements it styles and lays out: the number is bare text, not a span, and a one-
    paragraph headline is the list item's own text, not a paragraph in it. The item's margin
    is the paragraph's (its margin collapses into the item's), so the page looks the same.
    """
    body = render_markdown(entry.headline).strip()
    number = f"{entry.number}." if for_pdf else f'<span class="number">{entry.number}.</span>'
    lead = f"{number} "
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
    if for_pdf and body.count("<p>") == 1 and body.startswith("<p>") and body.endswith("</p>"):
        body = body[len("<p>") : -len("</p>")]
    return mark_safe(body)  # noqa: S308 - built from sanitised Markdown and escaped text


def _context(document: HeadlinesDocument, *, for_pdf: bool = False) -> dict:
    return {
        "document": document,
        "banner": mark_safe(render_markdown(document.banner)),  # noqa: S308 - sanitised
        "preamble": mark_safe(render_markdown(document.preamble)),  # noqa: S308 - sanitised
        "red_summary_intro": mark_safe(render_markdown(document.red_summary_intro)),  # noqa: S308
        "matters_arising": [
            entry_html(entry, with_title=False, for_pdf=for_pdf)
            for entry in document.matters_arising
        ],
        "agenda_items": [
            entry_html(entry, with_title=True, for_pdf=for_pdf) for entry in document.agenda_items
        ],
    }


def headlines_html(document: HeadlinesDocument) -> str:
    """The document as an HTML fragment, for the public page."""
    return render_to_string("headlines/_document.html", _context(document))


def listed_items_html(document: HeadlinesDocument) -> str:
    """The items the document lists, Matters Arising then Agenda Items, as an HTML fragment:
    the summary of its entry in the Atom feed."""
    context = _context(document)
    return render_to_string(
        "headlines/_listed_items.html",
        {key: context[key] for key in ("document", "matters_arising", "agenda_items")},
    )


# Where one block of the document ends and the next begins, words must stay apart.
_BLOCK_TAG = re.compile(r"</?(?:article|div|footer|h[1-6]|li|ol|p|ul|br)\b[^>]*>", re.IGNORECASE)


def headlines_text(document: HeadlinesDocument) -> str:
    """The document as plain text, for search: its words, blocks apart, entities decoded.

    Plain text, not HTML: whatever shows it escapes it.
    """
    html = _BLOCK_TAG.sub(" ", headlines_html(document))
    return " ".join(unescape(strip_tags(html)).split())


def headlines_pdf(document: HeadlinesDocument, *, approved_at: datetime.datetime) -> bytes:
    """The document as a PDF, rendered by WeasyPrint with only the portal's static files.

    Dated by the chair's approval, so that the PDF is a function of the document and its
    approval alone: a render rerun (the sweep, a retry) gives the same file.
    """
    html = render_to_string(
        "headlines/document_pdf.html",
        {
            **_context(document, for_pdf=True),
            "stylesheet": STATIC_PREFIX + "css/headlines.css",
            # Public by construction: WHITE, whatever the record behind it.
            "page_marks": page_marks(
                committee=document.committee_name,
                marking=tlp_marking(Level.WHITE),
                level_name=Level.WHITE.name.lower(),
            ),
        },
    )
    return render_pdf(html, dated=approved_at)
