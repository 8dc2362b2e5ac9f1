"""Units acquired under a superseded version, carried into the current one through its equivalences.

A candidate file may name a unit acquired at an earlier jury under the version the current one
supersedes (``acquired_earlier: {charge-accueil@2013#D4: 2021-06-15}``). The current version's
``equivalences`` decide what becomes of it:

* a mapping with ``coverage: totale`` whose every ``from`` unit the candidate acquired gives each of
  its ``to`` units, **valid from the original date** (the earliest of the ``from`` units' dates, so
  that the carried unit never outlives an acquisition it rests on);
* a ``partielle`` mapping, one whose coverage is not stated, a ``totale`` mapping of which the
  candidate holds only some ``from`` units, and a unit declared without equivalent are **reported**
  (to the jury, in the reasons and the JSON), never carried and never silently dropped.

Every outcome names the equivalence applied (``from`` → ``to``, coverage, rationale).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cqpengine.decisions.reasons import Reason, Say, reason
from cqpengine.model import Referential
from cqpengine.types.referential import EquivalencesMappingsItem


@dataclass(frozen=True)
class EarlierUnit:
    """A unit acquired at an earlier jury under a superseded version."""

    version: str
    unit: str
    acquired: date

    @property
    def key(self) -> str:
        return f"{self.version}#{self.unit}"


@dataclass(frozen=True)
class Outcome:
    """What became of one earlier unit: ``carried``, ``partial``, ``unstated``, ``incomplete`` or ``no_equivalent``."""

    earlier: EarlierUnit
    status: str
    reason: Reason
    equivalence: dict[str, Any] | None
    #: The current version's units it gives (``carried`` only).
    gives: tuple[str, ...] = ()

    def to_json(self, certification: str, say: Say) -> dict[str, Any]:
        return {
            "unit": f"{certification}@{self.earlier.key}",
            "acquired": self.earlier.acquired.isoformat(),
            "status": self.status,
            "gives": list(self.gives),
            "equivalence": self.equivalence,
            "reason": say(self.reason),
        }


@dataclass(frozen=True)
class Carried:
    """A current unit counted as acquired through an equivalence."""

    unit: str
    since: date
    reason: Reason
    equivalence: dict[str, Any]


def _equivalence(mapping: EquivalencesMappingsItem) -> dict[str, Any]:
    return {
        "from": list(mapping["from"]),
        "to": list(mapping["to"]),
        "coverage": mapping.get("coverage"),
        "rationale": mapping["rationale"],
    }


def carry(referential: Referential, earlier: list[EarlierUnit]) -> tuple[dict[str, Carried], list[Outcome]]:
    """The current units the earlier ones give, and what became of each earlier unit (in file order)."""
    old = referential.superseded
    declared = referential.data.get("equivalences")
    mappings = list(declared.get("mappings", [])) if declared else []
    none = {entry["unit"]: entry["rationale"] for entry in (declared.get("no_equivalent", []) if declared else [])}
    held = {e.unit: e for e in earlier}
    carried: dict[str, Carried] = {}
    outcomes: list[Outcome] = []
    for unit in earlier:
        # What every reason about this earlier unit is stated with: the two versions and the unit.
        about: dict[str, Any] = {"old": old, "new": referential, "earlier": unit}
        if unit.unit in none:
            outcomes.append(
                Outcome(unit, "no_equivalent", reason("carry.none", **about, rationale=none[unit.unit]), None)
            )
            continue
        applicable = [m for m in mappings if unit.unit in m["from"]]
        if not applicable:
            outcomes.append(Outcome(unit, "no_equivalent", reason("carry.undeclared", **about), None))
        for mapping in applicable:
            equivalence = _equivalence(mapping)
            applied = {**about, "sources": list(mapping["from"]), "targets": list(mapping["to"])}
            coverage = mapping.get("coverage")
            if coverage != "totale":
                status = "partial" if coverage == "partielle" else "unstated"
                outcomes.append(Outcome(unit, status, reason(f"carry.{status}", **applied), equivalence))
                continue
            lacking = [source for source in mapping["from"] if source not in held]
            if lacking:
                why = reason("carry.incomplete", **applied, lacking=lacking)
                outcomes.append(Outcome(unit, "incomplete", why, equivalence))
                continue
            since = min(held[source].acquired for source in mapping["from"])
            gives = tuple(mapping["to"])
            outcomes.append(
                Outcome(unit, "carried", reason("carry.carried", **applied, since=since), equivalence, gives)
            )
            for target in gives:
                current = carried.get(target)
                if current is None or since > current.since:
                    why = reason("carry.acquired", **applied, since=since, rationale=mapping["rationale"])
                    carried[target] = Carried(target, since, why, equivalence)
    return carried, outcomes
