"""Stamping a PDF for its reader: every page names the level, the reader and the time."""

import datetime
import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

from meetings.demo import text_pdf
from meetings.watermark import stamp_pdf, stamp_text

AT = datetime.datetime(2026, 11, 24, 10, 42, tzinfo=datetime.UTC)


def _stamp(content, reader="Morgan Member", level_label="AMBER", at=AT):
    return stamp_pdf(content, level_label=level_label, reader=reader, at=at)


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def _with_odd_pages(content: bytes) -> bytes:
    """`content` with its second page turned sideways and a small page with an offset box."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    writer.pages[1].rotate(90)
    small = writer.add_blank_page(300, 200)
    small.mediabox.lower_left = (50, 40)
    small.cropbox.lower_left = (50, 40)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_stamp_reads_level_reader_and_utc_time():
    assert stamp_text(level_label="AMBER", reader="Morgan Member", at=AT) == (
        "AMBER — Morgan Member — 24 Nov 2026 10:42 UTC"
    )


def test_the_stamp_gives_a_time_elsewhere_in_utc():
    london_summer = datetime.timezone(datetime.timedelta(hours=1))
    at = datetime.datetime(2026, 7, 1, 9, 5, tzinfo=london_summer)
    assert stamp_text(level_label="RED", reader="Ann", at=at).endswith("1 Jul 2026 08:05 UTC")


def test_stamping_keeps_the_page_count():
    content = text_pdf(["one", "two", "three"])
    assert len(_pages(_stamp(content))) == 3


def test_each_stamped_page_names_the_reader():
    pages = _pages(_stamp(text_pdf(["one", "two", "three"])))
    assert all("AMBER — Morgan Member — 24 Nov 2026 10:42 UTC" in page for page in pages)


def test_stamping_keeps_the_pages_own_text():
    pages = _pages(_stamp(text_pdf(["Paper on Shared Resources", "Annex"])))
    assert "Paper on Shared Resources" in pages[0]
    assert "Annex" in pages[1]


def test_the_stamp_is_in_the_file_once_whatever_the_number_of_pages():
    one, hundred = text_pdf(["Page"]), text_pdf([f"Page {n}" for n in range(100)])
    growth_of_one = len(_stamp(one)) - len(one)
    # Each page draws the one stamp of its size: a few hundred bytes a page, not its font.
    assert len(_stamp(hundred)) - len(hundred) < growth_of_one + 100 * 400


def test_a_copy_stamped_before_keeps_its_stamp_when_stamped_again():
    again = _stamp(_stamp(text_pdf(["Paper"]), reader="Ann Other"))
    assert "Ann Other" in _pages(again)[0]
    assert "Morgan Member" in _pages(again)[0]


def _stamp_placement(content: bytes) -> list:
    """Where the stamp's text is drawn on the first page: its transformation matrices."""
    placed = []

    def visit(text, cm, tm, *_):
        if "Morgan Member" in text:
            placed.append((cm, tm))

    PdfReader(io.BytesIO(_stamp(content))).pages[0].extract_text(visitor_text=visit)
    return placed


def test_a_page_whose_own_drawing_leaves_its_state_changed_is_stamped_as_any_other():
    plain = text_pdf(["Paper"])
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
    page = writer.pages[0]
    # A page that turns its coordinates upside down and never restores them.
    flip = DecodedStreamObject()
    flip.set_data(b"1 0 0 -1 0 842 cm")
    page[NameObject("/Contents")] = ArrayObject(
        [page.raw_get("/Contents"), writer._add_object(flip)]
    )
    out = io.BytesIO()
    writer.write(out)
    assert _stamp_placement(out.getvalue()) == _stamp_placement(plain) != []


def test_pages_turned_sideways_or_offset_are_stamped_too():
    pages = _pages(_stamp(_with_odd_pages(text_pdf(["one", "two"]))))
    assert len(pages) == 3
    assert all("Morgan Member" in page for page in pages)


def test_a_name_in_any_script_is_stamped_as_text():
    pages = _pages(_stamp(text_pdf(["one"]), reader="Zoë Łukasiewicz-Ørsted"))
    assert "Zoë Łukasiewicz-Ørsted" in pages[0]


def test_stamping_something_that_is_not_a_pdf_raises_a_clear_value_error():
    with pytest.raises(ValueError, match="not a PDF"):
        _stamp(b"<html>not a pdf</html>")


def test_stamping_a_broken_pdf_raises_a_clear_value_error():
    with pytest.raises(ValueError, match="not a readable PDF"):
        _stamp(b"%PDF-1.4\nthis is no PDF body\n%%EOF\n")


def test_stamping_with_a_naive_time_raises_a_value_error():
    with pytest.raises(ValueError, match="timezone-aware"):
        _stamp(text_pdf(["one"]), at=datetime.datetime(2026, 11, 24, 10, 42))


def test_stamping_without_a_reader_raises_a_value_error():
    with pytest.raises(ValueError, match="must name its reader"):
        _stamp(text_pdf(["one"]), reader="  ")


def _encrypted(content: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_that_opens_without_a_password_is_stamped_though_encrypted():
    pages = _pages(_stamp(_encrypted(text_pdf(["one"]), user_password="")))
    assert "Morgan Member" in pages[0]


def test_a_pdf_locked_by_a_password_raises_a_clear_value_error():
    with pytest.raises(ValueError, match="encrypted with a password"):
        _stamp(_encrypted(text_pdf(["one"]), user_password="reader-secret"))
