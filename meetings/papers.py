"""Checks on uploaded papers: a PDF by its content, within the size cap."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import PyPdfError


def check_size(size: int) -> None:
    """Refuse a file over the cap (PAPER_MAX_BYTES), saying both sizes."""
    limit = settings.PAPER_MAX_BYTES
    if size > limit:
        raise ValidationError(
            f"The file is {filesizeformat(size)}; papers may be at most {filesizeformat(limit)}."
        )


def check_pdf(content: bytes) -> int:
    """Validate `content` as a PDF within the size cap; return its page count."""
    check_size(len(content))
    if not content.startswith(b"%PDF-"):
        raise ValidationError("The file is not a PDF (its content does not start with %PDF-).")
    try:
        return len(PdfReader(io.BytesIO(content)).pages)
    # pypdf reports a malformed file by any of these (as in watermark.stamp_pdf).
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise ValidationError(f"The file is not a readable PDF: {error}") from None
