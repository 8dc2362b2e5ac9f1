"""Text for a terminal or a CI log: control characters written as escapes, so a line stays one line.

A file name may hold a newline or an escape sequence (``\\x1b[2J``). Printed as it is, it would
split a finding in two, let a second line pose as a GitHub Actions command (``::error …``) or
drive the terminal. Every finding line and every error message goes through :func:`printable`.
"""

from __future__ import annotations

import re

#: C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` with each control character written as its escape (``\\n``, ``\\x1b``, ``\\u2028``)."""
    return _CONTROL.sub(lambda match: match.group(0).encode("unicode_escape").decode("ascii"), text)


def shortened(text: str, limit: int = 80) -> str:
    """``text`` cut to ``limit`` characters (an ellipsis says so): a name from a file, never at any length."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
