"""Orientation: the guide's conclusion, on a 2013 domaines CQP and on the Oui/Non/Partiellement bloc CQP."""

from __future__ import annotations

from fractions import Fraction

import pytest

from cqpengine.decisions.orientation import Interview, OrientationDecision, UnitAssessment, decide_orientation
from tests.support.decisions import referential, say, words

DOMAINES = ("D1", "D2", "D3", "D4", "D5")
BLOCS = ("RC-ACCUEIL", "RC-ORGANISATION", "GP-B3", "GP-B4", "GP-B5")


def decide(key: str, years: str, answers: dict[str, str | dict[str, str]]) -> OrientationDecision:
    assessments = tuple(
        UnitAssessment(unit, ((None, value),) if isinstance(value, str) else tuple(value.items()))
        for unit, value in answers.items()
    )
    return decide_orientation(referential(key), Interview("Candidat Test", Fraction(years), assessments))


def all_of(units: tuple[str, ...], value: str) -> dict[str, str | dict[str, str]]:
    return dict.fromkeys(units, value)


@pytest.mark.parametrize(("years", "route"), [("2.99", "formation"), ("3", "formation"), ("3.01", "vae")])
def test_vae_route_needs_more_than_the_minimum_when_the_guide_says_so(years: str, route: str) -> None:
    # 001's conclusion: "Si le candidat a une expérience de plus de 3 ans" (vae_threshold: more_than).
    decision = decide("assistant-commercial@2013", years, all_of(DOMAINES, "en-totalite"))
    assert decision.route == route
    assert decision.to_json(say)["units"] == dict.fromkeys(DOMAINES, "direct")
    assert decision.to_json(say)["required_years"] == 3


def test_experience_below_minimum_with_every_unit_mastered_goes_to_direct_evaluation() -> None:
    decision = decide("assistant-commercial@2013", "1", all_of(DOMAINES, "en-totalite"))
    assert decision.route == "formation"
    assert "n'atteint pas le minimum" in words(decision.reasons)[-1]
    assert "évaluation directe, sans formation, pour D1, D2, D3, D4, D5" in words(decision.reasons)[-1]


@pytest.mark.parametrize("value", ["partiellement", "pas-du-tout"])
def test_a_unit_not_fully_mastered_goes_to_training(value: str) -> None:
    answers = all_of(DOMAINES, "en-totalite")
    answers["D3"] = value
    decision = decide("assistant-commercial@2013", "10", answers)
    assert decision.route == "formation"
    units = decision.to_json(say)["units"]
    assert units["D3"] == "formation"
    assert [u for u, choice in units.items() if choice == "direct"] == ["D1", "D2", "D4", "D5"]
    assert "formation pour D3" in words(decision.reasons)[-1]


def test_a_domaine_assessed_part_by_part_is_mastered_only_when_every_part_is() -> None:
    answers = all_of(DOMAINES, "en-totalite")
    answers["D2"] = {"savoir_faire": "en-totalite", "savoirs": "partiellement"}
    decision = decide("assistant-commercial@2013", "5", answers)
    assert decision.to_json(say)["units"]["D2"] == "formation"
    assert decision.to_json(say)["assessments"]["D2"] == {"savoir_faire": "en-totalite", "savoirs": "partiellement"}
    assert any("Savoir-faire : En totalité ; Savoirs : Partiellement" in reason for reason in words(decision.reasons))
    answers["D2"] = {"savoir_faire": "en-totalite", "savoirs": "en-totalite"}
    assert decide("assistant-commercial@2013", "5", answers).route == "vae"


def test_oui_non_partiellement_scale_all_oui_goes_to_vae() -> None:
    decision = decide("gestionnaire-parcours@RNCP", "1", all_of(BLOCS, "oui"))
    assert decision.route == "vae"
    assert decision.to_json(say)["required_years"] == 1


@pytest.mark.parametrize("value", ["partiellement", "non"])
def test_oui_non_partiellement_scale_anything_but_oui_goes_to_training(value: str) -> None:
    answers = all_of(BLOCS, "oui")
    answers["GP-B4"] = value
    decision = decide("gestionnaire-parcours@RNCP", "4", answers)
    assert decision.route == "formation"
    assert decision.to_json(say)["units"]["GP-B4"] == "formation"
    assert sum(choice == "direct" for choice in decision.to_json(say)["units"].values()) == 4


def test_a_bloc_assessed_competence_by_competence() -> None:
    answers = all_of(BLOCS, "oui")
    answers["RC-ORGANISATION"] = {
        "RC-ORGANISATION.A1.C1": "oui",
        "RC-ORGANISATION.A1.C2": "partiellement",
        "RC-ORGANISATION.A2.C1": "oui",
        "RC-ORGANISATION.A3.C1": "oui",
    }
    decision = decide("gestionnaire-parcours@RNCP", "4", answers)
    assert decision.to_json(say)["units"]["RC-ORGANISATION"] == "formation"
    assert decision.route == "formation"


@pytest.mark.parametrize(("years", "route"), [("0.99", "formation"), ("1", "vae"), ("1.01", "vae")])
def test_vae_route_at_the_minimum_when_the_guide_says_at_least(years: str, route: str) -> None:
    # 002's conclusion: "Si le candidat a une expérience d'au moins 1 an" (vae_threshold: at_least).
    units = {unit.id: "oui" for unit in referential("gestionnaire-parcours@RNCP").units}
    assert decide("gestionnaire-parcours@RNCP", years, units).route == route
