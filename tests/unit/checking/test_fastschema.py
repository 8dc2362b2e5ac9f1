"""The quick schema check never calls valid what jsonschema finds errors in (so findings never change).

For each shipped schema it compiles, the check is compared with the jsonschema validator that words
the findings: on the shipped referentials and examples, on the invalid test files, and on documents
changed at random (a value replaced by another kind of value, a key added or removed).
"""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from cqpengine.checking import REFERENTIAL_SCHEMA
from cqpengine.checking.fastschema import VALIDATING, Unsure, compile_schema, surely_valid
from cqpengine.checking.schema import ecma_pattern, quick_check, validator_for
from cqpengine.loading.yamlio import load_yaml_file

ROOT = Path(__file__).resolve().parents[3]
REFERENTIALS = sorted((ROOT / "referentials").glob("*.yaml"))
INVALID = sorted((ROOT / "tests" / "data" / "invalid").glob("schema_*.yaml"))


def has_errors(data: Any, schema: str = REFERENTIAL_SCHEMA) -> bool:
    return any(True for _ in validator_for(schema).iter_errors(data))


def agrees(data: Any, schema: str = REFERENTIAL_SCHEMA) -> None:
    """The quick check says valid only when jsonschema finds no error."""
    check = quick_check(schema)
    assert check is not None
    if surely_valid(check, data):
        assert not has_errors(data, schema)
    try:
        verdict = check(data)
    except Unsure:
        return
    assert verdict == (not has_errors(data, schema))  # and when it decides, it decides as jsonschema


@pytest.mark.parametrize("path", REFERENTIALS, ids=lambda path: path.name)
def test_shipped_referentials_are_valid_at_once(path: Path) -> None:
    data = load_yaml_file(path).data
    assert surely_valid(quick_check(REFERENTIAL_SCHEMA), data)
    assert not has_errors(data)


#: The one invalid file the schema accepts: its ``.nan`` is a number to JSON Schema, a rule refuses it.
SCHEMA_VALID = "schema_not_a_number.yaml"


def test_the_invalid_files_are_those_expected() -> None:
    assert len(INVALID) == 5 and SCHEMA_VALID in {path.name for path in INVALID}


@pytest.mark.parametrize("path", INVALID, ids=lambda path: path.name)
def test_invalid_files_are_not_valid(path: Path) -> None:
    data = load_yaml_file(path).data
    schema_valid = path.name == SCHEMA_VALID
    assert has_errors(data) is not schema_valid
    assert surely_valid(quick_check(REFERENTIAL_SCHEMA), data) is schema_valid
    agrees(data)


def test_the_keywords_it_knows_are_those_jsonschema_checks() -> None:
    assert set(Draft202012Validator.VALIDATORS) == VALIDATING


def test_an_annotation_is_no_check() -> None:
    check = compile_schema({"type": "string", "enumDescriptions": {"a": "b"}, "title": "T"}, ecma_pattern)
    assert surely_valid(check, "a") and not surely_valid(check, 1)


def test_a_schema_with_a_keyword_it_does_not_compile_is_left_to_jsonschema() -> None:
    check = compile_schema({"type": "string", "format": "date"}, ecma_pattern)
    assert check is None
    assert not surely_valid(check, "2026-01-01")


@pytest.mark.parametrize(
    ("schema", "valid", "invalid"),
    [
        ({"type": "integer"}, [1, 2.0, -3], [True, 1.5, "1", None]),
        ({"type": "number"}, [1, 1.5, math.nan], [False, "1"]),
        ({"enum": ["a", None, True]}, ["a", None, True], ["b", 1, False]),
        ({"const": "x"}, ["x"], ["y", 0, None]),
        ({"pattern": "^[A-Z]+$"}, ["AB", 1], ["AB\n", "ab"]),
        ({"minimum": 1, "exclusiveMinimum": 0}, [1, "z", math.nan], [0, 0.5]),
        ({"uniqueItems": True}, [["a", "b"], [True, False], {}], [["a", "a"], [None, None]]),
        ({"minLength": 1, "maxLength": 2}, ["a", "ab", 5], ["", "abc"]),
        ({"properties": {"a": {"type": "string"}}, "additionalProperties": False}, [{"a": "x"}, {}, 3], [{"b": 1}]),
        (
            {"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"minProperties": 2}},
            [{"a": 1, "b": 2}, {"c": 1, "d": 2}],
            [{"a": 1}, {"c": 1}],
        ),
        ({"propertyNames": {"pattern": "^x"}, "required": ["xa"]}, [{"xa": 1}], [{"xa": 1, "y": 2}, {}]),
        ({"$defs": {"n": {"type": "array", "items": {"$ref": "#/$defs/n"}}}, "$ref": "#/$defs/n"}, [[[], [[]]]], [[1]]),
    ],
)
def test_each_keyword_decides_as_jsonschema(schema: dict[str, Any], valid: list[Any], invalid: list[Any]) -> None:
    check = compile_schema(schema, ecma_pattern)
    assert check is not None
    reference = Draft202012Validator(schema)
    for value in valid:
        assert surely_valid(check, value), value
    for value in invalid:
        assert not surely_valid(check, value), value
        if "pattern" not in schema:  # jsonschema's own pattern is Python's, not the ECMA one we check
            assert not reference.is_valid(value), value


def test_values_it_cannot_compare_exactly_are_left_to_jsonschema() -> None:
    check = compile_schema({"enum": [1, "a"]}, ecma_pattern)
    assert not surely_valid(check, 1)  # 1 == 1.0 == True questions: jsonschema answers them
    check = compile_schema({"uniqueItems": True}, ecma_pattern)
    assert not surely_valid(check, [1, True])


#: Values of every kind, to put where the schema expects another.
VALUES = st.sampled_from(
    [None, True, False, 0, 1, -1, 2.5, 1.0, math.nan, math.inf, "", "x", "D1\n", "AB", "a b", [], ["x"], {}, {"x": 1}]
)


def _nodes(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_nodes(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_nodes(value, (*path, index)))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    source = draw(st.sampled_from(REFERENTIALS))
    data = copy.deepcopy(load_yaml_file(source).data)
    for _ in range(draw(st.integers(1, 3))):
        paths = _nodes(data)[1:]
        path = draw(st.sampled_from(paths))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(VALUES)
        elif action == "remove" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "id", "titre", "unites"]))] = draw(VALUES)
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_changed_referentials_are_judged_as_jsonschema_judges_them(data: Any) -> None:
    agrees(data)
