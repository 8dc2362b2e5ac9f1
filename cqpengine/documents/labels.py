"""The French wording of everything cqpengine prints that is not referential content.

One file, ``templates/labels.yaml``, holds document titles, headings, table headers, form labels
and the words of the decisions; templates and the decision engine both read it from here, and
format figures and dates the French way with the helpers below.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from fractions import Fraction
from typing import Any

from cqpengine.i18n import _
from cqpengine.loading.yamlio import load_yaml_file, require_mapping
from cqpengine.model import Referential, Unit
from cqpengine.resources import data_dir


@functools.cache
def labels() -> dict[str, Any]:
    """The contents of ``templates/labels.yaml`` (loaded once)."""
    return require_mapping(load_yaml_file(data_dir("templates") / "labels.yaml"), _("document labels"))


def unit_label(referential: Referential, unit: Unit) -> str:
    """``Bloc 3 : title`` / ``Domaine 2 : title``, as the documents print it."""
    return f"{labels()['unit_short'][referential.generation]} {unit.number} : {unit.title}"


def number(value: Fraction | float | int, decimals: int = 2) -> str:
    """A figure the French way: ``3.5`` → ``3,5``; ``1248.25`` → ``1 248,25``; trailing zeros dropped."""
    text = f"{float(value):,.{decimals}f}".replace(",", " ").replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def years(value: Fraction | float | int) -> str:
    """``1`` → ``1 an``, ``3`` → ``3 ans``, ``2.99`` → ``2,99 ans``."""
    return f"{number(value)} {'an' if value < 2 else 'ans'}"


def day(value: date) -> str:
    """``2024-03-15`` → ``15/03/2024``."""
    return value.strftime("%d/%m/%Y")


def days(value: Fraction | float | int) -> str:
    """``1`` → ``1 jour``, ``0`` → ``0 jour``, ``1,5`` → ``1,5 jour``, ``2`` → ``2 jours`` (French)."""
    return f"{number(value)} {'jour' if value < 2 else 'jours'}"


def years_before(count: int) -> str:
    """``1`` → ``l'année précédant la demande``, ``12`` → ``les 12 années précédant la demande``."""
    return "l'année précédant la demande" if count == 1 else f"les {count} années précédant la demande"


def last_years(count: int) -> str:
    """``1`` → ``la dernière année``, ``12`` → ``les 12 dernières années``."""
    return "la dernière année" if count == 1 else f"les {count} dernières années"


def join(items: list[str], last: str = "et") -> str:
    """``a, b et c`` (``last``: the word before the last item, e.g. ``ou``)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


_FIELD_PART = re.compile(r"\[([^\]]*)\]|([^.\[]+)")


def review_value(value: object) -> str:
    """A value of the referential format as a commission reads it: ``active`` → ``en vigueur``, ``True`` → ``oui``."""
    words: dict[str, str] = labels()["review"]["values"]
    if isinstance(value, bool):
        return words["true" if value else "false"]
    text = str(value)
    return words.get(text, text)


def review_field(field: str) -> str:
    """A field path in a commission's words: ``modality.methods`` → ``Modalités d'évaluation › Méthodes``.

    A part in brackets (an id, or what a gap is about) keeps its id, or gets its French words.
    """
    names: dict[str, str] = labels()["review"]["fields"]
    parts = [
        review_value(bracket) if bracket else names.get(name, name) for bracket, name in _FIELD_PART.findall(field)
    ]
    return " › ".join(parts)


def review_show(value: object) -> str:
    """A value on one line, in a commission's words: texts joined by `` | ``, a mapping as ``Clé : valeur ; …``."""
    names: dict[str, str] = labels()["review"]["fields"]
    if isinstance(value, dict):
        return " ; ".join(f"{names.get(str(k), str(k))} : {review_show(v)}" for k, v in value.items())
    if isinstance(value, list):
        return " | ".join(review_show(v) for v in value)
    return " ".join(review_value(value).split())
