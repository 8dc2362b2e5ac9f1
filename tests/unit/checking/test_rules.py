"""Consistency rules: each one fails on a broken copy of the examples and passes on the examples."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from cqpengine.checking import check_paths
from cqpengine.findings import CATALOG, Severity
from tests.support.helpers import EXAMPLES

DOMAINES = "exemple_domaines.yaml"
BLOCS = "exemple_blocs.yaml"
LIBRARY = "exemple_bibliotheque.yaml"

Mutation = Callable[[Path], None]


def edit(name: str, change: Callable[[dict[str, Any]], object]) -> Mutation:
    """A mutation that loads one example file, changes its data and writes it back."""

    def apply(folder: Path) -> None:
        path = folder / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    return apply


def copy_as(name: str, new_name: str, change: Callable[[dict[str, Any]], object]) -> Mutation:
    def apply(folder: Path) -> None:
        shutil.copy(folder / name, folder / new_name)
        edit(new_name, change)(folder)

    return apply


def unit(data: dict[str, Any], unit_id: str) -> dict[str, Any]:
    return next(u for u in data["units"] if u.get("id") == unit_id)


def to_library(data: dict[str, Any]) -> None:
    """Turn a copy of a certification into a unit library of the same generation."""
    kept = {
        "kind": "unit-library",
        "id": "lib-domaines",
        "title": "Bibliothèque",
        "generation": data["generation"],
        "units": [{k: v for k, v in u.items() if k != "number"} for u in data["units"]],
    }
    data.clear()
    data.update(kept)


def criterion(data: dict[str, Any], unit_id: str, criterion_id: str) -> dict[str, Any]:
    """The criterion ``criterion_id`` of the inline bloc ``unit_id``."""
    for activity in unit(data, unit_id)["activities"]:
        for competence in activity["competences"]:
            for item in competence.get("criteria", []):
                if item["id"] == criterion_id:
                    found: dict[str, Any] = item
                    return found
    raise KeyError(criterion_id)


def set_in(mapping: dict[str, Any], key: str, value: object) -> None:
    mapping[key] = value


# (code, mutation, file expected in the finding, JSON path expected in the finding, severity)
CASES: list[tuple[str, Mutation, str, str, Severity]] = [
    (
        "CQP101",
        edit(DOMAINES, lambda d: set_in(unit(d, "D2")["savoir_faire"][0], "id", "D1.SF1")),
        DOMAINES,
        "$.units[1].savoir_faire[0].id",
        Severity.ERROR,
    ),
    (
        "CQP101",
        edit(BLOCS, lambda d: set_in(unit(d, "B2")["activities"][0], "id", "ACC.A1")),
        BLOCS,
        "$.units[1].activities[0].id",
        Severity.ERROR,
    ),
    (
        "CQP101",
        edit(BLOCS, lambda d: d["units"].append({"ref": "exemple-bibliotheque#ACC", "number": 3})),
        BLOCS,
        "$.units[2]",
        Severity.ERROR,
    ),
    (
        "CQP102",
        edit(BLOCS, lambda d: set_in(d["units"][0], "ref", "exemple-bibliotheque#NOPE")),
        BLOCS,
        "$.units[0].ref",
        Severity.ERROR,
    ),
    (
        "CQP102",
        edit(BLOCS, lambda d: set_in(d["units"][0], "ref", "absente#ACC")),
        BLOCS,
        "$.units[0].ref",
        Severity.ERROR,
    ),
    (
        "CQP103",
        edit(BLOCS, lambda d: set_in(d["supersedes"], "version", "2010")),
        BLOCS,
        "$.supersedes",
        Severity.ERROR,
    ),
    (
        "CQP104",
        edit(BLOCS, lambda d: set_in(d["equivalences"]["mappings"][0], "to", ["B9"])),
        BLOCS,
        "$.equivalences.mappings[0].to[0]",
        Severity.ERROR,
    ),
    (
        "CQP104",
        edit(BLOCS, lambda d: set_in(d["equivalences"]["mappings"][0], "from", ["D1", "D7"])),
        BLOCS,
        "$.equivalences.mappings[0].from[1]",
        Severity.ERROR,
    ),
    ("CQP104", edit(BLOCS, lambda d: d.pop("supersedes")), BLOCS, "$.equivalences", Severity.ERROR),
    (
        "CQP105",
        edit(DOMAINES, lambda d: set_in(d, "supersedes", {"id": "exemple-blocs", "version": "2024"})),
        DOMAINES,
        "$.supersedes",
        Severity.ERROR,
    ),
    (
        "CQP105",
        edit(BLOCS, lambda d: set_in(d["units"][0], "ref", "exemple-blocs@2024#ACC")),
        BLOCS,
        "$.units[0].ref",
        Severity.ERROR,
    ),
    (
        "CQP106",
        edit(DOMAINES, lambda d: set_in(unit(d, "D2"), "savoir_faire", [])),
        DOMAINES,
        "$.units[1]",
        Severity.ERROR,
    ),
    (
        "CQP106",
        edit(BLOCS, lambda d: set_in(unit(d, "B2")["activities"][0], "competences", [])),
        BLOCS,
        "$.units[1]",
        Severity.ERROR,
    ),
    ("CQP107", edit(DOMAINES, lambda d: unit(d, "D2").pop("final_criteria")), DOMAINES, "$.units[1]", Severity.ERROR),
    (
        "CQP107",
        edit(
            DOMAINES,
            lambda d: (
                unit(d, "D2").pop("final_criteria"),
                set_in(d, "gaps", [{"what": "criteria", "units": ["D2"], "reason": "the source has no grid"}]),
            ),
        ),
        DOMAINES,
        "$.units[1]",
        Severity.WARNING,
    ),
    (
        "CQP108",
        edit(DOMAINES, lambda d: set_in(unit(d, "D2"), "number", 3)),
        DOMAINES,
        "$.units[1].number",
        Severity.ERROR,
    ),
    (
        "CQP108",
        edit(DOMAINES, lambda d: set_in(unit(d, "D2"), "number", 1)),
        DOMAINES,
        "$.units[1].number",
        Severity.ERROR,
    ),
    ("CQP109", edit(BLOCS, lambda d: unit(d, "B2").pop("modality")), BLOCS, "$.units[1]", Severity.ERROR),
    (
        "CQP109",
        edit(
            BLOCS,
            lambda d: (
                unit(d, "B2").pop("modality"),
                set_in(d, "gaps", [{"what": "modality", "reason": "not stated"}]),
            ),
        ),
        BLOCS,
        "$.units[1]",
        Severity.WARNING,
    ),
    (
        "CQP110",
        edit(DOMAINES, lambda d: set_in(d["vae"], "min_years", 13)),
        DOMAINES,
        "$.vae.min_years",
        Severity.ERROR,
    ),
    (
        "CQP111",
        edit(DOMAINES, lambda d: set_in(d["document_scales"], "orientation", "inconnue")),
        DOMAINES,
        "$.document_scales.orientation",
        Severity.ERROR,
    ),
    (
        "CQP112",
        edit(DOMAINES, lambda d: set_in(unit(d, "D2"), "questions", ["XXXXXXXXXX"])),
        DOMAINES,
        "$.units[1].questions[0]",
        Severity.WARNING,
    ),
    (
        "CQP112",
        edit(DOMAINES, lambda d: set_in(unit(d, "D2"), "questions", ["TODO: compléter"])),
        DOMAINES,
        "$.units[1].questions[0]",
        Severity.WARNING,
    ),
    (
        "CQP112",
        edit(DOMAINES, lambda d: set_in(unit(d, "D2"), "questions", ["…"])),
        DOMAINES,
        "$.units[1].questions[0]",
        Severity.WARNING,
    ),
    ("CQP113", copy_as(DOMAINES, "copie.yaml", lambda d: None), DOMAINES, "$.id", Severity.ERROR),
    ("CQP114", edit(BLOCS, lambda d: d["equivalences"].pop("no_equivalent")), BLOCS, "$.equivalences", Severity.ERROR),
    (
        "CQP115",
        edit(LIBRARY, lambda d: set_in(d["units"][0]["modality"]["situations"], "min", 6)),
        LIBRARY,
        "$.units[0].modality.situations",
        Severity.ERROR,
    ),
    (
        "CQP115",
        edit(DOMAINES, lambda d: set_in(d["process"], "training_hours", {"min": 320, "max": 280})),
        DOMAINES,
        "$.process.training_hours",
        Severity.ERROR,
    ),
    (
        "CQP116",
        lambda folder: (
            copy_as(DOMAINES, "lib.yaml", to_library)(folder),
            edit(BLOCS, lambda d: set_in(d["units"][0], "ref", "lib-domaines#D1"))(folder),
        ),
        BLOCS,
        "$.units[0].ref",
        Severity.ERROR,
    ),
    (
        "CQP117",
        copy_as(
            BLOCS,
            "v2025.yaml",
            lambda d: d.update(
                {
                    "version": "2025",
                    "supersedes": {"version": "2024"},
                    "equivalences": {
                        "mappings": [{"from": ["ACC", "B2"], "to": ["ACC", "B2"], "rationale": "same units"}]
                    },
                }
            ),
        ),
        "v2025.yaml",
        "$.status",
        Severity.ERROR,
    ),
    (
        "CQP118",
        edit(
            BLOCS, lambda d: [set_in(v, "meaning", "partial") for v in d["scales"]["oui-non-partiellement"]["values"]]
        ),
        BLOCS,
        "$.document_scales.orientation",
        Severity.ERROR,
    ),
    (
        "CQP119",
        edit(DOMAINES, lambda d: set_in(d, "gaps", [{"what": "criteria", "units": ["D9"], "reason": "r"}])),
        DOMAINES,
        "$.gaps[0].units[0]",
        Severity.ERROR,
    ),
    (
        "CQP120",
        edit(BLOCS, lambda d: set_in(d, "effective_date", "2010-01-01")),
        BLOCS,
        "$.effective_date",
        Severity.ERROR,
    ),
    ("CQP121", edit(BLOCS, lambda d: d["process"]["decided_by"].pop("units")), BLOCS, "$.process", Severity.ERROR),
    (
        "CQP121",
        edit(
            BLOCS,
            lambda d: (
                d["process"].pop("decided_by"),
                set_in(d, "gaps", [{"what": "decided_by", "reason": "not stated"}]),
            ),
        ),
        BLOCS,
        "$.process",
        Severity.WARNING,
    ),
    (
        "CQP122",
        edit(
            DOMAINES,
            lambda d: set_in(
                d["process"], "decided_by", {"units": {"body": "commission", "words": "Une commission paritaire."}}
            ),
        ),
        DOMAINES,
        "$.process.decided_by.units",
        Severity.ERROR,
    ),
    (
        "CQP123",
        edit(BLOCS, lambda d: set_in(criterion(d, "B2", "B2.A1.C1.K1"), "indicators", ["→ Le candidat est réactif."])),
        BLOCS,
        "$.units[1].activities[0].competences[0].criteria[0].indicators[0]",
        Severity.WARNING,
    ),
    (
        "CQP123",
        edit(BLOCS, lambda d: set_in(criterion(d, "B2", "B2.A1.C1.K1"), "text", "L'organisation\test cohérente.")),
        BLOCS,
        "$.units[1].activities[0].competences[0].criteria[0].text",
        Severity.WARNING,
    ),
]


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    folder = tmp_path / "referentials"
    shutil.copytree(EXAMPLES, folder)
    return folder


def test_examples_have_no_finding() -> None:
    result = check_paths([EXAMPLES])
    assert result.findings == []
    assert sorted(r.key for r in result.referentials) == ["exemple-blocs@2024", "exemple-domaines@2013"]


@pytest.mark.parametrize(
    ("code", "mutation", "file", "path", "severity"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_rule_fires_on_broken_copy(
    examples: Path, code: str, mutation: Mutation, file: str, path: str, severity: Severity
) -> None:
    mutation(examples)
    result = check_paths([examples])
    matching = [f for f in result.findings if f.code == code]
    assert matching, [f.format_text() for f in result.findings]
    assert any(Path(f.file).name == file and f.path == path and f.severity == severity for f in matching), [
        f.format_text() for f in matching
    ]
    # Only the expected rule fires: one broken thing gives one kind of finding.
    assert {f.code for f in result.findings} == {code}, [f.format_text() for f in result.findings]


def test_every_consistency_rule_has_a_failing_case() -> None:
    consistency = {code for code in CATALOG if "CQP100" <= code < "CQP200"}
    assert consistency == {case[0] for case in CASES}


def test_a_finding_in_a_shared_unit_points_at_the_library_line(examples: Path) -> None:
    edit(LIBRARY, lambda d: set_in(d["units"][0]["modality"]["situations"], "min", 6))(examples)
    [finding] = check_paths([examples / BLOCS]).findings
    assert Path(finding.file).name == LIBRARY
    assert (finding.line, finding.column) > (1, 1)


def test_a_file_checked_alone_resolves_against_its_neighbours() -> None:
    result = check_paths([EXAMPLES / BLOCS])
    assert result.findings == []
    assert [r.key for r in result.referentials] == ["exemple-blocs@2024"]
    assert result.referentials[0].units[0].id == "ACC"


def test_errors_in_one_file_do_not_stop_the_others(examples: Path) -> None:
    (examples / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    edit(DOMAINES, lambda d: set_in(d["vae"], "min_years", 13))(examples)
    result = check_paths([examples])
    assert {(Path(f.file).name, f.code) for f in result.findings} == {("broken.yaml", "CQP001"), (DOMAINES, "CQP110")}
    assert [r.key for r in result.referentials] == ["exemple-blocs@2024"]


def test_a_reference_into_an_unreadable_file_names_it_and_nothing_cascades(examples: Path) -> None:
    library = examples / LIBRARY
    library.write_text("kind: unit-library\nunits: [\n", encoding="utf-8")
    result = check_paths([examples / BLOCS])
    assert [(f.code, f.path) for f in result.findings] == [("CQP102", "$.units[0].ref")]
    assert f"(files that could not be read: {library})" in result.findings[0].message
