"""Admissibility (recevabilité) of a VAE request, from the certification's ``vae`` rules.

An activity counts when it is of the nature the certification requires, in a sector and with a
status it accepts, not a period kind it excludes (training, internships…), and justified by one
of the pieces its status requires (with the signatures the piece must carry). The counted
activities' days in the window are added in full-time equivalent (see :mod:`.durations`); the
request is admissible when that total reaches ``vae.min_years``. Nothing here is specific to a
certification: every rule is read from the referential.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any, ClassVar

from cqpengine.decisions import wording as w
from cqpengine.decisions.durations import (
    DAYS_PER_YEAR,
    Period,
    Window,
    ceil_to,
    clip,
    floor_to,
    fte_days,
    to_years,
    window_before,
)
from cqpengine.model import Referential
from cqpengine.types.referential import Vae, VaeEvidenceValue, VaeEvidenceValueAnyOfItem, VaeSectorsItem


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
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fte_days: Fraction = Fraction(0)

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.activity.number,
            "title": self.activity.title,
            "counted": self.counted,
            "fte_days": floor_to(self.fte_days),
            "reasons": self.reasons,
            "notes": self.notes,
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
    reasons: list[str]

    @property
    def experience_years(self) -> Fraction:
        return to_years(self.experience_days)

    @property
    def verdict(self) -> str:
        return w.ADMISSIBLE if self.admissible else w.NOT_ADMISSIBLE

    def to_json(self) -> dict[str, Any]:
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
            "reasons": self.reasons,
            "activities": [outcome.to_json() for outcome in self.activities],
        }


def _short(label: str) -> str:
    """A piece's label without the instructions to the candidate in brackets ("(Vous en trouverez…)")."""
    return label.split(" (", maxsplit=1)[0]


def _labels(items: Sequence[VaeSectorsItem | VaeEvidenceValueAnyOfItem]) -> str:
    return w.join([_short(item["label"]) for item in items], "ou")


def _evidence_problems(activity: Activity, rule: VaeEvidenceValue) -> list[str]:
    """Why the evidence of ``activity`` does not meet ``rule`` (a ``vae.evidence[status]``); [] when it does."""
    given = {piece.id: piece for piece in activity.evidence}
    problems: list[str] = []
    for accepted in rule["any_of"]:
        piece = given.get(accepted["id"])
        if piece is None:
            continue
        required = accepted.get("signatures")
        if required is None or (piece.signatures is not None and piece.signatures >= required):
            return []
        name = _short(accepted["label"])
        if piece.signatures is None:
            problems.append(f"La pièce « {name} » ne dit pas combien de signatures elle porte ; il en faut {required}.")
        else:
            problems.append(f"La pièce « {name} » porte {piece.signatures} signature(s) ; il en faut {required}.")
    status = w.STATUSES[activity.status]
    if problems:
        problems.append(f"Aucune pièce justificative valable pour cette activité {status}.")
    else:
        problems.append(f"Pièce justificative manquante pour une activité {status} : {_labels(rule['any_of'])}.")
    if rule.get("note"):  # the source's own warning, e.g. "Attention ! Cette attestation est obligatoire…"
        problems.append(rule["note"])
    return problems


def _assess(activity: Activity, vae: Vae, window: Window, window_years: int | None) -> ActivityOutcome:
    outcome = ActivityOutcome(activity, counted=False)
    reasons = outcome.reasons
    excluded = vae.get("excluded_periods", {}).get("kinds", [])
    kind = w.KINDS[activity.kind]
    if activity.kind in excluded:
        reasons.append(f"{kind.capitalize()} : ce type de période n'est pas pris en compte dans la durée d'expérience.")
    elif activity.kind != "activite":  # a referential that lists excluded periods without this one
        outcome.notes.append(f"{kind.capitalize()} : le référentiel ne l'exclut pas de la durée d'expérience.")
    if not activity.matches_nature:
        reasons.append(f"L'activité n'est pas de la nature requise : {vae['experience_nature']}.")
    sectors = vae.get("sectors")
    if sectors is not None and activity.sector not in {s["id"] for s in sectors}:
        reasons.append(f"Secteur non pris en compte (secteurs retenus : {_labels(sectors)}).")
    statuses = vae.get("activity_statuses")
    if statuses is not None and activity.status not in statuses:
        accepted = w.statuses(statuses)
        reasons.append(f"Activité {w.STATUSES[activity.status]} non prise en compte (activités retenues : {accepted}).")
    rule = vae.get("evidence", {}).get(activity.status)
    if rule is not None:
        reasons.extend(_evidence_problems(activity, rule))
    elif vae.get("evidence"):
        outcome.notes.append(
            f"Le référentiel ne nomme pas de pièce justificative pour une activité {w.STATUSES[activity.status]} : "
            "les pièces fournies restent à examiner."
        )
    period = activity.period(window)
    inside = clip(period, window)
    if inside is None:
        where = f"({w.years_before(window_years)})" if window_years else "(expérience antérieure à la demande)"
        reasons.append(f"Période entièrement hors de la fenêtre {where}.")
    if reasons:
        return outcome
    assert inside is not None
    outcome.counted = True
    outcome.fte_days = fte_days([period], window)
    if inside.start > period.start:
        outcome.notes.append(
            f"Comptée à partir du {w.day(inside.start)} seulement : début de la fenêtre "
            f"({w.years_before(window_years or 0)})."
        )
    if activity.end is None:
        outcome.notes.append(f"Activité en cours : comptée jusqu'au {w.day(inside.end)}, veille de la demande.")
    elif inside.end < period.end:
        outcome.notes.append(f"Comptée jusqu'au {w.day(inside.end)}, veille de la demande.")
    if activity.time_percent < 100:
        outcome.notes.append(f"Temps partiel ({w.number(activity.time_percent)} %) : comptée au prorata.")
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

    reasons = [
        f"Durée de l'expérience comptée : {w.years(floor_to(to_years(total)))} en équivalent temps plein "
        f"({w.days(floor_to(total))}, à raison de {w.days(DAYS_PER_YEAR)} par an) ; "
        f"minimum requis : {w.years(required)}."
    ]
    if window.first is not None:
        reasons.append(
            f"Fenêtre : {w.years_before(window_years or 0)}, du {w.day(window.first)} au {w.day(window.last)} inclus."
        )
    else:
        reasons.append(
            "Le référentiel ne fixe pas de fenêtre : toute l'expérience antérieure à la demande est comptée "
            f"(jusqu'au {w.day(window.last)} inclus)."
        )
    overlap = sum((o.fte_days for o in counted), Fraction(0)) - total
    if overlap > 0:
        reasons.append(
            f"Des périodes se chevauchent : {w.days(floor_to(overlap))} ne sont pas comptés deux fois "
            "(un jour compte au plus pour un temps plein)."
        )
    if not vae.get("evidence"):
        reasons.append(
            "Le référentiel ne nomme pas les pièces justificatives : leur examen reste à faire, il n'entre pas "
            "dans ce calcul."
        )
    for outcome in outcomes:
        if not outcome.counted:
            reasons.append(
                f"Activité {outcome.activity.number} ({outcome.activity.title}) non comptée : "
                + " ".join(outcome.reasons)
            )
    if any(o.activity.kind in vae.get("excluded_periods", {}).get("kinds", []) for o in outcomes):
        text = vae["excluded_periods"].get("text")
        if text:
            reasons.append(text)
    if admissible:
        reasons.append("La durée minimale est atteinte : la demande est recevable.")
    else:
        missing = Fraction(str(required)) - to_years(total)
        reasons.append(
            f"Il manque {w.years(ceil_to(missing))} d'expérience en équivalent temps plein : "
            "la demande n'est pas recevable."
        )
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
