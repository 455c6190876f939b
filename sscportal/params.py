"""Reading numbers from addresses and forms: ASCII digits only, of a sensible length.

str.isdigit() accepts "²" and any number of digits, which int() then refuses.
"""

import re

_NUMBER = re.compile(r"[0-9]{1,12}")


def parse_number(text: str | None) -> int | None:
    """`text` as a whole number, or None if it is not one (up to 12 ASCII digits)."""
    return int(text) if text is not None and _NUMBER.fullmatch(text) else None
