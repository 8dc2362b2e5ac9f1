"""Orientation at the end of the intake interview, as the guide's conclusion prescribes.

* VAE route when the experience in the job reaches the certification's VAE minimum
  (``vae.min_years``; strictly more than it when the guide says "de plus de N ans",
  ``orientation.vae_threshold: more_than``) **and** every unit is fully mastered (every value of its self-assessment
  means ``acquired`` on the orientation scale);
* otherwise the formative route, unit by unit: direct evaluation for a fully mastered unit,
  training for the others.

A unit is assessed as a whole (one value) or part by part (savoir-faire and savoirs of a
domaine, each competence of a bloc); it is fully mastered only when every part is.

A candidate who targets only some blocs (``targeted_units``) is oriented on those alone: the
interview "ne portera que sur le bloc concerné" (002), the VAE route needs only the targeted units
mastered, and the other units are left aside. Each targeted unit gets the route the source states
for it (a VAE dossier, direct evaluation without training, or training), and the decision names
the body that will decide on the targets, with the referential's words (see ``decisions/targets.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any, ClassVar

from cqpengine.decisions.durations import floor_to
from cqpengine.decisions.reasons import Reason, Say, reason
from cqpengine.decisions.targets import Targets, targets_of
from cqpengine.model import Referential, Unit, competences
from cqpengine.types.referential import Scale, ScaleValuesItem


def unit_parts(unit: Unit) -> dict[str, str | None]:
    """The parts a unit's self-assessment may be split into, id → its text (a competence's; None for a domaine's
    ``savoir_faire`` and ``savoirs``, which the reporters name)."""
    if unit.bloc is not None:
        return {c["id"]: c["text"] for c in competences(unit)}
    domaine = unit.domaine
    if domaine is None:
        return {}
    return {key: None for key in ("savoir_faire", "savoirs") if domaine[key]}


@dataclass(frozen=True)
class UnitAssessment:
    """The self-assessment of one unit: (part, scale value id) pairs; part None for the whole unit."""

    unit_id: str
    values: tuple[tuple[str | None, str], ...]


@dataclass(frozen=True)
class Interview:
    """The outcome of an intake interview."""

    candidate_name: str
    experience_years: Fraction
    assessments: tuple[UnitAssessment, ...]
    interview_date: date | None = None
    interviewer: str | None = None
    #: The units the candidate targets (None: every unit of the certification).
    targeted: tuple[str, ...] | None = None


@dataclass
class AssessedPart:
    """One answer of the self-assessment, with its scale value.

    ``part`` is None for the whole unit, else ``savoir_faire``, ``savoirs`` or a competence id;
    ``text`` is the competence's text (None for the whole unit and a domaine's parts).
    """

    part: str | None
    text: str | None
    value: ScaleValuesItem

    @property
    def acquired(self) -> bool:
        return bool(self.value["meaning"] == "acquired")


@dataclass
class UnitOrientation:
    """Where one unit goes: ``direct`` evaluation or ``formation`` (``route``: ``vae`` on the VAE route)."""

    unit: Unit
    parts: list[AssessedPart]
    choice: str
    reason: Reason
    #: The route the source states for this unit: ``vae`` (a VAE dossier), ``direct`` or ``formation``.
    route: str = ""

    @property
    def mastered(self) -> bool:
        return self.choice == "direct"


@dataclass
class OrientationDecision:
    """The route, each unit's orientation, and why."""

    #: The decision kind (:mod:`cqpengine.decisions.kinds`).
    kind: ClassVar[str] = "orientation"
    referential: Referential
    interview: Interview
    route: str
    required_years: float
    scale: Scale
    units: list[UnitOrientation]
    reasons: list[Reason] = field(default_factory=list)
    targets: Targets | None = None

    @property
    def experience_reached(self) -> bool:
        return _reaches(self.referential, self.interview.experience_years, self.required_years)

    def to_json(self, say: Say) -> dict[str, Any]:
        return {
            "decision": "orientation",
            "certification": {"id": self.referential.id, "version": self.referential.version},
            "route": self.route,
            "experience_years": floor_to(self.interview.experience_years),
            "required_years": self.required_years,
            "units": {u.unit.id: u.choice for u in self.units},
            "unit_routes": {u.unit.id: u.route for u in self.units},
            "assessments": {u.unit.id: {(p.part or "unit"): p.value["id"] for p in u.parts} for u in self.units},
            "targeted_units": list(self.targets.ids) if self.targets else [u.unit.id for u in self.units],
            "decided_by": self.targets.body if self.targets else "jury",
            "decided_by_words": self.targets.words if self.targets else None,
            "reasons": [say(r) for r in self.reasons],
        }


def _reaches(referential: Referential, experience: Fraction, required: float) -> bool:
    """Whether the experience opens the VAE route: more than, or at least, the minimum, as the guide says."""
    minimum = Fraction(str(required))
    if _more_than(referential):
        return experience > minimum
    return experience >= minimum


def _more_than(referential: Referential) -> bool:
    """Whether the guide asks for strictly more than the VAE minimum ("de plus de N ans")."""
    return referential.data.get("orientation", {}).get("vae_threshold") == "more_than"


def decide_orientation(referential: Referential, interview: Interview) -> OrientationDecision:
    """Apply the guide's conclusion (the referential must have an orientation scale and a VAE minimum)."""
    scale = referential.scale("orientation")
    assert scale is not None
    values = {v["id"]: v for v in scale["values"]}
    required = referential.data["vae"]["min_years"]
    by_unit = {a.unit_id: a for a in interview.assessments}
    targets = targets_of(referential, interview.targeted)
    units: list[UnitOrientation] = []
    for unit in targets.units:
        labels = unit_parts(unit)
        parts = [
            AssessedPart(part, labels.get(part) if part else None, values[value])
            for part, value in by_unit[unit.id].values
        ]
        mastered = all(p.acquired for p in parts)
        why = reason("orientation.unit", generation=referential.generation, unit=unit, parts=parts, mastered=mastered)
        units.append(UnitOrientation(unit, parts, "direct" if mastered else "formation", why))

    experience = interview.experience_years
    reached = _reaches(referential, experience, required)
    all_mastered = all(u.mastered for u in units)
    reasons = [
        reason(
            "orientation.experience",
            experience=experience,
            required=required,
            more_than=_more_than(referential),
            reached=reached,
        )
    ]
    reasons.extend(u.reason for u in units)
    reasons.append(reason("decided_by", referential=referential, targets=targets))
    direct = [u.unit.id for u in units if u.mastered]
    training = [u.unit.id for u in units if not u.mastered]
    if reached and all_mastered:
        route = "vae"
        reasons.append(reason("orientation.vae", whole=targets.whole))
    else:
        route = "formation"
        reasons.append(reason("orientation.formation", reached=reached, direct=direct, training=training))
    for u in units:
        u.route = "vae" if route == "vae" else u.choice
    return OrientationDecision(referential, interview, route, required, scale, units, reasons, targets)
