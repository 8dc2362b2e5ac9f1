"""A new version of charge-accueil written the way an editor would, for the diff and correspondance tests.

``write_split_version`` copies the real referentials to a folder and adds ``charge-accueil@2025``
(draft, superseding RNCP): bloc 4 split in two (its activity "Suivi de la relation commerciale"
moved, id kept, to a new bloc 5), bloc 4 retitled, a competence of bloc 2 moved to bloc 4, one
word of another competence changed, and the equivalences declared (bloc 4 → blocs 4 and 5).
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

from tests.support.helpers import REFERENTIALS

NEW_B4_TITLE = "Prospecter et vendre les produits et services"
NEW_B5_TITLE = "Assurer le suivi de la relation commerciale"


def _units(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {u["id"]: u for u in data["units"] if "id" in u}


def split_version(data: dict[str, Any]) -> dict[str, Any]:
    """charge-accueil@RNCP's data → the 2025 draft described above."""
    new = copy.deepcopy(data)
    new.update(version="2025", status="draft", supersedes={"version": "RNCP"})
    # Its equivalences are declared below, by the branch: RNCP's gap in its own does not carry over.
    new["gaps"] = [gap for gap in new.get("gaps", []) if gap["what"] != "equivalences"]
    units = _units(new)
    b2, b4 = units["CA-B2"], units["CA-B4"]
    organisation = b2["activities"][0]
    organisation["competences"][0]["text"] = organisation["competences"][0]["text"].replace(
        "Planifier son activité", "Organiser son activité", 1
    )
    moved_competence = organisation["competences"].pop(1)  # CA-B2.A1.C2 → bloc 4, activity A1
    b4["activities"][0]["competences"].append(moved_competence)
    follow_up = b4["activities"].pop(2)  # CA-B4.A3 → the new bloc 5
    b4["title"] = NEW_B4_TITLE
    b5 = {"id": "CA-B5", "number": 5, "title": NEW_B5_TITLE, "activities": [follow_up]}
    b5["modality"] = copy.deepcopy(b4["modality"])
    new["units"].append(b5)
    new["equivalences"] = {
        "mappings": [
            {"from": ["RC-ACCUEIL"], "to": ["RC-ACCUEIL"], "coverage": "totale", "rationale": "Bloc inchangé."},
            {
                "from": ["CA-B2"],
                "to": ["CA-B2"],
                "coverage": "partielle",
                "rationale": "Une compétence passe au bloc 4.",
            },
            {
                "from": ["RC-ORGANISATION"],
                "to": ["RC-ORGANISATION"],
                "coverage": "totale",
                "rationale": "Bloc inchangé.",
            },
            {
                "from": ["CA-B4"],
                "to": ["CA-B4", "CA-B5"],
                "coverage": "totale",
                "rationale": "Le bloc 4 est scindé : le suivi de la relation commerciale forme le bloc 5.",
            },
        ],
        "no_equivalent": [],
    }
    return new


def write_split_version(folder: Path) -> Path:
    """The real referentials in ``folder`` plus ``charge_accueil_2025.yaml``; returns that file."""
    shutil.copytree(REFERENTIALS, folder)
    data = yaml.safe_load((folder / "charge_accueil.yaml").read_text(encoding="utf-8"))
    path = folder / "charge_accueil_2025.yaml"
    path.write_text(yaml.safe_dump(split_version(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
