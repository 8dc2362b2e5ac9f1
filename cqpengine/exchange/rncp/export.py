"""The ``FICHE`` fragment of the RNCP flux for a referential (``schema/rncp-fiche-fragment.xsd``).

:func:`export_fiche` writes the number, the title, the blocs (codes ``RNCPnnnnnBCnn``, competences,
modalities as the flux writes them) and the ``CORRESPONDANCES`` from the equivalences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.etree import ElementTree
from xml.etree.ElementTree import Element, SubElement

from cqpengine.exchange import ExchangeError
from cqpengine.exchange.rncp.draft import former_version
from cqpengine.exchange.rncp.fiche import FLUX_SEPARATOR, FLUX_VERSION, bloc_code
from cqpengine.i18n import _
from cqpengine.model import Referential, competences


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
