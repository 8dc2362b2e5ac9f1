""" "Did you mean": every id an editor types, mistyped in a real referential, gets the closest ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cqpengine.checking import check_paths
from cqpengine.cli import cli
from cqpengine.suggest import did_you_mean
from tests.support.helpers import REFERENTIALS


def test_closest_ids_or_the_list_when_few() -> None:
    assert did_you_mean("RC-ACUEIL", ["RC-ACCUEIL", "RC-ORGANISATION"]) == " (did you mean 'RC-ACCUEIL'?)"
    assert did_you_mean("rc-accueil", ["RC-ACCUEIL"]) == " (did you mean 'RC-ACCUEIL'?)"  # case does not matter
    assert did_you_mean("zzz", ["a", "b"]) == " (known: a, b)"
    assert did_you_mean("zzz", [f"id-{n}" for n in range(20)]) == ""
    assert did_you_mean("x", []) == ""


def findings_after(tmp_path: Path, name: str, old: str, new: str) -> list[str]:
    folder = tmp_path / "referentials"
    shutil.copytree(REFERENTIALS, folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [f"{f.code}: {f.message}" for f in check_paths([path]).findings if f.severity == "error"]


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        (
            "charge_accueil.yaml",
            "- ref: blocs-relation-clients#RC-ACCUEIL",
            "- ref: blocs-relation-clients#RC-ACUEIL",
            "CQP102: reference 'blocs-relation-clients#RC-ACUEIL': 'blocs-relation-clients' has no unit 'RC-ACUEIL' "
            "(did you mean 'RC-ACCUEIL'?)",
        ),
        (
            "charge_accueil.yaml",
            "- ref: blocs-relation-clients#RC-ACCUEIL",
            "- ref: bloc-relation-clients#RC-ACCUEIL",
            "CQP102: reference 'bloc-relation-clients#RC-ACCUEIL': no referential 'bloc-relation-clients' in the "
            "workspace (did you mean 'blocs-relation-clients'?)",
        ),
        (
            "charge_accueil.yaml",
            "      to: [RC-ORGANISATION]",
            "      to: [RC-ORGANISATON]",
            "CQP104: this version has no unit 'RC-ORGANISATON' (did you mean 'RC-ORGANISATION'?)",
        ),
        (
            "charge_accueil.yaml",
            '  version: "2013"',
            '  version: "2031"',
            "CQP103: supersedes charge-accueil@2031, which is not in the workspace (did you mean 'charge-accueil@2013'",
        ),
        (
            "gestionnaire_parcours.yaml",
            "  orientation: oui-non-partiellement",
            "  orientation: oui-non-partielement",
            "CQP111: orientation uses scale 'oui-non-partielement', which is not defined "
            "(did you mean 'oui-non-partiellement'?)",
        ),
        (
            "gestionnaire_parcours.yaml",
            "    units: [GP-B3, GP-B4, GP-B5]",
            "    units: [GP-B3, GP-B4, GP-B55]",
            "CQP119: documented gap names unit 'GP-B55', which this certification does not have (did you mean 'GP-B5'",
        ),
    ],
)
def test_mistyped_id_gets_the_closest_ones(tmp_path: Path, name: str, old: str, new: str, expected: str) -> None:
    findings = findings_after(tmp_path, name, old, new)
    assert any(message.startswith(expected) for message in findings), findings


@pytest.mark.parametrize("command", [["build", "--doc", "livret-suvi"], ["render", "x.yaml", "--doc", "livret-suvi"]])
def test_mistyped_document_name(command: list[str]) -> None:
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 2
    assert "unknown document 'livret-suvi' (did you mean 'livret-suivi'?)" in result.stderr
