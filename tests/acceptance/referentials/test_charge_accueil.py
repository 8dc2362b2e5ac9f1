"""CQP Chargé(e) d'accueil et de relation clients/adhérents, RNCP version (blocs).

Sources: seed 004 (référentiel de certification RNCP, 4 BLOCs: activité → compétence → modalités →
critères with "→" indicators), seed 002 (example questions of the two blocs it shares: its blocs 1
and 2 = BLOC 1 and BLOC 3 of 004), Partie 1 of seed 001 and seed 003 (process and VAE facts of the
2013 version of this CQP, which 004 does not restate). 004 has no page numbers: figures cite its
BLOC headings.
"""

from __future__ import annotations

from tests.support.helpers import REFERENTIALS, count_content, findings_in, referential

KEY = "charge-accueil@RNCP"
FILE = REFERENTIALS / "charge_accueil.yaml"


def gap_line(what: str) -> int:
    """The line of the gap ``what`` in charge_accueil.yaml."""
    lines = FILE.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip() == f"- what: {what}")


def test_validates_and_supersedes_2013() -> None:
    # The only gaps are documented ones; one of them triggers a rule (who decides on some blocs alone,
    # CQP121), as a warning that quotes the gap.
    findings = findings_in(FILE)
    assert [(f.code, f.severity) for f in findings] == [("CQP121", "warning")]
    assert findings[0].message.endswith(f"(documented gap, line {gap_line('decided_by')})")
    ref = referential(KEY)
    assert ref.get("status") == "active"
    assert ref.generation == "blocs"
    assert ref.get("supersedes") == {"version": "2013"}
    assert ref.title == "Chargé(e) d'accueil et de relation clients/adhérents"
    assert "effective_date" not in ref.data  # 004 states no date
    # 004, heading: "Code NSF : 313t Instruction de dossiers, traitements de flux et de produits financiers"
    assert ref.get("codes") == {
        "nsf": [{"code": "313t", "label": "Instruction de dossiers, traitements de flux et de produits financiers"}]
    }
    # 004, "Public": six jobs
    assert ref.get("targeted_jobs") == [
        "Chargé/conseiller d'accueil",
        "Agent point d'accueil",
        "Chargé de clientèle",
        "Chargé de développement",
        "Conseiller accueil développement et services",
        "Conseiller agence",
    ]
    # 004 shows no answer scale and there is no guide d'entretien of this version
    assert ref.get("scales") == {}
    assert ref.get("document_scales") == {}


def test_counts_match_the_source() -> None:
    assert count_content(referential(KEY)) == {
        # 004: BLOC 1, Bloc 2, BLOC 3, BLOC 4
        "units": 4,
        # 004, "Référentiel d'activités" cells: 5 (Recueil d'informations, Fidélisation, Orientation des
        # clients/adhérents, Promotion de l'identité mutualiste, Gestion des situations difficiles)
        # + 3 (Organisation, Pilotage, Coordination) + 3 (Organisation de ses activités, Utilisation des
        # systèmes d'information et de gestion, Transmission de l'information) + 3 (Prospection
        # commerciale, Vente de produits et services, Suivi de la relation commerciale)
        "activities": 14,
        # 004, "Référentiel de compétences" cells: 6 + 4 + 4 + 5
        "competences": 19,
        "savoirs": 0,  # domaines generation only
        # 002, "Exemples de question" of its blocs 1 and 2 (the shared blocs): one per <p> paragraph,
        # 24 + 11 paragraphs, less the 2 paragraphs of bloc 1 that only continue a question cut by a
        # page break ("vous avez besoin pour mener l'entretien ?", "d'intégration de ces obligations…")
        # and less "Sur quels points ?", kept with the question it follows: 21 + 11.
        # Blocs 2 and 4 of 004 have no guide d'entretien (documented gap).
        "questions": 32,
        "modules": 0,
        "formative_criteria": 0,
        "intermediate_criteria": 0,
        "final_criteria": 0,
        # 004, "Critères d'évaluation" paragraphs (a criterion = a paragraph that is not a "→" line,
        # plus in BLOC 4 the three "→" lines of "Vente" that have no heading and the "→ L'obligation
        # d'information et de conseil … :" heading): BLOC 1 4+3+1+1+1+1, Bloc 2 1+1+1+1,
        # BLOC 3 1+1+1+1, BLOC 4 1+4+3+2+1
        "criteria": 30,
        # 004, "→" marks: 23 (BLOC 1) + 15 (Bloc 2) + 18 (BLOC 3) + 24 (BLOC 4) less the 4 "→" lines of
        # BLOC 4 encoded as criteria
        "indicators": 76,
        "candidate_questions": 0,
    }


def test_units_are_the_four_blocs_of_004() -> None:
    ref = referential(KEY)
    assert [(u.number, u.id, u.title) for u in ref.units] == [
        (1, "RC-ACCUEIL", "Assurer l'accueil des clients et des prospects"),
        (2, "CA-B2", "Piloter son activité commerciale"),
        (3, "RC-ORGANISATION", "Organiser ses activités et mobiliser les systèmes informatisés"),
        (4, "CA-B4", "Mettre en œuvre les actions commerciales"),
    ]
    assert [u.ref for u in ref.units] == [
        "blocs-relation-clients#RC-ACCUEIL",
        None,
        "blocs-relation-clients#RC-ORGANISATION",
        None,
    ]
    per_unit = [[len(a["competences"]) for a in u.get("activities")] for u in ref.units]
    assert per_unit == [[2, 1, 1, 1, 1], [2, 1, 1], [2, 1, 1], [1, 2, 2]]


def _competence(ref, competence_id: str) -> dict:
    for unit in ref.units:
        for activity in unit.get("activities"):
            for competence in activity["competences"]:
                if competence["id"] == competence_id:
                    return competence
    raise AssertionError(competence_id)


def test_exact_texts() -> None:
    ref = referential(KEY)
    first = ref.units[0].get("activities")[0]["competences"][0]
    assert first["text"] == (
        "Établir une relation de qualité avec son interlocuteur pour favoriser les échanges en adaptant sa "
        "posture et son questionnement, en utilisant les outils de communication omnicanale et en appliquant "
        "les standards d'accueil en vigueur"
    )
    # "établi" corrected to "établit"
    assert first["criteria"][0]["text"] == "Le candidat établit des relations de qualité avec l'interlocuteur :"
    assert first["criteria"][0]["indicators"][-1] == (
        "Une relation de confiance est rapidement établie avec l'interlocuteur (fiabilité, légitimité...)"
    )
    last = ref.units[-1].get("activities")[-1]["competences"][-1]
    assert last["text"] == (
        "Entretenir la relation avec les clients/adhérents en réalisant des prises de contact régulières et "
        "constantes afin de favoriser la fidélisation des clients/adhérents"
    )
    assert [c["text"] for c in last["criteria"]] == [
        "Il met en œuvre des actions ciblées et suivies adaptées aux profils des interlocuteurs "
        "(mailing, campagne téléphonique...)"
    ]
    pilotage = _competence(ref, "CA-B2.A2.C1")
    assert (
        pilotage["criteria"][0]["text"]
        == "Le candidat s'assure avec rigueur de la bonne exécution du contrat en interne."
    )
    assert pilotage["criteria"][0]["indicators"] == [
        "Les ressources internes sont identifiées et mobilisées avec pertinence.",
        "Les informations nécessaires à la réalisation du contrat sont transmises dans les délais aux bons "
        "interlocuteurs.",
        "Des procédures de suivi sont mises en place.",
    ]
    vente = _competence(ref, "CA-B4.A2.C1")
    obligation = vente["criteria"][3]
    assert (
        obligation["text"]
        == "L'obligation d'information et de conseil est respectée lors de la phase précontractuelle :"
    )
    assert len(obligation["indicators"]) == 8
    assert obligation["indicators"][-1].startswith(
        "Avant la conclusion du contrat d'assurance, le candidat a formalisé"
    )
    # the criterion after the page break belongs to "Accompagner la prise de décision…"
    accompagner = _competence(ref, "CA-B4.A2.C2")
    assert accompagner["criteria"][-1]["text"].startswith(
        "Le candidat précise l'avantage de son offre en faisant ressortir"
    )
    # a question of 002 on a shared bloc (one paragraph cut by a page break in 002)
    assert _competence(ref, "RC-ACCUEIL.A3.C1")["questions"][2] == (
        "Quelles sont vos obligations lorsque vous informez ou que vous conseillez un client-adhérent ou un "
        "prospect ? Donnez des exemples d'intégration de ces obligations dans vos activités quotidiennes."
    )


def test_modalities() -> None:
    ref = referential(KEY)
    accueil, pilotage, organisation, actions = (u.get("modality") for u in ref.units)
    # BLOC 1: "entre 3 et 5 … dont 1 simulée en situation difficile", "une semaine maximum"
    assert accueil["situations"]["min"] == 3 and accueil["situations"]["max"] == 5
    assert accueil["situations"]["simulated_difficult"] == 1
    assert accueil["period"]["max_days"] == 7
    assert accueil["methods"] == ["observation_reelle", "entretien"]
    # Bloc 2: interview only, "Mise en situation + 15 minutes d'entretien"
    assert pilotage["methods"] == ["entretien"]
    assert pilotage["duration_text"] == "Mise en situation + 15 minutes d'entretien"
    assert "situations" not in pilotage
    # BLOC 3: real observation or reconstituted situation
    assert organisation["methods"] == ["observation_reelle", "situation_reconstituee", "entretien"]
    assert organisation["evaluators"][1].startswith("1 responsable pédagogique de l'OF")
    # BLOC 4: "5 entretiens sur une semaine maximum"
    assert actions["situations"] == {"min": 5, "max": 5, "text": "5 entretiens sur une semaine maximum"}
    for modality in (accueil, pilotage, organisation, actions):
        assert modality["interview_minutes"] == 15
        assert modality["place"].lower() == "en entreprise"
        assert modality["evaluators_must_agree"] is True
        assert len(modality["evaluators"]) == 2
        assert modality["evaluators"][0].startswith("1 expert « habilité » ayant suivi l'action de formation")


def test_process_facts_from_partie_1() -> None:
    process = referential(KEY).get("process")
    # 001 Partie 1, 2.5: jury of 4, diaporama 10 min + entretien 10 min + délibération for this CQP
    assert process["jury"]["members"] == 4
    assert [p.get("minutes") for p in process["jury"]["interview"]["parts"]] == [10, 10, None]
    assert "diaporama" in process["jury"]["interview"]["format"]
    assert (
        "Le jury est souverain. Il n'a pas à justifier ses décisions. "
        "Ses décisions ne peuvent faire l'objet d'aucun recours." in process["jury"]["rules"]
    )
    # 001 Partie 1, 2.5 / 3.5 and 003: 5 years; 2.1: 3 years; 2.3: 280 to 320 hours
    assert process["partial_validity_years"] == 5
    assert process["registration_limit_years"] == 3
    assert process["training_hours"] == {"min": 280, "max": 320}
    assert "single_unit_validation" not in process  # stated only for Gestionnaire Parcours (002)


def test_vae_facts() -> None:
    vae = referential(KEY).get("vae")
    # 001 Partie 1, 3.3 and 003: "au minimum de 3 ans sur les 12 dernières années"
    assert vae["min_years"] == 3
    assert vae["window_years"] == 12
    assert vae["experience_nature"].startswith("avoir une expérience en situation de face-à-face et par téléphone")
    assert (
        "Cette activité doit nécessairement comporter des situations d'accueil physique et téléphonique."
        in vae["conditions"]
    )
    assert vae["activity_statuses"] == ["salarie", "non_salarie", "benevole"]
    assert [s["id"] for s in vae["sectors"]] == ["mutualite"]
    # 003, décret n° 2002-615
    assert set(vae["excluded_periods"]["kinds"]) == {
        "formation_initiale",
        "formation_continue",
        "stage",
        "formation_milieu_professionnel",
    }
    assert [p["id"] for p in vae["evidence"]["salarie"]["any_of"]] == ["attestation-employeur", "bulletins-salaire"]
    assert vae["evidence"]["benevole"]["any_of"][0]["signatures"] == 2
    assert "non_salarie" not in vae["evidence"]  # 003 names no piece for it (documented gap)
    assert [(r["scope"], r["max"]) for r in vae["request_limits"]] == [
        ("same_certification", 1),
        ("other_certifications_per_calendar_year", 3),
    ]


def test_equivalences_cover_every_2013_domaine() -> None:
    ref = referential(KEY)
    old = referential("charge-accueil@2013")
    equivalences = ref.get("equivalences")
    mapped = {unit for m in equivalences["mappings"] for unit in m["from"]}
    unmapped = {e["unit"] for e in equivalences.get("no_equivalent", [])}
    assert mapped | unmapped == {u.id for u in old.units} == {"D1", "D2", "D3", "D4", "D5"}
    assert {tuple(m["from"]): m["to"] for m in equivalences["mappings"]} == {
        ("D1",): ["RC-ACCUEIL"],
        ("D2",): ["RC-ACCUEIL"],
        ("D3",): ["RC-ACCUEIL", "CA-B4"],
        ("D4",): ["RC-ORGANISATION"],
        ("D5",): ["RC-ACCUEIL", "CA-B4"],
    }
    assert all(m["rationale"] for m in equivalences["mappings"])
    assert not any("coverage" in m for m in equivalences["mappings"])  # no source states one: the branch will


def test_gaps() -> None:
    gaps = {(g["what"], tuple(g.get("units", []))) for g in referential(KEY).get("gaps")}
    assert gaps == {("questions", ("CA-B2", "CA-B4")), ("vae", ()), ("equivalences", ()), ("decided_by", ())}
