"""What a person writes in a form field, read as a value: round trips and refusals (hypothesis)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from cqpengine.forms.values import PERCENT, YEARS, number, parse_date

DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


@given(DAYS, st.sampled_from(["/", ".", "-"]), st.sampled_from(["", " "]))
def test_a_french_date_reads_back(day: date, separator: str, space: str) -> None:
    text = f"{space}{day.day:02d}{separator}{day.month:02d}{separator}{day.year}{space}"
    assert parse_date(text) == day


@given(DAYS)
def test_an_iso_date_reads_back(day: date) -> None:
    assert parse_date(day.isoformat()) == day


def test_a_date_that_does_not_exist_or_is_not_a_date_is_none() -> None:
    for text in ("31/02/2024", "2024-13-01", "le 20 juin", "20/06", "", "2024/06/20"):
        assert parse_date(text) is None, text


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=99))
def test_years_with_a_comma_or_a_point_read_back(whole: int, tenths: int) -> None:
    expected = Fraction(whole) + Fraction(tenths, 100)
    for text in (f"{whole},{tenths:02d}", f"{whole}.{tenths:02d} ans", f"{whole},{tenths:02d} années"):
        value = number(text, YEARS)
        assert value is not None and Fraction(str(value)) == expected, text
        assert isinstance(value, int) == (tenths == 0)


def test_a_number_of_years_or_a_percentage_that_is_not_one_is_none() -> None:
    assert number("quatre ans", YEARS) is None
    assert number("50 % environ", PERCENT) is None
    assert number("50 %", PERCENT) == 50
    assert number("37,5%", PERCENT) == 37.5
