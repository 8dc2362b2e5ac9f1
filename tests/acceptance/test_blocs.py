"""Bloc by bloc: a candidate who targets one bloc or some blocs (the commission paritaire decides), or
all of them (the final jury), and an earlier unit shown by its credential at a later jury of a later
version — each decided from a candidate YAML file and from the filled PDF, with the same outcome.

The referentials are ``tests/data/commission/``: exemple-commission@2026 (three blocs; the jury for
the whole CQP, a commission paritaire on dossier for some blocs) supersedes exemple-commission@2020
(two domaines): D1 gives C1 with ``coverage: totale``, D2 gives C2 only ``partielle``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cqpengine.cli import cli
from cqpengine.documents.rendering import Renderer, html_to_pdf
from cqpengine.model import competences
from tests.support.credentials import (
    KeyPair,
    assert_every_credential_valid,
    assert_valid_ob3,
    independent_verify,
    key_pair,
)
from tests.support.forms import SECRET_NAME, fill_with_pypdf, write_candidate
from tests.support.helpers import DATA, referential

pytestmark = pytest.mark.slow

FOLDER = DATA / "commission"
REFS = ["--referentials", str(FOLDER)]
KEY = "exemple-commission@2026"


@pytest.fixture(scope="session")
def blanks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The blank guide d'entretien and livret of exemple-commission@2026, as cqp build prints them."""
    folder = tmp_path_factory.mktemp("blank")
    out = {}
    for document in ("guide-entretien", "livret-evaluation-finale"):
        html = Renderer().html(referential(KEY, FOLDER), document)
        out[document] = folder / f"{document}.pdf"
        out[document].write_bytes(html_to_pdf(html))
    return out


def decide(kind: str, path: Path, *extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["decide", kind, str(path), "--format", "json", *REFS, *extra])
    assert result.exit_code == 0, result.output
    assert SECRET_NAME not in result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def both(kind: str, pdf: Path, candidate: Path, *extra: str) -> dict[str, Any]:
    """The decision on the filled PDF, checked to be the decision on the YAML file."""
    from_pdf, from_yaml = decide(kind, pdf, *extra), decide(kind, candidate, *extra)
    assert from_pdf == from_yaml
    return from_pdf


# --- one bloc: the guide d'entretien covers it alone, the commission decides -----------------------


def guide_values(targeted: list[str], answers: dict[str, str]) -> dict[str, str]:
    values = {"ge.candidat.nom": SECRET_NAME, "ge.date": "10/01/2026", "ge.experience": "2"}
    values.update({f"ge.{unit}.vise": "oui" for unit in targeted})
    for unit in referential(KEY, FOLDER).units:
        for competence in competences(unit):
            if unit.id in answers:
                values[f"ge.{competence['id']}.auto-evaluation"] = answers[unit.id]
    return values


def test_orientation_for_one_bloc_covers_it_alone(blanks: dict[str, Path], tmp_path: Path) -> None:
    pdf = fill_with_pypdf(
        blanks["guide-entretien"], tmp_path / "guide.pdf", guide_values(["C3"], {"C3": "oui", "C1": "non"})
    )
    candidate = {
        "certification": {"id": "exemple-commission"},
        "candidate": {"name": SECRET_NAME},
        "interview_date": "2026-01-10",
        "experience_years": 2,
        "targeted_units": ["C3"],
        "self_assessment": {"C3": {"C3.A1.C1": "oui"}},
    }
    decision = both("orientation", pdf, write_candidate(tmp_path / "guide.yaml", candidate))
    # Only the targeted bloc: C1's answer (not targeted) is left aside, C2 not being assessed is no error.
    assert decision["targeted_units"] == ["C3"] and list(decision["units"]) == ["C3"]
    assert decision["route"] == "vae" and decision["unit_routes"] == {"C3": "vae"}
    assert decision["decided_by"] == "commission"
    assert decision["decided_by_words"].startswith("Si le candidat ne vise qu'un ou plusieurs blocs")


def test_orientation_gives_each_targeted_bloc_its_route(tmp_path: Path) -> None:
    candidate = {
        "certification": {"id": "exemple-commission"},
        "candidate": {"name": SECRET_NAME},
        "experience_years": 0.5,  # under the VAE minimum: direct evaluation or training, bloc by bloc
        "targeted_units": ["C2", "C3"],
        "self_assessment": {"C2": "oui", "C3": "partiellement"},
    }
    decision = decide("orientation", write_candidate(tmp_path / "guide.yaml", candidate))
    assert decision["unit_routes"] == {"C2": "direct", "C3": "formation"}
    text = CliRunner().invoke(cli, ["decide", "orientation", str(tmp_path / "guide.yaml"), *REFS]).stdout
    assert "Unités visées : Bloc de compétences 2 (C2) et Bloc de compétences 3 (C3)" in text
    assert "Qui décide : Commission paritaire" in text


def livret_values(targeted: list[str], opinions: dict[str, tuple[str, str]], **fields: str) -> dict[str, str]:
    values = {"lf.candidat.nom": SECRET_NAME, "lf.jury.date": "20/03/2026", **fields}
    values.update({f"lf.{unit}.vise": "oui" for unit in targeted})
    for unit, (first, second) in opinions.items():
        values[f"lf.{unit}.avis.evaluateur-1"] = first
        values[f"lf.{unit}.avis.evaluateur-2"] = second
    return values


def livret_yaml(targeted: list[str] | None, opinions: dict[str, tuple[str, str]], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "certification": {"id": "exemple-commission", "version": "2026"},
        "candidate": {"name": SECRET_NAME},
        "jury_date": "2026-03-20",
        "route": "formation",
    }
    if targeted:
        data["targeted_units"] = targeted
    data["evaluations"] = {unit: list(pair) for unit, pair in opinions.items()}
    data.update(extra)
    return data


MASTERED = ("maitrisee", "maitrisee")
NOT_MASTERED = ("maitrisee", "non-maitrisee")


def test_commission_for_one_bloc_and_its_credential(blanks: dict[str, Path], tmp_path: Path, keys: KeyPair) -> None:
    pdf = fill_with_pypdf(
        blanks["livret-evaluation-finale"], tmp_path / "livret.pdf", livret_values(["C3"], {"C3": MASTERED})
    )
    candidate = write_candidate(tmp_path / "c.yaml", livret_yaml(["C3"], {"C3": MASTERED}))
    decision = both("commission", pdf, candidate)
    assert (decision["decision"], decision["decided_by"]) == ("commission", "commission")
    assert decision["targeted_units"] == ["C3"]
    assert decision["delivery"] == "partielle"
    assert decision["acquired"] == {"C3": "2031-03-20"} and decision["missing"] == []
    assert list(decision["units"]) == ["C3"]  # C1 and C2 are neither missing nor not acquired
    # The jury is not the body for one bloc, and says who is.
    refused = CliRunner().invoke(cli, ["decide", "jury", str(candidate), *REFS])
    assert refused.exit_code == 1
    assert (
        "error CQP212: the candidate targets only some units of exemple-commission@2026: "
        "the commission paritaire decides (cqp decide commission)"
    ) in refused.stderr
    # The commission's credential: C3 only, until the end of its partial validity.
    out = tmp_path / "credentials"
    result = CliRunner().invoke(
        cli, ["decide", "commission", str(pdf), *REFS, "--credentials", str(out), "--key", str(keys.private)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["C3.json", "C3.jwt"]
    assert assert_every_credential_valid(out, keys.public_key) == 2
    _header, payload = independent_verify((out / "C3.jwt").read_text(encoding="ascii"), keys.public_key)
    assert_valid_ob3(payload)
    assert payload["validUntil"] == "2031-03-20T23:59:59Z"
    assert "Commission paritaire" in payload["description"]


def test_commission_for_some_blocs(blanks: dict[str, Path], tmp_path: Path) -> None:
    opinions = {"C2": MASTERED, "C3": NOT_MASTERED}
    pdf = fill_with_pypdf(
        blanks["livret-evaluation-finale"], tmp_path / "livret.pdf", livret_values(["C2", "C3"], opinions)
    )
    decision = both("commission", pdf, write_candidate(tmp_path / "c.yaml", livret_yaml(["C2", "C3"], opinions)))
    assert decision["targeted_units"] == ["C2", "C3"]
    assert decision["acquired"] == {"C2": "2031-03-20"} and decision["missing"] == ["C3"]
    assert "C1" not in decision["units"]
    text = CliRunner().invoke(cli, ["decide", "commission", str(tmp_path / "c.yaml"), *REFS]).stdout
    assert text.startswith("Décision de la commission paritaire\n")
    assert "Validation : VALIDATION PARTIELLE (BLOCS DE COMPÉTENCES ACQUIS)" in text
    html = CliRunner().invoke(cli, ["decide", "commission", str(tmp_path / "c.yaml"), *REFS, "--format", "html"])
    assert "Fiche de décision de la commission paritaire" in html.stdout
    assert "Bloc de compétences 2 (C2) et Bloc de compétences 3 (C3)" in html.stdout


def test_jury_for_all_blocs(blanks: dict[str, Path], tmp_path: Path) -> None:
    opinions = {"C1": MASTERED, "C2": MASTERED, "C3": NOT_MASTERED}
    pdf = fill_with_pypdf(blanks["livret-evaluation-finale"], tmp_path / "livret.pdf", livret_values([], opinions))
    candidate = write_candidate(tmp_path / "c.yaml", livret_yaml(None, opinions))
    decision = both("jury", pdf, candidate)
    assert (decision["decision"], decision["decided_by"]) == ("jury", "jury")
    assert decision["targeted_units"] == ["C1", "C2", "C3"]
    assert decision["delivery"] == "partielle" and decision["missing"] == ["C3"]
    # Ticking every bloc is targeting the whole CQP: still the jury.
    every = fill_with_pypdf(
        blanks["livret-evaluation-finale"], tmp_path / "every.pdf", livret_values(["C1", "C2", "C3"], opinions)
    )
    assert decide("jury", every)["delivery"] == "partielle"
    refused = CliRunner().invoke(cli, ["decide", "commission", str(candidate), *REFS])
    assert (
        refused.exit_code == 1
        and "the candidate targets every unit of exemple-commission@2026: the final jury decides" in (refused.stderr)
    )


# --- an earlier credential at a later jury of a later version --------------------------------------


@pytest.fixture(scope="session")
def earlier(tmp_path_factory: pytest.TempPathFactory, keys: KeyPair) -> Path:
    """The folder of a candidate who acquired D1 and D2 at a 2022 jury of exemple-commission@2020."""
    folder = tmp_path_factory.mktemp("candidate")
    first = write_candidate(
        folder / "jury-2022.yaml",
        {
            "certification": {"id": "exemple-commission", "version": "2020"},
            "candidate": {"name": SECRET_NAME, "identifier": "C-2022-0042"},
            "jury_date": "2022-06-15",
            "evaluations": {"D1": list(MASTERED), "D2": list(MASTERED)},
        },
    )
    out = folder / "attestations"
    result = CliRunner().invoke(
        cli, ["decide", "jury", str(first), *REFS, "--credentials", str(out), "--key", str(keys.private)]
    )
    assert result.exit_code == 0, result.output
    assert assert_every_credential_valid(out, keys.public_key) == 4
    return folder


def test_the_earlier_credentials_name_the_centres_identifier_only(earlier: Path) -> None:
    payload = json.loads((earlier / "attestations" / "D1.json").read_text(encoding="utf-8"))
    assert payload["credentialSubject"]["identifier"][0]["identityHash"] == "C-2022-0042"
    assert SECRET_NAME not in json.dumps(payload)
    assert_valid_ob3(payload)


def test_earlier_credentials_carried_through_a_total_equivalence_reported_otherwise(
    blanks: dict[str, Path], earlier: Path, keys: KeyPair
) -> None:
    opinions = {"C3": MASTERED}
    candidate = write_candidate(
        earlier / "jury-2026.yaml",
        livret_yaml(
            None,
            opinions,
            acquired_earlier={
                "exemple-commission@2020#D1": "attestations/D1.jwt",
                "exemple-commission@2020#D2": "attestations/D2.jwt",
            },
        ),
    )
    # In the livret, each credential is written in the "acquise le" field of the bloc it stands for.
    values = livret_values(
        [], opinions, **{"lf.jury.C1.acquis-le": "attestations/D1.jwt", "lf.jury.C2.acquis-le": "attestations/D2.jwt"}
    )
    pdf = fill_with_pypdf(blanks["livret-evaluation-finale"], earlier / "livret-2026.pdf", values)
    decision = both("jury", pdf, candidate, "--public-key", str(keys.public))
    # D1 → C1 is total: C1 counts from the 2022 jury; D2 → C2 is partial: reported, not carried.
    assert decision["acquired"]["C1"] == "2027-06-15"
    assert decision["units"]["C1"]["since"] == "2022-06-15" and decision["units"]["C1"]["equivalence"] is not None
    assert decision["missing"] == ["C2"]
    statuses = {o["unit"]: o["status"] for o in decision["earlier_versions"]}
    assert statuses == {"exemple-commission@2020#D1": "carried", "exemple-commission@2020#D2": "partial"}
    # The same, given as dates, is decided the same way: the credential is carried as a dated acquisition is.
    dated = write_candidate(
        earlier / "dated.yaml",
        livret_yaml(
            None,
            opinions,
            acquired_earlier={"exemple-commission@2020#D1": "2022-06-15", "exemple-commission@2020#D2": "2022-06-15"},
        ),
    )
    assert decide("jury", dated) == decision


def test_an_earlier_credential_that_does_not_verify_is_a_finding(earlier: Path, tmp_path: Path, keys: KeyPair) -> None:
    other = key_pair(tmp_path, "other")
    candidate = write_candidate(
        earlier / "wrong-key.yaml",
        livret_yaml(None, {"C3": MASTERED}, acquired_earlier={"exemple-commission@2020#D1": "attestations/D1.jwt"}),
    )
    result = CliRunner().invoke(cli, ["decide", "jury", str(candidate), *REFS, "--public-key", str(other.public)])
    assert result.exit_code == 1
    assert "error CQP211: credential attestations/D1.jwt is not valid: the signature does not verify" in result.stderr
    misnamed = write_candidate(
        earlier / "misnamed.yaml",
        livret_yaml(None, {"C3": MASTERED}, acquired_earlier={"exemple-commission@2020#D2": "attestations/D1.jwt"}),
    )
    result = CliRunner().invoke(cli, ["decide", "jury", str(misnamed), *REFS, "--public-key", str(keys.public)])
    assert result.exit_code == 1
    assert (
        "error CQP211: credential attestations/D1.jwt is for exemple-commission@2020#D1, not for "
        "exemple-commission@2020#D2: give it under its own unit"
    ) in result.stderr
    outside = write_candidate(
        earlier / "outside.yaml",
        livret_yaml(None, {"C3": MASTERED}, acquired_earlier={"exemple-commission@2020#D1": "../../etc/D1.jwt"}),
    )
    result = CliRunner().invoke(cli, ["decide", "jury", str(outside), *REFS, "--public-key", str(other.public)])
    assert result.exit_code == 1 and "CQP010" in result.stderr  # the schema refuses a path leaving the folder


def test_a_commission_counts_units_carried_from_the_earlier_version_without_targeting_them(tmp_path: Path) -> None:
    candidate = write_candidate(
        tmp_path / "c.yaml",
        livret_yaml(
            ["C3"],
            {"C3": MASTERED},
            acquired_earlier={"exemple-commission@2020#D1": "2022-06-15", "exemple-commission@2020#D2": "2022-06-15"},
        ),
    )
    decision = decide("commission", candidate)
    # C1 comes from D1 (total equivalence) and stays acquired; C2 (partial) is reported, not missing.
    assert decision["acquired"] == {"C1": "2027-06-15", "C3": "2031-03-20"}
    assert decision["missing"] == [] and "C2" not in decision["units"]
    assert {o["status"] for o in decision["earlier_versions"]} == {"carried", "partial"}
