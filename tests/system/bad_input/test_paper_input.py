"""Bad input: papers uploaded through the agenda builder: a readable PDF within the cap, or a
refusal naming the field."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import example, given
from hypothesis import strategies as st
from pypdf import PdfReader

from meetings.demo import text_pdf
from meetings.models import Paper, PaperVersion
from tests.system.bad_input.helpers import (
    HTMX,
    LEVEL_JUNK,
    LEVEL_VALUES,
    agenda_url,
    budget,
    char_refused,
    database_rows,
    error_text,
    form_data,
    maybe,
    outcome,
    rolled_back,
    sent,
    stored_text,
    texts,
)

pytestmark = pytest.mark.django_db


PDF = text_pdf(["A paper"])
CAP = 4096


BAD_TRAILER = PDF.replace(b"trailer\n", b"trailer4", 1)


def padded_pdf(size: int) -> bytes:
    """A readable PDF of `size` bytes (trailing newlines after %%EOF)."""
    return PDF + b"\n" * (size - len(PDF))


PAPER_JUNK = st.one_of(
    st.binary(max_size=CAP + 100),
    st.binary(max_size=2000).map(lambda junk: b"%PDF-" + junk),
    st.integers(CAP - 2, CAP + 2).map(padded_pdf),
    st.integers(0, len(PDF)).map(lambda n: PDF[:n]),
    st.tuples(st.integers(0, len(PDF) - 1), st.integers(0, 255)).map(
        lambda flip: PDF[: flip[0]] + bytes([flip[1]]) + PDF[flip[0] + 1 :]
    ),
)
PAPER_FIELDS = form_data(
    valid={
        "title": st.text(min_size=1, max_size=60),
        "level": st.sampled_from(["2", "3"]),
        "content": st.one_of(st.just(PDF), st.integers(len(PDF), CAP).map(padded_pdf)),
        "name": st.text(
            st.characters(exclude_characters='/\\\x00\r\n"', exclude_categories=["Cs"]),
            max_size=20,
        ),
    },
    junk={
        "title": maybe(texts()),
        "level": maybe(st.one_of(st.sampled_from(["0", "1"]), LEVEL_JUNK)),
        "content": maybe(PAPER_JUNK),
        "name": st.sampled_from(["x" * 300, "..", "CON", " ", "%00"]),
    },
)


def readable_pdf(content: bytes) -> bool:
    if not content.startswith(b"%PDF-") or len(content) > CAP:
        return False
    try:
        len(PdfReader(io.BytesIO(content)).pages)  # pypdf finds the pages when counting them
    except Exception:
        return False
    return True


@budget(60)
@given(data=PAPER_FIELDS)
@example(data={"title": "A", "level": "2", "content": padded_pdf(CAP), "name": "p"})
@example(data={"title": "A", "level": "2", "content": padded_pdf(CAP + 1), "name": "p"})
# A trailer pypdf cannot read as a dictionary (AttributeError inside pypdf).
@example(data={"title": "A", "level": "2", "content": BAD_TRAILER, "name": "p"})
# A PDF whose pages pypdf finds only when counting them.
@example(data={"title": "A", "level": "2", "content": b"%PDF-\nstartxref0\n%", "name": "p"})
def test_uploading_a_paper_stores_a_readable_pdf_within_the_cap_and_refuses_the_rest(
    secretariat_client, draft_agenda, settings, data
):
    settings.PAPER_MAX_BYTES = CAP
    meeting = draft_agenda
    item = meeting.items.get(number=1)  # AMBER
    title, level, content = data["title"], data["level"], data["content"]
    fields = sent({"title": title, "level": level})
    if content is not None:
        fields["file"] = SimpleUploadedFile(f"{data['name']}.pdf", content, "application/pdf")
    refused = set()
    if char_refused(title, required=True, max_length=300):
        refused.add("Title")
    if level not in LEVEL_VALUES:
        refused.add("Level")
    if content is None or not readable_pdf(content):
        refused.add("File")
    below_item = not refused and int(level) < item.level
    outcome(refused or below_item)
    with rolled_back():
        before = database_rows()
        response = secretariat_client.post(
            agenda_url("paper_add", meeting, item.pk), fields, headers=HTMX
        )
        assert response.status_code == 200
        message = error_text(response)
        if refused or below_item:
            assert message.startswith(f"Paper for item {item.number}: "), message
            for label in refused:
                assert f"{label}: " in message, f"{label} is not named in {message!r}"
            if content is not None and len(content) > CAP:
                assert "papers may be at most 4.0\xa0KB" in message, message
            if below_item:
                assert "below" in message, message
            assert database_rows() == before
            return
        assert not message, message
        paper = Paper.objects.get(item=item)
        assert (paper.title, paper.level) == (stored_text(title), int(level))
        version = PaperVersion.objects.get(paper=paper)
        with version.file.open("rb") as stored:
            assert stored.read() == content
        assert version.size == len(content)
        assert version.sha256 == hashlib.sha256(content).hexdigest()
