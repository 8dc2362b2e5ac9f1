"""What a person writes in a form field, read as a value: dates, numbers of years, percentages."""

from __future__ import annotations

import re
from datetime import date

_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
#: ``4,5``, ``4.5 ans``, ``2 années`` (at most nine digits each side of the mark: more is no count).
YEARS = re.compile(r"^\s*(\d{1,9}(?:[.,]\d{1,9})?)\s*(?:ans?|années?)?\s*$", re.IGNORECASE)
#: ``50``, ``50 %``, ``37,5%``.
PERCENT = re.compile(r"^\s*(\d{1,9}(?:[.,]\d{1,9})?)\s*%?\s*$")


def parse_date(text: str) -> date | None:
    """``15/03/2024``, ``15.03.2024``, ``15-03-2024`` or ``2024-03-15``; None when it is none of them."""
    iso = _ISO.match(text)
    french = _DATE.match(text)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if french:
            return date(int(french.group(3)), int(french.group(2)), int(french.group(1)))
    except ValueError:
        return None
    return None


def number(text: str, pattern: re.Pattern[str]) -> float | int | None:
    match = pattern.match(text)
    if not match:
        return None
    value = float(match.group(1).replace(",", "."))
    return int(value) if value.is_integer() else value
