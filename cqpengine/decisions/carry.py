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

from cqpengine.decisions import wording as w
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
    reason: str
    equivalence: dict[str, Any] | None
    #: The current version's units it gives (``carried`` only).
    gives: tuple[str, ...] = ()

    def to_json(self, certification: str) -> dict[str, Any]:
        return {
            "unit": f"{certification}@{self.earlier.key}",
            "acquired": self.earlier.acquired.isoformat(),
            "status": self.status,
            "gives": list(self.gives),
            "equivalence": self.equivalence,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Carried:
    """A current unit counted as acquired through an equivalence."""

    unit: str
    since: date
    reason: str
    equivalence: dict[str, Any]


def _equivalence(mapping: EquivalencesMappingsItem) -> dict[str, Any]:
    return {
        "from": list(mapping["from"]),
        "to": list(mapping["to"]),
        "coverage": mapping.get("coverage"),
        "rationale": mapping["rationale"],
    }


def _names(referential: Referential, unit_ids: list[str]) -> str:
    named = []
    for unit_id in unit_ids:
        unit = referential.unit(unit_id)
        named.append(f"{w.unit_label(referential)} {unit.number} ({unit_id})" if unit else unit_id)
    return w.join(named)


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
        old_name = _names(old, [unit.unit]) if old else unit.unit
        where = f"{old_name} (version {unit.version}, jury du {w.day(unit.acquired)})"
        if unit.unit in none:
            outcomes.append(
                Outcome(
                    unit,
                    "no_equivalent",
                    f"{where} : sans équivalent dans la version {referential.version} ({none[unit.unit]}) ; "
                    "elle ne peut pas être reportée.",
                    None,
                )
            )
            continue
        applicable = [m for m in mappings if unit.unit in m["from"]]
        if not applicable:
            outcomes.append(
                Outcome(unit, "no_equivalent", f"{where} : aucune équivalence déclarée ; non reportée.", None)
            )
        for mapping in applicable:
            equivalence = _equivalence(mapping)
            targets = _names(referential, list(mapping["to"]))
            sources = _names(old, list(mapping["from"])) if old else ", ".join(mapping["from"])
            applied = f"équivalence {sources} → {targets}"
            coverage = mapping.get("coverage")
            if coverage != "totale":
                status = "partial" if coverage == "partielle" else "unstated"
                kind = "partielle" if coverage == "partielle" else "dont le référentiel ne précise pas la portée"
                outcomes.append(
                    Outcome(
                        unit,
                        status,
                        f"{where} : {applied} {kind} ; non reportée d'office, le jury apprécie "
                        f"les compétences de {targets} restant à évaluer.",
                        equivalence,
                    )
                )
                continue
            lacking = [source for source in mapping["from"] if source not in held]
            if lacking:
                outcomes.append(
                    Outcome(
                        unit,
                        "incomplete",
                        f"{where} : {applied} totale, mais elle demande aussi "
                        f"{_names(old, lacking) if old else ', '.join(lacking)} ; non reportée.",
                        equivalence,
                    )
                )
                continue
            since = min(held[source].acquired for source in mapping["from"])
            gives = tuple(mapping["to"])
            outcomes.append(
                Outcome(
                    unit,
                    "carried",
                    f"{where} : {applied} totale ; compte comme {targets}, à partir du {w.day(since)}.",
                    equivalence,
                    gives,
                )
            )
            for target in gives:
                current = carried.get(target)
                if current is None or since > current.since:
                    carried[target] = Carried(
                        target,
                        since,
                        f"Acquise par équivalence totale ({sources} → {targets}, version {unit.version}, "
                        f"jury du {w.day(since)}) : {mapping['rationale']}",
                        equivalence,
                    )
    return carried, outcomes
