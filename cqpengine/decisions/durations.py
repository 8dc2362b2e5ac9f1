"""Duration arithmetic of VAE admissibility: full-time-equivalent days within a window.

Pure date arithmetic, no I/O. The conventions, which the decisions print with their figures:

* a period runs from its first day to its last day, **both included**;
* its weight is the fraction of full time it was worked (1 = temps complet, 1/2 = mi-temps);
* on each day the weights of the periods covering that day are added and **capped at 1**: two
  overlapping jobs never count for more than one full-time day, whatever their number;
* only the days of the window count: from ``request_date - window_years`` (same day and month;
  for a request on 29 February, 1 March) to the day before the request, both included, so that a
  window of N years holds exactly the days of N calendar years; without a window every day before
  the request counts;
* a year of experience is :data:`DAYS_PER_YEAR` = 365 full-time-equivalent days, so that any
  three calendar years worked full time make at least three years, leap days or not.

All arithmetic is exact (:class:`fractions.Fraction`), so figures compare exactly with the
minimum a referential states.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

#: Full-time-equivalent days that make one year of experience.
DAYS_PER_YEAR = 365

_ONE_DAY = timedelta(days=1)


def add_years(day: date, years: int) -> date:
    """``day`` moved by ``years`` calendar years (negative: back); 29 February → 28 February."""
    target = day.year + years
    try:
        return day.replace(year=target)
    except ValueError:  # 29 February of a leap year, in a common year
        return day.replace(year=target, day=28)


@dataclass(frozen=True)
class Period:
    """Days ``start``..``end`` (both included) worked at ``weight`` of full time (0 < weight ≤ 1)."""

    start: date
    end: date
    weight: Fraction = Fraction(1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Window:
    """The days that count: ``first``..``last`` (both included); ``first`` None: no lower limit."""

    first: date | None
    last: date

    @property
    def days(self) -> int | None:
        """Number of days in the window, or None when it has no lower limit."""
        return None if self.first is None else (self.last - self.first).days + 1


def window_before(request_date: date, years: int | None) -> Window:
    """The ``years`` calendar years before ``request_date`` (the request day excluded).

    Without ``years``, every day before the request counts.
    """
    if years is None:
        return Window(None, request_date - _ONE_DAY)
    try:
        first = request_date.replace(year=request_date.year - years)
    except ValueError:  # a request on 29 February: the window starts on 1 March, not 28 February
        first = date(request_date.year - years, 3, 1)
    return Window(first, request_date - _ONE_DAY)


def clip(period: Period, window: Window) -> Period | None:
    """The part of ``period`` inside ``window``, or None when nothing of it is inside."""
    start = period.start if window.first is None else max(period.start, window.first)
    end = min(period.end, window.last)
    if end < start:
        return None
    return Period(start, end, period.weight)


def fte_days(periods: Iterable[Period], window: Window) -> Fraction:
    """Full-time-equivalent days of ``periods`` within ``window``, each day capped at full time.

    A sweep over the days where the load changes: between two such days the load is constant,
    so the count is exact without walking day by day.
    """
    changes: dict[date, Fraction] = {}
    for period in periods:
        clipped = clip(period, window)
        if clipped is None:
            continue
        changes[clipped.start] = changes.get(clipped.start, Fraction(0)) + clipped.weight
        after = clipped.end + _ONE_DAY
        changes[after] = changes.get(after, Fraction(0)) - clipped.weight
    total = Fraction(0)
    load = Fraction(0)
    previous: date | None = None
    for day in sorted(changes):
        if previous is not None and load > 0:
            total += min(load, Fraction(1)) * (day - previous).days
        load += changes[day]
        previous = day
    return total


def to_years(days: Fraction) -> Fraction:
    """Full-time-equivalent days as years of :data:`DAYS_PER_YEAR` days."""
    return days / DAYS_PER_YEAR


def floor_to(value: Fraction, decimals: int = 2) -> float:
    """``value`` rounded down to ``decimals`` decimals: a figure below a minimum never prints as reaching it."""
    scale = int(10**decimals)
    return float(math.floor(value * scale)) / scale


def ceil_to(value: Fraction, decimals: int = 2) -> float:
    """``value`` rounded up to ``decimals`` decimals: a shortfall never prints smaller than it is."""
    scale = int(10**decimals)
    return float(math.ceil(value * scale)) / scale
