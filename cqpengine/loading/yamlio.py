"""Safe YAML loading with source positions: the one module of cqpengine that reads YAML.

Every YAML file the engine reads (referentials, candidate files) goes through
:func:`load_yaml_file`. It guarantees that:

* only JSON-like data is built: text, numbers, booleans, null, lists, mappings (no Python tags,
  no arbitrary objects, no ``!!timestamp``, ``!!binary``, ``!!set``, ``!!omap``…);
* an explicit tag must fit its text (``!!int Camille`` is refused) and integers are at most
  :data:`MAX_INT_DIGITS` long; neither error quotes the value (it may be a candidate's name);
* dates stay strings (``2021-09-01``), as JSON Schema expects;
* duplicate mapping keys are reported with both lines instead of silently keeping the last;
* alias expansion ("billion laughs") and recursive aliases are rejected before anything is built;
* binary and non-UTF-8 files (:mod:`cqpengine.loading.text`), empty files and multi-document streams
  give one clear error;
* every value of the result can be traced back to its ``line:column`` through its JSON path.

Errors are raised as :class:`~cqpengine.loading.marks.YamlLoadError`, which carries a rule code and a
position (:class:`~cqpengine.loading.marks.Mark`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cqpengine.i18n import N_, _
from cqpengine.loading import explain
from cqpengine.loading.marks import YamlLoadError
from cqpengine.loading.text import check_characters, read_text_file
from cqpengine.positions import JsonPath, Mark

try:  # PyYAML's C loader when libyaml is available, the pure-Python one otherwise.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


#: Largest number of nodes a document may hold, aliases expanded.
MAX_EXPANDED_NODES = 200_000
#: Deepest nesting of collections accepted. PyYAML's C composer recurses once per level and
#: overflows the C stack (a crash, not an exception) some ten thousand levels down.
MAX_DEPTH = 500

#: Control characters refused in text values, even written as escapes ("\x07", "\x9b", "\u2028"): C0
#: and C1 controls but tab and line ends, DEL, and the Unicode line and paragraph separators.
_FORBIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")

_STRUCTURE_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)
_OPENING = (
    yaml.BlockSequenceStartToken,
    yaml.BlockMappingStartToken,
    yaml.FlowSequenceStartToken,
    yaml.FlowMappingStartToken,
)
_CLOSING = (yaml.BlockEndToken, yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)

_CORE = "tag:yaml.org,2002:"
#: The tags whose data JSON (and so the schema and the JSON outputs) can hold; ``merge`` is ``<<``.
_CORE_TAGS = frozenset(_CORE + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "merge"))
#: Core YAML tags refused although PyYAML knows them: what they build is not JSON data.
_REFUSED_CORE_TAGS = {
    "timestamp": N_("write a date as plain text, e.g. 2024-03-15"),
    "binary": N_("binary data has no place in a referential or a candidate file"),
    "set": N_("write a list instead"),
    "omap": N_("write a mapping or a list instead"),
    "pairs": N_("write a mapping or a list instead"),
    "value": N_("write the value itself"),
    "yaml": N_("write the value itself"),
}
#: Longest integer accepted, in characters: far above any count, duration or year of a referential,
#: far below Python's int/str conversion limit (4300 digits), which would make printing it fail.
MAX_INT_DIGITS = 100
#: YAML 1.2 core numbers, accepted under an explicit ``!!float`` as well as PyYAML's YAML 1.1 forms.
_FLOAT_12 = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")


class _Loader(_BaseLoader):
    """Safe loader whose implicit resolvers leave dates as strings and whose scalars are checked."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _CORE + "timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def _implicit_pattern(name: str) -> re.Pattern[str]:
    """PyYAML's own resolver pattern for the core tag ``name`` (the text a plain scalar needs)."""
    for resolvers in _BaseLoader.yaml_implicit_resolvers.values():
        for tag, regexp in resolvers:
            if tag == _CORE + name:
                pattern: re.Pattern[str] = regexp
                return pattern
    raise LookupError(name)  # pragma: no cover - PyYAML always resolves the core scalars


#: Per scalar tag: does a text fit it, and what to write instead (the message never quotes the text).
_SCALAR_FITS: dict[str, tuple[Any, str]] = {
    "int": (lambda text: bool(_implicit_pattern("int").match(text)), N_("a whole number, e.g. 12")),
    "float": (
        lambda text: bool(_implicit_pattern("float").match(text) or _FLOAT_12.fullmatch(text)),
        N_("a number, e.g. 2.5"),
    ),
    "bool": (lambda text: text.lower() in _BaseLoader.bool_values, N_("true or false")),
    "null": (lambda text: bool(_implicit_pattern("null").match(text)), N_("null, ~ or nothing")),
}


def _tag_name(tag: str) -> str:
    """How a message names a tag: ``!!int``, ``!!python/…``; never the text of a custom tag."""
    if tag.startswith(_CORE):
        name = tag[len(_CORE) :]
        if name in _REFUSED_CORE_TAGS or _CORE + name in _CORE_TAGS:
            return f"!!{name}"
        if name.startswith("python/"):
            return "!!python/…"
    return _("a custom tag")


def _checked_scalar(name: str) -> Any:
    """PyYAML's constructor for the scalar tag ``name``, refusing text that does not fit the tag.

    The tag may be implicit (always fits, but an integer may be too long) or explicit
    (``!!int Camille``): either way the error gives the position, never the text.
    """
    construct = _BaseLoader.yaml_constructors[_CORE + name]
    fits, expected = _SCALAR_FITS[name]

    def checked(loader: _Loader, node: yaml.Node) -> Any:
        text = node.value if isinstance(node, yaml.ScalarNode) else None
        if isinstance(text, str) and not fits(text):
            raise YamlLoadError(
                "CQP005",
                _("the text tagged !!{name} is not {expected}: remove the tag, or correct the value").format(
                    name=name, expected=_(expected)
                ),
                _mark(node.start_mark),
            )
        if name == "int" and isinstance(text, str) and len(text) > MAX_INT_DIGITS:
            raise YamlLoadError(
                "CQP006",
                _("number longer than {limit} characters: quote it if it is text").format(limit=MAX_INT_DIGITS),
                _mark(node.start_mark),
            )
        try:
            return construct(loader, node)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
            raise YamlLoadError(
                "CQP005",
                _("the text tagged !!{name} is not {expected}: correct the value").format(
                    name=name, expected=_(expected)
                ),
                _mark(node.start_mark),
            ) from None

    return checked


for _name in _SCALAR_FITS:
    _Loader.add_constructor(_CORE + _name, _checked_scalar(_name))


@dataclass
class ParsedYaml:
    """Data loaded from one YAML file, with the position of each of its values."""

    path: Path
    data: Any
    positions: dict[JsonPath, Mark]
    key_positions: dict[JsonPath, Mark]
    #: The text read and its node graph, for checks of how values are written (cqpengine.checking.writing).
    source: str = ""
    root: yaml.Node | None = None

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
            raise YamlLoadError(
                "CQP006",
                _("recursive alias: a node contains itself; write the values out instead"),
                _mark(node.start_mark),
            )
        if node.tag not in _CORE_TAGS:
            hint = _REFUSED_CORE_TAGS.get(node.tag[len(_CORE) :] if node.tag.startswith(_CORE) else "")
            raise YamlLoadError(
                "CQP005",
                _("{tag} is not allowed: only plain YAML data (text, numbers, lists, mappings)").format(
                    tag=_tag_name(node.tag)
                )
                + (_("; {hint}").format(hint=_(hint)) if hint else ""),
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
                _(
                    "document holds more than {limit} values once aliases are expanded "
                    "(alias bomb, or a file far larger than a referential)"
                ).format(limit=MAX_EXPANDED_NODES),
                _mark(node.start_mark),
            )

    @staticmethod
    def _check_duplicates(node: yaml.MappingNode) -> None:
        seen: dict[str, yaml.Node] = {}
        for key_node, _value in node.value:
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
                    _("duplicate key {name!r}: first at line {first}, again at line {again}; keep only one").format(
                        name=name, first=first.line, again=again.line
                    ),
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
            "CQP003",
            _("text holds the control character U+{code:04X}: remove it").format(code=ord(control.group(0))),
            positions[path],
        )
    if isinstance(node, yaml.MappingNode) and isinstance(data, dict):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlLoadError("CQP002", _("mapping keys must be plain text"), _mark(key_node.start_mark))
            if key_node.tag != "tag:yaml.org,2002:str":
                kind = _tag_words(key_node.tag.rsplit(":", 1)[-1])
                raise YamlLoadError(
                    "CQP002",
                    _("key {key!r} is read as {kind}, not text: quote it").format(key=key_node.value, kind=kind),
                    _mark(key_node.start_mark),
                )
            data_key = key_node.value
            key_positions[path + (data_key,)] = _mark(key_node.start_mark)
            control = _FORBIDDEN_IN_TEXT.search(data_key)
            if control:
                raise YamlLoadError(
                    "CQP003",
                    _("key holds the control character U+{code:04X}: remove it").format(code=ord(control.group(0))),
                    _mark(key_node.start_mark),
                )
            if data_key in data:
                _record_positions(value_node, data[data_key], path + (data_key,), positions, key_positions)
    elif isinstance(node, yaml.SequenceNode) and isinstance(data, list):
        for index, (child, value) in enumerate(zip(node.value, data, strict=False)):
            _record_positions(child, value, path + (index,), positions, key_positions)


def _nesting_message() -> str:
    return _("collections nested more than {limit} levels deep").format(limit=MAX_DEPTH)


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
                    raise YamlLoadError("CQP006", _nesting_message(), _mark(token.start_mark))
            elif isinstance(token, _CLOSING):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in (exc.problem or ""):  # libyaml >= 0.2.5 has a (higher) limit of its own
            raise YamlLoadError("CQP006", _nesting_message(), _mark(exc.problem_mark)) from None
        return  # malformed: the composer reports it with its position
    finally:
        loader.dispose()


def load_yaml_text(text: str, path: Path) -> ParsedYaml:
    """Load one YAML document from ``text``; ``path`` names it in positions and errors."""
    check_characters(text)
    _check_depth(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlLoadError("CQP002", _("empty file: expected a YAML mapping"))
        _Inspector().size(node)
        data = loader.construct_document(node)
    except (yaml.MarkedYAMLError, YamlLoadError) as exc:
        raise explain.explained(exc, text, _Loader) from None
    except yaml.YAMLError as exc:
        raise YamlLoadError("CQP001", _("invalid YAML: {detail}").format(detail=" ".join(str(exc).split()))) from None
    except RecursionError:
        raise YamlLoadError("CQP006", _("document is nested too deeply")) from None
    finally:
        loader.dispose()
    positions: dict[JsonPath, Mark] = {}
    key_positions: dict[JsonPath, Mark] = {}
    try:
        _record_positions(node, data, (), positions, key_positions)
    except RecursionError:
        raise YamlLoadError("CQP006", _("document is nested too deeply")) from None
    return ParsedYaml(path=path, data=data, positions=positions, key_positions=key_positions, source=text, root=node)


def load_yaml_file(path: Path) -> ParsedYaml:
    """Read and load ``path``; raises :class:`YamlLoadError` or :class:`OSError`."""
    return load_yaml_text(read_text_file(path), path)


def _kind_of(value: Any) -> str:
    """What a value is, in words (a message never quotes the value itself)."""
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, int | float):
        return _("a number")
    return _("text") if isinstance(value, str) else _("nothing")


def _tag_words(tag: str) -> str:
    """A YAML type in an editor's words: ``int`` → ``a number``, ``bool`` → ``true or false``."""
    words = {"int": N_("a number"), "float": N_("a number"), "bool": N_("true or false"), "null": N_("nothing")}
    return _(words[tag]) if tag in words else _("a date") if tag == "timestamp" else tag


def require_mapping(document: ParsedYaml, what: str) -> dict[str, Any]:
    """The top level of ``document`` as a mapping, or a one-line error saying what it is."""
    if not isinstance(document.data, dict):
        kind = (
            _("a list")
            if isinstance(document.data, list)
            else _("a single value ({kind})").format(kind=_kind_of(document.data))
        )
        raise YamlLoadError(
            "CQP002",
            _("top level is {kind}, expected a mapping describing {what}").format(kind=kind, what=what),
            document.mark_for(()),
        )
    return document.data
