"""Admissibility (recevabilité) of a VAE request, from the certification's ``vae`` rules.

An activity counts when it is of the nature the certification requires, in a sector and with a
status it accepts, not a period kind it excludes (training, internships…), and justified by one
of the pieces its status requires (with the signatures the piece must carry). The counted
activities' days in the window are added in full-time equivalent (see :mod:`.durations`); the
request is admissible when that total reaches ``vae.min_years``. Nothing here is specific to a
certification: every rule is read from the referential.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any, ClassVar

from cqpengine.decisions.durations import (
    DAYS_PER_YEAR,
    Period,
    Window,
    clip,
    floor_to,
    fte_days,
    to_years,
    window_before,
)
from cqpengine.decisions.reasons import Reason, Say, reason
from cqpengine.model import Referential
from cqpengine.types.referential import Vae, VaeEvidenceValue


@dataclass(frozen=True)
class EvidencePiece:
    """A piece attached to an activity, with the number of signatures it carries when given."""

    id: str
    signatures: int | None = None


@dataclass(frozen=True)
class Activity:
    """One activity of the request, as the candidate file states it."""

    number: int
    title: str
    sector: str
    status: str
    matches_nature: bool
    start: date
    end: date | None = None
    kind: str = "activite"
    time_percent: Fraction = Fraction(100)
    evidence: tuple[EvidencePiece, ...] = ()
    organisation: str | None = None
    description: str | None = None

    def period(self, window: Window) -> Period:
        """The activity's days at its share of full time; an ongoing one runs to the window's end."""
        end = self.end if self.end is not None else max(window.last, self.start)
        return Period(self.start, end, self.time_percent / 100)


@dataclass(frozen=True)
class VaeRequest:
    """A VAE admissibility request."""

    candidate_name: str
    request_date: date
    activities: tuple[Activity, ...] = ()


@dataclass
class ActivityOutcome:
    """Whether one activity counts, why, and its own full-time-equivalent days in the window."""

    activity: Activity
    counted: bool
    reasons: list[Reason] = field(default_factory=list)
    notes: list[Reason] = field(default_factory=list)
    fte_days: Fraction = Fraction(0)

    def to_json(self, say: Say) -> dict[str, Any]:
        return {
            "number": self.activity.number,
            "title": self.activity.title,
            "counted": self.counted,
            "fte_days": floor_to(self.fte_days),
            "reasons": [say(r) for r in self.reasons],
            "notes": [say(r) for r in self.notes],
        }


@dataclass
class VaeDecision:
    """The verdict on a VAE request, every reason, and the figures."""

    #: The decision kind (:mod:`cqpengine.decisions.kinds`).
    kind: ClassVar[str] = "vae"
    referential: Referential
    request: VaeRequest
    admissible: bool
    experience_days: Fraction
    required_years: float
    window_years: int | None
    window: Window
    activities: list[ActivityOutcome]
    reasons: list[Reason]

    @property
    def experience_years(self) -> Fraction:
        return to_years(self.experience_days)

    def to_json(self, say: Say) -> dict[str, Any]:
        return {
            "decision": "vae",
            "certification": {"id": self.referential.id, "version": self.referential.version},
            "request_date": self.request.request_date.isoformat(),
            "admissible": self.admissible,
            "experience_years": floor_to(self.experience_years),
            "experience_days": floor_to(self.experience_days),
            "required_years": self.required_years,
            "days_per_year": DAYS_PER_YEAR,
            "window_years": self.window_years,
            "window": {
                "first_day": self.window.first.isoformat() if self.window.first else None,
                "last_day": self.window.last.isoformat(),
            },
            "reasons": [say(r) for r in self.reasons],
            "activities": [outcome.to_json(say) for outcome in self.activities],
        }


def _evidence_problems(activity: Activity, rule: VaeEvidenceValue) -> list[Reason]:
    """Why the evidence of ``activity`` does not meet ``rule`` (a ``vae.evidence[status]``); [] when it does."""
    given = {piece.id: piece for piece in activity.evidence}
    problems: list[Reason] = []
    for accepted in rule["any_of"]:
        piece = given.get(accepted["id"])
        if piece is None:
            continue
        required = accepted.get("signatures")
        if required is None or (piece.signatures is not None and piece.signatures >= required):
            return []
        if piece.signatures is None:
            problems.append(reason("vae.signatures_unstated", piece=accepted["label"], required=required))
        else:
            problems.append(
                reason("vae.signatures_short", piece=accepted["label"], given=piece.signatures, required=required)
            )
    if problems:
        problems.append(reason("vae.no_valid_piece", status=activity.status))
    else:
        problems.append(
            reason("vae.piece_missing", status=activity.status, pieces=[p["label"] for p in rule["any_of"]])
        )
    if rule.get("note"):  # the source's own warning, e.g. "Attention ! Cette attestation est obligatoire…"
        problems.append(reason("referential_text", text=rule["note"]))
    return problems


def _assess(activity: Activity, vae: Vae, window: Window, window_years: int | None) -> ActivityOutcome:
    outcome = ActivityOutcome(activity, counted=False)
    reasons = outcome.reasons
    excluded = vae.get("excluded_periods", {}).get("kinds", [])
    if activity.kind in excluded:
        reasons.append(reason("vae.kind_excluded", kind=activity.kind))
    elif activity.kind != "activite":  # a referential that lists excluded periods without this one
        outcome.notes.append(reason("vae.kind_not_excluded", kind=activity.kind))
    if not activity.matches_nature:
        reasons.append(reason("vae.nature", nature=vae["experience_nature"]))
    sectors = vae.get("sectors")
    if sectors is not None and activity.sector not in {s["id"] for s in sectors}:
        reasons.append(reason("vae.sector", sectors=[s["label"] for s in sectors]))
    statuses = vae.get("activity_statuses")
    if statuses is not None and activity.status not in statuses:
        reasons.append(reason("vae.status", status=activity.status, accepted=list(statuses)))
    rule = vae.get("evidence", {}).get(activity.status)
    if rule is not None:
        reasons.extend(_evidence_problems(activity, rule))
    elif vae.get("evidence"):
        outcome.notes.append(reason("vae.no_piece_named", status=activity.status))
    period = activity.period(window)
    inside = clip(period, window)
    if inside is None:
        reasons.append(reason("vae.outside_window", window_years=window_years))
    if reasons:
        return outcome
    assert inside is not None
    outcome.counted = True
    outcome.fte_days = fte_days([period], window)
    if inside.start > period.start:
        outcome.notes.append(reason("vae.counted_from", day=inside.start, window_years=window_years or 0))
    if activity.end is None:
        outcome.notes.append(reason("vae.ongoing", day=inside.end))
    elif inside.end < period.end:
        outcome.notes.append(reason("vae.counted_until", day=inside.end))
    if activity.time_percent < 100:
        outcome.notes.append(reason("vae.part_time", percent=activity.time_percent))
    return outcome


def decide_vae(referential: Referential, request: VaeRequest) -> VaeDecision:
    """Apply the referential's ``vae`` rules to ``request`` (the referential must have them)."""
    vae = referential.data["vae"]
    window_years = vae.get("window_years")
    window = window_before(request.request_date, window_years)
    outcomes = [_assess(activity, vae, window, window_years) for activity in request.activities]
    counted = [o for o in outcomes if o.counted]
    total = fte_days([o.activity.period(window) for o in counted], window)
    required = vae["min_years"]
    admissible = total >= Fraction(str(required)) * DAYS_PER_YEAR

    reasons = [reason("vae.experience", days=total, required=required)]
    if window.first is not None:
        reasons.append(reason("vae.window", window_years=window_years or 0, first=window.first, last=window.last))
    else:
        reasons.append(reason("vae.no_window", last=window.last))
    overlap = sum((o.fte_days for o in counted), Fraction(0)) - total
    if overlap > 0:
        reasons.append(reason("vae.overlap", days=overlap))
    if not vae.get("evidence"):
        reasons.append(reason("vae.pieces_not_named"))
    for outcome in outcomes:
        if not outcome.counted:
            reasons.append(
                reason(
                    "vae.not_counted",
                    number=outcome.activity.number,
                    title=outcome.activity.title,
                    reasons=list(outcome.reasons),
                )
            )
    if any(o.activity.kind in vae.get("excluded_periods", {}).get("kinds", []) for o in outcomes):
        text = vae["excluded_periods"].get("text")
        if text:
            reasons.append(reason("referential_text", text=text))
    if admissible:
        reasons.append(reason("vae.admissible"))
    else:
        reasons.append(reason("vae.not_admissible", missing_years=Fraction(str(required)) - to_years(total)))
    return VaeDecision(
        referential=referential,
        request=request,
        admissible=admissible,
        experience_days=total,
        required_years=required,
        window_years=window_years,
        window=window,
        activities=outcomes,
        reasons=reasons,
    )
