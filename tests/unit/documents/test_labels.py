"""French wording helpers and the labels file."""

from __future__ import annotations

from fractions import Fraction

import pytest

from cqpengine.documents.labels import days, labels, last_years, number, years, years_before


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0 an"), (1, "1 an"), (Fraction(3, 2), "1,5 an"), (2, "2 ans"), (12, "12 ans"), (2.99, "2,99 ans")],
)
def test_years(value: float, text: str) -> None:
    assert years(value) == text


@pytest.mark.parametrize(("value", "text"), [(0, "0 jour"), (1, "1 jour"), (2, "2 jours"), (1850.5, "1 850,5 jours")])
def test_days(value: float, text: str) -> None:
    assert days(value) == text


def test_window_phrases_agree_with_their_number() -> None:
    assert years_before(1) == "l'année précédant la demande"
    assert years_before(12) == "les 12 années précédant la demande"
    assert last_years(1) == "la dernière année"
    assert last_years(12) == "les 12 dernières années"


def test_numbers_the_french_way() -> None:
    assert number(1248.25) == "1 248,25"
    assert number(3.0) == "3"


def test_labels_cover_every_document_and_decision() -> None:
    from cqpengine.documents import DOCUMENTS

    assert set(labels()["documents"]) == set(DOCUMENTS)
    assert set(labels()["decisions"]["titles"]) == {"vae", "orientation", "jury"}


def test_every_label_is_text_where_text_is_meant() -> None:
    # A plain YAML scalar holding ": " becomes a mapping: catch any key that reads like a sentence.
    def keys(value: object) -> list[str]:
        if isinstance(value, dict):
            return [str(k) for k in value] + [k for v in value.values() for k in keys(v)]
        if isinstance(value, list):
            return [k for v in value for k in keys(v)]
        return []

    assert [key for key in keys(labels()) if " " in key] == []
