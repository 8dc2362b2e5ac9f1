"""Whatever a candidate file holds, ``decide`` gives a decision or findings — never an exception."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cqpengine.decisions.engine import decide
from cqpengine.loading.yamlio import load_yaml_file
from cqpengine.model import Referential
from cqpengine.positions import JsonPath
from tests.support.decisions import EXAMPLES_DIR, REFERENTIALS_DIR
from tests.support.helpers import checked

EXAMPLES = sorted(EXAMPLES_DIR.glob("*.yaml"))

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**6), max_value=10**6)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(["", "oui", "D1", "mutualite", "2024-02-30", "1900-01-01", "2099-12-31", "salarie", "stage"])
    | st.text(max_size=8)
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def paths(data: Any, prefix: JsonPath = ()) -> list[JsonPath]:
    found: list[JsonPath] = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(paths(value, (*prefix, index)))
    return found


def replaced(data: Any, path: JsonPath, value: Any) -> Any:
    copied = copy.deepcopy(data)
    target = copied
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return copied


@pytest.fixture(scope="session")
def referentials() -> list[Referential]:
    return checked(REFERENTIALS_DIR).referentials


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(example=st.sampled_from(EXAMPLES), data=st.data(), value=values)
def test_any_change_to_an_example_gives_a_decision_or_findings(
    referentials: list[Referential], example: Path, data: st.DataObject, value: Any
) -> None:
    original = load_yaml_file(example).data
    path = data.draw(st.sampled_from(paths(original)))
    changed = replaced(original, path, value)
    kind = example.name.split("_", 1)[0]
    with tempfile.TemporaryDirectory() as folder:
        candidate = Path(folder) / "candidate.yaml"
        candidate.write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
        decision, findings = decide(kind, candidate, referentials)
    assert (decision is None) == bool(findings)
    assert all(f.line >= 1 and f.column >= 1 for f in findings)
