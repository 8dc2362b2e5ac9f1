"""Shared helpers of the decision tests: real referentials, candidate files written to tmp folders."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from cqpengine.decisions.reasons import Reason
from cqpengine.decisions.vae import Activity, EvidencePiece
from cqpengine.reporters.decisions.wording import say
from tests.support.helpers import ROOT, referential

EXAMPLES_DIR = ROOT / "examples"
REFERENTIALS_DIR = ROOT / "referentials"

__all__ = ["EXAMPLES_DIR", "REFERENTIALS_DIR", "activity", "days_after", "referential", "say", "words", "write_yaml"]


def days_after(start: date, days: int) -> date:
    """The last day of a period of ``days`` days starting on ``start``."""
    return start + timedelta(days=days - 1)


def activity(
    start: date,
    end: date | None = None,
    *,
    number: int = 1,
    sector: str = "mutualite",
    status: str = "salarie",
    kind: str = "activite",
    nature: bool = True,
    percent: int = 100,
    evidence: tuple[str | tuple[str, int | None], ...] = ("attestation-employeur",),
) -> Activity:
    """An activity that meets every condition of charge-accueil@2013 unless told otherwise."""
    pieces = tuple(
        EvidencePiece(piece) if isinstance(piece, str) else EvidencePiece(piece[0], piece[1]) for piece in evidence
    )
    return Activity(
        number=number,
        title=f"Activité {number}",
        sector=sector,
        status=status,
        matches_nature=nature,
        start=start,
        end=end,
        kind=kind,
        time_percent=Fraction(percent),
        evidence=pieces,
    )


def write_yaml(folder: Path, name: str, data: dict[str, Any] | str) -> Path:
    """Write a candidate file (data, or YAML text as is) and return its path."""
    path = folder / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def words(reasons: list[Reason]) -> list[str]:
    """The sentences the reporters print for ``reasons``."""
    return [say(reason) for reason in reasons]
