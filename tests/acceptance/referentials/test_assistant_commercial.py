"""CQP Assistant(e) commercial(e), version 2013 (domaines).

Source: seed 001 (Guide Certificat de Qualification Professionnelle : Assistant(e) commercial(e), complete).
Page numbers are those of the guide's sommaire général: Référentiel de compétences p.17, Guide d'entretien
d'accueil et d'orientation p.20, Livret de suivi de la formation p.30, Guide du tuteur p.50, Livret
d'évaluation finale en entreprise p.71.
"""

from __future__ import annotations

from tests.support.helpers import REFERENTIALS, count_content, findings_in, referential

KEY = "assistant-commercial@2013"
FILE = REFERENTIALS / "assistant_commercial.yaml"
UNITS = ["D1", "D2", "D3", "D4", "D5"]


def test_validates_without_finding() -> None:
    # 001 is complete: nothing is missing, so no documented gap and not even a warning.
    assert [f.format_text() for f in findings_in(FILE)] == []
    ref = referential(KEY)
    assert ref.get("status") == "active"
    assert ref.generation == "domaines"
    assert ref.title == "Assistant(e) commercial(e)"
    assert "gaps" not in ref.data
    # 001 never says "Version 2013" (its only "2013" is the value of the point, Partie 1 § 1.4)
    assert "effective_date" not in ref.data


def test_counts_match_the_source() -> None:
    assert count_content(referential(KEY)) == {
        # 001, Référentiel de compétences p.17: "Il maîtrise 5 domaines de compétences"
        "units": 5,
        "activities": 0,  # domaines generation: no activities
        # 001, Référentiel de compétences p.17-19: 5+8+2+2+4 savoir-faire bullets
        "competences": 21,
        # 001, Référentiel de compétences p.17-19: 3+1+3+2+3 savoirs bullets
        "savoirs": 12,
        # 001, Guide d'entretien p.20-29, "Exemples de questions", one per paragraph of the source:
        # 3+3+5+2+3
        "questions": 16,
        # 001, Livret de suivi p.30-49, "Contenu du(des) module(s) de formation": D1 has two
        # ("Compétences : Organisation", "Compétences : outils bureautiques"), D2-D5 one each
        "modules": 6,
        # 001, Livret de suivi, rows of the "A améliorer / Acquis" grids: 5+4 (D1) +8+3+3+4
        "formative_criteria": 27,
        # 001, Guide du tuteur Partie 3, "Acquis / Non acquis / A améliorer" rows: 5+5+2+2+3
        "intermediate_criteria": 17,
        # 001, Livret d'évaluation finale, "OUI / NON" rows of the final grids (not the 5 "OUI" of the
        # fiche de synthèse): 5+5+2+2+3
        "final_criteria": 17,
        "criteria": 0,  # blocs generation only
        "indicators": 0,  # blocs generation only
        # 001, Livret d'évaluation finale, "Activités réalisées par la personne en formation": 4+4+3+4+3
        "candidate_questions": 18,
    }


def test_units_and_ids() -> None:
    ref = referential(KEY)
    assert [u.id for u in ref.units] == UNITS
    assert [u.number for u in ref.units] == [1, 2, 3, 4, 5]
    per_unit = [
        (
            len(u.get("savoir_faire")),
            len(u.get("savoirs")),
            len(u.get("questions")),
            [len(m["criteria"]) for m in u.get("modules")],
            len(u.get("intermediate_criteria")),
            len(u.get("final_criteria")),
            len(u.get("candidate_questions")),
        )
        for u in ref.units
    ]
    assert per_unit == [
        (5, 3, 3, [5, 4], 5, 5, 4),
        (8, 1, 3, [8], 5, 5, 4),
        (2, 3, 5, [3], 2, 2, 3),
        (2, 2, 2, [3], 2, 2, 4),
        (4, 3, 3, [4], 3, 3, 3),
    ]
    d1 = ref.unit("D1")
    assert d1 is not None
    assert [sf["id"] for sf in d1.get("savoir_faire")] == [f"D1.SF{i}" for i in range(1, 6)]
    assert [m["id"] for m in d1.get("modules")] == ["D1.M1", "D1.M2"]
    assert [c["id"] for c in d1.get("modules")[1]["criteria"]] == [f"D1.M2.C{i}" for i in range(1, 5)]
    assert [c["id"] for c in d1.get("intermediate_criteria")] == [f"D1.CI{i}" for i in range(1, 6)]
    assert [c["id"] for c in d1.get("final_criteria")] == [f"D1.CF{i}" for i in range(1, 6)]


def test_exact_texts() -> None:
    ref = referential(KEY)
    d1, d2, d3, d4, d5 = ref.units
    assert len(ref.get("finalite")) == 3  # p.17: three "❑" bullets
    assert ref.get("finalite")[0] == (
        "Assurer l'assistantat commercial, de contribuer à la préparation de l'action commerciale de l'équipe"
    )
    assert len(ref.get("capacites")) == 7  # p.17: seven "❑" bullets
    assert ref.get("capacites")[-1] == "Assurer la gestion et le suivi de ces contrats"
    # "Informers" / "Informar" of the extraction corrected
    assert d5.title == (
        "Informer les entreprises et les particuliers sur les produits de la mutuelle à partir de sa "
        "connaissance des produits et des bénéficiaires"
    )
    # first and last savoir-faire and savoir
    assert d1.get("savoir_faire")[0] == {
        "id": "D1.SF1",
        "text": (
            "Recueillir les informations permettant de planifier les activités commerciales de l'équipe de conseillers"
        ),
    }
    assert d5.get("savoir_faire")[-1] == {
        "id": "D5.SF4",
        "text": "Identifier les limites de sa mission d'information et les relais à mobiliser",
    }
    assert d1.get("savoirs")[0]["text"] == (
        "Maîtrise des fonctions courantes traitement de texte – tableur - base de données, ..."
    )
    assert d5.get("savoirs")[-1] == {"id": "D5.S3", "text": "La gamme entreprise et particulier"}
    # référentiel wording, not the grids' ("l'image et les forces", "questionnement") nor the guide
    # d'entretien's ("de l'adhérent ou du prospect")
    assert d3.get("savoir_faire")[1]["text"] == (
        "Promouvoir et valoriser l'image, les forces et les valeurs de l'entreprise mutualiste auprès des "
        "adhérents et des prospects dans les activités d'information"
    )
    assert d5.get("savoir_faire")[0]["text"] == (
        "Identifier la situation et les besoins de l'adhérent ou du prospect par un questionnaire adapté"
    )
    assert d2.get("savoir_faire")[5]["text"] == "Répondre aux préoccupations de son interlocuteur de façon appropriée"
    # guide d'entretien questions
    assert d1.get("questions")[0] == (
        "Avez-vous une expérience d'assistance à des activités commerciales ? Sur quelle durée ? "
        "Dans quel domaine d'activité ?"
    )
    assert d3.get("questions")[-1] == "Sur quels points ?"
    assert d4.get("questions")[0] == (
        "Donnez différents exemples d'application de la réglementation concernant les produits et services "
        "sur lesquels vous avez mené des activités d'information."
    )
    # formative modules
    organisation, outils = d1.get("modules")
    assert organisation["competence"] == "Organisation"
    assert outils["competence"] == "outils bureautiques"
    assert outils["contents"] == ["Internet", "Tableur", "Courriel", "Traitement de textes"]
    assert organisation["modality"] == (
        "Une étude de cas est proposée au candidat. A partir d'informations éparses, il doit identifier les "
        "priorités et établir un outil de gestion du planning des conseillers."
    )
    assert (
        organisation["criteria"][1]["text"]
        == "Les urgences et priorités sont identifiées et correctement hiérarchisées"
    )
    assert d2.get("modules")[0]["criteria"][1]["text"] == (
        "Prise en compte de la situation de « premier accueil » et de ses enjeux en termes d'image pour l'entreprise"
    )
    assert d4.get("modules")[0]["modality"] == "Le candidat répond à un questionnaire écrit sur la réglementation."
    assert d5.get("modules")[0]["contents"] == ["Gamme particulier / Gamme entreprise"]
    # grids: the intermediate and final grids carry the same criteria
    for unit in ref.units:
        assert [c["text"] for c in unit.get("intermediate_criteria")] == [c["text"] for c in unit.get("final_criteria")]
    assert (
        d1.get("final_criteria")[0]["text"]
        == "Les enjeux et priorités de l'activité commerciale des conseillers sont identifiés"
    )
    assert d4.get("intermediate_criteria")[-1]["text"] == (
        "Le candidat a pris les mesures adaptées pour appliquer la réglementation dans ses activités ou a "
        "transmis le relais à un autre interlocuteur"
    )
    # candidate questions ("Après de quels types de cibles" corrected to "Auprès")
    assert d1.get("candidate_questions")[1] == (
        "Auprès de quels types de cibles avez-vous eu l'occasion d'intervenir (entreprises, particuliers, "
        "prospects, adhérents, ...) ?"
    )
    assert d5.get("candidate_questions")[-1] == (
        "En quoi votre connaissance des produits et des bénéficiaires de la mutuelle vous a-t-elle été utile ?"
    )


def test_enterprise_modalities() -> None:
    d1, d2, d3, d4, d5 = referential(KEY).units
    assert d1.get("enterprise_modality").startswith(
        "Le responsable hiérarchique et le second évaluateur examinent les outils de gestion"
    )
    # one merged cell of the "mode d'emploi" table covers Domaines 2 to 5
    shared = d2.get("enterprise_modality")
    assert shared.startswith(
        "Le responsable hiérarchique et le second évaluateur observent le candidat en situation d'entretien réelle."
    )
    assert "Attention, les deux évaluateurs doivent être d'accord sur le résultat de l'évaluation." in shared
    assert shared.endswith("Il est recommandé de prendre des notes au cours de l'observation.")
    assert d3.get("enterprise_modality") == d4.get("enterprise_modality") == d5.get("enterprise_modality") == shared
    assert d1.get("enterprise_modality") != shared


def test_scales() -> None:
    ref = referential(KEY)

    def values(document: str) -> list[tuple[str, str]]:
        scale = ref.scale(document)
        assert scale is not None, document
        return [(v["label"], v["meaning"]) for v in scale["values"]]

    assert set(ref.get("document_scales")) == {
        "orientation",
        "formative",
        "formative_outcome",
        "intermediate",
        "final_grid",
        "final_opinion",
    }
    assert values("orientation") == [
        ("Pas du tout", "not_acquired"),
        ("Partiellement", "partial"),
        ("En totalité", "acquired"),
    ]
    assert values("formative") == [("A améliorer", "partial"), ("Acquis", "acquired")]
    assert values("formative_outcome") == [
        ("Objectif non atteint", "not_acquired"),
        ("objectif atteint", "acquired"),
        ("en progression / à améliorer", "partial"),
    ]
    assert values("intermediate") == [
        ("Acquis", "acquired"),
        ("Non acquis", "not_acquired"),
        ("A améliorer", "partial"),
    ]
    assert values("final_grid") == [("OUI", "acquired"), ("NON", "not_acquired")]
    assert values("final_opinion") == [
        ("La compétence est maîtrisée", "acquired"),
        ("La compétence n'est pas maîtrisée", "not_acquired"),
    ]


def test_process_facts() -> None:
    process = referential(KEY).get("process")
    jury = process["jury"]
    assert jury["members"] == 4
    assert jury["composition"] == (
        "deux représentants de l'UGEM, dont, le cas échéant, le responsable de l'OEMM, "
        "deux représentants des syndicats de salariés"
    )
    assert "alternativement à un représentant employeur et un représentant salarié" in jury["presidency"]
    # § 2.5: Assistant(e) commercial(e) and Téléconseiller(ère): ~20 min entretien + délibération, no diaporama
    assert [(p["label"], p.get("minutes")) for p in jury["interview"]["parts"]] == [
        ("Entretien d'une durée de 20 minutes environ", 20),
        ("Phase de délibération", None),
    ]
    assert (
        "Le jury est souverain. Il n'a pas à justifier ses décisions. Ses décisions ne peuvent faire "
        "l'objet d'aucun recours." in jury["rules"]
    )
    assert process["partial_validity_years"] == 5  # § 2.5
    assert process["registration_limit_years"] == 3  # § 2.1
    assert process["training_hours"] == {"min": 280, "max": 320}  # § 2.3
    assert len(process["evaluation_phases"]) == 3  # § 1.5: "comprend trois phases"


def test_vae_facts() -> None:
    ref = referential(KEY)
    vae = ref.get("vae")
    # § 3.3, "Pour le CQP Assistant(e) commercial(e)"
    assert vae["experience_nature"].startswith(
        "avoir une expérience d'assistantat commercial auprès d'équipes de commerciaux ou de conseillers"
    )
    assert vae["experience_nature"].endswith("acquise dans le cadre d'une activité salariée, non salariée ou bénévole")
    assert vae["min_years"] == 3  # "au minimum de 3 ans sur les 12 dernières années"
    assert vae["window_years"] == 12
    assert vae["activity_statuses"] == ["salarie", "non_salarie", "benevole"]
    # guide d'entretien, Conclusion
    assert vae["duration_rule"] == (
        "L'expérience du candidat dans le métier d'assistant(e) commercial(e) doit être d'au minimum 3 ans dans "
        "le secteur de la Mutualité (durée réelle de l'expérience, y compris par séquences, et non période) dans "
        "les 12 ans précédents."
    )
    assert [s["label"] for s in vae["sectors"]] == ["secteur de la Mutualité"]
    orientation = ref.get("orientation")
    assert orientation["vae_rule"].startswith("Si le candidat a une expérience de plus de 3 ans dans le métier d'")
    assert orientation["vae_actions"][0] == "Lui présenter le cadre de la VAE"
    assert orientation["notes"][0].startswith("Vous n'êtes en aucune manière en situation d'inciter le candidat")
    # § 3.2: "attestations employeurs, associations, ou bulletins de salaire"
    assert {status: [p["label"] for p in e["any_of"]] for status, e in vae["evidence"].items()} == {
        "salarie": ["attestations employeurs", "bulletins de salaire"],
        "benevole": ["attestations associations"],
    }
    # neither 001 nor 000 states the periods excluded from the experience (only 003 quotes the décret)
    assert "excluded_periods" not in vae
    assert vae["steps"][:3] == [
        "L'entretien d'accueil et d'orientation",
        "La mise en évidence de l'expérience du candidat, effectuée au travers d'un dossier de Validation des "
        "Acquis de l'Expérience étudié par le jury final",
        "L'évaluation finale du candidat, au travers d'un entretien avec le jury permettant d'évaluer les "
        "compétences acquises pour l'obtention du CQP et de délivrer tout ou partie de la certification",
    ]


def test_no_personal_contact_details() -> None:
    text = FILE.read_text(encoding="utf-8")
    for needle in ("@", "01 53", "03 28", "06 50"):
        assert needle not in text
