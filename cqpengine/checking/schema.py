"""JSON Schema layer of the checker: schema errors as findings at the YAML node at fault.

Used for referentials and for candidate files alike. For ``anyOf``/``oneOf`` failures the
best-matching sub-error is reported; for unknown properties the finding points at the key
itself and suggests the closest known property.

``pattern`` is matched as JSON Schema says, with ECMA-262 semantics: ``$`` is the end of the
text. (jsonschema uses Python's ``re.search``, where ``$`` also matches before a final line
break, so that an id ``"D1\n"`` would pass ``^[A-Z0-9]+$`` and then become a folder name.)
"""

from __future__ import annotations

import difflib
import functools
import json
import math
import re
from collections.abc import Callable, Iterator
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError, best_match

from cqpengine.checking.writing import is_text_read_as_other, text_expected, text_read_as_mapping
from cqpengine.findings import Finding
from cqpengine.i18n import _
from cqpengine.loading.yamlio import ParsedYaml
from cqpengine.positions import JsonPath
from cqpengine.resources import schema_file

#: Words a schema error as a finding message.
Describe = Callable[[ValidationError, ParsedYaml], str]


@functools.cache
def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled so that ``$`` (outside a character class) matches only at the end."""
    translated: list[str] = []
    escaped = in_class = False
    for char in pattern:
        anchor = False
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        else:
            anchor = char == "$"
        translated.append(r"\Z" if anchor else char)
    return re.compile("".join(translated))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """The ``pattern`` keyword with ECMA-262 anchoring (see the module docstring)."""
    if validator.is_type(instance, "string") and not ecma_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})  # type: ignore[no-untyped-call]


@functools.cache
def validator_for(schema_name: str) -> Any:
    """The (cached) validator of a shipped schema, with format checking and ECMA-262 patterns."""
    schema = json.loads(schema_file(schema_name).read_text(encoding="utf-8"))
    return _Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def best_leaf(error: ValidationError) -> ValidationError:
    while error.context:
        error = best_match(error.context)
    return error


def schema_of(error: ValidationError) -> dict[str, Any]:
    return error.schema if isinstance(error.schema, dict) else {}


def _unknown_keys(error: ValidationError) -> list[str]:
    known = schema_of(error).get("properties", {})
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [key for key in instance if key not in known]


def _describe_value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _text_read_as_other(error: ValidationError, document: ParsedYaml | None = None) -> bool:
    """A text field whose unquoted value YAML read as a number, true/false, null or (" : ") a mapping."""
    expected = error.validator_value
    types = expected if isinstance(expected, list) else [expected]
    if error.validator != "type" or "string" not in types:
        return False
    if is_text_read_as_other(error.instance):
        return True
    return document is not None and _as_mapping(error, document) is not None


def _as_mapping(error: ValidationError, document: ParsedYaml) -> str | None:
    return text_read_as_mapping(document, tuple(error.absolute_path), error.instance)


def describe_error(error: ValidationError, document: ParsedYaml) -> str:
    """The finding message of a schema error (quotes the value at fault, for editors)."""
    keyword = error.validator
    expected: Any = error.validator_value
    instance: Any = error.instance
    if keyword == "required":
        missing = [name for name in expected if name not in instance]
        return _("missing required property {name!r}").format(name=missing[0]) if missing else error.message
    if keyword == "pattern":
        path = list(error.absolute_path)
        title = str(schema_of(error).get("title") or (path[-1] if path else "value"))
        return _("{value} is not a valid value for '{what}' (pattern {pattern})").format(
            value=_describe_value(instance), what=title, pattern=expected
        )
    if keyword == "enum":
        allowed = ", ".join(json.dumps(v, ensure_ascii=False) for v in expected)
        return _("{value} is not one of: {allowed}").format(value=_describe_value(instance), allowed=allowed)
    if keyword == "const":
        return _("{value} should be {expected}").format(value=_describe_value(instance), expected=json.dumps(expected))
    if keyword == "type":
        if _text_read_as_other(error):
            return text_expected(document, tuple(error.absolute_path), instance)
        mapping = (
            _as_mapping(error, document)
            if "string" in (expected if isinstance(expected, list) else [expected])
            else None
        )
        if mapping is not None:
            return mapping
        return _("{value} is not of type {expected!r}").format(value=_describe_value(instance), expected=expected)
    return _bounds(str(keyword), expected, instance) or error.message


def _bounds(keyword: str, expected: Any, instance: Any) -> str | None:
    """Messages of the bound keywords (jsonschema's own words are kept for the others)."""
    if keyword == "maximum":
        return _("{value} is greater than the maximum of {bound}").format(value=instance, bound=expected)
    if keyword == "minimum":
        return _("{value} is less than the minimum of {bound}").format(value=instance, bound=expected)
    if keyword == "minLength" and instance == "":
        return _("empty text: write the text, or remove the key")
    if keyword == "minItems":
        return _("the list needs at least {count} item(s)").format(count=expected)
    if keyword == "uniqueItems":
        return _("the list holds the same item twice")
    return None


def schema_findings(
    document: ParsedYaml, schema_name: str, describe: Describe = describe_error, *, quote_keys: bool = True
) -> list[Finding]:
    """Every schema error of ``document`` as a finding, once each, in file order.

    ``describe`` words each error; candidate files pass one that never quotes a value, and
    ``quote_keys=False``: an unknown key is then not quoted either (someone may have typed a name
    as a key), in the message or in its JSON path; the finding lists the keys allowed there. Numbers
    that are not finite (``.nan``, ``.inf``), which JSON Schema bounds let through, are errors too.
    """
    unique = set(_iter_findings(document, validator_for(schema_name), describe, quote_keys))
    unique.update(_non_finite(document, document.data, ()))
    return sorted(unique, key=Finding.sort_key)


def _non_finite(document: ParsedYaml, data: Any, path: JsonPath) -> Iterator[Finding]:
    if isinstance(data, float) and not math.isfinite(data):
        yield Finding.at(document.path, document.mark_for(path), "CQP010", _("not a finite number (.nan, .inf)"), path)
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _non_finite(document, value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _non_finite(document, value, (*path, index))


def _iter_findings(document: ParsedYaml, validator: Any, describe: Describe, quote_keys: bool) -> Iterator[Finding]:
    for raw in validator.iter_errors(document.data):
        error = best_leaf(raw)
        path = tuple(error.absolute_path)
        unknown = _unknown_keys(error) if error.validator == "additionalProperties" else []
        if not unknown:
            code = "CQP011" if _text_read_as_other(error, document) else "CQP010"
            yield Finding.at(document.path, document.mark_for(path), code, describe(error, document), path)
            continue
        known = list(schema_of(error).get("properties", {}))
        for key in unknown:
            close = difflib.get_close_matches(key, known, n=1)
            hint = _(" (did you mean {ids}?)").format(ids=repr(close[0])) if close else ""
            key_path = (*path, key)
            mark = document.mark_for(key_path, key=True)
            if quote_keys:
                message = _("unknown property {name!r}").format(name=key) + hint
                yield Finding.at(document.path, mark, "CQP010", message, key_path)
                continue
            message = (
                _("unknown property here: correct or remove it (allowed here: {known})").format(
                    known=", ".join(known) or "-"
                )
                + hint
            )
            yield Finding.at(document.path, mark, "CQP010", message, path)
