"""RNCP fiches (France compétences' ``FICHES`` flux, version 4.1): import a draft, export the blocs back.

:func:`read_fiche` finds one ``FICHE`` in a flux file (or in a file holding one ``FICHE``) and
reads what a referential can use: number, title, level, NSF and ROME codes, certifiers, the
blocs (code, title, ``LISTE_COMPETENCES``, ``MODALITES_EVALUATION``), the former certifications
and the bloc ``CORRESPONDANCES``. :func:`split_items` cuts a flux text into its items (the flux
keeps no markup: runs of spaces, bullets or line breaks separate them), each kept word for word.
:func:`draft_referential` writes the YAML of a draft referential of the blocs generation, with
French comments and a ``gaps:`` list of what a fiche never gives. :func:`export_fiche` writes the
``FICHE`` fragment of a referential (``schema/rncp-fiche-fragment.xsd`` describes it).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.etree.ElementTree import Element, SubElement

from cqpengine.exchange import ExchangeError
from cqpengine.exchange.xml import child_text, parse_xml
from cqpengine.exchange.yamltext import clean_text, comment, dump, section
from cqpengine.i18n import _
from cqpengine.model import Referential, competences

#: The flux version the fragments declare and the importer was written against.
FLUX_VERSION = "4.1"
#: What separates two items of a flux text: a line break, three spaces or more, or a bullet after a space.
_SEPARATOR = re.compile(r"\s*[\r\n]\s*|[ \t\u00a0]{3,}|\s+[*•·▪◦‣](?=\s)|\s{2,}[o\-–](?=\s)")
#: A bullet left at the start of an item.
_BULLET = re.compile(r"^[*•·▪◦‣o\-–]\s+")
#: What separates the items of an exported text, as the flux writes them.
FLUX_SEPARATOR = "    "
#: A fiche number.
_NUMBER = re.compile(r"RNCP[0-9]+")
#: A bloc code: the fiche's number, ``BC`` and two digits.
_BLOC_CODE = re.compile(r"(RNCP[0-9]+)BC([0-9]{2})")
_NSF = re.compile(r"[0-9]{3}[a-z]?")
_ROME = re.compile(r"[A-Z][0-9]{4}")
_LEVEL = re.compile(r"NIV([1-8])")
#: Words of a modality text → the evaluation method they name.
_METHOD_WORDS = (
    ("observation_reelle", re.compile(r"observation|situation reelle|situation de travail")),
    (
        "situation_reconstituee",
        re.compile(r"mises? en situations?|situations? reconstituees?|jeux? de role|etudes? de cas|cas pratiques?"),
    ),
    ("entretien", re.compile(r"entretien|oral|soutenance|jury")),
)


@dataclass(frozen=True)
class Bloc:
    """A ``BLOC_COMPETENCES`` of a fiche."""

    code: str
    title: str
    competences: str
    modalities: str


@dataclass(frozen=True)
class Correspondence:
    """A ``CORRESPONDANCE``: a bloc of this fiche and the bloc of an older fiche it corresponds to."""

    source: str
    fiche: str
    destination: str


@dataclass(frozen=True)
class Fiche:
    """What a referential takes from one ``FICHE``."""

    number: str
    title: str
    level: int | None = None
    nsf: tuple[tuple[str, str], ...] = ()
    rome: tuple[tuple[str, str], ...] = ()
    certifiers: tuple[str, ...] = ()
    former: tuple[str, ...] = ()
    blocs: tuple[Bloc, ...] = ()
    correspondences: tuple[Correspondence, ...] = ()


@dataclass
class _Scan:
    """The fiches met while reading: their numbers and titles, and the one asked for."""

    wanted: str
    seen: list[tuple[str, str]] = field(default_factory=list)
    found: Element | None = None

    def keep(self, element: Element) -> bool:
        number = child_text(element, "NUMERO_FICHE")
        self.seen.append((number, child_text(element, "INTITULE")))
        if number == self.wanted and self.found is None:
            self.found = element
            return True
        return False


def normalise_number(value: str) -> str | None:
    """``RNCP36612`` from ``RNCP36612``, ``rncp36612`` or ``36612``; None when it is none of these."""
    candidate = value.strip().upper()
    if candidate.isdigit():
        candidate = "RNCP" + candidate
    return candidate if _NUMBER.fullmatch(candidate) else None


def closest(wanted: str, numbers: Sequence[str]) -> list[str]:
    """``numbers`` from the most to the least similar to ``wanted``."""
    return sorted(numbers, key=lambda n: (-difflib.SequenceMatcher(None, wanted, n).ratio(), n))


def split_items(text: str) -> list[str]:
    """The items of a flux text, each word for word (separators and bullets removed, nothing else)."""
    items = []
    for piece in _SEPARATOR.split(text):
        item = _BULLET.sub("", piece.strip()).strip()
        if item:
            items.append(item)
    return items


def _pairs(element: Element, path: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (child_text(entry, "CODE"), clean_text(child_text(entry, "LIBELLE"))) for entry in element.iterfind(path)
    )


def _fiche(element: Element) -> Fiche:
    level = _LEVEL.fullmatch(child_text(element, "NOMENCLATURE_EUROPE/NIVEAU"))
    certifiers: list[str] = []
    for entry in element.iterfind("CERTIFICATEURS/CERTIFICATEUR"):
        name = clean_text(child_text(entry, "NOM_CERTIFICATEUR"))
        if name and name not in certifiers:
            certifiers.append(name)
    blocs = tuple(
        Bloc(
            child_text(entry, "CODE"),
            clean_text(child_text(entry, "LIBELLE")),
            child_text(entry, "LISTE_COMPETENCES"),
            child_text(entry, "MODALITES_EVALUATION"),
        )
        for entry in element.iterfind("BLOCS_COMPETENCES/BLOC_COMPETENCES")
    )
    correspondences = tuple(
        Correspondence(
            child_text(entry, "SOURCE/BLOC_COMPETENCES/CODE"),
            child_text(entry, "DESTINATION/NUMERO_FICHE"),
            child_text(entry, "DESTINATION/BLOC_COMPETENCES/CODE"),
        )
        for entry in element.iterfind("CORRESPONDANCES/CORRESPONDANCE")
    )
    return Fiche(
        number=child_text(element, "NUMERO_FICHE"),
        title=clean_text(child_text(element, "INTITULE")),
        level=int(level.group(1)) if level else None,
        nsf=_pairs(element, "CODES_NSF/NSF"),
        rome=_pairs(element, "CODES_ROME/ROME"),
        certifiers=tuple(certifiers),
        former=tuple(
            number
            for entry in element.iterfind("ANCIENNES_CERTIFICATIONS/ANCIENNE_CERTIFICATION")
            if (number := child_text(entry, "ID_FICHE_ANCIENNE_CERTIFICATION"))
        ),
        blocs=blocs,
        correspondences=correspondences,
    )


def read_fiche(path: Path, number: str) -> Fiche:
    """The fiche ``number`` of the flux file ``path``; an :class:`ExchangeError` listing the others if absent."""
    scan = _Scan(number)
    root = parse_xml(path, prune="FICHE", keep=scan.keep)
    if root.tag == "FICHE":
        scan.keep(root)
    elif root.tag != "FICHES":
        raise ExchangeError(
            _("{file}: not an RNCP flux: its root element is <{tag}>, not <FICHES> or <FICHE>").format(
                file=path, tag=root.tag
            )
        )
    if scan.found is None:
        numbers = [n for n, _title in scan.seen if n]
        if not numbers:
            raise ExchangeError(_("{file} holds no fiche").format(file=path))
        shown = closest(number, numbers)[:10]
        more = len(numbers) - len(shown)
        listed = ", ".join(shown) + (_(" and {count} more").format(count=more) if more > 0 else "")
        raise ExchangeError(
            _("{file} has no fiche {number}; it holds (closest first): {listed}").format(
                file=path, number=number, listed=listed
            )
        )
    return _fiche(scan.found)


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


def bloc_code(number: str, unit_number: int) -> str:
    """The flux code of a bloc: ``RNCP36612BC01``."""
    return f"{number}BC{unit_number:02d}"


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


def competence_texts(bloc: Bloc) -> list[str]:
    """The competences of a bloc: the items of its ``LISTE_COMPETENCES``, each as a referential may hold it."""
    cleaned = (clean_text(item) for item in split_items(bloc.competences))
    return [item for item in cleaned if item]


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


def _flux_text(texts: Sequence[str]) -> str:
    """Items as the flux writes them: one line, runs of spaces between items and for line breaks."""
    return FLUX_SEPARATOR.join(re.sub(r"\s*[\r\n]\s*", FLUX_SEPARATOR, text.strip()) for text in texts)


def _text_element(parent: Element, tag: str, text: str) -> Element:
    element = SubElement(parent, tag)
    element.text = text
    return element


def rncp_number(referential: Referential) -> str:
    """The referential's RNCP number; an :class:`ExchangeError` if it has none."""
    number = referential.data.get("codes", {}).get("rncp")
    if number is None:
        raise ExchangeError(
            _("{key} has no RNCP number: add codes.rncp (e.g. RNCP12345) to export its fiche").format(
                key=referential.key
            )
        )
    return number


def export_fiche(referential: Referential) -> bytes:
    """The ``FICHES`` fragment (one ``FICHE``) of a referential of the blocs generation."""
    if referential.generation != "blocs":
        raise ExchangeError(
            _("{key} is of the domaines generation: the RNCP flux has blocs de compétences only").format(
                key=referential.key
            )
        )
    number = rncp_number(referential)
    root = Element("FICHES")
    _text_element(root, "VERSION_FLUX", FLUX_VERSION)
    fiche = SubElement(root, "FICHE")
    _text_element(fiche, "NUMERO_FICHE", number)
    _text_element(fiche, "INTITULE", _flux_text([referential.title]))
    blocs = SubElement(fiche, "BLOCS_COMPETENCES")
    for unit in referential.units:
        bloc = SubElement(blocs, "BLOC_COMPETENCES")
        _text_element(bloc, "CODE", bloc_code(number, unit.number))
        _text_element(bloc, "LIBELLE", _flux_text([unit.title]))
        _text_element(bloc, "LISTE_COMPETENCES", _flux_text([c["text"] for c in competences(unit)]))
        modality = unit.bloc.get("modality") if unit.bloc is not None else None
        if modality is not None:
            _text_element(bloc, "MODALITES_EVALUATION", _flux_text([modality["description"]]))
    pairs = _correspondences(referential, number)
    if pairs:
        element = SubElement(fiche, "CORRESPONDANCES")
        for source, old_number, destination in pairs:
            entry = SubElement(element, "CORRESPONDANCE")
            _text_element(SubElement(SubElement(entry, "SOURCE"), "BLOC_COMPETENCES"), "CODE", source)
            target = SubElement(entry, "DESTINATION")
            _text_element(target, "NUMERO_FICHE", old_number)
            _text_element(SubElement(target, "BLOC_COMPETENCES"), "CODE", destination)
    ElementTree.indent(root, space="  ")
    body = ElementTree.tostring(root, encoding="unicode")
    header = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<!-- {referential.key} : fragment FICHE du flux RNCP {FLUX_VERSION} écrit par cqp export rncp "
        "(schéma : rncp-fiche-fragment.xsd de cqpengine) -->\n"
    )
    return (header + body + "\n").encode("utf-8")


def _correspondences(referential: Referential, number: str) -> list[tuple[str, str, str]]:
    """(this bloc's code, older fiche number, older bloc's code) for each equivalence toward an older RNCP fiche."""
    older = referential.superseded
    former = former_version(older) if older is not None else None
    if former is None:
        return []
    codes_of_old = {unit_id: code for code, unit_id in former.units_by_code.items()}
    pairs = []
    for mapping in referential.data.get("equivalences", {}).get("mappings", []):
        for new_id in mapping["to"]:
            unit = referential.unit(new_id)
            for old_id in mapping["from"]:
                if unit is not None and old_id in codes_of_old:
                    pairs.append((bloc_code(number, unit.number), former.number, codes_of_old[old_id]))
    return pairs
