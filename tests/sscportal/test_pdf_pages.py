"""The pages every portal PDF shares: the stylesheet and wordmark the renderer may fetch."""

from classification.levels import Level, tlp_marking
from sscportal.pdf import PAGES_STYLESHEET, WORDMARK, PortalStaticFetcher, page_marks


def test_the_renderer_fetches_the_wordmark_as_svg():
    response = PortalStaticFetcher().fetch(WORDMARK)
    assert response.headers["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.read()


def test_the_wordmark_draws_its_letters_and_holds_no_text():
    # No <text>: the wordmark adds nothing to a PDF's extracted text, and needs no font.
    svg = PortalStaticFetcher().fetch(WORDMARK).read()
    assert b"<text" not in svg


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
