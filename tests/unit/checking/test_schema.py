"""The JSON Schema itself: valid against its metaschema, documented, precise in its errors."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from cqpengine.checking.schema import schema_findings
from cqpengine.loading.yamlio import load_yaml_text
from tests.support.helpers import EXAMPLES, ROOT, schema_properties

SCHEMAS = sorted((ROOT / "schema").glob("*.schema.json"))


def test_schemas_pass_the_metaschema() -> None:
    assert SCHEMAS
    for path in SCHEMAS:
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def test_properties_are_documented_for_editors() -> None:
    schema = json.loads((ROOT / "schema" / "referential.schema.json").read_text(encoding="utf-8"))
    defs = schema["$defs"]
    undocumented = []
    for name, sub in schema_properties(schema):
        target = sub
        if "$ref" in sub and not ({"title", "description"} & set(sub)):
            target = defs[sub["$ref"].rsplit("/", 1)[-1]]
        if not ({"title", "description"} & set(target)):
            undocumented.append(name)
    # Small structural fields (min/max of a range, id/text/label of an item) explain themselves.
    assert set(undocumented) <= {
        "min",
        "max",
        "label",
        "text",
        "code",
        "id",
        "kind",
        "scope",
        "signatures",
        "parts",
        "values",
        "units",
        "reason",
        "what",
        "from",
        "to",
        "rationale",
        "unit",
        "meaning",
        "format",
        "mappings",
        "no_equivalent",
        "kinds",
        "note",
        "any_of",
        "minutes",
        "max_days",
    }, undocumented


def test_schema_error_lines_and_columns() -> None:
    text = (
        "id: x\n"
        "version: '1'\n"
        "status: active\n"
        "title: T\n"
        "generation: blocs\n"
        "process: {}\n"
        "scales: {}\n"
        "document_scales: {orientation: bad id}\n"
        "units:\n"
        "  - id: B1\n"
        "    number: 0\n"
        "    title: Bloc\n"
        "    activities:\n"
        "      - id: B1.A1\n"
        "        title: A\n"
        "        competences:\n"
        "          - {id: B1.A1.C1, txt: typo}\n"
    )
    findings = schema_findings(load_yaml_text(text, Path("x.yaml")), "referential.schema.json")
    got = [(f.line, f.column, f.path, f.message) for f in findings]
    assert got == [
        (8, 32, "$.document_scales.orientation", got[0][3]),
        (11, 13, "$.units[0].number", "0 is less than 1: write a number of at least 1"),
        (17, 13, "$.units[0].activities[0].competences[0]", "the key 'text' is missing here: add it, 'text: …'"),
        (
            17,
            28,
            "$.units[0].activities[0].competences[0].txt",
            "unknown key 'txt' here: correct or remove it (did you mean 'text'?)",
        ),
    ]
    assert got[0][3].startswith("\"bad id\" is not a valid value for 'Identifiant': write an identifier of letters")


def test_any_of_reports_the_best_match() -> None:
    schema_text = "units:\n  - ref: not a ref\n    number: 1\n"
    doc = load_yaml_text(
        "id: x\nversion: '1'\nstatus: active\ntitle: T\ngeneration: blocs\nprocess: {}\nscales: {}\n"
        "document_scales: {}\n" + schema_text,
        Path("x.yaml"),
    )
    [finding] = schema_findings(doc, "referential.schema.json")
    assert (finding.line, finding.path) == (10, "$.units[0].ref")


@pytest.mark.parametrize("version", ["1..2", ".2013", "2013.", "a/b", "x" * 33])
def test_versions_that_cannot_name_a_folder_are_schema_errors(version: str) -> None:
    text = (
        (EXAMPLES / "exemple_domaines.yaml")
        .read_text(encoding="utf-8")
        .replace('version: "2013"', f'version: "{version}"')
    )
    findings = schema_findings(load_yaml_text(text, Path("x.yaml")), "referential.schema.json")
    assert [f.path for f in findings] == ["$.version"]


#: English words that never occur in the French titles and descriptions (quotes of the sources are French too).
_ENGLISH = re.compile(r"\b(the|of|and|when|with|for|is|are|e\.g\.|which|from|its|this|that|each|every)\b")


def _documentation(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "description") and isinstance(value, str):
                yield value
            else:
                yield from _documentation(value)
    elif isinstance(node, list):
        for value in node:
            yield from _documentation(value)


@pytest.mark.parametrize("path", sorted((ROOT / "schema").glob("*.schema.json")), ids=lambda p: p.name)
def test_schema_titles_and_descriptions_are_in_french(path: Path) -> None:
    texts = list(_documentation(json.loads(path.read_text(encoding="utf-8"))))
    assert len(texts) > 20
    # Words quoted from a file (« from », `ref: …`) are not English prose.
    english = [text for text in texts if _ENGLISH.search(re.sub(r"«[^»]*»|`[^`]*`", "", text))]
    assert english == [], english
