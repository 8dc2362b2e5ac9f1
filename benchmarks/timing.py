"""Timing helper shared by the benchmark scripts."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_of(repeat: int, function: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs of ``function``, in seconds (the least disturbed by noise)."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)
