"""Reading numbers from addresses and forms, and references that are one line of text.

str.isdigit() accepts "²" and any number of digits, which int() then refuses.
"""

import re

_NUMBER = re.compile(r"[0-9]{1,12}")


def parse_number(text: str | None) -> int | None:
    """`text` as a whole number, or None if it is not one (up to 12 ASCII digits)."""
    return int(text) if text is not None and _NUMBER.fullmatch(text) else None


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> None:
    """Refuse text holding a line break or another control character: a reference, a name."""
    from django.core.exceptions import ValidationError

    if _CONTROL.search(text):
        raise ValidationError("Write it on one line, without tabs or line breaks.")
