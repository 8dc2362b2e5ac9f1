"""RNCP fiches (France compétences' ``FICHES`` flux, version 4.1): what a fiche holds, and reading it.

:func:`read_fiche` finds one ``FICHE`` in a flux file (or in a file holding one ``FICHE``) and
reads what a referential can use: number, title, level, NSF and ROME codes, certifiers, the
blocs (code, title, ``LISTE_COMPETENCES``, ``MODALITES_EVALUATION``), the former certifications
and the bloc ``CORRESPONDANCES``. :func:`split_items` cuts a flux text into its items (the flux
keeps no markup: runs of spaces, bullets or line breaks separate them), each kept word for word.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from cqpengine.exchange import ExchangeError
from cqpengine.exchange.xml import child_text, parse_xml
from cqpengine.exchange.yamltext import clean_text
from cqpengine.i18n import _

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
_LEVEL = re.compile(r"NIV([1-8])")


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


def bloc_code(number: str, unit_number: int) -> str:
    """The flux code of a bloc: ``RNCP36612BC01``."""
    return f"{number}BC{unit_number:02d}"


def competence_texts(bloc: Bloc) -> list[str]:
    """The competences of a bloc: the items of its ``LISTE_COMPETENCES``, each as a referential may hold it."""
    cleaned = (clean_text(item) for item in split_items(bloc.competences))
    return [item for item in cleaned if item]
