"""Duration arithmetic: unit cases, a brute-force oracle, and hypothesis properties."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from cqpengine.decisions.durations import (
    DAYS_PER_YEAR,
    Period,
    Window,
    add_years,
    ceil_to,
    clip,
    floor_to,
    fte_days,
    to_years,
    window_before,
)

FULL = Fraction(1)
HALF = Fraction(1, 2)


def test_a_period_counts_both_its_first_and_last_day() -> None:
    window = window_before(date(2024, 1, 1), None)
    assert fte_days([Period(date(2020, 1, 1), date(2020, 1, 1))], window) == 1
    assert fte_days([Period(date(2021, 1, 1), date(2023, 12, 31))], window) == 3 * 365


def test_three_calendar_years_make_three_years_leap_day_or_not() -> None:
    window = window_before(date(2030, 1, 1), None)
    for first_year in range(2018, 2024):
        start = date(first_year, 1, 1)
        total = fte_days([Period(start, date(first_year + 2, 12, 31))], window)
        assert to_years(total) >= 3, first_year


def test_window_holds_exactly_n_calendar_years_before_the_request() -> None:
    window = window_before(date(2024, 3, 15), 12)
    assert window == Window(date(2012, 3, 15), date(2024, 3, 14))
    assert window.days == (date(2024, 3, 15) - date(2012, 3, 15)).days


def test_window_from_29_february_starts_on_1_march_of_a_common_year() -> None:
    window = window_before(date(2024, 2, 29), 3)
    assert window.first == date(2021, 3, 1)
    assert window.days == 3 * 365  # 1 March 2021 – 28 February 2024: three years, no 29 February
    assert window_before(date(2024, 2, 29), 4).first == date(2020, 2, 29)
    assert add_years(date(2020, 2, 29), 5) == date(2025, 2, 28)
    assert add_years(date(2020, 2, 29), 4) == date(2024, 2, 29)


def test_without_window_every_day_before_the_request_counts() -> None:
    window = window_before(date(2024, 1, 1), None)
    assert window.first is None and window.days is None
    assert fte_days([Period(date(1990, 1, 1), date(1990, 12, 31))], window) == 365


def test_overlapping_periods_count_once() -> None:
    window = window_before(date(2025, 1, 1), None)
    periods = [Period(date(2020, 1, 1), date(2020, 12, 31)), Period(date(2020, 7, 1), date(2021, 6, 30))]
    assert fte_days(periods, window) == (date(2021, 6, 30) - date(2020, 1, 1)).days + 1


def test_part_time_counts_pro_rata_and_part_times_add_up_to_full_time_at_most() -> None:
    window = window_before(date(2025, 1, 1), None)
    year = [Period(date(2021, 1, 1), date(2021, 12, 31), HALF)]
    assert fte_days(year, window) == Fraction(365, 2)
    two_halves = [*year, Period(date(2021, 1, 1), date(2021, 12, 31), HALF)]
    assert fte_days(two_halves, window) == 365
    beyond = [Period(date(2021, 1, 1), date(2021, 12, 31), Fraction(3, 5))] * 2
    assert fte_days(beyond, window) == 365


def test_a_period_straddling_the_window_start_counts_from_it() -> None:
    window = window_before(date(2024, 3, 15), 12)
    period = Period(date(2010, 1, 1), date(2012, 3, 16))
    assert clip(period, window) == Period(date(2012, 3, 15), date(2012, 3, 16))
    assert fte_days([period], window) == 2


def test_days_on_or_after_the_request_do_not_count() -> None:
    window = window_before(date(2024, 3, 15), 12)
    assert fte_days([Period(date(2024, 3, 14), date(2024, 12, 31))], window) == 1
    assert clip(Period(date(2024, 3, 15), date(2024, 12, 31)), window) is None


def test_rounding_never_flatters_the_figures() -> None:
    assert floor_to(Fraction(2999, 1000)) == 2.99
    assert ceil_to(Fraction(1, 1000)) == 0.01
    assert floor_to(to_years(Fraction(3 * DAYS_PER_YEAR))) == 3.0


# --- properties ------------------------------------------------------------------------------------

START = date(2000, 1, 1)
END = date(2030, 12, 31)
dates = st.dates(min_value=START, max_value=END)
weights = st.integers(min_value=1, max_value=100).map(lambda percent: Fraction(percent, 100))


@st.composite
def periods(draw: st.DrawFn) -> Period:
    first = draw(dates)
    last = draw(st.dates(min_value=first, max_value=min(END, first + timedelta(days=4000))))
    return Period(first, last, draw(weights))


@st.composite
def windows(draw: st.DrawFn) -> Window:
    request = draw(st.dates(min_value=date(2001, 1, 1), max_value=END))
    years = draw(st.none() | st.integers(min_value=1, max_value=15))
    return window_before(request, years)


def brute_force(items: list[Period], window: Window) -> Fraction:
    """Day by day: the oracle the sweep must agree with."""
    total = Fraction(0)
    day = window.first or START
    while day <= window.last:
        load = sum((p.weight for p in items if p.start <= day <= p.end), Fraction(0))
        total += min(load, FULL)
        day += timedelta(days=1)
    return total


@settings(max_examples=60, deadline=None)
@given(st.lists(periods(), max_size=4), windows())
def test_sweep_agrees_with_day_by_day_count(items: list[Period], window: Window) -> None:
    assert fte_days(items, window) == brute_force(items, window)


@given(st.lists(periods(), max_size=6), periods(), st.data(), windows())
def test_splitting_a_period_in_two_never_changes_the_total(
    others: list[Period], period: Period, data: st.DataObject, window: Window
) -> None:
    if period.days < 2:
        return
    cut = data.draw(st.integers(min_value=0, max_value=period.days - 2))
    middle = period.start + timedelta(days=cut)
    halves = [
        Period(period.start, middle, period.weight),
        Period(middle + timedelta(days=1), period.end, period.weight),
    ]
    assert fte_days([*others, *halves], window) == fte_days([*others, period], window)


@given(st.lists(periods(), max_size=6), periods(), windows())
def test_adding_a_period_never_lowers_the_total(others: list[Period], extra: Period, window: Window) -> None:
    assert fte_days([*others, extra], window) >= fte_days(others, window)


@given(st.lists(periods(), max_size=8), windows())
def test_the_total_never_exceeds_the_window(items: list[Period], window: Window) -> None:
    total = fte_days(items, window)
    assert total >= 0
    if window.days is not None:
        assert total <= window.days
    assert total <= sum((clipped.days * clipped.weight for p in items if (clipped := clip(p, window))), Fraction(0))


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.integers(min_value=1, max_value=20))
def test_the_window_starts_n_years_before_the_request(request_date: date, years: int) -> None:
    window = window_before(request_date, years)
    assert window.last == request_date - timedelta(days=1)
    target = request_date.year - years
    if (request_date.month, request_date.day) == (2, 29) and not calendar.isleap(target):
        assert window.first == date(target, 3, 1)  # the day after 28 February: exactly N years of days
    else:
        assert window.first == request_date.replace(year=target)
