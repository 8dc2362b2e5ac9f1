"""The raw text of a file the engine reads: its size bounded, its bytes UTF-8, its characters visible.

Before any YAML is parsed (:mod:`cqpengine.loading.yamlio`), a file is read whole only when it is
at most :data:`MAX_FILE_BYTES`, decoded as UTF-8 (a binary file or another encoding is one clear
error at the first bad byte), and refused when it holds a control character or a line separator
that editors do not show (positions would drift). Errors are
:class:`~cqpengine.loading.marks.YamlLoadError` with the position of the fault.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from cqpengine.i18n import _
from cqpengine.loading.marks import YamlLoadError
from cqpengine.positions import Mark

#: Largest file read, in bytes. Referentials are a few dozen kilobytes.
MAX_FILE_BYTES = 1024 * 1024

#: Characters refused in a file: C0 controls but tab and line ends, DEL, and the line separators
#: (U+0085, U+2028, U+2029) that YAML counts as line breaks while editors do not (positions would drift).
_FORBIDDEN_IN_FILE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufffe\uffff]")


def read_bounded(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path``, or None when it holds more than ``limit`` (never more is read); raises :class:`OSError`.

    The one way cqpengine reads a file whose size it does not trust: each caller words "too large"
    for its reader.
    """
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size > limit:
            return None
        data = handle.read(limit + 1)  # a file that grew since: still never more than this
    return data if len(data) <= limit else None


def read_text_file(path: Path) -> str:
    """The text of ``path``; raises :class:`YamlLoadError` (too large, not UTF-8 text) or :class:`OSError`."""
    raw = read_bounded(path, MAX_FILE_BYTES)
    if raw is None:
        raise YamlLoadError(
            "CQP006",
            _("file is {size} bytes, more than the {limit} bytes allowed").format(
                size=os.stat(path).st_size, limit=MAX_FILE_BYTES
            ),
        )
    return _decode(raw)


def _decode(raw: bytes) -> str:
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        raise YamlLoadError(
            "CQP003", _("binary file: not a YAML text file: save it as text (UTF-8)"), _offset_mark(raw, offset)
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlLoadError(
            "CQP003",
            _("not UTF-8 text: invalid byte 0x{byte:02x} (save the file as UTF-8)").format(byte=raw[exc.start]),
            _offset_mark(raw, exc.start),
        ) from None


def _offset_mark(raw: bytes, offset: int) -> Mark:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return Mark(line, column)


def _text_mark(text: str, offset: int) -> Mark:
    """Line and column of a character offset, counting only "\\n" as a line break (as editors do)."""
    line_start = text.rfind("\n", 0, offset) + 1
    return Mark(text.count("\n", 0, offset) + 1, offset - line_start + 1)


def check_characters(text: str) -> None:
    """Refuse a control character or an invisible line separator, at its line and column."""
    found = _FORBIDDEN_IN_FILE.search(text)
    if found:
        char = found.group(0)
        kind = _("a line separator editors do not show") if char in "\x85\u2028\u2029" else _("a control character")
        raise YamlLoadError(
            "CQP003",
            _("character U+{code:04X} is not allowed ({kind}): remove it or replace it with a space").format(
                code=ord(char), kind=kind
            ),
            _text_mark(text, found.start()),
        )
