"""``cqp diff``: what changed between versions, and the equivalences between their units."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from cqpengine.cli import cli
from cqpengine.versions import compare
from tests.helpers import EXAMPLES, REFERENTIALS, checked, referential


def test_charge_accueil_2013_to_rncp() -> None:
    comparison = compare(referential("charge-accueil@2013"), referential("charge-accueil@RNCP"))
    data = comparison.to_json()
    assert data["from"] == "charge-accueil@2013" and data["to"] == "charge-accueil@RNCP"
    assert [m["from"] for m in data["equivalences"]] == [["D1"], ["D2"], ["D3"], ["D4"], ["D5"]]
    assert data["removed_units"] == ["D1", "D2", "D3", "D4", "D5"]
    assert data["added_units"] == ["RC-ACCUEIL", "CA-B2", "RC-ORGANISATION", "CA-B4"]
    changes = {(c["kind"], c["path"]) for c in data["changes"]}
    assert ("changed", "generation") in changes
    # Units that exist on one side only are listed once, not fact by fact.
    assert not any(c["path"].startswith(("[D1]", "[CA-B2]")) for c in data["changes"])
    # The rules both versions state in the same words are not reported as changes; the two jury rules
    # that speak of domaines are the 2013 version's only.
    process = [c["old"] for c in data["changes"] if c["path"].startswith("process")]
    assert len(process) == 2 and all("domaines de compétences" in rule for rule in process)
    vae = {c["path"] for c in data["changes"] if c["path"].startswith("vae")}
    assert vae == {"vae steps"}  # 003's steps speak of the 5 domaines: not carried to the blocs


def test_a_version_compared_with_itself_has_no_difference() -> None:
    ref = referential("assistant-commercial@2013")
    comparison = compare(ref, ref)
    assert comparison.changes == [] and comparison.added_units == [] and comparison.removed_units == []


def test_changes_inside_a_unit_are_reported_by_item_id(tmp_path: Path) -> None:
    folder = tmp_path / "ref"
    shutil.copytree(EXAMPLES, folder)
    path = folder / "exemple_domaines.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('version: "2013"', 'version: "2014"').replace("status: superseded", "status: draft")
    text = text.replace(
        "Organiser et suivre les activités commerciales de l'équipe de conseillers", "Organiser l'équipe"
    )
    text = text.replace(
        "Technique d'entretien}", "Technique d'entretien}\n      - {id: D2.S2, text: Techniques de vente}"
    )
    (folder / "exemple_domaines_2014.yaml").write_text(text, encoding="utf-8")
    result = checked(folder)
    refs = {r.key: r for r in result.referentials}
    comparison = compare(refs["exemple-domaines@2013"], refs["exemple-domaines@2014"])
    assert [c.to_json() for c in comparison.changes] == [
        {
            "kind": "changed",
            "path": "[D1] savoir_faire [D1.SF2] text",
            "old": "Organiser et suivre les activités commerciales de l'équipe de conseillers",
            "new": "Organiser l'équipe",
        },
        {"kind": "added", "path": "[D2] savoirs [D2.S2] text", "old": None, "new": "Techniques de vente"},
    ]
    assert comparison.equivalences == []  # 2014 declares no supersedes


def test_cli_diff_of_the_active_version(monkeypatch: object) -> None:
    result = CliRunner().invoke(cli, ["diff", "charge-accueil", "--referentials", str(REFERENTIALS)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("charge-accueil: 2013 → RNCP\n")
    assert "D4 (Organiser ses activités" in result.stdout
    assert "→ RC-ORGANISATION (Organiser ses activités et mobiliser les systèmes informatisés)" in result.stdout


def test_cli_diff_json() -> None:
    result = CliRunner().invoke(
        cli,
        ["diff", "charge-accueil@2013", "charge-accueil@RNCP", "--referentials", str(REFERENTIALS), "--format", "json"],
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["removed_units"] == ["D1", "D2", "D3", "D4", "D5"]


def test_cli_diff_errors() -> None:
    runner = CliRunner()
    unknown = runner.invoke(
        cli, ["diff", "charge-accueil@1999", "charge-accueil@RNCP", "--referentials", str(REFERENTIALS)]
    )
    assert unknown.exit_code == 2
    assert "unknown or invalid version charge-accueil@1999" in unknown.stderr
    first = runner.invoke(cli, ["diff", "teleconseiller", "--referentials", str(REFERENTIALS)])
    assert first.exit_code == 2
    assert "teleconseiller@2013 supersedes no other version" in first.stderr
    missing = runner.invoke(cli, ["diff", "x", "--referentials", "nowhere"])
    assert missing.exit_code == 2


def test_two_different_certifications_are_not_compared() -> None:
    result = CliRunner().invoke(
        cli, ["diff", "teleconseiller@2013", "assistant-commercial@2013", "--referentials", str(REFERENTIALS)]
    )
    assert result.exit_code == 2
    assert "two different certifications" in result.stderr


def test_a_backwards_comparison_says_so() -> None:
    result = CliRunner().invoke(
        cli, ["diff", "charge-accueil@RNCP", "charge-accueil@2013", "--referentials", str(REFERENTIALS)]
    )
    assert result.exit_code == 0
    assert "comparing from the newer version to the older" in result.stderr
