"""A draft referential of the blocs generation from an RNCP fiche.

:func:`draft_referential` writes the YAML of the draft, with French comments and a ``gaps:`` list
of what a fiche never gives; :func:`former_version` and :func:`superseded_version` find the older
version a fiche names among the referentials already written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cqpengine.exchange import ExchangeError
from cqpengine.exchange.rncp.fiche import FLUX_VERSION, Bloc, Fiche, bloc_code, competence_texts
from cqpengine.exchange.yamltext import clean_text, comment, dump, section
from cqpengine.i18n import _
from cqpengine.model import Referential

_NSF = re.compile(r"[0-9]{3}[a-z]?")
_ROME = re.compile(r"[A-Z][0-9]{4}")
#: Words of a modality text → the evaluation method they name.
_METHOD_WORDS = (
    ("observation_reelle", re.compile(r"observation|situation reelle|situation de travail")),
    (
        "situation_reconstituee",
        re.compile(r"mises? en situations?|situations? reconstituees?|jeux? de role|etudes? de cas|cas pratiques?"),
    ),
    ("entretien", re.compile(r"entretien|oral|soutenance|jury")),
)


def slug(title: str) -> str:
    """A certification id made from a title: lower case ASCII words joined by ``-``, at most 64 characters."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_title)
    result = ""
    for word in words:
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > 64:
            break
        result = candidate
    if not result or not result[0].isalpha():
        result = ("cqp-" + result)[:64].rstrip("-")
    return result


def methods_named(text: str) -> list[str]:
    """The evaluation methods a modality text names (``entretien``… ; none when it names none)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return [method for method, words in _METHOD_WORDS if words.search(plain)]


@dataclass(frozen=True)
class Former:
    """An older version of the certification found among the referentials: what an import links to."""

    number: str
    key: tuple[str, str]
    units_by_code: Mapping[str, str]


def former_version(referential: Referential) -> Former | None:
    """The RNCP number, key and bloc codes → unit ids of a version an imported fiche may supersede."""
    number = referential.data.get("codes", {}).get("rncp")
    if number is None or referential.generation != "blocs":
        return None
    units = {bloc_code(number, unit.number): unit.id for unit in referential.units}
    return Former(number, (referential.id, referential.version), units)


def superseded_version(fiche: Fiche, former: Sequence[Former]) -> Former | None:
    """The first of ``former`` that the fiche names among its former certifications."""
    return next((f for f in former if f.number in fiche.former), None)


def _codes(fiche: Fiche) -> tuple[dict[str, Any], list[str]]:
    codes: dict[str, Any] = {"rncp": fiche.number}
    nsf = [
        {"code": code, "label": label} if label else {"code": code} for code, label in fiche.nsf if _NSF.fullmatch(code)
    ]
    rome = [
        {"code": code, "label": label} if label else {"code": code}
        for code, label in fiche.rome
        if _ROME.fullmatch(code)
    ]
    dropped = [code for code, _label in fiche.nsf if not _NSF.fullmatch(code)]
    dropped += [code for code, _label in fiche.rome if not _ROME.fullmatch(code)]
    if nsf:
        codes["nsf"] = nsf
    if rome:
        codes["rome"] = rome
    if fiche.level is not None:
        codes["level"] = fiche.level
    return codes, dropped


def _unit(index: int, bloc: Bloc) -> tuple[dict[str, Any], bool]:
    """A bloc of the draft, and whether it has a modality."""
    unit_id = f"B{index}"
    items = competence_texts(bloc) or ["XXXX Compétence (la fiche n'en donne aucune pour ce bloc)"]
    unit: dict[str, Any] = {
        "id": unit_id,
        "number": index,
        "title": bloc.title or f"XXXX Intitulé du bloc {index}",
        "activities": [
            {
                "id": f"{unit_id}.A1",
                "title": "XXXX Activité (la fiche RNCP ne décrit pas les activités du bloc)",
                "competences": [{"id": f"{unit_id}.A1.C{n}", "text": text} for n, text in enumerate(items, 1)],
            }
        ],
    }
    description = clean_text(bloc.modalities)
    if description:
        unit["modality"] = {
            "methods": methods_named(description) or ["entretien"],
            "description": description,
            "place": "XXXX Lieu de l'évaluation",
            "evaluators": ["XXXX Évaluateur"],
            "evaluators_must_agree": False,
        }
    return unit, bool(description)


def _equivalences(fiche: Fiche, units: Mapping[str, str], former: Former) -> dict[str, Any]:
    """Mappings from the correspondences toward ``former``, and its other blocs as without equivalent."""
    mappings = []
    mapped = set()
    for entry in fiche.correspondences:
        old = former.units_by_code.get(entry.destination)
        new = units.get(entry.source)
        if entry.fiche != former.number or old is None or new is None:
            continue
        mapped.add(old)
        mappings.append(
            {
                "from": [old],
                "to": [new],
                "rationale": f"Correspondance déclarée par la fiche {fiche.number} : "
                f"{entry.source} correspond à {entry.destination}.",
            }
        )
    result: dict[str, Any] = {"mappings": mappings}
    result["no_equivalent"] = [
        {"unit": unit_id, "rationale": f"La fiche {fiche.number} ne déclare aucune correspondance pour {code}."}
        for code, unit_id in former.units_by_code.items()
        if unit_id not in mapped
    ]
    return result


def draft_referential(
    fiche: Fiche, *, source_name: str, certification_id: str, version: str, former: Sequence[Former] = ()
) -> str:
    """The YAML text of a draft referential of the blocs generation made from ``fiche``."""
    codes, dropped = _codes(fiche)
    head: dict[str, Any] = {
        "id": certification_id,
        "version": version,
        "status": "draft",
        "title": fiche.title or "XXXX Intitulé de la certification",
        "generation": "blocs",
        "source": [
            f"{source_name} : fiche {fiche.number} du Répertoire national des certifications professionnelles "
            f"(flux France compétences, version {FLUX_VERSION})"
        ],
        "codes": codes,
    }
    if fiche.certifiers:
        head["certifier"] = {"name": fiche.certifiers[0]}
    units, with_modality = [], []
    for index, bloc in enumerate(fiche.blocs, 1):
        unit, has_modality = _unit(index, bloc)
        units.append(unit)
        with_modality.append(has_modality)
    if not units:
        raise ExchangeError(
            _("fiche {number} has no bloc de compétences: nothing to import").format(number=fiche.number)
        )
    unit_by_code = {bloc.code: unit["id"] for bloc, unit in zip(fiche.blocs, units, strict=True)}
    older = superseded_version(fiche, former)
    text = comment(
        [
            f"Brouillon créé par « cqp import rncp » depuis la fiche {fiche.number} ({source_name}).",
            "Les intitulés, les compétences (une par élément de LISTE_COMPETENCES) et les modalités",
            "d'évaluation (MODALITES_EVALUATION) sont ceux de la fiche, mot pour mot.",
            "La fiche ne donne ni les activités, ni les critères et indicateurs, ni les questions, ni les",
            "échelles, ni les règles de VAE, ni le déroulement de la certification : ils sont déclarés sous",
            "« gaps: » en fin de fichier, et les textes « XXXX » sont à remplacer. Pour voir le résultat :",
            "  cqp validate FICHIER",
            "  cqp build FICHIER",
        ]
    )
    if len(fiche.certifiers) > 1:
        text += comment(
            [
                f"Certificateurs de la fiche : {', '.join(fiche.certifiers)}. Le premier est repris sous",
                "« certifier » (l'émetteur des attestations des unités acquises) : à vérifier.",
            ]
        )
    if dropped:
        text += comment(
            [f"Codes de la fiche hors des formats NSF et ROME attendus, non repris : {', '.join(dropped)}."]
        )
    text += dump(head)
    if older is not None:
        text += section(
            [
                f"La fiche {fiche.number} remplace {older.number} (ANCIENNES_CERTIFICATIONS), présente parmi les",
                "référentiels : les équivalences sont ses CORRESPONDANCES entre blocs. Leur portée (coverage)",
                "n'est pas dite par la fiche : écrivez « coverage: totale » ou « partielle » une fois décidée.",
            ],
            {"supersedes": {"id": older.key[0], "version": older.key[1]}}
            if older.key[0] != certification_id
            else {"supersedes": {"version": older.key[1]}},
        )
        text += dump({"equivalences": _equivalences(fiche, unit_by_code, older)})
    elif fiche.former or fiche.correspondences:
        lines = [f"Anciennes certifications de la fiche, absentes des référentiels : {', '.join(fiche.former) or '-'}."]
        lines += ["Correspondances de la fiche (bloc de cette fiche → bloc d'une ancienne fiche) :"]
        lines += [f"  {c.source} → {c.destination} ({c.fiche})" for c in fiche.correspondences]
        lines += ["Importez l'ancienne version d'abord pour écrire « supersedes » et « equivalences »."]
        text += comment(lines)
    text += section(
        [
            "Le déroulement (jury, durées), les échelles et les documents qui les utilisent ne sont pas dans",
            "la fiche : à écrire depuis les documents de la certification.",
        ],
        {"process": {}, "scales": {}, "document_scales": {}},
    )
    text += section(
        [
            "Un bloc par BLOC_COMPETENCES de la fiche, numérotés dans son ordre (BC01 → 1, BC02 → 2…).",
            "La fiche ne décrit pas les activités : une activité « XXXX » par bloc porte ses compétences.",
            "Les méthodes d'évaluation (methods) sont déduites des mots de la modalité (entretien, mise en",
            "situation, étude de cas, observation) : à vérifier ; le lieu et les évaluateurs sont à écrire.",
        ],
        {"units": units},
    )
    gaps: list[dict[str, Any]] = [
        {"what": "criteria", "reason": "La fiche RNCP ne donne ni critères d'évaluation ni indicateurs."},
        {
            "what": "questions",
            "reason": "La fiche RNCP ne donne pas d'exemples de questions pour l'entretien d'accueil.",
        },
        {
            "what": "vae",
            "reason": "La fiche RNCP ne donne pas les règles de recevabilité VAE (expérience, pièces, démarche).",
        },
        {
            "what": "decided_by",
            "reason": "La fiche RNCP ne dit pas qui décide pour un candidat qui ne vise que certains blocs.",
        },
        {
            "what": "placeholder",
            "reason": "La fiche RNCP ne décrit ni les activités des blocs, ni le lieu et les évaluateurs des "
            "modalités d'évaluation : les textes « XXXX » sont à remplacer.",
        },
    ]
    missing = [unit["id"] for unit, has in zip(units, with_modality, strict=True) if not has]
    if missing:
        gaps.append(
            {
                "what": "modality",
                "units": missing,
                "reason": "La fiche RNCP ne donne pas la modalité d'évaluation de ces blocs.",
            }
        )
    text += section(["Ce que la fiche RNCP ne dit pas."], {"gaps": gaps})
    return text
