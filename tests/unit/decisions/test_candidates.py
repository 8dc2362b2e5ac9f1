"""Candidate files: every finding at its line and column, and never a value of the file in a message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cqpengine.decisions.engine import decide
from cqpengine.findings import CATALOG, Finding
from cqpengine.model import Referential
from tests.support.decisions import EXAMPLES_DIR, REFERENTIALS_DIR, write_yaml
from tests.support.helpers import ROOT, checked, schema_properties

SECRET = "Zoé Secrète"

VAE_HEAD = f"""certification: {{id: charge-accueil, version: "2013"}}
candidate: {{name: {SECRET}}}
request_date: 2024-03-15
activities:
"""
ACTIVITY = """  - title: Accueil secret
    sector: mutualite
    status: salarie
    matches_nature: true
    start: 2018-01-01
"""
ORIENTATION_HEAD = f"""certification: {{id: assistant-commercial}}
candidate: {{name: {SECRET}}}
experience_years: 4
self_assessment:
"""
ALL_DOMAINES = "".join(f"  D{n}: en-totalite\n" for n in range(1, 6))
JURY_HEAD = f"""certification: {{id: assistant-commercial}}
candidate: {{name: {SECRET}}}
jury_date: 2024-06-20
"""

# (id, kind, file text, code, JSON path, line, column)
CASES: list[tuple[str, str, str, str, str | None, int, int]] = [
    (
        "credential-without-public-key",
        "jury",
        JURY_HEAD + "evaluations: {}\nacquired_earlier:\n  D1: attestations/D1.jwt\n",
        "CQP211",
        "$.acquired_earlier.D1",
        6,
        7,
    ),
    (
        "some-units-without-a-deciding-body",
        "jury",
        JURY_HEAD + "evaluations: {}\ntargeted_units: [D1]\n",
        "CQP212",
        "$.targeted_units",
        5,
        1,
    ),
    (
        "unknown-certification",
        "jury",
        JURY_HEAD.replace("assistant-commercial", "conseiller-secret") + "evaluations: {}\n",
        "CQP201",
        "$.certification.id",
        1,
        21,
    ),
    (
        "unknown-version",
        "orientation",
        ORIENTATION_HEAD.replace("{id: assistant-commercial}", '{id: assistant-commercial, version: "2099"}')
        + ALL_DOMAINES,
        "CQP201",
        "$.certification.version",
        1,
        52,
    ),
    (
        "unknown-unit",
        "orientation",
        ORIENTATION_HEAD + ALL_DOMAINES + "  D9: en-totalite\n",
        "CQP202",
        "$.self_assessment.D9",
        10,
        3,
    ),
    (
        "unknown-part",
        "orientation",
        ORIENTATION_HEAD
        + ALL_DOMAINES.replace(
            "D5: en-totalite", "D5: {savoir_faire: en-totalite, savoirs: en-totalite, gestes: en-totalite}"
        ),
        "CQP202",
        "$.self_assessment.D5.gestes",
        9,
        57,
    ),
    (
        "unknown-unit-jury",
        "jury",
        JURY_HEAD + "evaluations:\n  B7: [maitrisee, maitrisee]\n",
        "CQP202",
        "$.evaluations.B7",
        5,
        3,
    ),
    (
        "unknown-unit-earlier",
        "jury",
        JURY_HEAD + "evaluations: {}\nacquired_earlier:\n  B7: 2022-01-01\n",
        "CQP202",
        "$.acquired_earlier.B7",
        6,
        3,
    ),
    (
        "end-before-start",
        "vae",
        VAE_HEAD + ACTIVITY + "    end: 2017-12-31\n    evidence: [attestation-employeur]\n",
        "CQP203",
        "$.activities[0].end",
        10,
        10,
    ),
    (
        "orientation-value-not-on-scale",
        "orientation",
        ORIENTATION_HEAD + ALL_DOMAINES.replace("D3: en-totalite", "D3: oui"),
        "CQP204",
        "$.self_assessment.D3",
        7,
        7,
    ),
    (
        "opinion-not-on-scale",
        "jury",
        JURY_HEAD + "evaluations:\n  D1: [maitrisee, acquis]\n",
        "CQP204",
        "$.evaluations.D1[1]",
        5,
        19,
    ),
    (
        "unknown-evidence",
        "vae",
        VAE_HEAD + ACTIVITY + "    evidence: [carte-secrete]\n",
        "CQP204",
        "$.activities[0].evidence[0]",
        10,
        16,
    ),
    (
        "no-orientation-scale",
        "orientation",
        ORIENTATION_HEAD.replace("assistant-commercial", "charge-accueil") + "  CA-B2: oui\n",
        "CQP205",
        "$.certification",
        1,
        16,
    ),
    (
        "no-opinion-scale",
        "jury",
        JURY_HEAD.replace("assistant-commercial", "charge-accueil") + "evaluations: {}\n",
        "CQP205",
        "$.certification",
        1,
        16,
    ),
    (
        "unit-not-assessed",
        "orientation",
        ORIENTATION_HEAD + ALL_DOMAINES.replace("  D4: en-totalite\n", ""),
        "CQP206",
        "$.self_assessment",
        4,
        1,
    ),
    (
        "part-not-assessed",
        "orientation",
        ORIENTATION_HEAD + ALL_DOMAINES.replace("D4: en-totalite", "D4: {savoir_faire: en-totalite}"),
        "CQP206",
        "$.self_assessment.D4",
        8,
        7,
    ),
    (
        "start-after-request",
        "vae",
        VAE_HEAD + ACTIVITY.replace("2018-01-01", "2024-04-01") + "    evidence: [attestation-employeur]\n",
        "CQP207",
        "$.activities[0].start",
        9,
        12,
    ),
    (
        "earlier-after-jury",
        "jury",
        JURY_HEAD + "evaluations: {}\nacquired_earlier:\n  D1: 2024-07-01\n",
        "CQP207",
        "$.acquired_earlier.D1",
        6,
        7,
    ),
    (
        "evaluators-on-the-vae-route",
        "jury",
        JURY_HEAD + "route: vae\njury_assessments: {D1: acquis}\nevaluations: {}\n",
        "CQP208",
        "$.evaluations",
        6,
        14,
    ),
    (
        "schema-bad-date",
        "vae",
        VAE_HEAD + ACTIVITY.replace("2018-01-01", "01/02/2018"),
        "CQP010",
        "$.activities[0].start",
        9,
        12,
    ),
    (
        "schema-unknown-property",
        "jury",
        JURY_HEAD + "evaluations: {}\nacquired_erlier: {}\n",
        "CQP010",
        "$",  # where the unknown key is, not the key itself (it could be a name)
        5,
        1,
    ),
    ("yaml-malformed", "jury", JURY_HEAD + "evaluations: [\n", "CQP001", None, 5, 1),
    ("yaml-not-mapping", "jury", f"- {SECRET}\n", "CQP002", None, 1, 1),
    ("yaml-duplicate-key", "jury", JURY_HEAD + "jury_date: 2024-06-21\nevaluations: {}\n", "CQP004", None, 4, 1),
]


@pytest.fixture(scope="session")
def referentials() -> list[Referential]:
    return checked(REFERENTIALS_DIR).referentials


def findings_of(folder: Path, kind: str, text: str, referentials: list[Referential]) -> list[Finding]:
    path = write_yaml(folder, f"{kind}.yaml", text)
    decision, findings = decide(kind, path, referentials)
    assert decision is None or not findings
    return findings


@pytest.mark.parametrize(
    ("kind", "text", "code", "path", "line", "column"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_finding_at_its_line_and_column(
    tmp_path: Path,
    referentials: list[Referential],
    kind: str,
    text: str,
    code: str,
    path: str | None,
    line: int,
    column: int,
) -> None:
    findings = findings_of(tmp_path, kind, text, referentials)
    assert [f.code for f in findings] == [code], [f.format_text() for f in findings]
    [finding] = findings
    assert (finding.line, finding.column) == (line, column), finding.format_text()
    assert finding.path == path
    assert finding.format_text().startswith(f"{tmp_path / (kind + '.yaml')}:{line}:{column}: error {code}: ")


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_messages_carry_no_personal_value(
    tmp_path: Path, referentials: list[Referential], case: tuple[Any, ...]
) -> None:
    _, kind, text, *_ = case
    for finding in findings_of(tmp_path, kind, text, referentials):
        for value in (SECRET, "Zoé", "secret", "2018", "2024-04-01", "2024-07-01", "01/02/2018", "2017-12-31"):
            assert value not in finding.message, finding.format_text()


def test_every_candidate_rule_has_a_case() -> None:
    # CQP209 and CQP210 are about filled PDF forms: their cases are in tests/unit/forms/.
    candidate_codes = {code for code in CATALOG if code >= "CQP200"} - {"CQP209", "CQP210"}
    assert candidate_codes == {case[3] for case in CASES if case[3] >= "CQP200"}


def test_several_errors_are_all_reported_in_file_order(tmp_path: Path, referentials: list[Referential]) -> None:
    text = ORIENTATION_HEAD + "  D1: oui\n  D9: en-totalite\n"
    findings = findings_of(tmp_path, "orientation", text, referentials)
    assert [f.code for f in findings] == ["CQP206", "CQP204", "CQP202"]
    assert findings == sorted(findings, key=Finding.sort_key)


def test_schema_messages_name_the_field_not_the_value(tmp_path: Path, referentials: list[Referential]) -> None:
    text = VAE_HEAD + ACTIVITY.replace("status: salarie", "status: stagiaire-secret") + "    time_percent: 150\n"
    messages = [f.message for f in findings_of(tmp_path, "vae", text, referentials)]
    assert messages == [
        "'status' is not a possible value: write salarie (activité salariée), non_salarie (activité non salariée)"
        " or benevole (activité bénévole)",
        "'time_percent' should be at most 100",
    ]


def test_version_as_a_number_is_told_to_be_quoted(tmp_path: Path, referentials: list[Referential]) -> None:
    text = JURY_HEAD.replace("{id: assistant-commercial}", "{id: assistant-commercial, version: 2013}")
    [finding] = findings_of(tmp_path, "jury", text + "evaluations: {}\n", referentials)
    assert finding.message == "'version' should be text: quote it"


def test_no_active_version_asks_for_one(tmp_path: Path) -> None:
    only_2013 = checked(REFERENTIALS_DIR / "charge_accueil_2013.yaml").referentials
    assert [r.key for r in only_2013] == ["charge-accueil@2013"]
    text = VAE_HEAD.replace(', version: "2013"', "") + "[]\n"
    text = text.replace("activities:\n[]", "activities: []")
    [finding] = findings_of(tmp_path, "vae", text, only_2013)
    assert finding.code == "CQP201"
    assert "no active version" in finding.message and "2013" in finding.message


def test_a_certification_without_version_takes_the_active_one(tmp_path: Path, referentials: list[Referential]) -> None:
    text = VAE_HEAD.replace(', version: "2013"', "").replace("activities:\n", "activities: []\n")
    decision, findings = decide("vae", write_yaml(tmp_path, "vae.yaml", text), referentials)
    assert findings == []
    assert decision is not None and decision.referential.key == "charge-accueil@RNCP"


@pytest.mark.parametrize("example", sorted(EXAMPLES_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_are_valid_and_decided(example: Path, referentials: list[Referential]) -> None:
    kind = example.name.split("_", 1)[0]
    decision, findings = decide(kind, example, referentials)
    assert findings == [], [f.format_text() for f in findings]
    assert decision is not None


@pytest.mark.parametrize("kind", ["vae", "orientation", "jury"])
def test_candidate_schemas_are_strict_and_documented(kind: str) -> None:
    schema = json.loads((ROOT / "schema" / f"candidate-{kind}.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert schema["title"] and schema["description"]
    defs = schema["$defs"]
    for name, sub in schema_properties(schema):
        target = defs[sub["$ref"].rsplit("/", 1)[-1]] if "$ref" in sub and "title" not in sub else sub
        assert {"title", "description"} & set(target), f"{kind}: property {name!r} is undocumented"
