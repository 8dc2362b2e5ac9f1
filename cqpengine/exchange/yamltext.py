"""YAML text for the referentials an import writes: French comments, then the data, block style.

:func:`section` dumps a mapping after its comment lines, so that a draft reads like the shipped
referentials (comments above each part); texts are written whole on one line, never folded, so that
a competence is found word for word by a text search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import yaml

#: Characters the referential loader refuses in a text (controls, line and paragraph separators).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
#: What may not stand in a comment line: every control character, line breaks included.
_NOT_IN_COMMENT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` with the characters a referential may not hold replaced by spaces, then stripped."""
    return _FORBIDDEN.sub(" ", text).strip()


def comment(lines: Iterable[str]) -> str:
    """Comment lines (``# …``), each ending with a newline: a line break inside a line (a file's
    name, a code read from a fiche) becomes a space, so that nothing a source says turns into data."""
    return "".join(f"# {_NOT_IN_COMMENT.sub(' ', line)}".rstrip() + "\n" for line in lines)


def dump(data: Mapping[str, Any]) -> str:
    """``data`` as block-style YAML, keys in their order, texts unfolded."""
    text: str = yaml.safe_dump(
        dict(data), allow_unicode=True, sort_keys=False, default_flow_style=False, width=1_000_000
    )
    return text


def section(comments: Iterable[str], data: Mapping[str, Any]) -> str:
    """Comment lines, then ``data``."""
    return comment(comments) + dump(data)
