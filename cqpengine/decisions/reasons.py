"""Why a decision is what it is, as data: a reason code and the figures it is stated with.

The rules return :class:`Reason` values, never sentences: the dates, durations, unit ids and the
referential's own texts a reason rests on are its figures. The reporters
(:mod:`cqpengine.reporters.decisions`) word them, the same way in the text, the JSON and the
filled documents.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reason:
    """One reason: its code (``vae.admissible``…) and its figures by name."""

    code: str
    figures: Mapping[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.figures[name]


def reason(code: str, **figures: Any) -> Reason:
    """The reason ``code`` with its ``figures``."""
    return Reason(code, figures)


#: Words a reason (the reporters provide one).
Say = Callable[[Reason], str]
