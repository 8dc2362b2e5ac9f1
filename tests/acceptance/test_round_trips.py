"""Round trips: print a document, fill it as a person would, decide; same decision as the YAML file.

Each case fills the blank PDF cqpengine prints (pypdf, or qpdf through pikepdf), decides it with
``cqp decide … filled.pdf`` and compares with ``cqp decide … candidate.yaml`` written by hand for
the same answers — including evaluators who disagree and answers left blank.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cqpengine.model import competences
from tests.support.builds import built
from tests.support.forms import (
    SECRET_NAME,
    assert_no_name,
    decision_json,
    fill_with_pikepdf,
    fill_with_pypdf,
    run,
    tick_twice,
    write_candidate,
)
from tests.support.helpers import referential

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def blanks(full_build: Path) -> dict[str, Path]:
    """The blank PDFs, as ``cqp build`` prints them (the session's shared build: read only)."""
    cases = {
        "guide-domaines": ("assistant-commercial@2013", "guide-entretien"),
        "guide-blocs": ("gestionnaire-parcours@RNCP", "guide-entretien"),
        "livret": ("assistant-commercial@2013", "livret-evaluation-finale"),
        "dossier": ("charge-accueil@2013", "dossier-vae"),
    }
    return {name: built(full_build, key, doc) for name, (key, doc) in cases.items()}


def same_decision(kind: str, pdf: Path, candidate: Path) -> Any:
    from_pdf = decision_json(kind, pdf)
    from_yaml = decision_json(kind, candidate)
    assert from_pdf[0] == 0, from_pdf[1]
    assert from_pdf == from_yaml
    return from_pdf[1]


# --- guide d'entretien, domaines ------------------------------------------------------------------

DOMAINES = {
    "D1": ("en-totalite", "en-totalite"),
    "D2": ("en-totalite", "en-totalite"),
    "D3": ("partiellement", "pas-du-tout"),
    "D4": ("en-totalite", "en-totalite"),
    "D5": ("partiellement", "partiellement"),
}


def guide_domaines_values(left_out: str | None = None) -> dict[str, str]:
    values = {
        "ge.candidat.nom": SECRET_NAME,
        "ge.date": "05/02/2024",
        "ge.experience": "4,5",
        "ge.intervenant.nom": "Responsable formation",
    }
    for unit, (savoir_faire, savoirs) in DOMAINES.items():
        values[f"ge.{unit}.savoir_faire"] = savoir_faire
        values[f"ge.{unit}.savoirs"] = savoirs
    values.pop(left_out or "", None)
    return values


def guide_domaines_yaml(left_out: tuple[str, str] | None = None) -> dict[str, Any]:
    assessment: dict[str, Any] = {u: {"savoir_faire": a, "savoirs": b} for u, (a, b) in DOMAINES.items()}
    if left_out:
        del assessment[left_out[0]][left_out[1]]
    return {
        "certification": {"id": "assistant-commercial", "version": "2013"},
        "candidate": {"name": SECRET_NAME},
        "interview_date": "2024-02-05",
        "interviewer": "Responsable formation",
        "experience_years": 4.5,
        "self_assessment": assessment,
    }


def test_guide_domaines_round_trip(blanks: dict[str, Path], tmp_path: Path) -> None:
    pdf = fill_with_pypdf(blanks["guide-domaines"], tmp_path / "filled.pdf", guide_domaines_values())
    decision = same_decision("orientation", pdf, write_candidate(tmp_path / "c.yaml", guide_domaines_yaml()))
    assert decision["route"] == "formation"
    assert decision["units"] == {"D1": "direct", "D2": "direct", "D3": "formation", "D4": "direct", "D5": "formation"}


def test_guide_answer_left_blank_is_named_not_guessed(blanks: dict[str, Path], tmp_path: Path) -> None:
    pdf = fill_with_pypdf(blanks["guide-domaines"], tmp_path / "filled.pdf", guide_domaines_values("ge.D3.savoirs"))
    code, stderr = decision_json("orientation", pdf)
    yaml_code, yaml_stderr = decision_json(
        "orientation", write_candidate(tmp_path / "c.yaml", guide_domaines_yaml(("D3", "savoirs")))
    )
    assert (code, yaml_code) == (1, 1)
    assert "CQP209" in stderr and "[at ge.D3.savoirs]" in stderr
    assert "CQP206" in yaml_stderr  # the same gap, in a candidate file: part not assessed
    assert SECRET_NAME not in stderr


def test_two_answers_on_one_scale_are_refused(blanks: dict[str, Path], tmp_path: Path) -> None:
    filled = fill_with_pypdf(blanks["guide-domaines"], tmp_path / "filled.pdf", guide_domaines_values())
    pdf = tick_twice(filled, tmp_path / "twice.pdf", "ge.D1.savoirs")
    code, stderr = decision_json("orientation", pdf)
    assert code == 1 and "CQP210" in stderr and "[at ge.D1.savoirs]" in stderr


# --- guide d'entretien, blocs ---------------------------------------------------------------------


def guide_blocs_case() -> tuple[dict[str, str], dict[str, Any]]:
    """The values to type in the guide of a blocs CQP, and the candidate file that says the same."""
    ref = referential("gestionnaire-parcours@RNCP")
    values = {"ge.candidat.nom": SECRET_NAME, "ge.experience": "2 ans", "ge.date": "2024-04-10"}
    assessment: dict[str, dict[str, str]] = {}
    for unit in ref.units:
        for competence in competences(unit):
            answer = "partiellement" if competence["id"] == "GP-B4.A2.C2" else "oui"
            values[f"ge.{competence['id']}.auto-evaluation"] = answer
            assessment.setdefault(unit.id, {})[str(competence["id"])] = answer
    candidate = {
        "certification": {"id": "gestionnaire-parcours", "version": "RNCP"},
        "candidate": {"name": SECRET_NAME},
        "interview_date": "2024-04-10",
        "experience_years": 2,
        "self_assessment": assessment,
    }
    return values, candidate


def test_guide_blocs_round_trip(blanks: dict[str, Path], tmp_path: Path) -> None:
    values, candidate = guide_blocs_case()
    pdf = fill_with_pypdf(blanks["guide-blocs"], tmp_path / "filled.pdf", values)
    decision = same_decision("orientation", pdf, write_candidate(tmp_path / "c.yaml", candidate))
    assert decision["route"] == "formation" and decision["units"]["GP-B4"] == "formation"


# --- livret d'évaluation finale -------------------------------------------------------------------

LIVRET = {
    "lf.candidat.nom": SECRET_NAME,
    "lf.jury.date": "20/06/2024",
    "lf.D1.avis.evaluateur-1": "maitrisee",
    "lf.D1.avis.evaluateur-2": "maitrisee",
    "lf.D2.avis.evaluateur-1": "maitrisee",
    "lf.D2.avis.evaluateur-2": "non-maitrisee",  # the evaluators disagree
    "lf.D4.avis.evaluateur-1": "maitrisee",
    "lf.D4.avis.evaluateur-2": "maitrisee",
    "lf.jury.D3.acquis-le": "15/06/2021",
    "lf.jury.D5.acquis-le": "12/06/2018",
}
LIVRET_YAML = {
    "certification": {"id": "assistant-commercial", "version": "2013"},
    "candidate": {"name": SECRET_NAME},
    "jury_date": "2024-06-20",
    "route": "formation",
    "evaluations": {
        "D1": ["maitrisee", "maitrisee"],
        "D2": ["maitrisee", "non-maitrisee"],
        "D4": ["maitrisee", "maitrisee"],
    },
    "acquired_earlier": {"D3": "2021-06-15", "D5": "2018-06-12"},
}


def test_livret_round_trip_with_evaluators_who_disagree(blanks: dict[str, Path], tmp_path: Path) -> None:
    pdf = fill_with_pypdf(blanks["livret"], tmp_path / "filled.pdf", LIVRET)
    decision = same_decision("jury", pdf, write_candidate(tmp_path / "c.yaml", LIVRET_YAML))
    assert decision["delivery"] == "partielle"
    assert sorted(decision["acquired"]) == ["D1", "D3", "D4"] and "D2" in decision["missing"]


@pytest.mark.parametrize("by_export_value", [False, True], ids=["index", "export-value"])
def test_livret_filled_by_qpdf_gives_the_same_decision(
    blanks: dict[str, Path], tmp_path: Path, by_export_value: bool
) -> None:
    # pikepdf writes the values through qpdf: nothing of pypdf is involved in the filling.
    pdf = fill_with_pikepdf(blanks["livret"], tmp_path / "filled.pdf", LIVRET, by_export_value=by_export_value)
    same_decision("jury", pdf, write_candidate(tmp_path / "c.yaml", LIVRET_YAML))


def test_livret_one_opinion_missing_is_named(blanks: dict[str, Path], tmp_path: Path) -> None:
    values = {k: v for k, v in LIVRET.items() if k != "lf.D4.avis.evaluateur-2"}
    code, stderr = decision_json("jury", fill_with_pypdf(blanks["livret"], tmp_path / "filled.pdf", values))
    assert code == 1 and "[at lf.D4.avis.evaluateur-2]" in stderr
    partial = {**LIVRET_YAML, "evaluations": {**LIVRET_YAML["evaluations"], "D4": ["maitrisee"]}}
    assert decision_json("jury", write_candidate(tmp_path / "c.yaml", partial))[0] == 1


def test_livret_date_that_cannot_be_read_is_named(blanks: dict[str, Path], tmp_path: Path) -> None:
    values = {**LIVRET, "lf.jury.date": "le 20 juin"}
    code, stderr = decision_json("jury", fill_with_pypdf(blanks["livret"], tmp_path / "filled.pdf", values))
    assert code == 1 and "field 'lf.jury.date' is not a date" in stderr and "juin" not in stderr


# --- dossier de recevabilité VAE ------------------------------------------------------------------

DOSSIER = {
    "vae.candidat.nom": "Quasimodo-Secret",
    "vae.candidat.prenom": "Zéphyrine",
    "vae.demande.date": "15/03/2024",
    "vae.emploi-1.intitule": "Chargée d'accueil en agence",
    "vae.emploi-1.employeur": "Mutuelle des Exemples",
    "vae.emploi-1.secteur": "mutualite",
    "vae.emploi-1.statut": "salarie",
    "vae.emploi-1.debut": "01/09/2010",
    "vae.emploi-1.fin": "31/08/2013",
    "vae.emploi-1.temps-complet": "oui",
    "vae.emploi-1.piece.attestation-employeur": "oui",
    "vae.emploi-1.nature": "oui",
    "vae.emploi-2.intitule": "Conseillère accueil téléphonique",
    "vae.emploi-2.secteur": "mutualite",
    "vae.emploi-2.statut": "benevole",
    "vae.emploi-2.debut": "01/01/2019",
    "vae.emploi-2.temps-complet": "non",
    "vae.emploi-2.temps-partiel": "50 %",
    "vae.emploi-2.piece.attestation-association": "oui",
    "vae.emploi-2.signatures.attestation-association": "2",
    "vae.emploi-2.nature": "oui",
    "vae.emploi-3.intitule": "Guichetière en banque",
    "vae.emploi-3.secteur": "autre",
    "vae.emploi-3.statut": "salarie",
    "vae.emploi-3.debut": "2016-01-01",
    "vae.emploi-3.fin": "2016-12-31",
    "vae.emploi-3.temps-complet": "oui",
    "vae.emploi-3.piece.bulletins-salaire": "oui",
    "vae.emploi-3.nature": "non",  # the centre judged it is not of the nature required
}
DOSSIER_YAML = {
    "certification": {"id": "charge-accueil", "version": "2013"},
    "candidate": {"name": "Zéphyrine Quasimodo-Secret"},
    "request_date": "2024-03-15",
    "activities": [
        {
            "title": "Chargée d'accueil en agence",
            "organisation": "Mutuelle des Exemples",
            "sector": "mutualite",
            "status": "salarie",
            "matches_nature": True,
            "start": "2010-09-01",
            "end": "2013-08-31",
            "evidence": ["attestation-employeur"],
        },
        {
            "title": "Conseillère accueil téléphonique",
            "sector": "mutualite",
            "status": "benevole",
            "matches_nature": True,
            "start": "2019-01-01",
            "time_percent": 50,
            "evidence": [{"id": "attestation-association", "signatures": 2}],
        },
        {
            "title": "Guichetière en banque",
            "sector": "autre",
            "status": "salarie",
            "matches_nature": False,
            "start": "2016-01-01",
            "end": "2016-12-31",
            "evidence": ["bulletins-salaire"],
        },
    ],
}


def test_dossier_vae_round_trip(blanks: dict[str, Path], tmp_path: Path) -> None:
    pdf = fill_with_pypdf(blanks["dossier"], tmp_path / "filled.pdf", DOSSIER)
    decision = same_decision("vae", pdf, write_candidate(tmp_path / "c.yaml", DOSSIER_YAML))
    assert [a["counted"] for a in decision["activities"]] == [True, True, False]


def test_dossier_without_the_centres_judgement_asks_for_it(blanks: dict[str, Path], tmp_path: Path) -> None:
    values = {k: v for k, v in DOSSIER.items() if k != "vae.emploi-2.nature"}
    code, stderr = decision_json("vae", fill_with_pypdf(blanks["dossier"], tmp_path / "filled.pdf", values))
    assert code == 1
    assert "[at vae.emploi-2.nature]" in stderr and "judgement" in stderr
    assert_no_name(stderr)
    assert "Mutuelle" not in stderr


def test_extract_writes_the_candidate_file_only_where_asked(blanks: dict[str, Path], tmp_path: Path) -> None:
    from cqpengine.decisions.candidate import load_candidate
    from cqpengine.decisions.kinds import KINDS

    pdf = fill_with_pypdf(blanks["dossier"], tmp_path / "filled.pdf", DOSSIER)
    before = sorted(p.name for p in tmp_path.iterdir())
    out = tmp_path / "out" / "candidate.yaml"
    result = run("extract", str(pdf), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert_no_name(result.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == [*before, "out"] and [
        p.name for p in out.parent.iterdir()
    ] == ["candidate.yaml"]
    candidate, findings = load_candidate(out, KINDS["vae"].schema, KINDS["vae"].description)
    assert candidate is not None and findings == []  # valid against the candidate schema
    assert decision_json("vae", out) == decision_json("vae", pdf)
    assert run("extract", str(pdf), "-o", str(pdf)).exit_code == 2  # never over its input
