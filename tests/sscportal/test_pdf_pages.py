"""The pages every portal PDF shares: the stylesheet and wordmark the renderer may fetch."""

import datetime
import io

from django.template.loader import render_to_string
from PIL import Image
from pypdf import PdfReader

from classification.levels import Level, tlp_marking
from sscportal.pdf import (
    PAGES_STYLESHEET,
    STATIC_PREFIX,
    WORDMARK,
    PortalStaticFetcher,
    page_marks,
    render_pdf,
)
from tools.print_wordmark import SOURCE_KEY, SVG, svg_digest, svg_size

# static/css/pdf.css: the wordmark is printed 14 pt high.
PRINTED_HEIGHT_PT = 14


def _wordmark() -> Image.Image:
    return Image.open(io.BytesIO(PortalStaticFetcher().fetch(WORDMARK).read()))


def test_the_renderer_fetches_the_wordmark_as_a_png():
    response = PortalStaticFetcher().fetch(WORDMARK)
    assert response.headers["Content-Type"] == "image/png"


def test_the_print_wordmark_is_drawn_from_the_wordmark_svg_of_today():
    # After a change to the SVG, `make wordmark-print` draws the PNG again.
    assert _wordmark().text[SOURCE_KEY] == svg_digest(SVG.read_bytes())


def test_the_print_wordmark_keeps_the_svgs_proportions_at_600_dpi():
    image = _wordmark()
    width, height = svg_size(SVG.read_bytes())
    assert image.width / image.height == width / height
    assert image.height >= PRINTED_HEIGHT_PT / 72 * 600 - 1


def test_the_wordmark_draws_its_letters_and_holds_no_text():
    # No <text>: the wordmark adds nothing to a PDF's extracted text, and needs no font.
    svg = PortalStaticFetcher().fetch(STATIC_PREFIX + "img/wordmark.svg").read()
    assert b"<text" not in svg


def test_a_pdf_of_many_pages_holds_the_wordmark_once():
    marks = page_marks(
        committee="Security Sub-Committee",
        marking=tlp_marking(Level.WHITE),
        level_name=Level.WHITE.name.lower(),
    )
    head = render_to_string("pdf/_page_marks.html", {"page_marks": marks})
    html = f'<link rel="stylesheet" href="{PAGES_STYLESHEET}">{head}' + "<p>A paragraph.</p>" * 200
    pdf = render_pdf(html, dated=datetime.datetime(2026, 11, 24, tzinfo=datetime.UTC))
    pages = PdfReader(io.BytesIO(pdf)).pages
    images = {
        xobjects.raw_get(name).idnum
        for xobjects in (page["/Resources"]["/XObject"] for page in pages)
        for name in xobjects
        if xobjects[name]["/Subtype"] == "/Image"
    }
    assert len(pages) > 1
    assert len(images) == 1


def test_the_renderer_fetches_the_pages_stylesheet():
    response = PortalStaticFetcher().fetch(PAGES_STYLESHEET)
    assert b'"Page " counter(page) " of " counter(pages)' in response.read()


def test_page_marks_name_the_committee_and_the_marking():
    marks = page_marks(committee="Security Sub-Committee", marking="TLP:RED", level_name="red")
    assert marks["committee"] == "Security Sub-Committee"
    assert marks["wordmark"] == WORDMARK


def test_white_is_marked_with_clear_beside_it_and_the_others_by_their_names():
    assert [tlp_marking(level) for level in Level] == [
        "TLP:WHITE (CLEAR)",
        "TLP:GREEN",
        "TLP:AMBER",
        "TLP:RED",
    ]
