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

from cqpengine.decisions import wording as w
from cqpengine.decisions.carry import Carried, Outcome
from cqpengine.decisions.durations import add_years
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
    reasons: list[str]
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
    """The delivery, each unit's decision, and why."""

    referential: Referential
    jury: JuryFile
    delivery: str
    validity_years: int
    units: list[UnitDecision]
    reasons: list[str]
    targets: Targets | None = None

    @property
    def kind(self) -> str:
        """``jury`` or ``commission``: the body that decided."""
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

    def to_json(self) -> dict[str, Any]:
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
                    "reasons": u.reasons,
                    "equivalence": u.equivalence,
                }
                for u in self.units
            },
            "earlier_versions": [o.to_json(self.referential.id) for o in self.jury.earlier_versions],
            "reasons": self.reasons,
        }


def _evaluation(opinions: list[ScaleValuesItem], still_valid: bool) -> tuple[bool, str]:
    """Whether both evaluators judge the unit mastered, and why, in French.

    ``still_valid``: the unit was acquired at an earlier jury and is still valid, so a negative
    evaluation now does not take it away.
    """
    meanings = {o["meaning"] for o in opinions}
    said = " / ".join(f"« {o['label']} »" for o in opinions)
    if meanings == {"acquired"}:
        return True, f"Les deux évaluateurs jugent l'unité maîtrisée ({said}) : acquise."
    verdict = (
        "pas de nouvelle acquisition, l'acquisition antérieure reste valide"
        if still_valid
        else "l'unité n'est pas acquise"
    )
    if "acquired" in meanings:
        return False, f"Les évaluateurs ne sont pas d'accord ({said}) : {verdict}."
    return False, f"Les évaluateurs ne jugent pas l'unité maîtrisée ({said}) : {verdict}."


def _jury_assessment(acquis: bool, still_valid: bool, body: str = "jury") -> tuple[bool, str]:
    """The deciding body's own assessment of a unit (VAE route), and why, in French."""
    who = (
        "La commission paritaire, au vu du dossier,"
        if body == "commission"
        else "Le jury, au vu du dossier VAE et de l'entretien,"
    )
    if acquis:
        return True, f"{who} juge l'unité acquise."
    kept = " ; l'acquisition antérieure reste valide" if still_valid else ""
    return False, f"{who} juge l'unité non acquise{kept}."


def _unit_decision(
    unit: Unit, jury: JuryFile, values: dict[str, ScaleValuesItem], validity: int, body: str
) -> UnitDecision:
    """The decision on one unit: its earlier (or carried) acquisition, then what was evaluated now."""
    today = jury.jury_date
    opinions = [values[v] for v in jury.evaluations.get(unit.id, ())]
    reasons: list[str] = []
    acquired, since, until = False, None, None
    earlier = jury.acquired_earlier.get(unit.id)
    carried = jury.carried.get(unit.id)
    equivalence = None
    if carried is not None and (earlier is None or carried.since > earlier):
        earlier, equivalence = carried.since, carried.equivalence
        reasons.append(carried.reason)
    if earlier is not None:
        earlier_until = add_years(earlier, validity)
        if today <= earlier_until:
            acquired, since, until = True, earlier, earlier_until
            reasons.append(
                f"Acquise lors du jury du {w.day(earlier)}, valable {w.years(validity)}, jusqu'au "
                f"{w.day(earlier_until)} inclus : toujours valide."
            )
        else:
            reasons.append(
                f"Acquise lors du jury du {w.day(earlier)}, valable {w.years(validity)}, jusqu'au "
                f"{w.day(earlier_until)} : validité expirée."
            )
    assessed = jury.jury_assessments.get(unit.id)
    if opinions:
        now, reason = _evaluation(opinions, still_valid=acquired)
        reasons.append(reason)
        if now:
            acquired, since, until = True, today, add_years(today, validity)
    elif assessed is not None:
        now, reason = _jury_assessment(assessed, still_valid=acquired, body=body)
        reasons.append(reason)
        if now:
            acquired, since, until = True, today, add_years(today, validity)
    if not opinions and assessed is None and earlier is None:
        reasons.append("Unité ni évaluée ni acquise antérieurement : reste à acquérir.")
    return UnitDecision(unit, opinions, acquired, since, until, reasons, assessed, equivalence)


def decide_jury(referential: Referential, jury: JuryFile) -> JuryDecision:
    """Apply the jury rules (the referential must have validity years and, on the training route, a
    final_opinion scale)."""
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
    reasons = [f"{w.unit_label(referential)} {u.unit.number} ({u.unit.id}) : {' '.join(u.reasons)}" for u in units]
    reasons.extend(outcome.reason for outcome in jury.earlier_versions if outcome.status != "carried")
    reasons.append(w.decided_by(referential, targets))
    if not targets.whole:
        delivery = _some_blocs(reasons, acquired_units, missing, validity)
    elif not missing:
        delivery = "totale"
        reasons.append("Toutes les unités sont acquises et valides : délivrance totale du CQP.")
    elif acquired_units:
        delivery = "partielle"
        kept = ", ".join(
            f"{u.unit.id} (jusqu'au {w.day(u.valid_until)})" for u in acquired_units if u.valid_until is not None
        )
        reasons.append(
            f"{len(acquired_units)} unité(s) sur {len(units)} acquise(s) : délivrance partielle. "
            f"Les unités acquises ont une validité de {w.years(validity)} : {kept}. "
            f"{w.MISSING.format(units=', '.join(missing))}."
        )
    else:
        delivery = "aucune"
        reasons.append("Aucune unité n'est acquise : le CQP n'est pas délivré.")
    return JuryDecision(referential, jury, delivery, validity, units, reasons, targets)


def _some_blocs(reasons: list[str], acquired: list[UnitDecision], missing: list[str], validity: int) -> str:
    """The delivery for a candidate who targets only some units (never the whole CQP), its reason added."""
    if not acquired:
        reasons.append("Aucune unité visée n'est acquise.")
        return "aucune"
    kept = ", ".join(f"{u.unit.id} (jusqu'au {w.day(u.valid_until)})" for u in acquired if u.valid_until is not None)
    left = f" {w.MISSING.format(units=', '.join(missing))}." if missing else ""
    reasons.append(
        f"{len(acquired)} unité(s) acquise(s) : validation partielle, le CQP n'est délivré que par le jury final "
        f"au candidat qui en vise l'intégralité. Les unités acquises ont une validité de {w.years(validity)} : "
        f"{kept}.{left}"
    )
    return "partielle"
