"""CQP Gestionnaire Parcours Adhérents/Clients, RNCP generation (blocs), and the shared bloc library.

Sources: seed 002 (guide d'entretien d'accueil et d'orientation in 5 blocs: activité → compétence →
exemples de question → "Oui / Non / Partiellement"; blocs 3-5 have "XXXXXXXXXX" questions) and seed
004 (criteria and modalities of the two blocs 002 shares with the CQP Chargé(e) d'accueil, written
once in blocs_relation_clients.yaml). 002 has no page numbers: figures cite its bloc headings.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.support.helpers import REFERENTIALS, count_content, findings_in, referential

KEY = "gestionnaire-parcours@RNCP"
FILE = REFERENTIALS / "gestionnaire_parcours.yaml"
LIBRARY = REFERENTIALS / "blocs_relation_clients.yaml"
SHARED = ["RC-ACCUEIL", "RC-ORGANISATION"]
PLACEHOLDER = "XXXXXXXXXX"


def test_validates_with_documented_warnings_only() -> None:
    findings = findings_in(FILE)
    assert all(f.severity == "warning" for f in findings), [f.format_text() for f in findings]
    codes = sorted(f.code for f in findings)
    # 13 placeholder questions (002, blocs 3-5: 3 + 5 + 5 "XXXXXXXXXX" cells), and for each of the three
    # blocs without référentiel de certification a "no criterion" and a "no modality" warning.
    assert codes == ["CQP107"] * 3 + ["CQP109"] * 3 + ["CQP112"] * 13
    assert findings_in(LIBRARY) == []
    ref = referential(KEY)
    assert ref.get("status") == "active"
    assert ref.generation == "blocs"
    assert ref.title == "Gestionnaire Parcours Adhérents/Clients"
    assert "supersedes" not in ref.data and "effective_date" not in ref.data


def test_counts_match_the_source() -> None:
    assert count_content(referential(KEY)) == {
        # 002: "Bloc de compétence 1" … "Bloc de compétences 5"
        "units": 5,
        # 002, "Référentiel d'activités" cells: 5 + 3 + 2 + 3 + 2
        "activities": 15,
        # 002, "Référentiel de compétences" cells: 6 + 4 + 3 + 5 + 5
        "competences": 23,
        "savoirs": 0,
        # 002, "Exemples de question": bloc 1 24 <p> paragraphs less 2 page-break continuations and
        # "Sur quels points ?" (kept with the question it follows) = 21; bloc 2 11; blocs 3-5 one
        # "XXXXXXXXXX" per competence = 3 + 5 + 5
        "questions": 45,
        "modules": 0,
        "formative_criteria": 0,
        "intermediate_criteria": 0,
        "final_criteria": 0,
        # 004, criteria of its BLOC 1 (11) and BLOC 3 (4) = blocs 1 and 2 here; none for blocs 3-5
        "criteria": 15,
        # 004, "→" marks of BLOC 1 (23) and BLOC 3 (18)
        "indicators": 41,
        "candidate_questions": 0,
    }


def test_units() -> None:
    ref = referential(KEY)
    assert [(u.number, u.id, u.title) for u in ref.units] == [
        (1, "RC-ACCUEIL", "Assurer l'accueil des clients/adhérents"),  # 002's wording, not 004's
        (2, "RC-ORGANISATION", "Organiser ses activités et mobiliser les systèmes informatisés"),
        (3, "GP-B3", "Traiter des demandes particulières et des réclamations"),
        (4, "GP-B4", "Contribuer à l'amélioration continue de la qualité de services"),
        (5, "GP-B5", "Réaliser des actes de gestion et de contrôle"),
    ]
    per_unit = [[len(a["competences"]) for a in u.get("activities")] for u in ref.units]
    assert per_unit == [[2, 1, 1, 1, 1], [2, 1, 1], [2, 1], [1, 3, 1], [3, 2]]


def test_exact_texts_and_placeholders() -> None:
    ref = referential(KEY)
    b3 = ref.unit("GP-B3").get("activities")[0]["competences"][0]
    assert b3["text"] == (
        "Qualifier la demande des clients/adhérents en vérifiant les éléments du dossier et en recherchant "
        "des compléments d'informations pour identifier le problème"
    )
    last = ref.units[-1].get("activities")[-1]["competences"][-1]
    assert last["text"] == (
        "Suivre les anomalies identifiées et rechercher l'information adaptée dans le respect des procédures "
        "afin d'y apporter les correctifs nécessaires ou transmettre au service chargé d'y apporter une solution"
    )
    # the activity of bloc 4 cut by a page break in 002
    assert ref.unit("GP-B4").get("activities")[1]["title"] == "Participation à la conduite d'actions d'amélioration"
    for unit_id in ("GP-B3", "GP-B4", "GP-B5"):
        unit = ref.unit(unit_id)
        assert "modality" not in unit.data
        for activity in unit.get("activities"):
            for competence in activity["competences"]:
                assert competence["questions"] == [PLACEHOLDER]
                assert "criteria" not in competence
    # a question of 002 on a shared bloc
    accueil = ref.unit("RC-ACCUEIL").get("activities")
    assert (
        accueil[4]["competences"][0]["questions"][0]
        == "Avez-vous déjà été formé sur des techniques de gestion de conflits ?"
    )
    gaps = {g["what"]: g.get("units") for g in ref.get("gaps")}
    assert gaps == {
        "placeholder": ["GP-B3", "GP-B4", "GP-B5"],
        "criteria": ["GP-B3", "GP-B4", "GP-B5"],
        "modality": ["GP-B3", "GP-B4", "GP-B5"],
        "vae": None,
    }


def test_process_vae_and_scale() -> None:
    ref = referential(KEY)
    process = ref.get("process")
    # 002: "Une commission paritaire validera ensuite sur dossier l'obtention du bloc."
    assert (
        "Une commission paritaire validera ensuite sur dossier l'obtention du bloc."
        in process["single_unit_validation"]
    )
    # Not among the five CQPs of Partie 1 (2013): none of its facts is copied here
    for key in ("jury", "partial_validity_years", "registration_limit_years", "training_hours"):
        assert key not in process
    vae = ref.get("vae")
    # 002: "au moins 1 an dans le métier visé par le CQP", "dans le secteur de la Mutualité ou dans un
    # secteur proche", no window
    assert vae["min_years"] == 1
    assert "window_years" not in vae
    assert [s["label"] for s in vae["sectors"]] == ["secteur de la Mutualité", "secteur proche"]
    for key in ("evidence", "excluded_periods", "request_limits", "activity_statuses"):
        assert key not in vae
    # 002, Conclusion et bilan de l'entretien: the VAE rule with its 6 actions, the training rule with 3
    orientation = ref.get("orientation")
    assert orientation["vae_rule"].startswith("Si le candidat a une expérience d'au moins 1 an dans le métier")
    assert len(orientation["vae_actions"]) == 6
    assert len(orientation["formation_actions"]) == 3
    assert orientation["formation_actions"][-1].endswith("son dossier sera examiné par une commission paritaire.")
    # 002: "Oui / Non / Partiellement"
    assert ref.get("document_scales") == {"orientation": "oui-non-partiellement"}
    scale = ref.scale("orientation")
    assert [(v["label"], v["meaning"]) for v in scale["values"]] == [
        ("Oui", "acquired"),
        ("Non", "not_acquired"),
        ("Partiellement", "partial"),
    ]


def _inline_unit_ids(path: Path) -> set[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {unit["id"] for unit in data.get("units", []) if isinstance(unit, dict) and "id" in unit}


def test_shared_blocs_defined_once_and_resolved_identically() -> None:
    # Defined inline in the library file only.
    for path in sorted(REFERENTIALS.glob("*.yaml")):
        defined = _inline_unit_ids(path) & set(SHARED)
        assert defined == (set(SHARED) if path.name == LIBRARY.name else set()), path.name
    gestionnaire = referential(KEY)
    charge = referential("charge-accueil@RNCP")
    for unit_id in SHARED:
        mine, theirs = gestionnaire.unit(unit_id), charge.unit(unit_id)
        assert mine.ref == theirs.ref == f"blocs-relation-clients#{unit_id}"
        assert mine.definition.file.path == theirs.definition.file.path == mine.definition.file.path
        assert Path(mine.definition.file.path).name == LIBRARY.name
        # Same content once the per-certification number and title are set aside.
        strip = {"number", "title"}
        assert {k: v for k, v in mine.data.items() if k not in strip} == {
            k: v for k, v in theirs.data.items() if k not in strip
        }
    # Numbers differ per certification (BLOC 3 of 004 is bloc 2 of 002), and only 002 overrides a title.
    assert (charge.unit("RC-ORGANISATION").number, gestionnaire.unit("RC-ORGANISATION").number) == (3, 2)
    assert charge.unit("RC-ACCUEIL").title == "Assurer l'accueil des clients et des prospects"
    assert gestionnaire.unit("RC-ORGANISATION").title == charge.unit("RC-ORGANISATION").title
