"""Safe YAML loading with source positions: the one module of cqpengine that reads YAML.

Every YAML file the engine reads (referentials, candidate files) goes through
:func:`load_yaml_file`. It guarantees that:

* only the YAML core types are built (no Python tags, no arbitrary objects);
* dates stay strings (``2021-09-01``), as JSON Schema expects;
* duplicate mapping keys are reported with both lines instead of silently keeping the last;
* alias expansion ("billion laughs") and recursive aliases are rejected before anything is built;
* binary and non-UTF-8 files, empty files and multi-document streams give one clear error;
* every value of the result can be traced back to its ``line:column`` through its JSON path.

Errors are raised as :class:`YamlLoadError`, which carries a rule code and a position.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # PyYAML's C loader when libyaml is available, the pure-Python one otherwise.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

JsonPath = tuple[str | int, ...]

#: Largest file read, in bytes. Referentials are a few dozen kilobytes.
MAX_FILE_BYTES = 1024 * 1024
#: Largest number of nodes a document may hold, aliases expanded.
MAX_EXPANDED_NODES = 200_000
#: Deepest nesting of collections accepted. PyYAML's C composer recurses once per level and
#: overflows the C stack (a crash, not an exception) some ten thousand levels down.
MAX_DEPTH = 500

#: Characters refused in a file: C0 controls but tab and line ends, DEL, and the line separators
#: (U+0085, U+2028, U+2029) that YAML counts as line breaks while editors do not (positions would drift).
_FORBIDDEN_IN_FILE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufffe\uffff]")
#: Control characters refused in text values, even written as escapes ("\x07").
_FORBIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_STRUCTURE_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)
_OPENING = (
    yaml.BlockSequenceStartToken,
    yaml.BlockMappingStartToken,
    yaml.FlowSequenceStartToken,
    yaml.FlowMappingStartToken,
)
_CLOSING = (yaml.BlockEndToken, yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)

_CORE_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "merge", "timestamp")
)


class _Loader(_BaseLoader):
    """Safe loader whose implicit resolvers leave dates as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, order=True)
class Mark:
    """A 1-based position in a source file."""

    line: int
    column: int


@dataclass
class YamlLoadError(Exception):
    """A file that cannot be turned into data; ``code`` is the validate rule code."""

    code: str
    message: str
    mark: Mark = field(default_factory=lambda: Mark(1, 1))

    def __str__(self) -> str:
        return self.message


@dataclass
class YamlDocument:
    """Data loaded from one YAML file, with the position of each of its values."""

    path: Path
    data: Any
    positions: dict[JsonPath, Mark]
    key_positions: dict[JsonPath, Mark]

    def mark_for(self, path: JsonPath, *, key: bool = False) -> Mark:
        """Position of the value at ``path`` (or of its key), else of its nearest ancestor."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        if key and probe in table:
            return table[probe]
        while probe and probe not in self.positions:
            probe = probe[:-1]
        return self.positions.get(probe, Mark(1, 1))


def _mark(yaml_mark: Any) -> Mark:
    if yaml_mark is None:
        return Mark(1, 1)
    return Mark(yaml_mark.line + 1, yaml_mark.column + 1)


def _decode(raw: bytes) -> str:
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        raise YamlLoadError("CQP003", "binary file: not a YAML text file", _offset_mark(raw, offset))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlLoadError(
            "CQP003",
            f"not UTF-8 text: invalid byte 0x{raw[exc.start]:02x} (save the file as UTF-8)",
            _offset_mark(raw, exc.start),
        ) from None


def _offset_mark(raw: bytes, offset: int) -> Mark:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return Mark(line, column)


def _scalar_key(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


class _Inspector:
    """Checks a composed node graph before anything is constructed from it."""

    def __init__(self) -> None:
        self.sizes: dict[int, int] = {}
        self.active: set[int] = set()

    def size(self, node: yaml.Node) -> int:
        """Expanded node count, rejecting recursion, foreign tags and duplicate keys."""
        key = id(node)
        if key in self.sizes:
            return self.sizes[key]
        if key in self.active:
            raise YamlLoadError("CQP006", "recursive alias: a node contains itself", _mark(node.start_mark))
        if node.tag not in _CORE_TAGS:
            raise YamlLoadError(
                "CQP005",
                f"tag {node.tag!r} is not allowed: only plain YAML data (text, numbers, lists, mappings)",
                _mark(node.start_mark),
            )
        self.active.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += self.size(child)
                self._check_budget(total, node)
        elif isinstance(node, yaml.MappingNode):
            self._check_duplicates(node)
            for key_node, value_node in node.value:
                total += self.size(key_node) + self.size(value_node)
                self._check_budget(total, node)
        self.active.discard(key)
        self.sizes[key] = total
        return total

    @staticmethod
    def _check_budget(total: int, node: yaml.Node) -> None:
        if total > MAX_EXPANDED_NODES:
            raise YamlLoadError(
                "CQP006",
                f"document holds more than {MAX_EXPANDED_NODES} values once aliases are expanded "
                "(alias bomb, or a file far larger than a referential)",
                _mark(node.start_mark),
            )

    @staticmethod
    def _check_duplicates(node: yaml.MappingNode) -> None:
        seen: dict[str, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            name = _scalar_key(key_node)
            if name is None:
                continue
            if name in seen:
                first = _mark(seen[name].start_mark)
                again = _mark(key_node.start_mark)
                raise YamlLoadError(
                    "CQP004",
                    f"duplicate key {name!r}: first at line {first.line}, again at line {again.line}",
                    again,
                )
            seen[name] = key_node


def _record_positions(
    node: yaml.Node,
    data: Any,
    path: JsonPath,
    positions: dict[JsonPath, Mark],
    key_positions: dict[JsonPath, Mark],
) -> None:
    positions[path] = _mark(node.start_mark)
    control = _FORBIDDEN_IN_TEXT.search(data) if isinstance(data, str) else None
    if control:
        raise YamlLoadError(
            "CQP003", f"text holds the control character U+{ord(control.group(0)):04X}", positions[path]
        )
    if isinstance(node, yaml.MappingNode) and isinstance(data, dict):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlLoadError("CQP002", "mapping keys must be plain text", _mark(key_node.start_mark))
            if key_node.tag != "tag:yaml.org,2002:str":
                kind = key_node.tag.rsplit(":", 1)[-1]
                raise YamlLoadError(
                    "CQP002",
                    f"key {key_node.value!r} is read as {kind}, not text: quote it",
                    _mark(key_node.start_mark),
                )
            data_key = key_node.value
            key_positions[path + (data_key,)] = _mark(key_node.start_mark)
            if data_key in data:
                _record_positions(value_node, data[data_key], path + (data_key,), positions, key_positions)
    elif isinstance(node, yaml.SequenceNode) and isinstance(data, list):
        for index, (child, value) in enumerate(zip(node.value, data, strict=False)):
            _record_positions(child, value, path + (index,), positions, key_positions)


def _text_mark(text: str, offset: int) -> Mark:
    """Line and column of a character offset, counting only "\\n" as a line break (as editors do)."""
    line_start = text.rfind("\n", 0, offset) + 1
    return Mark(text.count("\n", 0, offset) + 1, offset - line_start + 1)


def _check_characters(text: str) -> None:
    found = _FORBIDDEN_IN_FILE.search(text)
    if found:
        char = found.group(0)
        kind = "a line separator editors do not show" if char in "\x85\u2028\u2029" else "a control character"
        raise YamlLoadError(
            "CQP003",
            f"character U+{ord(char):04X} is not allowed ({kind}): remove it or replace it with a space",
            _text_mark(text, found.start()),
        )


def _check_depth(text: str) -> None:
    """Reject documents nested deeper than :data:`MAX_DEPTH` before the C composer sees them.

    Nesting needs either a flow bracket or a block indicator in a line's leading structure, so
    their count bounds the depth: only files over that bound (never a real referential) are
    scanned token by token, and the scan stops as soon as the limit is passed.
    """
    bound = text.count("[") + text.count("{") + max((len(m) for m in _STRUCTURE_PREFIX.findall(text)), default=0)
    if bound <= MAX_DEPTH:
        return
    loader = _Loader(text)
    depth = 0
    try:
        while (token := loader.get_token()) is not None:
            if isinstance(token, _OPENING):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlLoadError(
                        "CQP006", f"collections nested more than {MAX_DEPTH} levels deep", _mark(token.start_mark)
                    )
            elif isinstance(token, _CLOSING):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in (exc.problem or ""):  # libyaml >= 0.2.5 has a (higher) limit of its own
            raise YamlLoadError(
                "CQP006", f"collections nested more than {MAX_DEPTH} levels deep", _mark(exc.problem_mark)
            ) from None
        return  # malformed: the composer reports it with its position
    finally:
        loader.dispose()


def load_yaml_text(text: str, path: Path) -> YamlDocument:
    """Load one YAML document from ``text``; ``path`` names it in positions and errors."""
    _check_characters(text)
    _check_depth(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlLoadError("CQP002", "empty file: expected a YAML mapping")
        _Inspector().size(node)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        problem = ", ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        mark = exc.problem_mark or exc.context_mark
        raise YamlLoadError("CQP001", f"invalid YAML: {problem}", _mark(mark)) from None
    except yaml.YAMLError as exc:
        raise YamlLoadError("CQP001", f"invalid YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise YamlLoadError("CQP006", "document is nested too deeply") from None
    finally:
        loader.dispose()
    positions: dict[JsonPath, Mark] = {}
    key_positions: dict[JsonPath, Mark] = {}
    try:
        _record_positions(node, data, (), positions, key_positions)
    except RecursionError:
        raise YamlLoadError("CQP006", "document is nested too deeply") from None
    return YamlDocument(path=path, data=data, positions=positions, key_positions=key_positions)


def load_yaml_file(path: Path) -> YamlDocument:
    """Read and load ``path``; raises :class:`YamlLoadError` or :class:`OSError`."""
    size = os.stat(path).st_size
    if size > MAX_FILE_BYTES:
        raise YamlLoadError("CQP006", f"file is {size} bytes, more than the {MAX_FILE_BYTES} bytes allowed")
    with open(path, "rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)
    return load_yaml_text(_decode(raw), path)


def require_mapping(document: YamlDocument, what: str) -> dict[str, Any]:
    """The top level of ``document`` as a mapping, or a one-line error saying what it is."""
    if not isinstance(document.data, dict):
        kind = "a list" if isinstance(document.data, list) else f"a single value ({document.data!r:.40})"
        raise YamlLoadError(
            "CQP002", f"top level is {kind}, expected a mapping describing {what}", document.mark_for(())
        )
    return document.data
