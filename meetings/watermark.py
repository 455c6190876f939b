"""Stamp a PDF for its reader: every page names the level, the reader and the time.

Used for the confidential minutes, and meant for any document handed to one reader (papers
too). The stamp is a one-line overlay rendered once per page size by WeasyPrint, so any name
in any script prints and extracts as text, then drawn on each page with pypdf as a form
XObject after the page's own content.
"""

import datetime
import hashlib
import io
from typing import Any

from django.utils.html import escape
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from sscportal.pdf import render_pdf

# Points from the bottom edge of the visible page to the stamp's baseline box.
STAMP_MARGIN = 14
STAMP_FONT_SIZE = 7.5

_OVERLAY = """<!doctype html>
<html><head><meta charset="utf-8"><style>
@page {{ size: {width:.3f}pt {height:.3f}pt; margin: 0; }}
html, body {{ margin: 0; }}
p {{
  position: absolute; left: 0; right: 0; bottom: {margin}pt; margin: 0; text-align: center;
  font: {size}pt/1.2 "DejaVu Sans", sans-serif; color: #333;
}}
span {{ background: rgba(255, 255, 255, .85); padding: 1pt 4pt; }}
</style></head><body><p><span>{text}</span></p></body></html>"""


def stamp_text(*, level_label: str, reader: str, at: datetime.datetime) -> str:
    """The stamp: "AMBER — Morgan Member — 24 Nov 2026 10:42 UTC"."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("the time of a stamp must be timezone-aware")
    at = at.astimezone(datetime.UTC)
    reader = " ".join(reader.split())
    if not reader:
        raise ValueError("a stamp must name its reader")
    return f"{level_label} — {reader} — {at.day} {at:%b %Y %H:%M} UTC"


def stamp_pdf(content: bytes, *, level_label: str, reader: str, at: datetime.datetime) -> bytes:
    """`content` with a stamp naming `level_label`, `reader` and `at` on every page.

    The stamp sits at the bottom of each page's visible area, whatever its size, offset or
    rotation. Raises ValueError with the reason if `content` is not a readable PDF.
    """
    text = stamp_text(level_label=level_label, reader=reader, at=at)
    if not isinstance(content, bytes | bytearray):
        raise ValueError(f"expected the PDF's bytes, not {type(content).__name__}")
    if b"%PDF-" not in bytes(content[:1024]):
        raise ValueError("not a PDF: no %PDF- header in its first 1024 bytes")
    try:
        return _stamp(bytes(content), text, at)
    # pypdf reports a malformed file by any of these.
    except (PyPdfError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise ValueError(f"not a readable PDF: {error}") from None


def _stamp(content: bytes, text: str, at: datetime.datetime) -> bytes:
    reader = PdfReader(io.BytesIO(content))
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("the PDF is encrypted with a password, so it cannot be stamped")
    if not len(reader.pages):
        raise ValueError("the PDF has no pages")
    writer = PdfWriter(clone_from=reader)
    stamper = PageStamper(writer, text=text, at=at)
    for page in writer.pages:
        stamper.stamp(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class PageStamper:
    """Draws the stamp `text` (see `stamp_text`) on pages of `writer`, one page at a time.

    The stamp of each page size is one form XObject that every page of that size draws:
    a page's own content is wrapped, never parsed, so stamping costs the same for any page
    and the stamp's font is in the file once. `stamp_pdf` stamps a whole file with it; the
    papers pack stamps each paper's pages as it appends them.
    """

    def __init__(self, writer: PdfWriter, *, text: str, at: datetime.datetime):
        self.writer, self.text, self.at = writer, text, at
        self.forms: dict[tuple[float, float], tuple[NameObject, IndirectObject]] = {}
        # The drawing after a page's own, by where the page's box stands: most share one.
        self.draws: dict[bytes, IndirectObject] = {}
        # Named after the stamp's text: a paper stamped before (a copy uploaded again) keeps
        # its own stamp under another name.
        self.prefix = "/SSCStamp" + hashlib.sha256(text.encode()).hexdigest()[:12]
        self.save = writer._add_object(_stream(b"q\n"))

    def stamp(self, page: PageObject) -> None:
        """Draw the stamp on `page`, a page of the writer, after its own content."""
        writer = self.writer
        if page.rotation:
            # Turn the rotation into content, so that "bottom" is where the reader sees it.
            page.transfer_rotation_to_content()
        box = page.cropbox
        size = (round(float(box.width), 2), round(float(box.height), 2))
        if size not in self.forms:
            form = _form(writer, _overlay(self.text, *size, at=self.at))
            self.forms[size] = (
                NameObject(f"{self.prefix}s{len(self.forms)}"),
                writer._add_object(form),
            )
        name, form_ref = self.forms[size]
        _resources(page, "/XObject")[name] = form_ref
        draw = f"Q\nq 1 0 0 1 {float(box.left):.3f} {float(box.bottom):.3f} cm {name} Do Q\n"
        if draw.encode() not in self.draws:
            self.draws[draw.encode()] = writer._add_object(_stream(draw.encode()))
        page[NameObject("/Contents")] = ArrayObject(
            [self.save, *_contents(writer, page), self.draws[draw.encode()]]
        )


def _contents(writer: PdfWriter, page: PageObject) -> list[Any]:
    """References to the page's own content streams, in order (none for an empty page)."""
    if "/Contents" not in page:
        return []
    contents = page.raw_get("/Contents")
    own = contents.get_object()
    if isinstance(own, ArrayObject):
        return list(own)
    # A stream must be an indirect object: one written inline (a broken file) is made one.
    return [contents if isinstance(contents, IndirectObject) else writer._add_object(own)]


def _stream(data: bytes) -> StreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _form(writer: PdfWriter, overlay: PageObject) -> StreamObject:
    """The overlay page as a form XObject of `writer`: its drawing, resources and box."""
    contents = overlay.get_contents()
    form = _stream(contents.get_data() if contents is not None else b"")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                FloatObject(float(value)) for value in overlay.mediabox
            ),
            NameObject("/Resources"): overlay["/Resources"].clone(writer),
        }
    )
    return form.flate_encode()


def _resources(page: PageObject, kind: str) -> DictionaryObject:
    """The `kind` dictionary (/XObject, ...) of the page's resources, made if missing.

    Resources may be inherited from the page tree, or shared with other pages: an entry added
    here under a name of the stamp's own is then seen by them too, and used by none.
    """
    node, resources = page, page.get("/Resources")
    while resources is None and "/Parent" in node:
        node = node["/Parent"].get_object()
        resources = node.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    page[NameObject("/Resources")] = resources
    if kind not in resources:
        resources[NameObject(kind)] = DictionaryObject()
    return resources[kind].get_object()


def _overlay(text: str, width: float, height: float, *, at: datetime.datetime) -> PageObject:
    """One transparent page of `width` × `height` points carrying only the stamp."""
    html = _OVERLAY.format(
        width=width, height=height, margin=STAMP_MARGIN, size=STAMP_FONT_SIZE, text=escape(text)
    )
    # Its font is merged into the stamped pages: dated like the stamp, not by the clock.
    pdf = render_pdf(html, dated=at)
    return PdfReader(io.BytesIO(pdf)).pages[0]
