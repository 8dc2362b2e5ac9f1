"""Shared test helpers: paths of the test data and of the real referentials, counting content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from cqpengine.checking import CheckResult, check_paths
from cqpengine.cli import cli
from cqpengine.findings import Finding
from cqpengine.model import Referential

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
EXAMPLES = DATA / "examples"
REFERENTIALS = ROOT / "referentials"
#: The official SARIF 2.1.0 JSON Schema (see tests/data/sarif/README.md).
SARIF_SCHEMA_FILE = DATA / "sarif" / "sarif-schema-2.1.0.json"

_cache: dict[Path, CheckResult] = {}


@pytest.fixture
def runner() -> CliRunner:
    """A click test runner (registered for every test module by tests/conftest.py)."""
    return CliRunner()


def cqp(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    """``cqp ARGS`` in this process (standard error apart)."""
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def checked(path: Path) -> CheckResult:
    """``check_paths([path])``, computed once per test session."""
    if path not in _cache:
        _cache[path] = check_paths([path])
    return _cache[path]


def findings_in(path: Path, severity: str | None = None, folder: Path = REFERENTIALS) -> list[Finding]:
    """The findings of checking ``folder`` that concern the file ``path`` (of one severity, if given)."""
    return [
        f
        for f in checked(folder).findings
        if Path(f.file).resolve() == path.resolve() and (severity is None or f.severity == severity)
    ]


def referential(key: str, folder: Path = REFERENTIALS) -> Referential:
    """The resolved referential ``id@version`` of ``folder`` (which must be free of errors)."""
    result = checked(folder)
    for candidate in result.referentials:
        if candidate.key == key:
            return candidate
    errors = [f.format_text() for f in result.findings if f.severity == "error"]
    raise AssertionError(f"{key} not found or invalid in {folder}: {errors}")


def count_content(ref: Referential) -> dict[str, int]:
    """How many of each kind of content a resolved referential holds."""
    counts = dict.fromkeys(
        (
            "units",
            "activities",
            "competences",
            "savoirs",
            "questions",
            "modules",
            "formative_criteria",
            "intermediate_criteria",
            "final_criteria",
            "criteria",
            "indicators",
            "candidate_questions",
        ),
        0,
    )
    for unit in ref.units:
        data: dict[str, Any] = unit.data
        counts["units"] += 1
        counts["competences"] += len(data.get("savoir_faire", []))
        counts["savoirs"] += len(data.get("savoirs", []))
        counts["questions"] += len(data.get("questions", []))
        counts["modules"] += len(data.get("modules", []))
        counts["formative_criteria"] += sum(len(m["criteria"]) for m in data.get("modules", []))
        counts["intermediate_criteria"] += len(data.get("intermediate_criteria", []))
        counts["final_criteria"] += len(data.get("final_criteria", []))
        counts["candidate_questions"] += len(data.get("candidate_questions", []))
        for activity in data.get("activities", []):
            counts["activities"] += 1
            for competence in activity["competences"]:
                counts["competences"] += 1
                counts["questions"] += len(competence.get("questions", []))
                for criterion in competence.get("criteria", []):
                    counts["criteria"] += 1
                    counts["indicators"] += len(criterion.get("indicators", []))
    return counts


def schema_properties(node: Any) -> list[tuple[str, dict[str, Any]]]:
    """Every (name, subschema) under a ``properties`` of a JSON Schema, ``if`` conditions left out."""
    found = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            if isinstance(sub, dict) and sub:
                found.append((name, sub))
        for key, value in node.items():
            if key != "if":  # conditions, not documentation
                found.extend(schema_properties(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(schema_properties(value))
    return found


def assert_valid_sarif(log: Any) -> None:
    """``log`` matches the official SARIF 2.1.0 schema (draft 4), every error listed on failure."""
    schema = json.loads(SARIF_SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(log)]
    assert errors == []
