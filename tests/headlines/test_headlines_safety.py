"""Nothing confidential reaches the Headlines, and nothing in a headline reaches the server."""

import datetime
import http.server
import io
import threading
import time

import pytest
import weasyprint.pdf.fonts
from pypdf import PdfReader

from classification.levels import Level
from headlines import services
from headlines.models import HeadlinesRequest
from headlines.rendering import headlines_pdf
from sscportal.pdf import PortalStaticFetcher
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    DecisionFactory,
    DeclarationFactory,
    OrganisationFactory,
    PaperFactory,
    decision_kind,
)

pytestmark = pytest.mark.django_db

APPROVED_AT = datetime.datetime(2019, 11, 20, 9, 30, tzinfo=datetime.UTC)

CANARIES = {
    "minutes": "CANARY-MINUTES-7f3a",
    "note": "CANARY-NOTE-91bc",
    "party": "CANARY-PARTY-LTD-44de",
    "paper": "CANARY-PAPER-TITLE-0a1b",
    "counted_title": "CANARY-COUNTED-TITLE-5e6f",
    "counted_headline": "CANARY-COUNTED-HEADLINE-2c3d",
    "omitted_headline": "CANARY-OMITTED-HEADLINE-8899",
    "action": "CANARY-ACTION-6677",
    "declaration": "CANARY-DECLARATION-3d4e",
    "counted_declaration": "CANARY-COUNTED-DECLARATION-b5a6",
}


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def published_with_canaries(held_meeting, secretariat, client):
    """The held meeting, a canary in every confidential field, its Headlines published."""
    listed = held_meeting.items.get(number=3)
    listed.minutes = CANARIES["minutes"]
    listed.save()
    PaperFactory(item=listed, title=CANARIES["paper"])
    ActionFactory(item=listed, description=CANARIES["action"])
    DeclarationFactory(item=listed, text=CANARIES["declaration"])
    counted = AgendaItemFactory(
        meeting=held_meeting,
        number=4,
        level=Level.RED,
        headline_mode="counted",
        title=CANARIES["counted_title"],
        headline=CANARIES["counted_headline"],
    )
    DecisionFactory(
        item=counted,
        kind=decision_kind("vusa_compliance_status"),
        outcome="Compliant",
        party=OrganisationFactory(name=CANARIES["party"]),
        note=CANARIES["note"],
        level=Level.RED,
    )
    DeclarationFactory(item=counted, text=CANARIES["counted_declaration"], chair_decision="recused")
    AgendaItemFactory(
        meeting=held_meeting,
        number=5,
        headline_mode="omitted",
        headline=CANARIES["omitted_headline"],
    )
    version = services.headlines_publish_now(meeting=held_meeting, by=secretariat)
    with version.pdf.open("rb") as pdf:
        pdf_text = _pdf_text(pdf.read())
    pages = {
        "page": client.get("/headlines/SSC/89/").content.decode(),
        "index": client.get("/headlines/").content.decode(),
        "feed": client.get("/headlines/feed/").content.decode(),
        "search": client.get("/headlines/search/?q=SSC").content.decode(),
        "pdf": pdf_text,
        "stored text": version.text,
    }
    return version, pages


@pytest.mark.parametrize("field", CANARIES)
def test_no_confidential_field_reaches_any_public_rendering(published_with_canaries, field):
    _, pages = published_with_canaries
    leaks = [name for name, text in pages.items() if CANARIES[field] in text]
    assert leaks == []


def test_the_counted_business_is_still_counted(published_with_canaries):
    _, pages = published_with_canaries
    assert "One Compliance Status for a VUSA;" in pages["page"]


def test_searching_for_a_canary_finds_nothing(published_with_canaries, client):
    for canary in CANARIES.values():
        html = client.get(f"/headlines/search/?q={canary}").content.decode()
        assert "0 results" in html


def test_a_script_in_a_headline_is_shown_as_text(held_meeting, secretariat, client):
    held_meeting.items.filter(number=3).update(headline="<script>alert('x')</script> Noted.")
    services.headlines_publish_now(meeting=held_meeting, by=secretariat)
    html = client.get("/headlines/SSC/89/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html


def test_an_image_of_a_server_file_in_a_headline_stays_text_in_the_pdf(held_meeting, secretariat):
    held_meeting.items.filter(number=3).update(headline='<img src="file:///etc/passwd"> Noted.')
    version = services.headlines_publish_now(meeting=held_meeting, by=secretariat)
    with version.pdf.open("rb") as pdf:
        content = pdf.read()
    assert b"root:x:0:0" not in content
    assert '<img src="file:///etc/passwd">' in _pdf_text(content)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/",
        "https://portal.invalid/static/../../../../etc/passwd",
        "https://portal.invalid/media/papers/1/v1.pdf",
        "data:text/plain,hello",
    ],
)
def test_the_pdf_fetcher_refuses_anything_but_the_portals_static_files(url):
    with pytest.raises(ValueError, match="refused|no static file"):
        PortalStaticFetcher().fetch(url)


def test_the_pdf_fetcher_serves_the_portals_stylesheet():
    response = PortalStaticFetcher().fetch("https://portal.invalid/static/css/headlines.css")
    assert b".headlines ul.headline-items" in response.read()


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self):
        type(self).hits += 1
        self.send_response(302)
        self.send_header("Location", "file:///etc/passwd")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_rendering_never_contacts_a_host_or_follows_a_redirect(monkeypatch):
    server = http.server.HTTPServer(("127.0.0.1", 0), _CountingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/redirect.css"
    try:
        from weasyprint import HTML

        html = f'<link rel="stylesheet" href="{url}"><img src="{url}"><p>text</p>'
        content = HTML(string=html, url_fetcher=PortalStaticFetcher()).write_pdf()
    finally:
        server.shutdown()
    assert _CountingHandler.hits == 0
    assert b"root:x:0:0" not in content


def test_the_headlines_pdf_of_the_same_document_is_the_same_file(held_meeting, monkeypatch):
    # WeasyPrint subsets fonts with fontTools where HarfBuzz's subsetter is missing or older
    # than 4.1 (and for variable fonts everywhere); fontTools writes the clock into each font.
    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    document = services.headlines_compose(meeting=held_meeting)
    first = headlines_pdf(document, approved_at=APPROVED_AT)
    time.sleep(1.05)  # the fonts' timestamps count whole seconds
    assert headlines_pdf(document, approved_at=APPROVED_AT) == first


def test_a_published_headlines_pdf_is_dated_by_the_chairs_decision(
    held_meeting, secretariat, chair
):
    request = services.headlines_submit(meeting=held_meeting, by=secretariat)
    services.headlines_approve(request=request, by=chair)
    HeadlinesRequest.objects.filter(pk=request.pk).update(decided_at=APPROVED_AT)
    version = services.headlines_render(request_id=request.pk)
    with version.pdf.open("rb") as stored:
        metadata = PdfReader(io.BytesIO(stored.read())).metadata
    assert metadata.creation_date == APPROVED_AT
    # Its modification date is the signing's: the signature is a revision appended to the
    # rendering, which stays as it was (tests/headlines/test_headlines_signing.py).
    assert metadata.modification_date > APPROVED_AT


def test_a_draft_item_never_reaches_the_headlines(held_meeting):
    AgendaItemFactory(
        meeting=held_meeting, number=20, published_at=None, title="Draft", headline="DRAFT-CANARY"
    )
    document = services.headlines_compose(meeting=held_meeting)
    assert "DRAFT-CANARY" not in str(document.as_dict())
