"""CQP Chargé(e) d'accueil et de relation clients/adhérents, 2013 domaines version (superseded).

Sources: seed 003 (dossier de recevabilité VAE) and Partie 1 of seed 001 (sections 2.1, 2.3, 2.5, 3.3, 3.5).
"""

from __future__ import annotations

from cqpengine.findings import Severity
from tests.support.helpers import REFERENTIALS, count_content, findings_in, referential

KEY = "charge-accueil@2013"
FILE = REFERENTIALS / "charge_accueil_2013.yaml"


def test_validates_without_error() -> None:
    assert [f.format_text() for f in findings_in(FILE, Severity.ERROR)] == []
    ref = referential(KEY)
    assert ref.get("status") == "superseded"
    assert ref.generation == "domaines"
    assert ref.title == "Chargé(e) d'accueil et de relation clients/adhérents"


def test_counts_match_the_source() -> None:
    assert count_content(referential(KEY)) == {
        # 003, Définition de la qualification: "Il maîtrise 5 domaines de compétences" (Domaine 1 to 5)
        "units": 5,
        "activities": 0,  # domaines generation: no activities
        # 003, Référentiel de compétences p.5-6: 7+2+3+5+6 savoir-faire
        "competences": 23,
        # 003, Référentiel de compétences p.5-6: 5+3+3+5+2 savoirs
        "savoirs": 18,
        # no guide d'entretien, livret de suivi, guide du tuteur or livret d'évaluation finale in any
        # source for this CQP (documented gaps)
        "questions": 0,
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
    assert [u.id for u in ref.units] == ["D1", "D2", "D3", "D4", "D5"]
    assert [u.number for u in ref.units] == [1, 2, 3, 4, 5]
    per_unit = [(len(u.get("savoir_faire")), len(u.get("savoirs"))) for u in ref.units]
    assert per_unit == [(7, 5), (2, 3), (3, 3), (5, 5), (6, 2)]
    d5 = ref.unit("D5")
    assert d5 is not None
    assert [sf["id"] for sf in d5.get("savoir_faire")] == [f"D5.SF{i}" for i in range(1, 7)]
    assert [s["id"] for s in d5.get("savoirs")] == ["D5.S1", "D5.S2"]


def test_exact_texts() -> None:
    ref = referential(KEY)
    d1, d2, d3, d4, d5 = ref.units
    assert d1.title == (
        "Accueillir, informer, orienter à partir de la connaissance des offres et services, "
        "des publics cibles et de la mutuelle"
    )
    assert d2.title == (
        "Valoriser l'image de l'entreprise mutualiste auprès des clients-adhérents et des partenaires "
        "de la mutuelle en s'appuyant sur la connaissance du secteur de la Mutualité"
    )
    assert d5.title == "Mettre en œuvre des actions de fidélisation"
    # first savoir-faire, and the second one whose lower-case "recueillir" was capitalised
    assert d1.get("savoir_faire")[0] == {
        "id": "D1.SF1",
        "text": "Ecouter, analyser et reformuler la situation et les besoins de l'interlocuteur",
    }
    assert d1.get("savoir_faire")[1]["text"] == (
        "Recueillir les informations techniques nécessaires au traitement de sa demande ou de sa situation"
    )
    # last savoir-faire and last savoir
    assert d5.get("savoir_faire")[-1] == {
        "id": "D5.SF6",
        "text": "Analyser les points forts et les points faibles de l'entretien",
    }
    assert d5.get("savoirs")[-1] == {
        "id": "D5.S2",
        "text": "Le plan d'actions de développement de la mutuelle et son évolution",
    }
    assert d3.get("savoirs")[0]["text"] == (
        "Le code de la Mutualité (structure du code, grandes règles, relations entre mutuelles et adhérents)"
    )
    assert d4.get("savoir_faire")[4]["text"] == (
        "Identifier le contenu et les destinataires des différents documents courants à traiter au sein "
        "d'une agence (courrier, documents administratifs, ...)"
    )
    assert len(ref.get("finalite")) == 3
    assert ref.get("finalite")[0] == (
        "d'assurer en agence l'accueil et l'orientation des assurés sociaux, clients-adhérents, prospects "
        "et partenaires"
    )
    assert len(ref.get("capacites")) == 7
    assert ref.get("capacites")[-1] == "Entretenir ses connaissances sur la réglementation en vigueur"


def test_process() -> None:
    process = referential(KEY).get("process")
    assert process["partial_validity_years"] == 5
    assert process["registration_limit_years"] == 3
    assert process["training_hours"] == {"min": 280, "max": 320}
    jury = process["jury"]
    assert jury["members"] == 4
    assert jury["composition"] == (
        "deux représentants de l'UGEM, dont, le cas échéant, le responsable de l'OEMM, "
        "deux représentants des syndicats de salariés"
    )
    assert "alternativement à un représentant employeur et un représentant salarié" in jury["presidency"]
    # 001, 2.5: diaporama 10 min + entretien 10 min + délibération for the Chargé(e) d'accueil
    parts = jury["interview"]["parts"]
    assert [p.get("minutes") for p in parts] == [10, 10, None]
    assert "diaporama" in parts[0]["label"]
    assert parts[1]["label"] == "Entretien avec le jury"
    assert parts[2]["label"] == "Phase de délibération"
    assert (
        "Le jury est souverain. Il n'a pas à justifier ses décisions. "
        "Ses décisions ne peuvent faire l'objet d'aucun recours."
    ) in jury["rules"]


def test_vae() -> None:
    vae = referential(KEY).get("vae")
    assert vae["min_years"] == 3
    assert vae["window_years"] == 12
    assert vae["activity_statuses"] == ["salarie", "non_salarie", "benevole"]
    assert vae["sectors"] == [{"id": "mutualite", "label": "secteur de la Mutualité"}]
    assert vae["experience_nature"].startswith(
        "avoir une expérience en situation de face-à-face et par téléphone d'accueil et d'orientation"
    )
    physical_and_phone = (
        "Cette activité doit nécessairement comporter des situations d'accueil physique et téléphonique."
    )
    assert physical_and_phone in vae["conditions"]
    assert vae["duration_rule"] == (
        "La durée de l'expérience dans le métier de chargé(e) d'accueil et de relation clients/adhérents doit "
        "être d'au minimum 3 ans dans le secteur de la Mutualité sur les 12 dernières années. Il s'agit de la "
        "durée réelle de l'expérience, y compris en discontinu, et non d'une période."
    )
    excluded = vae["excluded_periods"]
    assert set(excluded["kinds"]) == {
        "formation_initiale",
        "formation_continue",
        "stage",
        "formation_milieu_professionnel",
    }
    assert excluded["text"].endswith("(décret n° 2002-615 du 26 avril 2002).")
    evidence = vae["evidence"]
    assert set(evidence) == {"salarie", "benevole"}  # 003 lists no piece for non-salaried activities
    assert [p["id"] for p in evidence["salarie"]["any_of"]] == ["attestation-employeur", "bulletins-salaire"]
    assert evidence["benevole"]["any_of"][0]["signatures"] == 2
    limits = {limit["scope"]: limit for limit in vae["request_limits"]}
    assert limits["same_certification"]["max"] == 1
    assert limits["other_certifications_per_calendar_year"]["max"] == 3
    # the déclaration sur l'honneur cites the decree as "n°2000-615" (kept as written)
    assert "décret n°2000-615 du 26 avril 2002" in limits["same_certification"]["text"]
    assert len(vae["steps"]) == 7
    assert vae["steps"][1] == (
        "Dossier de Recevabilité : Etude et validation du dossier de recevabilité par la CPNEFP Mutualité"
    )


def test_no_scales_and_documented_gaps() -> None:
    ref = referential(KEY)
    assert ref.get("scales") == {}
    assert ref.get("document_scales") == {}
    gaps = {gap["what"] for gap in ref.get("gaps")}
    assert gaps == {"criteria", "questions", "modules", "candidate_questions", "enterprise_modality", "vae"}
    for what in ("criteria", "questions", "modules", "candidate_questions", "enterprise_modality"):
        assert ref.documented_gap(what, "D3") is not None
