"""What the three readers share: findings about units, scales and rules a referential lacks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from cqpengine.decisions.candidate import CandidateFile
from cqpengine.findings import Finding
from cqpengine.i18n import _
from cqpengine.model import Referential
from cqpengine.positions import JsonPath


def lacks(candidate: CandidateFile, referential: Referential, what: str) -> Finding:
    return candidate.finding(
        "CQP205",
        _("{key} has no {what}: this decision cannot be made from it").format(key=referential.key, what=_(what)),
        ("certification",),
    )


def earlier_after_jury() -> str:
    return _("date of an earlier acquisition is after the jury date: correct it")


def as_date(value: Any) -> date:
    return date.fromisoformat(str(value))


def unknown_unit(candidate: CandidateFile, referential: Referential, path: JsonPath) -> Finding:
    units = ", ".join(unit.id for unit in referential.units)
    return candidate.finding(
        "CQP202", _("{key} has no such unit (units: {units})").format(key=referential.key, units=units), path, key=True
    )


def targeted_units(
    candidate: CandidateFile, referential: Referential, given: Sequence[str] | None
) -> tuple[tuple[str, ...] | None, list[Finding]]:
    """The ids of ``targeted_units`` (None when not given), or the findings at those the version lacks."""
    if given is None:
        return None, []
    findings = [
        unknown_unit(candidate, referential, ("targeted_units", index))
        for index, unit_id in enumerate(given)
        if referential.unit(unit_id) is None
    ]
    return tuple(given), findings


def not_on_scale(candidate: CandidateFile, referential: Referential, document: str, path: JsonPath) -> Finding:
    scale_id = referential.scale_id(document)
    scale = referential.scale(document) or {"values": []}
    allowed = ", ".join(str(v["id"]) for v in scale["values"])
    return candidate.finding(
        "CQP204",
        _("value is not on the {document} scale {scale!r} of {key} ({allowed})").format(
            document=document, scale=scale_id, key=referential.key, allowed=allowed
        ),
        path,
    )
