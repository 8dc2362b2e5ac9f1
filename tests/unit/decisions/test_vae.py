"""VAE admissibility: each rule and its edges, on the real referentials.

charge-accueil@2013: 3 years in full-time equivalent in the 12 years before the request,
secteur de la Mutualité, training periods excluded, salaried evidence (employer attestation or
pay slips), volunteer evidence (attestation signed by two officers). Request on 2024-03-15:
the window runs from 2012-03-15 to 2024-03-14.
"""

from __future__ import annotations

import copy
from datetime import date

import pytest

from cqpengine.decisions.vae import Activity, VaeDecision, VaeRequest, decide_vae
from tests.support.decisions import activity, days_after, referential, say, words

REQUEST = date(2024, 3, 15)
THREE_YEARS = 3 * 365


def decide(*activities: Activity, key: str = "charge-accueil@2013", request: date = REQUEST) -> VaeDecision:
    return decide_vae(referential(key), VaeRequest("Candidat Test", request, tuple(activities)))


@pytest.mark.parametrize(
    ("days", "admissible"), [(THREE_YEARS - 1, False), (THREE_YEARS, True), (THREE_YEARS + 1, True)]
)
def test_just_below_at_and_above_the_minimum(days: int, admissible: bool) -> None:
    start = date(2018, 1, 1)
    decision = decide(activity(start, days_after(start, days)))
    assert decision.admissible is admissible
    assert decision.experience_days == days
    assert decision.required_years == 3
    data = decision.to_json(say)
    assert data["admissible"] is admissible
    assert data["required_years"] == 3
    assert data["window_years"] == 12
    assert (data["experience_years"] >= 3) is admissible
    assert data["reasons"][-1].endswith("recevable.")
    assert ("n'est pas recevable" in data["reasons"][-1]) is not admissible


def test_the_shortfall_is_stated() -> None:
    start = date(2018, 1, 1)
    decision = decide(activity(start, days_after(start, THREE_YEARS - 1)))
    assert "Il manque 0,01 an" in words(decision.reasons)[-1]


def test_overlapping_periods_are_counted_once() -> None:
    first = activity(date(2015, 1, 1), date(2016, 12, 31), number=1)
    second = activity(date(2016, 1, 1), date(2017, 12, 31), number=2)
    decision = decide(first, second)
    assert decision.experience_days == THREE_YEARS + 1  # 2015-2017, 2016 a leap year
    assert decision.admissible
    assert [o.fte_days for o in decision.activities] == [731, 731]
    assert any("se chevauchent" in reason and "366 jours" in reason for reason in words(decision.reasons))


def test_two_jobs_never_count_beyond_full_time() -> None:
    jobs = [activity(date(2021, 1, 1), date(2023, 12, 31), number=n) for n in (1, 2, 3)]
    decision = decide(*jobs)
    assert decision.experience_days == THREE_YEARS
    assert decision.admissible


def test_part_time_counts_pro_rata() -> None:
    start = date(2014, 1, 1)
    half = activity(start, days_after(start, 2 * THREE_YEARS), percent=50)
    assert decide(half).experience_days == THREE_YEARS
    assert decide(half).admissible
    short = activity(start, days_after(start, 2 * THREE_YEARS - 2), percent=50)
    assert not decide(short).admissible
    assert any("Temps partiel (50 %)" in note for note in words(decide(half).activities[0].notes))


def test_part_times_that_overlap_are_capped_at_full_time() -> None:
    a = activity(date(2021, 1, 1), date(2023, 12, 31), percent=60, number=1)
    b = activity(date(2021, 1, 1), date(2023, 12, 31), percent=60, number=2)
    decision = decide(a, b)
    assert decision.experience_days == THREE_YEARS
    assert decision.admissible


def test_a_period_straddling_the_window_start_counts_from_it() -> None:
    decision = decide(activity(date(2005, 1, 1), date(2013, 3, 14)))
    outcome = decision.activities[0]
    assert outcome.counted
    assert outcome.fte_days == 365  # 2012-03-15 .. 2013-03-14
    assert any("15/03/2012" in note for note in words(outcome.notes))
    assert decision.to_json(say)["window"] == {"first_day": "2012-03-15", "last_day": "2024-03-14"}


def test_a_period_before_the_window_is_not_counted() -> None:
    decision = decide(activity(date(2005, 1, 1), date(2012, 3, 14)))
    assert not decision.activities[0].counted
    assert decision.experience_days == 0
    assert "hors de la fenêtre" in words(decision.activities[0].reasons)[0]


def test_an_ongoing_activity_counts_until_the_day_before_the_request() -> None:
    decision = decide(activity(date(2021, 3, 15)))
    assert decision.experience_days == (REQUEST - date(2021, 3, 15)).days
    assert decision.admissible  # 2021-03-15 .. 2024-03-14: 1096 days
    assert any("en cours" in note for note in words(decision.activities[0].notes))


@pytest.mark.parametrize(
    "kind", ["formation_initiale", "formation_continue", "stage", "formation_milieu_professionnel"]
)
def test_training_periods_and_internships_are_excluded(kind: str) -> None:
    decision = decide(activity(date(2018, 1, 1), date(2022, 12, 31), kind=kind))
    assert not decision.admissible
    assert decision.experience_days == 0
    assert "n'est pas pris en compte" in words(decision.activities[0].reasons)[0]
    assert any("décret" in reason for reason in words(decision.reasons))


def test_missing_salaried_evidence_is_not_counted() -> None:
    decision = decide(activity(date(2018, 1, 1), date(2022, 12, 31), evidence=()))
    assert not decision.admissible
    [reason] = words(decision.activities[0].reasons)
    assert reason.startswith("Pièce justificative manquante pour une activité salariée")
    assert "attestation signée de votre employeur" in reason and "bulletins de salaire" in reason


def test_pay_slips_are_enough_for_a_salaried_activity() -> None:
    decision = decide(activity(date(2018, 1, 1), date(2022, 12, 31), evidence=("bulletins-salaire",)))
    assert decision.admissible


@pytest.mark.parametrize(("signatures", "counted"), [(2, True), (3, True), (1, False), (None, False), (0, False)])
def test_volunteer_attestation_needs_two_signatures(signatures: int | None, counted: bool) -> None:
    volunteer = activity(
        date(2018, 1, 1), date(2022, 12, 31), status="benevole", evidence=(("attestation-association", signatures),)
    )
    decision = decide(volunteer)
    assert decision.activities[0].counted is counted
    assert decision.admissible is counted
    if not counted:
        reasons = words(decision.activities[0].reasons)
        assert any("il en faut 2" in reason for reason in reasons)
        assert reasons[-1] == (
            "Attention ! Cette attestation est obligatoire pour que vos activités bénévoles soient prises en compte."
        )


def test_volunteer_without_attestation_gets_the_warning() -> None:
    decision = decide(activity(date(2018, 1, 1), date(2022, 12, 31), status="benevole", evidence=()))
    assert not decision.admissible
    assert words(decision.activities[0].reasons)[-1].startswith("Attention !")


def test_a_salaried_piece_does_not_justify_a_volunteer_activity() -> None:
    volunteer = activity(date(2018, 1, 1), date(2022, 12, 31), status="benevole", evidence=("attestation-employeur",))
    assert not decide(volunteer).admissible


def test_a_sector_the_certification_does_not_accept_is_not_counted() -> None:
    decision = decide(activity(date(2018, 1, 1), date(2022, 12, 31), sector="banque"))
    assert not decision.admissible
    assert "secteur de la Mutualité" in words(decision.activities[0].reasons)[0]


def test_an_activity_of_another_nature_is_not_counted() -> None:
    decision = decide(activity(date(2018, 1, 1), date(2022, 12, 31), nature=False))
    assert not decision.admissible
    assert "n'est pas de la nature requise" in words(decision.activities[0].reasons)[0]


def test_a_status_the_certification_does_not_accept_is_not_counted() -> None:
    ref = copy.deepcopy(referential("charge-accueil@2013"))
    ref.data["vae"]["activity_statuses"] = ["salarie"]
    volunteer = activity(
        date(2018, 1, 1), date(2022, 12, 31), status="benevole", evidence=(("attestation-association", 2),)
    )
    decision = decide_vae(ref, VaeRequest("Candidat Test", REQUEST, (volunteer,)))
    assert not decision.admissible
    assert "Activité bénévole non prise en compte" in words(decision.activities[0].reasons)[0]


def test_every_reason_of_a_rejected_activity_is_given() -> None:
    decision = decide(activity(date(2018, 1, 1), date(2022, 12, 31), sector="banque", nature=False, evidence=()))
    assert len(words(decision.activities[0].reasons)) == 3


def test_no_window_when_the_referential_states_none() -> None:
    old = activity(date(1995, 1, 1), date(1995, 12, 31), sector="secteur-proche", evidence=())
    decision = decide(old, key="gestionnaire-parcours@RNCP")
    assert decision.admissible  # 1 year, no window, no evidence rule
    assert decision.window_years is None
    assert decision.to_json(say)["window"]["first_day"] is None
    assert any("ne fixe pas de fenêtre" in reason for reason in words(decision.reasons))


def test_gestionnaire_minimum_is_one_year() -> None:
    start = date(2020, 1, 1)
    below = decide(activity(start, days_after(start, 364)), key="gestionnaire-parcours@RNCP")
    at = decide(activity(start, days_after(start, 365)), key="gestionnaire-parcours@RNCP")
    assert (below.admissible, at.admissible) == (False, True)
    assert at.to_json(say)["required_years"] == 1


def test_no_activity_is_not_admissible() -> None:
    decision = decide()
    assert not decision.admissible
    assert decision.to_json(say)["experience_years"] == 0


def test_a_status_the_referential_names_no_evidence_for_counts_with_a_note() -> None:
    # charge-accueil@2013 accepts non-salaried activity but names no piece for it (a documented gap).
    decision = decide(activity(date(2016, 1, 1), date(2019, 12, 31), status="non_salarie", evidence=()))
    [outcome] = decision.activities
    assert outcome.counted
    assert any("ne nomme pas de pièce justificative pour une activité non salariée" in n for n in words(outcome.notes))


def test_an_attestation_short_of_signatures_is_not_called_missing() -> None:
    decision = decide(
        activity(date(2016, 1, 1), date(2019, 12, 31), status="benevole", evidence=(("attestation-association", 1),))
    )
    reasons = words(decision.activities[0].reasons)
    assert reasons[0].startswith("La pièce « attestation signée par deux responsables de l'association")
    assert "(Vous en trouverez" not in reasons[0]
    assert reasons[1] == "Aucune pièce justificative valable pour cette activité bénévole."
    assert not any("manquante" in reason for reason in reasons)


def test_a_referential_naming_no_evidence_says_the_examination_remains() -> None:
    start = date(2020, 1, 1)
    decision = decide(activity(start, date(2021, 6, 30), evidence=()), key="gestionnaire-parcours@RNCP")
    assert decision.admissible
    assert any("ne nomme pas les pièces justificatives" in reason for reason in words(decision.reasons))
