"""Differences between two values of a referential, at the level a reader cares about.

Texts are compared word by word (:func:`word_diff`, with :mod:`difflib`), lists of texts line by
line with the changed lines word by word (:func:`line_diff`), nested data field by field with ids
replacing list positions (:func:`tree_changes`), so that a reordered list is not a change.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: One piece of a word-level difference: ``("=", same)``, ``("-", deleted)``, ``("+", inserted)``.
Piece = tuple[str, str]

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


#: Most tokens (words, or lines) of the differing middle of two texts compared element by element:
#: :class:`difflib.SequenceMatcher` takes time quadratic in them. Past it, the middle is shown as
#: one deletion and one insertion (the common start and end are still kept).
MAX_DIFF_TOKENS = 3_000

Opcode = tuple[str, int, int, int, int]


def bounded_opcodes(before: list[str], after: list[str]) -> list[Opcode]:
    """:meth:`difflib.SequenceMatcher.get_opcodes` of ``before`` → ``after``, within a bounded work.

    The common start and end are found in linear time; only a middle of at most
    :data:`MAX_DIFF_TOKENS` tokens is compared token by token.
    """
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    old_end, new_end = len(before) - end, len(after) - end
    codes: list[Opcode] = [("equal", 0, start, 0, start)] if start else []
    if old_end - start + new_end - start <= MAX_DIFF_TOKENS:
        matcher = difflib.SequenceMatcher(None, before[start:old_end], after[start:new_end], autojunk=False)
        codes += [
            (tag, i1 + start, i2 + start, j1 + start, j2 + start) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        ]
        codes = [code for code in codes if code[2] > code[1] or code[4] > code[3]]
    elif old_end > start or new_end > start:
        tag = "replace" if old_end > start and new_end > start else "delete" if old_end > start else "insert"
        codes.append((tag, start, old_end, start, new_end))
    if end:
        codes.append(("equal", old_end, len(before), new_end, len(after)))
    return codes


def word_diff(old: str, new: str) -> list[Piece]:
    """``old`` → ``new`` word by word: equal, deleted and inserted runs (whitespace kept)."""
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in bounded_opcodes(before, after):
        if tag == "equal":
            pieces.append(("=", "".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("-", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(("+", "".join(after[j1:j2])))
    return pieces


def similar(old: str, new: str) -> bool:
    """Whether two texts share enough words for a word-level difference to help (else: old, then new)."""
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    if len(before) + len(after) > MAX_DIFF_TOKENS:  # the words in common, whatever their order: linear
        common = sum((Counter(before) & Counter(after)).values())
        return 2 * common >= 0.5 * (len(before) + len(after))
    return difflib.SequenceMatcher(None, before, after, autojunk=False).ratio() >= 0.5


def format_words(pieces: list[Piece]) -> str:
    """Pieces as text, git's word-diff style: ``[-deleted-]{+inserted+}``."""
    marks = {"=": ("", ""), "-": ("[-", "-]"), "+": ("{+", "+}")}
    return "".join(f"{marks[op][0]}{text}{marks[op][1]}" for op, text in pieces)


def _is_texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


@dataclass(frozen=True)
class LineChange:
    """One line of a list of texts: kept (``=``), removed (``-``), added (``+``) or edited (``~``)."""

    op: str
    text: str
    words: tuple[Piece, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"op": self.op, "text": self.text}
        if self.words:
            data["words"] = [list(piece) for piece in self.words]
        return data


def line_diff(old: list[str], new: list[str]) -> list[LineChange]:
    """``old`` → ``new`` line by line; a line replaced by one other is an edit, shown word by word."""
    lines: list[LineChange] = []
    for tag, i1, i2, j1, j2 in bounded_opcodes(old, new):
        if tag == "equal":
            lines.extend(LineChange("=", text) for text in old[i1:i2])
        elif tag == "replace" and i2 - i1 == j2 - j1 and all(map(similar, old[i1:i2], new[j1:j2])):
            for before, after in zip(old[i1:i2], new[j1:j2], strict=True):
                lines.append(LineChange("~", after, tuple(word_diff(before, after))))
        else:
            lines.extend(LineChange("-", text) for text in old[i1:i2])
            lines.extend(LineChange("+", text) for text in new[j1:j2])
    return lines


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: added (``old`` is None), removed (``new`` is None) or changed."""

    field: str
    old: Any
    new: Any

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"

    @property
    def words(self) -> list[Piece] | None:
        """The word-level difference when both sides are texts."""
        if isinstance(self.old, str) and isinstance(self.new, str) and similar(self.old, self.new):
            return word_diff(self.old, self.new)
        return None

    @property
    def lines(self) -> list[LineChange] | None:
        """The line-level difference when both sides are lists of texts."""
        if _is_texts(self.old) and _is_texts(self.new):
            return line_diff(self.old, self.new)
        return None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"field": self.field, "kind": self.kind, "old": self.old, "new": self.new}
        if self.words is not None:
            data["words"] = [list(piece) for piece in self.words]
        if self.lines is not None:
            data["lines"] = [line.to_json() for line in self.lines if line.op != "="]
        return data


def _label_key(item: Mapping[str, Any], index: int) -> str:
    """How an element of a list of mappings without id is told apart: a gap by what it is about."""
    if "what" in item:
        units = item.get("units")
        return f"{item['what']}" + (f" ({', '.join(map(str, units))})" if units else "")
    return str(index + 1)


def identified(values: Any) -> bool:
    """A non-empty list of mappings that all have an ``id``."""
    return isinstance(values, list) and bool(values) and all(isinstance(v, dict) and "id" in v for v in values)


def _keyed(values: list[Any]) -> dict[str, Any] | None:
    """A list of mappings as a mapping: by id, or (gaps…) by what each is about; None for other lists."""
    if identified(values):
        return {str(v["id"]): {k: x for k, x in v.items() if k != "id"} for v in values}
    if values and all(isinstance(v, dict) for v in values):
        keyed = {_label_key(v, i): v for i, v in enumerate(values)}
        return keyed if len(keyed) == len(values) else {str(i + 1): v for i, v in enumerate(values)}
    return None


def _join(prefix: str, name: str, *, bracket: bool = False) -> str:
    if bracket:
        return f"{prefix}[{name}]"
    return f"{prefix}.{name}" if prefix else name


def tree_changes(old: Any, new: Any, prefix: str = "") -> list[FieldChange]:
    """Where ``old`` and ``new`` differ, as fields named by their path (ids replace positions).

    A part found on one side only is one change holding the whole part; texts and lists of texts
    are compared as a whole (then word by word, line by line).
    """
    if old == new:
        return []
    if old is None or new is None:
        return [FieldChange(prefix, old, new)]
    if isinstance(old, dict) and isinstance(new, dict):
        names = list(old) + [name for name in new if name not in old]
        return [c for name in names for c in tree_changes(old.get(name), new.get(name), _join(prefix, str(name)))]
    if isinstance(old, list) and isinstance(new, list):
        before, after = _keyed(old), _keyed(new)
        if before is not None and after is not None:
            names = list(before) + [name for name in after if name not in before]
            return [
                c
                for name in names
                for c in tree_changes(before.get(name), after.get(name), _join(prefix, name, bracket=True))
            ]
    return [FieldChange(prefix, old, new)]
