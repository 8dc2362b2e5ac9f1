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
from typing import TYPE_CHECKING, Any

from cqpengine.checking.fastschema import Check, compile_schema, surely_valid
from cqpengine.checking.writing import is_text_read_as_other, text_expected, text_read_as_mapping
from cqpengine.findings import Finding
from cqpengine.i18n import N_, _
from cqpengine.loading.yamlio import ParsedYaml
from cqpengine.positions import JsonPath
from cqpengine.resources import schema_file

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

#: Words a schema error as a finding message.
Describe = Callable[["ValidationError", ParsedYaml], str]


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
    from jsonschema.exceptions import ValidationError  # noqa: PLC0415

    if validator.is_type(instance, "string") and not ecma_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.cache
def _schema(schema_name: str) -> Any:
    """A shipped schema, read once."""
    return json.loads(schema_file(schema_name).read_text(encoding="utf-8"))


@functools.cache
def quick_check(schema_name: str) -> Check | None:
    """The (cached) yes/no check of a shipped schema (see :mod:`cqpengine.checking.fastschema`)."""
    return compile_schema(_schema(schema_name), ecma_pattern)


@functools.cache
def validator_for(schema_name: str) -> Any:
    """The (cached) validator of a shipped schema, with format checking and ECMA-262 patterns.

    jsonschema is imported here, when a document may have errors, and not for valid ones.
    """
    from jsonschema import Draft202012Validator, validators  # noqa: PLC0415

    extended = validators.extend(Draft202012Validator, {"pattern": _pattern})  # type: ignore[no-untyped-call]
    return extended(_schema(schema_name), format_checker=Draft202012Validator.FORMAT_CHECKER)


def best_leaf(error: ValidationError) -> ValidationError:
    from jsonschema.exceptions import best_match  # noqa: PLC0415

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


#: What each ``pattern`` of the shipped schemas expects, in words: an editor never reads a regex.
PATTERN_WORDS: dict[str, str] = {
    "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$": N_(
        "write the date as YYYY-MM-DD, for example 2027-01-01 (or the month, YYYY-MM, or the year alone, YYYY)"
    ),
    "^(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}$": N_("write the date as YYYY-MM-DD, for example 2027-01-01"),
    "^[A-Za-z][A-Za-z0-9._-]{0,63}$": N_(
        "write an identifier of letters without accents, digits, '.', '_' or '-', starting with a letter "
        "(64 characters at most), for example CA-B2.A1"
    ),
    "^[a-z][a-z0-9-]{0,63}$": N_(
        "write lower-case letters without accents, digits and '-', starting with a letter, for example charge-accueil"
    ),
    "^[0-9A-Za-z]+([._-][0-9A-Za-z]+)*$": N_(
        "write letters without accents and digits, with a single '.', '_' or '-' between them, "
        'in quotes, for example "2013" or "RNCP"'
    ),
    "^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$": N_(
        'write the version as the referential names it, in quotes, for example "2013" or "RNCP"'
    ),
    "^RNCP[0-9]+$": N_("write RNCP followed by the number, without space, for example RNCP12345"),
    "^[A-Z][0-9]{4}$": N_("write the ROME code: a capital letter and four digits, for example D1401"),
    "^https://[^\\s]+$": N_("write the full web address, starting with https://, without spaces"),
    "^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$": N_(
        "write the centre's identifier: letters without accents, digits, '.', '_', '/' or '-' (64 characters at "
        "most), for example 2026-0042"
    ),
    "^(?!/)(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9._/-]{1,200}\\.jwt$": N_(
        "write the path of the .jwt file, relative to this file's folder (letters without accents, digits, '.', "
        "'_', '/' or '-'), for example attestations/D1.jwt"
    ),
    "^[0-9]{3}[a-z]?$": N_(
        "write the three digits of the NSF code, maybe followed by a lower-case letter, for example 312t"
    ),
    "^[a-z][a-z0-9-]*(@[0-9A-Za-z][0-9A-Za-z._-]*)?#[A-Za-z][A-Za-z0-9._-]*$": N_(
        "write <library id>#<unit id>, or <certification id>@<version>#<unit id>, "
        "for example blocs-relation-clients#RC-ACCUEIL"
    ),
    "^([a-z][a-z0-9-]{0,63}@[0-9A-Za-z][0-9A-Za-z._-]{0,31}#)?[A-Za-z][A-Za-z0-9._-]{0,63}$": N_(
        "write the unit's id, for example CA-B2, or <certification id>@<version>#<unit id> for a unit of "
        "another version"
    ),
}

#: What a value of each JSON type is, and how to write one, in an editor's words.
TYPE_WORDS: dict[str, str] = {
    "integer": N_("{value} is not a whole number: write the number alone, without unit or text, for example 20"),
    "number": N_("{value} is not a number: write the number alone, without unit or text, for example 3.5"),
    "string": N_("{value} is not a text here: write a text"),
    "boolean": N_("{value} is neither yes nor no: write true (yes) or false (no)"),
    "object": N_("{value} should be keys, one per line and indented below it ('key: value')"),
    "array": N_("{value} should be a list: write each item on a line of its own, starting with '- '"),
    "null": N_("{value} should be empty here: remove the value"),
}


def _what(error: ValidationError) -> str:
    """The field's name for an editor: its title in the schema, else its key."""
    path = [part for part in error.absolute_path if isinstance(part, str)]
    return str(schema_of(error).get("title") or (path[-1] if path else _("this value")))


def choices_words(schema: dict[str, Any], values: list[Any]) -> str:
    """``draft (en cours de rédaction), active (en vigueur) or …``: each value to write, with its French meaning."""
    labels = schema.get("enumDescriptions") or []
    words = [f"{value} ({labels[index]})" if index < len(labels) else str(value) for index, value in enumerate(values)]
    return _(" or ").join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def describe_error(error: ValidationError, document: ParsedYaml) -> str:
    """The finding message of a schema error, in the editor's words: what is wrong and what to write."""
    keyword = error.validator
    expected: Any = error.validator_value
    instance: Any = error.instance
    value = _describe_value(instance)
    if keyword == "required":
        missing = [name for name in expected if name not in instance]
        if not missing:
            return _generic(error)
        title = _property_title(error, missing[0])
        return _("the key {name!r}{title} is missing here: add it, '{name}: …'").format(
            name=missing[0], title=f" ({title})" if title else ""
        )
    if keyword == "pattern":
        words = PATTERN_WORDS.get(str(expected))
        what = _what(error)
        if words is None:
            return _("{value} is not a valid value for '{what}'").format(value=value, what=what)
        return _("{value} is not a valid value for '{what}': {words}").format(value=value, what=what, words=_(words))
    if keyword == "format" and expected == "date":
        return _("{value} is not a date: write the date as YYYY-MM-DD, for example 2027-01-01").format(value=value)
    if keyword == "enum":
        return _("{value} is not a possible value for '{what}': write {choices}").format(
            value=value, what=_what(error), choices=choices_words(schema_of(error), list(expected))
        )
    if keyword == "const":
        return _("{value} is not possible here: write {expected}").format(value=value, expected=expected)
    if keyword == "type":
        return _type_message(error, document, expected, instance)
    return _bounds(str(keyword), expected, instance) or _generic(error)


def _property_title(error: ValidationError, name: str) -> str:
    prop = schema_of(error).get("properties", {}).get(name, {})
    return str(prop.get("title", "")) if isinstance(prop, dict) else ""


def _type_message(error: ValidationError, document: ParsedYaml, expected: Any, instance: Any) -> str:
    types = expected if isinstance(expected, list) else [expected]
    if _text_read_as_other(error):
        return text_expected(document, tuple(error.absolute_path), instance)
    mapping = _as_mapping(error, document) if "string" in types else None
    if mapping is not None:
        return mapping
    wanted = next((name for name in types if name != "null"), types[0])
    return _(TYPE_WORDS.get(str(wanted), TYPE_WORDS["string"])).format(value=_describe_value(instance))


def _generic(error: ValidationError) -> str:
    """A schema error no sentence above words: the field and what its description says to write."""
    description = schema_of(error).get("description")
    if description:
        return _("this value does not fit '{what}': {description}").format(what=_what(error), description=description)
    return _("this value does not fit '{what}': see the examples in the guide").format(what=_what(error))


def _bounds(keyword: str, expected: Any, instance: Any) -> str | None:
    """Messages of the bound keywords: the limit, and what to write."""
    if keyword == "maximum":
        return _("{value} is more than {bound}: write a number no greater than {bound}").format(
            value=instance, bound=expected
        )
    if keyword == "minimum":
        return _("{value} is less than {bound}: write a number of at least {bound}").format(
            value=instance, bound=expected
        )
    if keyword == "exclusiveMinimum":
        return _("{value} is too small: write a number greater than {bound}").format(value=instance, bound=expected)
    if keyword == "minLength":
        if instance == "":
            return _("empty text: write the text, or remove the key")
        return _("text too short: write at least {count} characters").format(count=expected)
    if keyword == "maxLength":
        return _("text too long ({length} characters): shorten it to {count} characters at most").format(
            length=len(instance) if isinstance(instance, str) else "?", count=expected
        )
    if keyword == "minItems":
        return _("the list needs at least {count} item(s): add the missing ones, each on a line '- …'").format(
            count=expected
        )
    if keyword == "maxItems":
        return _("the list has more than {count} item(s): keep {count} at most").format(count=expected)
    if keyword == "uniqueItems":
        return _("the list holds the same item twice: remove one of them")
    if keyword == "minProperties":
        return _("nothing is written here: add at least {count} key(s)").format(count=expected)
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
    unique: set[Finding] = set()
    if not surely_valid(quick_check(schema_name), document.data):
        unique.update(_iter_findings(document, validator_for(schema_name), describe, quote_keys))
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
    data = document.data if quote_keys else None  # candidate files: no id of theirs in the place
    for raw in validator.iter_errors(document.data):
        error = best_leaf(raw)
        path = tuple(error.absolute_path)
        unknown = _unknown_keys(error) if error.validator == "additionalProperties" else []
        if not unknown:
            code = "CQP011" if _text_read_as_other(error, document) else "CQP010"
            yield Finding.at(document.path, document.mark_for(path), code, describe(error, document), path, data=data)
            continue
        known = list(schema_of(error).get("properties", {}))
        for key in unknown:
            close = difflib.get_close_matches(key, known, n=1)
            hint = _(" (did you mean {ids}?)").format(ids=repr(close[0])) if close else ""
            key_path = (*path, key)
            mark = document.mark_for(key_path, key=True)
            if quote_keys:
                message = _("unknown key {name!r} here: correct or remove it").format(name=key) + hint
                yield Finding.at(document.path, mark, "CQP010", message, key_path, data=data)
                continue
            message = (
                _("unknown property here: correct or remove it (allowed here: {known})").format(
                    known=", ".join(known) or "-"
                )
                + hint
            )
            yield Finding.at(document.path, mark, "CQP010", message, path)
