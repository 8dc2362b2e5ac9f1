"""CQP Téléconseiller(ère), version 2013 (domaines).

Source: seed 000 (Guide CQP Téléconseiller(ère) - Version 2013, noisy extraction, truncated at p.35 of the
livret de suivi de la formation). Page numbers below are the guide's own (printed in its page headers).
"""

from __future__ import annotations

from cqpengine.findings import Severity
from tests.support.helpers import REFERENTIALS, count_content, findings_in, referential

KEY = "teleconseiller@2013"
FILE = REFERENTIALS / "teleconseiller.yaml"
UNITS = ["D1", "D2", "D3", "D4", "D5"]


def test_validates_without_error() -> None:
    assert [f.format_text() for f in findings_in(FILE, Severity.ERROR)] == []
    ref = referential(KEY)
    assert ref.get("status") == "active"
    assert ref.get("effective_date") == "2013"  # "Guide CQP Téléconseiller(ère) - Version 2013"
    assert ref.generation == "domaines"
    assert ref.title == "Téléconseiller(ère)"


def test_only_documented_gaps_are_reported() -> None:
    # The only warnings are the CQP107 "no evaluation criterion" ones the `criteria` gap covers.
    warnings = [f.format_text() for f in findings_in(FILE, Severity.WARNING)]
    assert len(warnings) == 5
    assert all("CQP107" in w and "documented gap" in w for w in warnings)


def test_counts_match_the_source() -> None:
    assert count_content(referential(KEY)) == {
        # 000, Référentiel de compétences p.17: "Il maîtrise 5 domaines de compétences"
        "units": 5,
        "activities": 0,  # domaines generation: no activities
        # 000, Référentiel de compétences p.18-19: 3+2+3+6+4 "=" savoir-faire bullets
        "competences": 18,
        # 000, Référentiel de compétences p.18-19: 2+3+2+1+3 "=" savoirs bullets
        "savoirs": 11,
        # 000, Guide d'entretien p.24-27, "Exemples de questions", one per sentence:
        # D1 6 "?" + 1 "Donnez un exemple ...", D2 6 "?", D3 2 "?" + 2 "Donnez ...", D4 8 "?", D5 7 "?"
        "questions": 32,
        # 000 ends at p.35 of the livret de suivi: no formative modules, no guide du tuteur (p.48),
        # no livret d'évaluation finale (p.70) (documented gaps)
        "modules": 0,
        "formative_criteria": 0,
        "intermediate_criteria": 0,
        "final_criteria": 0,
        "criteria": 0,
        "indicators": 0,
        "candidate_questions": 0,
    }


def test_units_and_ids() -> None:
    ref = referential(KEY)
    assert [u.id for u in ref.units] == UNITS
    assert [u.number for u in ref.units] == [1, 2, 3, 4, 5]
    per_unit = [(len(u.get("savoir_faire")), len(u.get("savoirs")), len(u.get("questions"))) for u in ref.units]
    assert per_unit == [(3, 2, 7), (2, 3, 6), (3, 2, 4), (6, 1, 8), (4, 3, 7)]
    d4 = ref.unit("D4")
    assert d4 is not None
    assert [sf["id"] for sf in d4.get("savoir_faire")] == [f"D4.SF{i}" for i in range(1, 7)]
    assert [s["id"] for s in d4.get("savoirs")] == ["D4.S1"]
    for unit in ref.units:
        for key in ("modules", "intermediate_criteria", "final_criteria", "candidate_questions"):
            assert key not in unit.data


def test_exact_texts() -> None:
    ref = referential(KEY)
    d1, d2, d3, d4, d5 = ref.units
    assert ref.get("finalite") == [
        "Gérer les appels entrants et / ou sortants dans le respect d'objectifs quantitatifs",
        "Promouvoir l'image de la mutuelle",
    ]
    capacites = ref.get("capacites")
    assert len(capacites) == 6  # p.17: six "q" bullets
    assert capacites[3] == (
        "Effectuer des appels sortants dans le cadre d'opérations de mutualisation, de fidélisation "
        "et d'enquêtes de satisfaction"
    )
    assert capacites[-1] == "S'adapter aux situations de stress"
    assert d1.title == (
        "Accueillir, informer, orienter ou conseiller à partir de sa connaissance des produits, "
        "des publics cibles et de la mutuelle"
    )
    assert d4.title == (
        "Optimiser les potentialités offertes par l'outil téléphonique dans les activités de prospection, "
        "de conseil et de télévente"
    )
    # first and last savoir-faire, split words repaired
    assert d1.get("savoir_faire")[0] == {
        "id": "D1.SF1",
        "text": "Ecouter, analyser et reformuler la situation et les besoins de l'interlocuteur",
    }
    assert d5.get("savoir_faire")[-1] == {
        "id": "D5.SF4",
        "text": "Etablir des fiches contacts, suivre les contacts, transmettre les informations sur les contacts",
    }
    # référentiel wording (p.18), not the guide d'entretien's split into two bullets (p.25)
    assert d3.get("savoir_faire")[1]["text"] == (
        "Connaître les risques liés aux conseils donnés, pour l'adhérent et pour la mutuelle "
        "et identifier les limites de son intervention"
    )
    assert d4.get("savoir_faire")[2]["text"] == (
        "Adapter sa communication à l'interlocuteur notamment lors des appels difficiles"
    )
    assert d2.get("savoirs")[0]["text"] == (
        "Connaissances historiques des mutuelles, des valeurs mutualistes (contexte historique, "
        "Mutualité comme acteur social, Mutualité dans l'économie sociale)"
    )
    assert d5.get("savoirs")[-1] == {
        "id": "D5.S3",
        "text": "Maîtrise des fonctionnalités d'outils spécifiques de traitement de l'information",
    }
    # questions: first of D1, last of D5, one whose split words had to be repaired
    assert d1.get("questions")[0] == (
        "Avez-vous une expérience de conseil sur des produits et services proposés par les mutuelles "
        "au travers d'une activité de prospection téléphonique ?"
    )
    assert d5.get("questions")[0] == (
        "Quels outils de gestion de l'information utilisez-vous : bases de données, logiciels de prospection, "
        "documents types, ... ?"
    )
    assert d5.get("questions")[-1] == "L'ensemble de ces outils est-il utilisé ?"
    assert d3.get("questions")[0] == "Quelles sont vos obligations en tant que téléconseiller ?"


def test_orientation_scale() -> None:
    ref = referential(KEY)
    assert ref.get("document_scales") == {"orientation": "positionnement"}
    scale = ref.scale("orientation")
    assert scale is not None
    assert [(v["label"], v["meaning"]) for v in scale["values"]] == [
        ("Pas du tout", "not_acquired"),
        ("Partiellement", "partial"),
        ("En totalité", "acquired"),
    ]


def test_process_facts() -> None:
    process = referential(KEY).get("process")
    jury = process["jury"]
    assert jury["members"] == 4
    assert jury["composition"] == (
        "deux représentants de l'UGEM, dont, le cas échéant, le responsable de l'OEMM, "
        "deux représentants des syndicats de salariés"
    )
    # 2.5: "pour les CQP Assistant(e) commercial(e) et Téléconseiller(ère) autour d'un entretien d'une
    # durée de 20 minutes environ et d'une phase de délibération" (no diaporama)
    assert [(p["label"], p.get("minutes")) for p in jury["interview"]["parts"]] == [
        ("Entretien d'une durée de 20 minutes environ", 20),
        ("Phase de délibération", None),
    ]
    assert (
        "Le jury est souverain. Il n'a pas à justifier ses décisions. Ses décisions ne peuvent faire "
        "l'objet d'aucun recours." in jury["rules"]
    )
    assert process["partial_validity_years"] == 5
    assert process["registration_limit_years"] == 3
    assert process["training_hours"] == {"min": 280, "max": 320}
    assert len(process["evaluation_phases"]) == 3


def test_vae_facts() -> None:
    vae = referential(KEY).get("vae")
    assert vae["experience_nature"].startswith(
        "avoir une expérience d'accueil, d'orientation, de conseil, de promotion au travers d'outils téléphoniques"
    )
    assert vae["experience_nature"].endswith("auprès de prospects et d'adhérents")
    assert vae["min_years"] == 3
    assert vae["window_years"] == 12
    assert vae["activity_statuses"] == ["salarie", "non_salarie", "benevole"]
    # guide d'entretien, Conclusion (p.28)
    assert vae["duration_rule"] == (
        "L'expérience du candidat dans le métier de téléconseiller doit être d'au minimum 3 ans dans le secteur "
        "de la Mutualité (durée réelle de l'expérience, y compris par séquences, et non période) dans les 12 ans "
        "précédents."
    )
    assert "conditions" not in vae
    assert [s["id"] for s in vae["sectors"]] == ["mutualite"]
    assert {status: [p["id"] for p in e["any_of"]] for status, e in vae["evidence"].items()} == {
        "salarie": ["attestations-employeurs", "bulletins-salaire"],
        "benevole": ["attestations-associations"],
    }
    # 000 does not state the periods excluded from the experience
    assert "excluded_periods" not in vae
    assert len(vae["steps"]) == 3  # 3.2: "comprend trois phases"


def test_orientation_conclusion() -> None:
    # 000, guide d'entretien, Conclusion (p.28): 1 intro, the VAE rule and its 6 actions, 1 reminder, the
    # training rule and its 3 actions.
    orientation = referential(KEY).get("orientation")
    assert orientation["vae_rule"].startswith("Si le candidat a une expérience de plus de 3 ans dans le métier de")
    assert len(orientation["vae_actions"]) == 6
    assert orientation["notes"] == [
        "Vous n'êtes en aucune manière en situation d'inciter le candidat à ne pas déposer sa demande de VAE, dès "
        "lors que celui-ci répond aux critères de recevabilité."
    ]
    assert len(orientation["formation_actions"]) == 3


def test_gaps_are_declared() -> None:
    gaps = referential(KEY).get("gaps")
    assert sorted(g["what"] for g in gaps) == ["candidate_questions", "criteria", "enterprise_modality", "modules"]
    assert all(g["units"] == UNITS for g in gaps)


def test_no_personal_contact_details() -> None:
    text = FILE.read_text(encoding="utf-8")
    assert "@" not in text.replace("teleconseiller@2013", "")
    for fragment in ("01 79", "03 28", "0153", "TELERESSOURCES"):
        assert fragment not in text
