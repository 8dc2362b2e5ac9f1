"""The jury's decision per unit and the delivery of the CQP.

* On the training route, a unit evaluated now is acquired only when **both** evaluators' opinions
  mean ``acquired`` on the certification's ``final_opinion`` scale (any disagreement, or a
  ``partial`` opinion, leaves it not acquired). On the VAE route there are no evaluators in the
  company: the jury assesses each unit itself, from the dossier VAE and the interview.
* A unit acquired at an earlier jury still counts while it is valid: validity runs
  ``process.partial_validity_years`` from the date of that jury, to the same day and month
  (29 February → 28 February) **included** — the way a délai in years runs in French law; it has
  expired from the next day on.
* Delivery is ``totale`` when every unit is acquired and valid, ``partielle`` when some are
  (each acquired unit with the last day of its validity), ``aucune`` when none is.
* A candidate who targets only some blocs (``targeted_units``) is decided on by the body the
  referential names for that (``process.decided_by.units``, e.g. a commission paritaire, on
  dossier): the decision covers the targeted units and those acquired earlier (or carried by an
  equivalence from the superseded version); the other units are neither missing nor not acquired.
  Such a decision never delivers the whole CQP: it is ``partielle`` when a unit is acquired, else
  ``aucune``, and every acquired unit keeps the end of its partial validity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cqpengine.decisions.carry import Carried, Outcome
from cqpengine.decisions.durations import add_years
from cqpengine.decisions.reasons import Reason, Say, reason
from cqpengine.decisions.targets import Targets, targets_of
from cqpengine.model import Referential, Unit
from cqpengine.types.referential import ScaleValuesItem


@dataclass(frozen=True)
class JuryFile:
    """What the jury has before it."""

    candidate_name: str
    jury_date: date
    evaluations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    acquired_earlier: dict[str, date] = field(default_factory=dict)
    route: str | None = None
    #: VAE route: the jury's own assessment per unit (True: acquis), from the dossier and the interview.
    jury_assessments: dict[str, bool] = field(default_factory=dict)
    #: Units given by units acquired under the superseded version (see decisions/carry.py), and what
    #: became of each of those earlier units.
    carried: dict[str, Carried] = field(default_factory=dict)
    earlier_versions: tuple[Outcome, ...] = ()
    #: The units the candidate targets (None: every unit of the certification).
    targeted: tuple[str, ...] | None = None
    #: The centre's identifier of the candidate, if given (it then names them in the credentials).
    candidate_identifier: str | None = None


@dataclass
class UnitDecision:
    """The jury's decision on one unit."""

    unit: Unit
    opinions: list[ScaleValuesItem]
    acquired: bool
    since: date | None
    valid_until: date | None
    reasons: list[Reason]
    #: VAE route: the jury's own assessment (True: acquis), None when it did not assess the unit.
    jury_assessment: bool | None = None
    #: The equivalence through which an acquisition under the superseded version counts, if any.
    equivalence: dict[str, Any] | None = None

    @property
    def evaluated(self) -> bool:
        return bool(self.opinions) or self.jury_assessment is not None

    @property
    def decision(self) -> str:
        return "acquis" if self.acquired else "non_acquis"


@dataclass
class JuryDecision:
    """The delivery, each unit's decision, and why (the final jury's, or the commission paritaire's)."""

    referential: Referential
    jury: JuryFile
    delivery: str
    validity_years: int
    units: list[UnitDecision]
    reasons: list[Reason]
    targets: Targets | None = None

    @property
    def kind(self) -> str:
        """The decision kind (:mod:`cqpengine.decisions.kinds`): ``jury`` or ``commission``, the body that decided."""
        return self.targets.body if self.targets and self.targets.body else "jury"

    @property
    def acquired(self) -> dict[str, str | None]:
        """Acquired unit id → last day of its validity (None when the CQP is delivered in full)."""
        return {
            u.unit.id: (u.valid_until.isoformat() if u.valid_until and self.delivery != "totale" else None)
            for u in self.units
            if u.acquired
        }

    @property
    def missing(self) -> list[str]:
        """Targeted units not acquired (every unit when the candidate targets the whole certification)."""
        targeted = self.targets.ids if self.targets else None
        return [u.unit.id for u in self.units if not u.acquired and (targeted is None or u.unit.id in targeted)]

    def to_json(self, say: Say) -> dict[str, Any]:
        targets = self.targets
        return {
            "decision": self.kind,
            "decided_by": self.kind,
            "decided_by_words": targets.words if targets else None,
            "targeted_units": list(targets.ids) if targets else [u.unit.id for u in self.units],
            "certification": {"id": self.referential.id, "version": self.referential.version},
            "jury_date": self.jury.jury_date.isoformat(),
            "delivery": self.delivery,
            "acquired": self.acquired,
            "missing": self.missing,
            "validity_years": self.validity_years,
            "units": {
                u.unit.id: {
                    "decision": u.decision,
                    "opinions": [o["id"] for o in u.opinions],
                    "jury_assessment": None if u.jury_assessment is None else u.decision,
                    "since": u.since.isoformat() if u.since else None,
                    "valid_until": u.valid_until.isoformat() if u.valid_until else None,
                    "reasons": [say(r) for r in u.reasons],
                    "equivalence": u.equivalence,
                }
                for u in self.units
            },
            "earlier_versions": [o.to_json(self.referential.id, say) for o in self.jury.earlier_versions],
            "reasons": [say(r) for r in self.reasons],
        }


def _evaluation(opinions: list[ScaleValuesItem], still_valid: bool) -> tuple[bool, Reason]:
    """Whether both evaluators judge the unit mastered, and why.

    ``still_valid``: the unit was acquired at an earlier jury and is still valid, so a negative
    evaluation now does not take it away.
    """
    meanings = {o["meaning"] for o in opinions}
    said = [str(o["label"]) for o in opinions]
    if meanings == {"acquired"}:
        return True, reason("jury.evaluators_agree", opinions=said)
    code = "jury.evaluators_disagree" if "acquired" in meanings else "jury.evaluators_not_mastered"
    return False, reason(code, opinions=said, still_valid=still_valid)


def _jury_assessment(acquis: bool, still_valid: bool, body: str) -> tuple[bool, Reason]:
    """The deciding body's own assessment of a unit on the VAE route, and why."""
    if acquis:
        return True, reason("jury.assessed_acquired", body=body)
    return False, reason("jury.assessed_not_acquired", still_valid=still_valid, body=body)


def _unit_decision(
    unit: Unit, jury: JuryFile, values: dict[str, ScaleValuesItem], validity: int, body: str
) -> UnitDecision:
    """The decision on one unit: its earlier (or carried) acquisition, then what was evaluated now."""
    today = jury.jury_date
    opinions = [values[v] for v in jury.evaluations.get(unit.id, ())]
    reasons: list[Reason] = []
    acquired, since, until = False, None, None
    earlier = jury.acquired_earlier.get(unit.id)
    carried = jury.carried.get(unit.id)
    equivalence = None
    if carried is not None and (earlier is None or carried.since > earlier):
        earlier, equivalence = carried.since, carried.equivalence
        reasons.append(carried.reason)
    if earlier is not None:
        earlier_until = add_years(earlier, validity)
        still = today <= earlier_until
        if still:
            acquired, since, until = True, earlier, earlier_until
        code = "jury.earlier_valid" if still else "jury.earlier_expired"
        reasons.append(reason(code, acquired=earlier, years=validity, until=earlier_until))
    assessed = jury.jury_assessments.get(unit.id)
    if opinions:
        now, why = _evaluation(opinions, still_valid=acquired)
        reasons.append(why)
        if now:
            acquired, since, until = True, today, add_years(today, validity)
    elif assessed is not None:
        now, why = _jury_assessment(assessed, still_valid=acquired, body=body)
        reasons.append(why)
        if now:
            acquired, since, until = True, today, add_years(today, validity)
    if not opinions and assessed is None and earlier is None:
        reasons.append(reason("jury.not_evaluated"))
    return UnitDecision(unit, opinions, acquired, since, until, reasons, assessed, equivalence)


def decide_jury(referential: Referential, jury: JuryFile) -> JuryDecision:
    """Apply the jury rules (the referential must have validity years and, on the training route, a
    final_opinion scale); for a candidate who targets only some units, the commission's."""
    scale = referential.scale("final_opinion")
    values = {v["id"]: v for v in scale["values"]} if scale else {}
    validity: int = referential.data["process"]["partial_validity_years"]
    targets = targets_of(referential, jury.targeted)
    units = [
        _unit_decision(unit, jury, values, validity, targets.body or "jury")
        for unit in referential.units
        # Neither targeted nor held: left aside.
        if targets.targeted(unit) or unit.id in jury.acquired_earlier or unit.id in jury.carried
    ]
    acquired_units = [u for u in units if u.acquired]
    missing = [u.unit.id for u in units if not u.acquired and targets.targeted(u.unit)]
    reasons = [
        reason("jury.unit", generation=referential.generation, unit=u.unit, reasons=list(u.reasons)) for u in units
    ]
    reasons.extend(outcome.reason for outcome in jury.earlier_versions if outcome.status != "carried")
    reasons.append(reason("decided_by", referential=referential, targets=targets))
    kept = [(u.unit.id, u.valid_until) for u in acquired_units if u.valid_until is not None]
    if not targets.whole:
        delivery = "partielle" if acquired_units else "aucune"
        code = "commission.partial" if acquired_units else "commission.none"
        reasons.append(reason(code, acquired=len(acquired_units), years=validity, kept=kept, missing=missing))
    elif not missing:
        delivery = "totale"
        reasons.append(reason("jury.total"))
    elif acquired_units:
        delivery = "partielle"
        reasons.append(
            reason(
                "jury.partial",
                acquired=len(acquired_units),
                units=len(units),
                years=validity,
                kept=kept,
                missing=missing,
            )
        )
    else:
        delivery = "aucune"
        reasons.append(reason("jury.none"))
    return JuryDecision(referential, jury, delivery, validity, units, reasons, targets)
