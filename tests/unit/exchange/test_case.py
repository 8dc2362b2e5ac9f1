"""``cqp export case`` and ``cqp import case``: CASE 1.1 packages, valid, stable and reversible.

Every package validates against the official 1EdTech schema with format checking (UUIDs,
date-times, dates, and each ``uri`` checked as a URI: the schema gives those no format); two
exports are byte-identical; reading a package back gives a referential that ``cqp diff`` finds
unchanged; equivalences across versions become ``replacedBy`` and ``isRelatedTo`` /
``exactMatchOf``; a shared unit keeps its identifier in every package.
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jsonschema import Draft201909Validator, FormatChecker

from cqpengine.app.compare import compare_referentials
from cqpengine.exchange import ExchangeError
from cqpengine.exchange.case import check_base_uri, export_package
from cqpengine.reporters.comparison import format_comparison
from tests.support.exchange import CASE_SCHEMA
from tests.support.helpers import REFERENTIALS, checked, cqp, referential

BASE = "https://referentiels.example.org/cqp"
KEYS = [ref.key for ref in checked(REFERENTIALS).referentials]


def _checker() -> FormatChecker:
    checker = FormatChecker()
    # Without rfc3986-validator / rfc3339-validator, jsonschema silently accepts any URI or date-time.
    for name, bad in (("uri", "not a uri"), ("date-time", "2020-13-45T99:00:00Z"), ("uuid", "1234")):
        assert name in checker.checkers, f"format {name!r} is not checked: install the test extra"
        assert not checker.conforms(bad, name), name
    return checker


def _uris(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "uri" and isinstance(child, str):
                yield child
            else:
                yield from _uris(child)
    elif isinstance(value, list):
        for child in value:
            yield from _uris(child)


def assert_valid_package(package: dict[str, Any]) -> None:
    checker = _checker()
    Draft201909Validator(CASE_SCHEMA, format_checker=checker).validate(package)
    uris = list(_uris(package))
    assert uris
    for uri in uris:
        checker.check(uri, "uri")
        assert uri.startswith(BASE + "/ims/case/v1p1/")


def _export(key: str) -> bytes:
    path = referential(key).file.path
    result = cqp("export", "case", path, "--base-uri", BASE)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.mark.parametrize("key", KEYS)
def test_every_package_is_valid_with_format_checking(key: str) -> None:
    assert_valid_package(json.loads(_export(key)))


def test_the_checks_can_fail() -> None:
    package = export_package(referential("charge-accueil@RNCP"), BASE)
    package["CFItems"][0]["identifier"] = "not-a-uuid"
    with pytest.raises(jsonschema.ValidationError):
        assert_valid_package(package)
    package = export_package(referential("charge-accueil@RNCP"), BASE)
    package["CFItems"][0]["uri"] = "http://exa mple.org/x"
    with pytest.raises(jsonschema.exceptions.FormatError):
        assert_valid_package(package)
    package = export_package(referential("charge-accueil@RNCP"), BASE)
    package["CFAssociations"][0]["associationType"] = "isCousinOf"
    with pytest.raises(jsonschema.ValidationError):
        assert_valid_package(package)


def test_two_exports_are_byte_identical() -> None:
    assert _export("charge-accueil@RNCP") == _export("charge-accueil@RNCP")


def test_identifiers_are_uuid5_of_the_base_uri_and_ids() -> None:
    package = export_package(referential("charge-accueil@RNCP"), BASE)
    document = package["CFDocument"]
    assert document["identifier"] == str(uuid.uuid5(uuid.NAMESPACE_URL, f"{BASE}#document:charge-accueil@RNCP"))
    assert document["uri"] == f"{BASE}/ims/case/v1p1/CFDocuments/{document['identifier']}"
    other = export_package(referential("charge-accueil@RNCP"), "https://other.example.org")
    assert other["CFDocument"]["identifier"] != document["identifier"]
    assert (document["language"], document["version"], document["adoptionStatus"]) == ("fr", "RNCP", "Adopted")
    assert document["subject"] == ["313t Instruction de dossiers, traitements de flux et de produits financiers"]
    assert document["creator"] == "CPNEFP de la Mutualité"  # certifier.name


def test_items_and_children_in_document_order() -> None:
    package = export_package(referential("charge-accueil@RNCP"), BASE)
    by_code = {item["humanCodingScheme"]: item for item in package["CFItems"]}
    assert by_code["Bloc 2"]["fullStatement"] == "Piloter son activité commerciale"
    assert by_code["Bloc 2"]["CFItemType"] == "Bloc de compétences"
    assert by_code["CA-B2.A1.C1"]["CFItemType"] == "Compétence"
    assert by_code["CA-B2.A1.C1.K1"]["CFItemType"] == "Critère d'évaluation"
    children = [
        (a["sequenceNumber"], a["originNodeURI"]["title"])
        for a in package["CFAssociations"]
        if a["associationType"] == "isChildOf"
        and a["destinationNodeURI"]["identifier"] == by_code["CA-B2.A1"]["identifier"]
    ]
    assert [n for n, _title in children] == [1, 2]
    assert children[0][1].startswith("Planifier son activité")
    units = sorted(
        (a["sequenceNumber"], a["originNodeURI"]["title"])
        for a in package["CFAssociations"]
        if a["destinationNodeURI"]["identifier"] == package["CFDocument"]["identifier"]
        and a["associationType"] == "isChildOf"
    )
    assert [n for n, _title in units] == [1, 2, 3, 4]


def test_superseded_version_and_equivalences_travel() -> None:
    package = export_package(referential("charge-accueil@RNCP"), BASE)
    old = export_package(referential("charge-accueil@2013"), BASE)
    replaced = [a for a in package["CFAssociations"] if a["associationType"] == "replacedBy"]
    assert len(replaced) == 1
    assert replaced[0]["originNodeURI"]["identifier"] == old["CFDocument"]["identifier"]
    assert replaced[0]["destinationNodeURI"]["identifier"] == package["CFDocument"]["identifier"]
    related = [a for a in package["CFAssociations"] if a["associationType"] == "isRelatedTo"]
    old_units = {item["identifier"]: item["humanCodingScheme"] for item in old["CFItems"]}
    # No coverage is stated in charge-accueil: every mapping is "related", none an exact match.
    assert sorted(old_units[a["originNodeURI"]["identifier"]] for a in related) == [
        "Domaine 1",
        "Domaine 2",
        "Domaine 3",
        "Domaine 3",
        "Domaine 4",
        "Domaine 5",
        "Domaine 5",
    ]
    assert not [a for a in package["CFAssociations"] if a["associationType"] == "exactMatchOf"]


def test_total_coverage_is_an_exact_match(tmp_path: Path) -> None:
    folder = tmp_path / "referentials"
    shutil.copytree(REFERENTIALS, folder)
    path = folder / "charge_accueil.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    - from: [D4]\n", "    - from: [D4]\n      coverage: totale\n"), encoding="utf-8")
    result = cqp("export", "case", path, "--base-uri", BASE)
    assert result.exit_code == 0, result.output
    package = json.loads(result.stdout)
    exact = [a for a in package["CFAssociations"] if a["associationType"] == "exactMatchOf"]
    assert len(exact) == 1
    assert exact[0]["notes"].startswith("L'organisation des activités et l'utilisation des outils")


def test_a_shared_unit_keeps_its_identifier_in_every_package() -> None:
    accueil = export_package(referential("charge-accueil@RNCP"), BASE)
    parcours = export_package(referential("gestionnaire-parcours@RNCP"), BASE)

    def shared(package: dict[str, Any]) -> set[str]:
        return {i["identifier"] for i in package["CFItems"] if i["extensions"]["cqpengine"].get("id") == "RC-ACCUEIL"}

    assert shared(accueil) == shared(parcours) and len(shared(accueil)) == 1


def test_rubric_of_the_final_grid() -> None:
    package = export_package(referential("assistant-commercial@2013"), BASE)
    (rubric,) = package["CFRubrics"]
    criterion = rubric["CFRubricCriteria"][0]
    assert criterion["category"] == "D1.CF1"
    assert [(level["quality"], level["description"]) for level in criterion["CFRubricCriterionLevels"]] == [
        ("OUI", "acquis"),
        ("NON", "non acquis"),
    ]
    assert len(rubric["CFRubricCriteria"]) == 17
    items = {item["identifier"] for item in package["CFItems"]}
    assert all(c["CFItemURI"]["identifier"] in items for c in rubric["CFRubricCriteria"])


@pytest.mark.parametrize("key", KEYS)
def test_import_of_an_export_shows_no_content_change(key: str, tmp_path: Path) -> None:
    original = referential(key)
    package = tmp_path / "package.json"
    package.write_bytes(_export(key))
    folder = tmp_path / "referentials"
    shutil.copytree(REFERENTIALS, folder)
    (folder / original.file.path.name).unlink()
    imported = folder / "imported.yaml"
    result = cqp("import", "case", package, "-o", imported)
    assert result.exit_code == 0, result.output
    assert cqp("validate", folder).exit_code == 0
    comparison = compare_referentials(original, referential(key, folder))
    assert comparison.identical, format_comparison(comparison)
    assert all(section.status == "unchanged" for section in comparison.units)
    assert not any(comparison.metadata.values())


def test_import_case_refuses_a_foreign_package(tmp_path: Path) -> None:
    package = export_package(referential("charge-accueil@RNCP"), BASE)
    del package["CFDocument"]["extensions"]
    path = tmp_path / "foreign.json"
    path.write_text(json.dumps(package), encoding="utf-8")
    result = cqp("import", "case", path)
    assert result.exit_code == 2
    assert "only packages written by cqp export case are read" in result.output


@pytest.mark.parametrize(
    "uri", ["ftp://example.org", "example.org/cqp", "https://example.org/?a=1", "https://exa mple.org"]
)
def test_base_uri_must_be_absolute_http(uri: str) -> None:
    with pytest.raises(ExchangeError):
        check_base_uri(uri)
    result = cqp("export", "case", REFERENTIALS / "charge_accueil.yaml", "--base-uri", uri)
    assert result.exit_code == 2


def test_several_versions_go_to_a_folder(tmp_path: Path) -> None:
    refused = cqp("export", "case", REFERENTIALS, "--base-uri", BASE)
    assert refused.exit_code == 2 and "give a folder with -o" in refused.output
    out = tmp_path / "out"
    result = cqp("export", "case", REFERENTIALS, "--base-uri", BASE, "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{key}.json" for key in KEYS)


def _mutated_package(tmp_path: Path, change: Any) -> Path:
    package = export_package(referential("charge-accueil@RNCP"), BASE)
    change(package)
    path = tmp_path / "package.json"
    path.write_text(json.dumps(package), encoding="utf-8")
    return path


def _item_of(package: dict[str, Any], code: str) -> dict[str, str]:
    item = next(i for i in package["CFItems"] if i["humanCodingScheme"] == code)
    return {"title": item["fullStatement"], "identifier": item["identifier"], "uri": item["uri"]}


def _cycle(package: dict[str, Any]) -> None:
    # An activity made the child of one of its own competences.
    package["CFAssociations"].append(
        {
            **package["CFAssociations"][0],
            "originNodeURI": _item_of(package, "CA-B2.A1"),
            "destinationNodeURI": _item_of(package, "CA-B2.A1.C1"),
        }
    )


def _two_parents(package: dict[str, Any]) -> None:
    package["CFAssociations"].append(
        {
            **package["CFAssociations"][0],
            "originNodeURI": _item_of(package, "CA-B2.A1.C1"),
            "destinationNodeURI": _item_of(package, "CA-B2.A2"),
        }
    )


def _chain(package: dict[str, Any]) -> None:
    # 50 nested activities under bloc 2: far deeper than any referential.
    parent = _item_of(package, "Bloc 2")
    template = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "CA-B2.A1")
    for n in range(50):
        identifier = str(uuid.uuid5(uuid.NAMESPACE_URL, f"chain{n}"))
        package["CFItems"].append({**template, "identifier": identifier})
        child = {"title": "x", "identifier": identifier, "uri": template["uri"]}
        package["CFAssociations"].append(
            {**package["CFAssociations"][0], "originNodeURI": child, "destinationNodeURI": parent, "sequenceNumber": 9}
        )
        parent = child


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_cycle, "is the child of two items or of itself"),
        (_two_parents, "is the child of two items or of itself"),
        (_chain, "nested deeper than 16"),
    ],
    ids=["cycle", "two-parents", "chain"],
)
def test_a_hostile_tree_is_one_line_exit_2(change: Any, expected: str, tmp_path: Path) -> None:
    result = cqp("import", "case", _mutated_package(tmp_path, change))
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1 and expected in result.output
