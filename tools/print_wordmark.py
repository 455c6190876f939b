"""Draws static/img/wordmark.svg once at print resolution: static/img/wordmark-print.png, the
wordmark at the head of every page of the portal's PDFs (templates/pdf/_page_marks.html).

WeasyPrint draws an SVG's outlines afresh on every page that shows it (8% of the render of a
200-item Headlines); an image it embeds once and places on each page. WeasyPrint draws the
SVG as a one-page PDF of the SVG's size, and poppler's pdftocairo rasterises it with its
transparency. The PNG records the SHA-256 of the SVG it was drawn from, which
tests/sscportal/test_pdf_pages.py compares with the SVG of the day.

Run it after any change to the SVG: `make wordmark-print`.
"""

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.etree import ElementTree

from PIL import Image
from PIL.PngImagePlugin import PngInfo
from weasyprint import HTML

IMG = Path(__file__).resolve().parent.parent / "static" / "img"
SVG = IMG / "wordmark.svg"
PNG = IMG / "wordmark-print.png"
# The PNG's text chunk that holds the SHA-256 of the SVG it was drawn from.
SOURCE_KEY = "Source SHA-256"
# static/css/pdf.css prints the wordmark 14 pt high: 120 pixels are about 600 dpi.
HEIGHT_PX = 120


def svg_digest(svg: bytes) -> str:
    """The SHA-256 that a print wordmark drawn from `svg` records."""
    return hashlib.sha256(svg).hexdigest()


def svg_size(svg: bytes) -> tuple[float, float]:
    """The width and height `svg` declares, in CSS pixels."""
    # The portal's own file, not input from anyone.
    root = ElementTree.fromstring(svg)  # noqa: S314
    return float(root.get("width", "0")), float(root.get("height", "0"))


def main() -> None:
    pdftocairo = shutil.which("pdftocairo")
    if pdftocairo is None:
        raise SystemExit("pdftocairo not found: it comes with poppler-utils")
    svg = SVG.read_bytes()
    width, height = svg_size(svg)
    page = (
        f"<style>@page {{ size: {width}px {height}px; margin: 0 }}"
        "body { margin: 0 } svg { display: block }</style>"
    )
    with tempfile.TemporaryDirectory() as work:
        drawn, raster = Path(work) / "wordmark.pdf", Path(work) / "wordmark"
        HTML(string=page + svg.decode()).write_pdf(drawn)
        subprocess.run(  # noqa: S603 - poppler's rasteriser on our own PDF
            [
                pdftocairo,
                "-png",
                "-transp",
                "-singlefile",
                "-scale-to-x",
                str(round(HEIGHT_PX * width / height)),
                "-scale-to-y",
                str(HEIGHT_PX),
                str(drawn),
                str(raster),
            ],
            check=True,
        )
        image = Image.open(raster.with_suffix(".png"))
        info = PngInfo()
        info.add_text(SOURCE_KEY, svg_digest(svg))
        image.save(PNG, pnginfo=info, optimize=True)
    print(f"{PNG.name}: {image.width} x {image.height} px, from {SVG.name}")


if __name__ == "__main__":
    main()
