"""Decisions for people: the verdict, every figure and every reason, in French.

The candidate's name appears only here, in the output the user asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cqpengine.decisions.durations import DAYS_PER_YEAR, floor_to
from cqpengine.decisions.jury import JuryDecision
from cqpengine.decisions.kinds import Decision
from cqpengine.decisions.orientation import OrientationDecision
from cqpengine.decisions.reasons import Reason
from cqpengine.decisions.vae import Activity, VaeDecision
from cqpengine.reporters.decisions import wording as w


def period(activity: Activity) -> str:
    """``du 01/09/2016 au 31/08/2019`` or ``depuis le 01/09/2016 (en cours)``."""
    if activity.end is None:
        return f"depuis le {w.day(activity.start)} (en cours)"
    return f"du {w.day(activity.start)} au {w.day(activity.end)}"


def _header(title: str, decision: Decision, name: str) -> list[str]:
    ref = decision.referential
    return [
        title,
        f"CQP {ref.title} — version {ref.version} ({ref.key})",
        f"Candidat : {name}",
    ]


def _reasons(reasons: list[Reason]) -> list[str]:
    return ["", "Raisons :", *(f"  - {w.say(reason)}" for reason in reasons)]


def _vae_text(d: VaeDecision) -> list[str]:
    lines = _header(w.VAE_TITLE, d, d.request.candidate_name)
    lines.append(f"Date de la demande : {w.day(d.request.request_date)}")
    lines += ["", f"Verdict : {w.verdict(d.admissible).upper()}"]
    lines.append(
        f"Expérience comptée : {w.years(floor_to(d.experience_years))} en équivalent temps plein "
        f"({w.days(floor_to(d.experience_days))} ; 1 an = {w.days(DAYS_PER_YEAR)}) ; "
        f"minimum requis : {w.years(d.required_years)}"
    )
    if d.window.first is not None:
        lines.append(
            f"Fenêtre : {w.years(d.window_years or 0)}, du {w.day(d.window.first)} au {w.day(d.window.last)} inclus"
        )
    else:
        lines.append(f"Fenêtre : aucune (le référentiel n'en fixe pas) ; jusqu'au {w.day(d.window.last)} inclus")
    lines += ["", "Activités :"]
    for outcome in d.activities:
        a = outcome.activity
        status = (
            f"comptée ({w.days(floor_to(outcome.fte_days))} en équivalent temps plein dans la fenêtre)"
            if outcome.counted
            else "non comptée"
        )
        lines.append(
            f"  {a.number}. {a.title} — {w.STATUSES[a.status]}, {period(a)}, {w.number(a.time_percent)} % : {status}"
        )
        lines.extend(f"       · {w.say(reason)}" for reason in outcome.reasons + outcome.notes)
    return lines + _reasons(d.reasons)


def _orientation_text(d: OrientationDecision) -> list[str]:
    lines = _header(w.ORIENTATION_TITLE, d, d.interview.candidate_name)
    if d.interview.interview_date:
        lines.append(f"Date de l'entretien : {w.day(d.interview.interview_date)}")
    lines += ["", f"Orientation : {w.ROUTES[d.route].upper()}"]
    lines.append(
        f"Expérience dans le métier : {w.years(floor_to(d.interview.experience_years))} ; "
        f"minimum pour la voie de la VAE : {w.years(d.required_years)}"
    )
    lines += ["", "Unités :"]
    for u in d.units:
        lines.append(f"  {w.unit_label(d.referential)} {u.unit.number} ({u.unit.id}) : {u.unit.title}")
        for part in u.parts:
            what = f"{w.part_name(part)} : " if part.part else ""
            lines.append(f"       · {what}{part.value['label']}")
        route = f"{w.MASTERED} : {w.UNIT_ROUTES['vae']}" if d.route == "vae" else w.UNIT_CHOICES[u.choice]
        lines.append(f"       → {route}")
    return lines + _targets(d) + _reasons(d.reasons)


def _targets(d: OrientationDecision | JuryDecision) -> list[str]:
    """Which units the candidate targets, and who decides on them."""
    targets = d.targets
    if targets is None:
        return []
    lines = ["", f"Unités visées : {w.targeted(d.referential, targets)}"]
    if targets.body is not None:
        words = f" — « {targets.words} »" if targets.words else ""
        lines.append(f"Qui décide : {w.BODIES[targets.body]}{words}")
    return lines


def _jury_text(d: JuryDecision) -> list[str]:
    commission = d.kind == "commission"
    lines = _header(w.COMMISSION["title"] if commission else w.JURY_TITLE, d, d.jury.candidate_name)
    lines.append(f"{w.COMMISSION['date'] if commission else 'Date du jury'} : {w.day(d.jury.jury_date)}")
    if d.jury.route:
        lines.append(f"Voie d'accès : {w.ROUTES[d.jury.route]}")
    lines += _targets(d)
    if commission:
        lines += ["", f"Validation : {w.COMMISSION['deliveries'][d.delivery].upper()}", "", "Unités :"]
    else:
        lines += ["", f"Délivrance : {w.DELIVERIES[d.delivery].upper()}", "", "Unités :"]
    for u in d.units:
        state = "acquise" if u.acquired else "non acquise"
        if u.acquired and u.valid_until is not None and d.delivery != "totale":
            state += ", " + w.UNTIL.format(day=w.day(u.valid_until))
        lines.append(f"  {w.unit_label(d.referential)} {u.unit.number} ({u.unit.id}) : {u.unit.title} — {state}")
    if d.delivery == "partielle":
        lines += ["", "Unités acquises :"]
        lines += [
            f"  {u.unit.id} : {w.UNTIL.format(day=w.day(u.valid_until))}"
            for u in d.units
            if u.acquired and u.valid_until is not None
        ]
        if d.missing:
            lines.append(w.MISSING.format(units=", ".join(d.missing)))
    return lines + _reasons(d.reasons)


#: The class of a decision → its text, line by line (a commission's decision is a jury's).
_TEXTS: dict[type, Callable[[Any], list[str]]] = {
    VaeDecision: _vae_text,
    OrientationDecision: _orientation_text,
    JuryDecision: _jury_text,
}


def to_text(decision: Decision) -> str:
    """The decision for people, in French, with every reason and figure."""
    return "\n".join(_TEXTS[type(decision)](decision)) + "\n"
