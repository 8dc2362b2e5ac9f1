"""What a candidate targets (all the units, or only some blocs), and the body that decides on it.

A candidate file may list ``targeted_units``; without it the candidate targets the whole
certification. The referential says who decides (``process.decided_by``): ``whole`` for a candidate
who targets every unit (the final jury), ``units`` for one who targets only some (for example a
commission paritaire, on dossier). Without ``decided_by.whole`` the final jury decides on the whole
certification, as it always has; without ``decided_by.units`` nobody is named for a candidate who
targets only some units, and no decision is made for them (the referential documents the gap).

Units not targeted are neither missing nor not acquired: the decisions leave them aside.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cqpengine.model import Referential, Unit

#: The bodies a decision may name, as ``decided_by`` in the JSON says them.
BODIES = ("jury", "commission")


@dataclass(frozen=True)
class Targets:
    """The targeted units of a candidate, and who decides on them."""

    #: The targeted units, in the certification's order.
    units: tuple[Unit, ...]
    #: True when every unit of the certification is targeted.
    whole: bool
    #: ``jury`` or ``commission``; None when the referential names nobody for these targets.
    body: str | None
    #: The source's words naming the body (None when the referential gives none).
    words: str | None = None
    #: ``entretien`` or ``dossier``, when the referential says it.
    basis: str | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(unit.id for unit in self.units)

    def targeted(self, unit: Unit) -> bool:
        return unit.id in self.ids


def targets_of(referential: Referential, targeted: Sequence[str] | None) -> Targets:
    """The targets of a candidate who lists ``targeted`` unit ids (None: the whole certification).

    Ids the certification lacks are left out here: the candidate file's reader reports them.
    """
    wanted = set(targeted) if targeted is not None else None
    units = tuple(u for u in referential.units if wanted is None or u.id in wanted)
    whole = len(units) == len(referential.units)
    stated = referential.deciding_body(whole=whole)
    if stated is None:
        return Targets(units, whole, "jury" if whole else None)
    return Targets(units, whole, stated["body"], stated["words"], stated.get("basis"))
