"""How values are written: the silent YAML mistakes a schema cannot see.

Two mistakes load without error yet change what a file says:

* a line meant as a new list item (``- …``, ``→ …``) or a key, indented one space too far, is
  folded by YAML into the plain text above it: two indicators print as one (CQP012, warning);
* a list item or indicator pasted from a word processor with its own arrow or bullet
  (``→ Les anomalies…``): the document adds its own, so it would print twice; a tab inside a text
  prints as a gap (CQP123, warning, with the fix);
* a text written without quotes that YAML reads as a number, true/false or nothing
  (``version: 2025.10`` is the number 2025.1). The schema refuses it; :func:`text_expected`
  words that finding with the value as written in the file and says to quote it (CQP011).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from cqpengine.findings import Finding
from cqpengine.i18n import _
from cqpengine.loading.yamlio import ParsedYaml
from cqpengine.model import PASTED_MARK
from cqpengine.positions import JsonPath, Mark

#: A folded line that looks like a list item or an indicator, or like a key (``word:``).
_LOOKS_LIKE_ITEM = re.compile(r"^(?:-\s|→)")
_LOOKS_LIKE_KEY = re.compile(r"^[A-Za-z_][\w-]*:")


def pasted_marks(document: ParsedYaml) -> list[Finding]:
    """CQP123: a list item that starts with a pasted arrow or bullet, a text that holds a tab."""
    findings = []
    for path, value in strings(document.data):
        in_list = bool(path) and (isinstance(path[-1], int) or (path[-1] == "text" and isinstance(path[-2:-1][0], int)))
        mark = document.mark_for(path)
        pasted = PASTED_MARK.match(value) if in_list else None
        if pasted is not None:
            shown = pasted.group(0).strip()
            message = _(
                "this item starts with {mark!r}, pasted with the text: the documents print their own arrow or "
                "bullet, so remove {mark!r} and the space after it"
            ).format(mark=shown)
            findings.append(Finding.at(document.path, mark, "CQP123", message, path, data=document.data))
        elif "\t" in value:
            message = _("this text holds a tab, which prints as a gap: replace it with a space")
            findings.append(Finding.at(document.path, mark, "CQP123", message, path, data=document.data))
    return findings


def strings(value: Any, path: JsonPath = (), depth: int = 0) -> Iterator[tuple[JsonPath, str]]:
    """Every text in ``value``, with its path (depth-bounded, like the other walks of a file)."""
    if isinstance(value, str):
        yield path, value
    elif depth > 400:
        return
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from strings(child, (*path, key), depth + 1)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from strings(child, (*path, index), depth + 1)


def _walk(node: yaml.Node, path: JsonPath, depth: int = 0) -> Iterator[tuple[JsonPath, yaml.Node]]:
    yield path, node
    if depth > 400:
        return
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _walk(value, (*path, key.value), depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            yield from _walk(child, (*path, index), depth + 1)


def folded_lines(document: ParsedYaml) -> list[Finding]:
    """CQP012: a plain text folded from several lines where a line looks like an item or a key."""
    if document.root is None:
        return []
    lines = document.source.split("\n")
    findings = []
    for path, node in _walk(document.root, ()):
        if not isinstance(node, yaml.ScalarNode) or node.style not in (None, ""):  # plain scalars only
            continue
        first, last = node.start_mark.line, node.end_mark.line
        for number in range(first + 1, min(last, len(lines) - 1) + 1):
            line = lines[number]
            stripped = line.lstrip(" ")
            if _LOOKS_LIKE_ITEM.match(stripped):
                what = _("a new list item")
            elif _LOOKS_LIKE_KEY.match(stripped):
                what = _("a key")
            else:
                continue
            start = lines[first][node.start_mark.column :].strip()[:40]
            message = _(
                "this line looks like {what} but YAML reads it as the end of the text that starts at line "
                "{line} ({start!r}…): indent it like the lines of its level, or put the whole text in quotes "
                "if it belongs to it"
            ).format(what=what, line=first + 1, start=start)
            mark = Mark(number + 1, len(line) - len(stripped) + 1)
            findings.append(Finding.at(document.path, mark, "CQP012", message, path, data=document.data))
            break
    return findings


def node_at(document: ParsedYaml, path: JsonPath) -> yaml.Node | None:
    """The node of the value at ``path``, if the document has one there."""
    node: Any = document.root
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node if isinstance(node, yaml.Node) else None


def as_written(document: ParsedYaml, path: JsonPath) -> str | None:
    """The value at ``path`` exactly as the file writes it (a scalar on one line), else None."""
    node = node_at(document, path)
    if not isinstance(node, yaml.ScalarNode) or node.start_mark.line != node.end_mark.line:
        return None
    line = document.source.split("\n")[node.start_mark.line]
    return line[node.start_mark.column : node.end_mark.column]


def is_text_read_as_other(value: object) -> bool:
    """Whether ``value`` is what YAML makes of an unquoted text that looks like a number, boolean or null."""
    return value is None or isinstance(value, bool | int | float)


def text_expected(document: ParsedYaml, path: JsonPath, value: object) -> str:
    """The CQP011 message: what YAML read instead of text, the value as written, and the fix."""
    written = as_written(document, path)
    if value is None or not written:
        return _("a text is expected here but nothing is written: write the text, or remove the key")
    if isinstance(value, bool):
        kind = _("the value {value}").format(value="true" if value else "false")
    else:
        kind = _("the number {value}").format(value=value)
    return _('{written} is read by YAML as {kind}, not as text: put it in quotes, "{written}"').format(
        written=written, kind=kind
    )


def text_read_as_mapping(document: ParsedYaml, path: JsonPath, value: object) -> str | None:
    """The CQP011 message for a one-line text holding " : ", which YAML read as ``key: value``, else None."""
    node = node_at(document, path)
    if not (isinstance(value, dict) and len(value) == 1 and isinstance(node, yaml.MappingNode)):
        return None
    key, item = node.value[0]
    if node.flow_style or not isinstance(item, yaml.ScalarNode) or item.style not in (None, ""):
        return None
    if not (key.start_mark.line == item.start_mark.line == item.end_mark.line):
        return None
    line = document.source.split("\n")[node.start_mark.line]
    written = line[node.start_mark.column : item.end_mark.column]
    return _(
        'this text holds " : ", which YAML reads as "key: value": put the whole text in quotes, "{written}"'
    ).format(written=written)
