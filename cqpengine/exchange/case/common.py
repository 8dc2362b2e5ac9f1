"""CASE 1.1 names shared by the export and the import: REST path, item types, limits."""

from __future__ import annotations

#: The REST path under which CASE 1.1 serves its objects.
CASE_PATH = "/ims/case/v1p1"
#: The key of this engine's data in the ``extensions`` of a CASE object.
EXTENSION = "cqpengine"
#: ``lastChangeDateTime`` of a version without an effective date (exports stay byte-identical).
EPOCH = "1970-01-01T00:00:00Z"
#: The largest package ``import case`` reads, and the deepest nesting it accepts.
MAX_JSON_BYTES = 64 * 1024 * 1024
MAX_JSON_DEPTH = 64
#: The deepest tree of items read back (unit, activity, competence, criterion, indicator: 5).
MAX_TREE_DEPTH = 16
#: List key of a unit's identified children → its ``CFItemType``.
ITEM_TYPES = {
    "activities": "Activité",
    "competences": "Compétence",
    "criteria": "Critère d'évaluation",
    "savoir_faire": "Savoir-faire",
    "savoirs": "Savoir",
    "modules": "Module de formation",
    "intermediate_criteria": "Critère d'évaluation intermédiaire",
    "final_criteria": "Critère d'évaluation finale",
}
UNIT_TYPES = {"blocs": "Bloc de compétences", "domaines": "Domaine de compétences"}
UNIT_WORDS = {"blocs": "Bloc", "domaines": "Domaine"}
INDICATOR = "Indicateur"
#: Every item type, in the order of their ``hierarchyCode`` (the same in every package).
TYPE_ORDER = (*UNIT_TYPES.values(), *ITEM_TYPES.values(), INDICATOR)
#: ``status`` → CASE ``adoptionStatus``.
ADOPTION = {"draft": "Draft", "active": "Adopted", "superseded": "Deprecated", "withdrawn": "Retired"}
#: A scale value's meaning, as the rubric's level describes it.
MEANINGS = {"acquired": "acquis", "partial": "partiel", "not_acquired": "non acquis"}
