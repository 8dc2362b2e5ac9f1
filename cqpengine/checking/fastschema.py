"""A quick yes/no check of a document against a shipped schema, before jsonschema words the errors.

Most files an editor validates are valid: for them, jsonschema's validator (its import, and its
walk that builds a validator per keyword and resolves every ``$ref`` again) is pure cost. This
module compiles a schema once into plain Python closures that answer one question, "would
jsonschema find no error?", exactly: each keyword is checked with jsonschema's own semantics
(types as Draft 2020-12 defines them, ``pattern`` with ECMA-262 anchoring as
:func:`cqpengine.checking.schema.ecma_pattern` does). When a value is outside what the closures
can decide exactly (an ``enum`` compared with a number, ``uniqueItems`` over mappings…) they raise
:class:`Unsure`; for a schema with a validating keyword this module does not compile (``format``,
``oneOf``…), :func:`compile_schema` returns ``None``: the caller then runs jsonschema, as it always
did. A "no" also runs jsonschema, which finds and words the errors; the findings are therefore the
same with or without this module.

The compilation takes a few milliseconds, once per process: there is nothing to cache on disk.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sized
from typing import Any

#: One compiled (sub)schema: True when jsonschema would find no error in the value.
Check = Callable[[Any], bool]

#: The keywords jsonschema's Draft 2020-12 validator checks (``tests`` compare this with its own list).
#: Any other keyword (``title``, ``enumDescriptions``…) is an annotation: it never makes an error.
VALIDATING = frozenset(
    {
        "$dynamicRef", "$ref", "additionalProperties", "allOf", "anyOf", "const", "contains", "dependentRequired",
        "dependentSchemas", "enum", "exclusiveMaximum", "exclusiveMinimum", "format", "if", "items", "maxItems",
        "maxLength", "maxProperties", "maximum", "minItems", "minLength", "minProperties", "minimum", "multipleOf",
        "not", "oneOf", "pattern", "patternProperties", "prefixItems", "properties", "propertyNames", "required",
        "type", "unevaluatedItems", "unevaluatedProperties", "uniqueItems",
    }
)  # fmt: skip
#: Keywords that change what ``$ref`` names: not compiled (the root's ``$id`` aside).
RESOLVING = frozenset({"$id", "$anchor", "$dynamicAnchor", "$vocabulary"})


class Unsure(Exception):
    """The closures cannot decide this value exactly: ask jsonschema."""


class Unsupported(Exception):
    """The schema uses a keyword (or a form of it) that this module does not compile."""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


#: Draft 2020-12 types as jsonschema's type checker tests them (values read from YAML or JSON).
TYPES: dict[str, Callable[[Any], bool]] = {
    "null": lambda value: value is None,
    "boolean": lambda value: isinstance(value, bool),
    "integer": lambda value: (
        (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and value.is_integer())
    ),
    "number": _is_number,
    "string": lambda value: isinstance(value, str),
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
}
#: Types whose values compare, under jsonschema's ``equal``, as Python's ``==`` between values of one type.
PLAIN = (str, bool, type(None))


def _member(value: Any, allowed: list[Any]) -> bool:
    """``value`` equals one of ``allowed`` as jsonschema's ``enum``/``const`` compare them."""
    if isinstance(value, str):
        return any(isinstance(each, str) and each == value for each in allowed)
    if type(value) in PLAIN:
        return any(type(each) is type(value) and each == value for each in allowed)
    raise Unsure


def _unique(items: list[Any]) -> bool:
    """No two items equal, as jsonschema's ``uniqueItems`` compares them (texts, nulls, or booleans only)."""
    kinds = {type(item) for item in items}
    if not (kinds <= {str, type(None)} or kinds == {bool}):
        raise Unsure
    return len(set(items)) == len(items)


def _typed(names: list[str]) -> Check:
    tests = [TYPES[name] for name in names]
    return lambda value: any(test(value) for test in tests)


def _properties(pairs: list[tuple[str, Check]]) -> Check:
    return lambda value: (
        not isinstance(value, dict) or all(name not in value or check(value[name]) for name, check in pairs)
    )


def _additional(known: frozenset[str], extra: Check) -> Check:
    return lambda value: not isinstance(value, dict) or all(key in known or extra(value[key]) for key in value)


def _required(names: list[str]) -> Check:
    return lambda value: not isinstance(value, dict) or all(name in value for name in names)


def _items(each: Check) -> Check:
    return lambda value: not isinstance(value, list) or all(each(item) for item in value)


def _length(kind: type[Sized], bound: int, at_least: bool) -> Check:
    if at_least:
        return lambda value: not isinstance(value, kind) or len(value) >= bound
    return lambda value: not isinstance(value, kind) or len(value) <= bound


def _bound(keyword: str, bound: float) -> Check:
    """``minimum`` and the others, with jsonschema's comparisons (so that NaN passes, as there)."""
    compare: dict[str, Callable[[Any], bool]] = {
        "minimum": lambda value: not value < bound,
        "maximum": lambda value: not value > bound,
        "exclusiveMinimum": lambda value: not value <= bound,
        "exclusiveMaximum": lambda value: not value >= bound,
    }
    within = compare[keyword]
    return lambda value: not _is_number(value) or within(value)


def _matches(search: Callable[[str], object]) -> Check:
    return lambda value: not isinstance(value, str) or search(value) is not None


def _one_of_values(allowed: list[Any]) -> Check:
    return lambda value: _member(value, allowed)


def _unique_items(value: Any) -> bool:
    return not isinstance(value, list) or _unique(value)


def _all(parts: list[Check]) -> Check:
    return lambda value: all(part(value) for part in parts)


def _conditional(condition: Check, then: Check, otherwise: Check) -> Check:
    return lambda value: then(value) if condition(value) else otherwise(value)


def _names(check: Check) -> Check:
    return lambda value: not isinstance(value, dict) or all(check(key) for key in value)


#: ``minLength`` and the others: the kind of value they bound, and whether the bound is a minimum.
LENGTHS: dict[str, tuple[type[Sized], bool]] = {
    "minItems": (list, True),
    "maxItems": (list, False),
    "minLength": (str, True),
    "maxLength": (str, False),
    "minProperties": (dict, True),
    "maxProperties": (dict, False),
}
BOUNDS = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"})


class _Compiler:
    """Compiles one root schema; ``$ref`` may name ``#`` or ``#/$defs/NAME`` (recursion allowed)."""

    def __init__(self, root: Mapping[str, Any], pattern: Callable[[str], re.Pattern[str]]) -> None:
        self.root = root
        self.pattern = pattern
        self.refs: dict[str, Check] = {}

    def ref(self, target: str) -> Check:
        if target not in self.refs:
            prefix = "#/$defs/"
            if target == "#":
                schema: Any = self.root
            elif target.startswith(prefix) and "/" not in target[len(prefix) :]:
                schema = self.root.get("$defs", {}).get(target[len(prefix) :])
                if schema is None:
                    raise Unsupported(target)
            else:
                raise Unsupported(target)
            slot: list[Check] = []

            def later(value: Any) -> bool:  # compiled below: a schema may refer to itself
                return slot[0](value)

            self.refs[target] = later
            slot.append(self.compile(schema))
        return self.refs[target]

    def compile(self, schema: Any) -> Check:
        if schema is True or schema == {}:
            return lambda value: True
        if schema is False:
            return lambda value: False
        if not isinstance(schema, dict):
            raise Unsupported(repr(schema))
        checks = [
            self.keyword(keyword, argument, schema)
            for keyword, argument in schema.items()
            if (keyword in VALIDATING or keyword in RESOLVING) and not (keyword == "$id" and schema is self.root)
        ]
        return checks[0] if len(checks) == 1 else _all(checks)

    def keyword(self, keyword: str, argument: Any, schema: dict[str, Any]) -> Check:
        """The check of one keyword of ``schema``."""
        if keyword in LENGTHS:
            kind, at_least = LENGTHS[keyword]
            return _length(kind, argument, at_least)
        if keyword in BOUNDS:
            return _bound(keyword, argument)
        if keyword in ("enum", "const"):
            return _one_of_values(list(argument) if keyword == "enum" else [argument])
        if keyword == "uniqueItems":
            return _unique_items if argument else _all([])
        return self.structural(keyword, argument, schema)

    def structural(self, keyword: str, argument: Any, schema: dict[str, Any]) -> Check:
        """The check of a keyword that holds subschemas or names (``$ref``, ``properties``…)."""
        if keyword == "$ref":
            return self.ref(argument)
        if keyword == "type":
            return _typed(argument if isinstance(argument, list) else [argument])
        if keyword == "properties":
            return _properties([(name, self.compile(sub)) for name, sub in argument.items()])
        if keyword == "additionalProperties" and "patternProperties" not in schema:
            return _additional(frozenset(schema.get("properties", {})), self.compile(argument))
        if keyword == "required":
            return _required(list(argument))
        if keyword == "items" and "prefixItems" not in schema:
            return _items(self.compile(argument))
        if keyword == "pattern":
            return _matches(self.pattern(argument).search)
        if keyword == "allOf":
            return _all([self.compile(sub) for sub in argument])
        if keyword == "if":
            then, otherwise = self.compile(schema.get("then", True)), self.compile(schema.get("else", True))
            return _conditional(self.compile(argument), then, otherwise)
        if keyword == "propertyNames":
            return _names(self.compile(argument))
        raise Unsupported(keyword)


def compile_schema(schema: Mapping[str, Any], pattern: Callable[[str], re.Pattern[str]]) -> Check | None:
    """``schema`` as one :data:`Check`, or ``None`` when it uses a keyword this module does not know.

    ``pattern`` compiles a ``pattern`` keyword's regular expression (with the caller's semantics).
    """
    try:
        return _Compiler(schema, pattern).compile(schema)
    except (Unsupported, KeyError, TypeError, AttributeError, re.error):
        return None


def surely_valid(check: Check | None, value: Any) -> bool:
    """True only when jsonschema would find no error in ``value``; False when it would, or may."""
    if check is None:
        return False
    try:
        return check(value)
    except (Unsure, RecursionError):
        return False
