"""Checks on uploaded papers: a PDF by its content, within the size cap."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from pypdf import PdfReader
from pypdf.errors import PdfReadError


def check_pdf(content: bytes) -> int:
    """Validate `content` as a PDF within the size cap; return its page count."""
    limit = settings.PAPER_MAX_BYTES
    if len(content) > limit:
        raise ValidationError(
            f"The file is {len(content) / 1048576:.1f} MB; papers may be at most "
            f"{limit / 1048576:.0f} MB."
        )
    if not content.startswith(b"%PDF-"):
        raise ValidationError("The file is not a PDF (its content does not start with %PDF-).")
    try:
        return len(PdfReader(io.BytesIO(content)).pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ValidationError(f"The file is not a readable PDF: {error}") from None
