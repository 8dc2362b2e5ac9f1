"""JSON Schema layer of the checker: schema errors as findings at the YAML node at fault.

Used for referentials and for candidate files alike. For ``anyOf``/``oneOf`` failures the
best-matching sub-error is reported; for unknown properties the finding points at the key
itself and suggests the closest known property.
"""

from __future__ import annotations

import difflib
import functools
import json
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from cqpengine.findings import Finding
from cqpengine.loading.yamlio import YamlDocument
from cqpengine.resources import schema_file


@functools.cache
def validator_for(schema_name: str) -> Draft202012Validator:
    """The (cached) validator of a shipped schema, with format checking on."""
    schema = json.loads(schema_file(schema_name).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _leaf(error: ValidationError) -> ValidationError:
    while error.context:
        error = best_match(error.context)
    return error


def _unknown_keys(error: ValidationError) -> list[str]:
    known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [key for key in instance if key not in known]


def _describe_value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(error: ValidationError) -> str:
    keyword = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if keyword == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return f"missing required property {missing[0]!r}" if missing else error.message
    if keyword == "pattern":
        title = schema.get("title", "value")
        return f"{_describe_value(error.instance)} is not a valid {title.lower()} (pattern {error.validator_value})"
    if keyword == "enum":
        allowed = ", ".join(json.dumps(v, ensure_ascii=False) for v in error.validator_value)
        return f"{_describe_value(error.instance)} is not one of: {allowed}"
    if keyword == "const":
        return f"{_describe_value(error.instance)} should be {json.dumps(error.validator_value)}"
    if keyword == "type":
        return f"{_describe_value(error.instance)} is not of type {error.validator_value!r}"
    return error.message


def schema_findings(document: YamlDocument, schema_name: str) -> list[Finding]:
    """Every schema error of ``document`` as a finding, in file order."""
    return sorted(_iter_findings(document, validator_for(schema_name)), key=Finding.sort_key)


def _iter_findings(document: YamlDocument, validator: Draft202012Validator) -> Iterator[Finding]:
    seen: set[tuple[str, int, int, str]] = set()
    for raw in validator.iter_errors(document.data):
        error = _leaf(raw)
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and _unknown_keys(error):
            known = list(error.schema.get("properties", {}))
            for key in _unknown_keys(error):
                close = difflib.get_close_matches(key, known, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                finding = Finding.at(
                    document.path, document.mark_for(path + (key,), key=True), "CQP010",
                    f"unknown property {key!r}{hint}", path + (key,),
                )
                if (finding.message, finding.line, finding.column, finding.path or "") not in seen:
                    seen.add((finding.message, finding.line, finding.column, finding.path or ""))
                    yield finding
            continue
        finding = Finding.at(document.path, document.mark_for(path), "CQP010", _message(error), path)
        signature = (finding.message, finding.line, finding.column, finding.path or "")
        if signature not in seen:
            seen.add(signature)
            yield finding
