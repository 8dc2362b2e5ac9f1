"""Jury decision: evaluators' agreement, earlier acquisitions and their validity, delivery.

assistant-commercial@2013: opinions on the scale avis (maitrisee = acquired, non-maitrisee =
not acquired), partial validations valid 5 years.
"""

from __future__ import annotations

from datetime import date

import pytest

from cqpengine.decisions.jury import JuryDecision, JuryFile, decide_jury
from tests.support.decisions import referential, say, words

DOMAINES = ("D1", "D2", "D3", "D4", "D5")
JURY = date(2024, 6, 20)
BOTH = ("maitrisee", "maitrisee")


def decide(evaluations: dict[str, tuple[str, ...]], earlier: dict[str, date] | None = None) -> JuryDecision:
    jury = JuryFile("Candidat Test", JURY, evaluations, earlier or {})
    return decide_jury(referential("assistant-commercial@2013"), jury)


def test_every_unit_mastered_by_both_evaluators_is_a_total_delivery() -> None:
    decision = decide(dict.fromkeys(DOMAINES, BOTH))
    data = decision.to_json(say)
    assert data["delivery"] == "totale"
    assert data["acquired"] == dict.fromkeys(DOMAINES)
    assert data["missing"] == []


@pytest.mark.parametrize("opinions", [("maitrisee", "non-maitrisee"), ("non-maitrisee", "maitrisee")])
def test_evaluators_who_disagree_leave_the_unit_not_acquired(opinions: tuple[str, str]) -> None:
    evaluations = dict.fromkeys(DOMAINES, BOTH)
    evaluations["D2"] = opinions
    data = decide(evaluations).to_json(say)
    assert data["delivery"] == "partielle"
    assert data["missing"] == ["D2"]
    assert data["acquired"] == {unit: "2029-06-20" for unit in ("D1", "D3", "D4", "D5")}
    assert "ne sont pas d'accord" in data["units"]["D2"]["reasons"][0]


def test_both_evaluators_saying_not_mastered() -> None:
    data = decide({"D1": ("non-maitrisee", "non-maitrisee")}).to_json(say)
    assert data["delivery"] == "aucune"
    assert data["acquired"] == {}
    assert data["missing"] == list(DOMAINES)
    assert data["units"]["D1"]["decision"] == "non_acquis"


def test_earlier_acquisition_still_valid_on_its_last_day() -> None:
    earlier = {"D5": date(2019, 6, 20)}  # valid until 2024-06-20 included: the jury's day
    evaluations = {unit: BOTH for unit in DOMAINES if unit != "D5"}
    decision = decide(evaluations, earlier)
    assert decision.delivery == "totale"
    assert decision.units[4].since == date(2019, 6, 20)
    assert "toujours valide" in words(decision.units[4].reasons)[0]


def test_earlier_acquisition_expired_the_day_before() -> None:
    earlier = {"D5": date(2019, 6, 19)}  # valid until 2024-06-19
    evaluations = {unit: BOTH for unit in DOMAINES if unit != "D5"}
    data = decide(evaluations, earlier).to_json(say)
    assert data["delivery"] == "partielle"
    assert data["missing"] == ["D5"]
    assert "validité expirée" in data["units"]["D5"]["reasons"][0]


def test_partial_delivery_lists_earlier_units_with_their_own_expiry() -> None:
    data = decide({"D1": BOTH, "D2": ("maitrisee", "non-maitrisee")}, {"D3": date(2021, 6, 15)}).to_json(say)
    assert data["delivery"] == "partielle"
    assert data["acquired"] == {"D1": "2029-06-20", "D3": "2026-06-15"}
    assert data["missing"] == ["D2", "D4", "D5"]


def test_an_expired_unit_acquired_again_takes_the_new_date() -> None:
    data = decide({"D1": BOTH}, {"D1": date(2015, 1, 1)}).to_json(say)
    assert data["acquired"] == {"D1": "2029-06-20"}
    assert len(data["units"]["D1"]["reasons"]) == 2


def test_a_still_valid_unit_is_not_lost_by_a_new_negative_evaluation() -> None:
    data = decide({"D1": ("non-maitrisee", "non-maitrisee")}, {"D1": date(2022, 1, 1)}).to_json(say)
    assert data["acquired"] == {"D1": "2027-01-01"}


def test_29_february_acquisition_expires_on_28_february() -> None:
    data = decide({"D1": ("maitrisee", "non-maitrisee")}, {"D2": date(2020, 2, 29)}).to_json(say)
    assert data["acquired"] == {"D2": "2025-02-28"}


def test_units_neither_evaluated_nor_acquired_are_left() -> None:
    data = decide({}).to_json(say)
    assert data["delivery"] == "aucune"
    assert all("reste à acquérir" in u["reasons"][0] for u in data["units"].values())


def test_a_still_valid_unit_evaluated_negatively_again_stays_acquired_and_says_so() -> None:
    evaluations = dict.fromkeys(DOMAINES, BOTH)
    evaluations["D3"] = ("maitrisee", "non-maitrisee")
    decision = decide(evaluations, {"D3": date(2021, 6, 15)})
    unit = decision.units[2]
    assert unit.acquired and unit.since == date(2021, 6, 15)
    assert words(unit.reasons) == [
        "Acquise lors du jury du 15/06/2021, valable 5 ans, jusqu'au 15/06/2026 inclus : toujours valide.",
        "Les évaluateurs ne sont pas d'accord (« La compétence est maîtrisée » / « La compétence n'est pas "
        "maîtrisée ») : pas de nouvelle acquisition, l'acquisition antérieure reste valide.",
    ]
    assert "n'est pas acquise" not in " ".join(words(unit.reasons))


def test_on_the_vae_route_the_jury_assesses_each_unit_itself() -> None:
    from cqpengine.decisions.jury import JuryFile

    jury = JuryFile("Candidat Test", JURY, {}, {"D5": date(2021, 6, 15)}, "vae", {"D1": True, "D2": False, "D5": False})
    decision = decide_jury(referential("charge-accueil@2013"), jury)  # no evaluators' scale: not needed
    units = {u.unit.id: u for u in decision.units}
    assert units["D1"].acquired and words(units["D1"].reasons) == [
        "Le jury, au vu du dossier VAE et de l'entretien, juge l'unité acquise."
    ]
    assert not units["D2"].acquired
    assert units["D5"].acquired  # still valid from 2021
    assert words(units["D5"].reasons)[-1].endswith("juge l'unité non acquise ; l'acquisition antérieure reste valide.")
    assert decision.to_json(say)["missing"] == ["D2", "D3", "D4"]
