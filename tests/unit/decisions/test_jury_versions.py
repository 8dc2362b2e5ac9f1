"""``cqp decide jury`` across versions: units of charge-accueil@2013 carried into the RNCP version.

The shipped ``charge-accueil@RNCP`` states no coverage for its equivalences (no source does: the
branch has to decide), so nothing is carried from it. The carrying itself is tested on a copy of the
referentials in which the coverage is stated, as the branch would write it: D4 → bloc 3 total, the
four other domaines partial.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cqpengine.cli import cli
from tests.support.decisions import EXAMPLES_DIR, REFERENTIALS_DIR, write_yaml

#: The coverage each mapping of charge-accueil@RNCP gets in the copy, by its ``from`` line.
STATED = {"[D1]": "partielle", "[D2]": "partielle", "[D3]": "partielle", "[D4]": "totale", "[D5]": "partielle"}


@pytest.fixture
def stated(tmp_path: Path) -> list[str]:
    """``--referentials`` of a copy of the referentials whose RNCP equivalences state their coverage."""
    folder = tmp_path / "referentials"
    shutil.copytree(REFERENTIALS_DIR, folder)
    path = folder / "charge_accueil.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    pending = dict(STATED)
    out: list[str] = []
    for line in lines:
        out.append(line)
        source = line.strip().removeprefix("- from: ")
        if line.startswith("    - from: ") and source in pending:
            out.append(f"      coverage: {pending.pop(source)}\n")
    assert not pending, f"mappings not found: {pending}"
    path.write_text("".join(out), encoding="utf-8")
    return ["--referentials", str(folder)]


def _jury(tmp_path: Path, earlier: dict[str, str], **extra: Any) -> Path:
    data = {
        "certification": {"id": "charge-accueil", "version": "RNCP"},
        "candidate": {"name": "Camille Exemple"},
        "jury_date": "2024-06-20",
        "route": "vae",
        "jury_assessments": {"RC-ACCUEIL": "acquis"},
        "acquired_earlier": earlier,
        **extra,
    }
    return write_yaml(tmp_path, "jury.yaml", data)


def _decide(path: Path, *options: str) -> Any:
    return CliRunner().invoke(cli, ["decide", "jury", str(path), *options])


def test_the_shipped_equivalences_carry_nothing_and_report_every_unit() -> None:
    result = _decide(
        EXAMPLES_DIR / "jury_charge_accueil_versions.yaml", "--format", "json", "--referentials", str(REFERENTIALS_DIR)
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["units"]["RC-ORGANISATION"]["decision"] == "non_acquis"
    outcomes = {o["unit"]: o for o in data["earlier_versions"]}
    assert {o["status"] for o in outcomes.values()} == {"unstated"}
    assert outcomes["charge-accueil@2013#D4"]["gives"] == []
    assert any("ne précise pas la portée" in reason and "Domaine 4 (D4)" in reason for reason in data["reasons"])
    assert data["delivery"] == "partielle" and data["missing"] == ["CA-B2", "RC-ORGANISATION", "CA-B4"]


def test_a_stated_total_equivalence_is_carried_and_a_partial_one_reported(stated: list[str]) -> None:
    result = _decide(EXAMPLES_DIR / "jury_charge_accueil_versions.yaml", "--format", "json", *stated)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    bloc3 = data["units"]["RC-ORGANISATION"]
    assert bloc3["decision"] == "acquis" and bloc3["since"] == "2021-06-15" and bloc3["valid_until"] == "2026-06-15"
    assert bloc3["equivalence"]["from"] == ["D4"] and bloc3["equivalence"]["coverage"] == "totale"
    assert "équivalence totale" in bloc3["reasons"][0]
    outcomes = {o["unit"]: o for o in data["earlier_versions"]}
    assert outcomes["charge-accueil@2013#D4"]["status"] == "carried"
    assert outcomes["charge-accueil@2013#D4"]["gives"] == ["RC-ORGANISATION"]
    partial = outcomes["charge-accueil@2013#D1"]
    assert partial["status"] == "partial" and partial["gives"] == []
    assert partial["equivalence"]["to"] == ["RC-ACCUEIL"] and partial["equivalence"]["coverage"] == "partielle"
    assert any("Domaine 1 (D1)" in reason and "partielle" in reason for reason in data["reasons"])
    assert data["delivery"] == "partielle" and data["missing"] == ["CA-B2", "CA-B4"]


def test_an_expired_earlier_unit_is_carried_then_expires(tmp_path: Path, stated: list[str]) -> None:
    path = _jury(tmp_path, {"charge-accueil@2013#D4": "2019-06-19"})
    data = json.loads(_decide(path, "--format", "json", *stated).stdout)
    bloc3 = data["units"]["RC-ORGANISATION"]
    assert bloc3["decision"] == "non_acquis"  # valid until 2024-06-19, the jury sits on 2024-06-20
    assert any("validité expirée" in reason for reason in bloc3["reasons"])


def test_every_partial_earlier_unit_is_reported_never_dropped(tmp_path: Path, stated: list[str]) -> None:
    earlier = {f"charge-accueil@2013#D{n}": "2022-01-10" for n in (1, 2, 3, 5)}
    data = json.loads(_decide(_jury(tmp_path, earlier), "--format", "json", *stated).stdout)
    assert sorted(o["unit"] for o in data["earlier_versions"]) == sorted(earlier)
    assert {o["status"] for o in data["earlier_versions"]} == {"partial"}
    assert data["units"]["CA-B4"]["decision"] == "non_acquis"


def test_unknown_versions_and_units_are_errors(tmp_path: Path) -> None:
    path = _jury(tmp_path, {"charge-accueil@2009#D4": "2021-06-15", "charge-accueil@2013#D9": "2021-06-15"})
    result = _decide(path, "--referentials", str(REFERENTIALS_DIR))
    assert result.exit_code == 1
    assert "charge-accueil@2009 is not the version charge-accueil@RNCP supersedes" in result.stderr
    assert "charge-accueil@2013 has no such unit (units: D1, D2, D3, D4, D5)" in result.stderr
    assert "Camille" not in result.stderr
