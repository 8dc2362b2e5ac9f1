"""Rules on what each unit holds: competences, criteria, a modality, its number, and who decides on it."""

from __future__ import annotations

from collections.abc import Iterator

from cqpengine.checking.rules import RuleContext, gap_or_error, rule
from cqpengine.findings import Finding
from cqpengine.i18n import _
from cqpengine.model import (
    competences,
    criteria,
)


@rule("CQP106")
def unit_without_competence(context: RuleContext) -> Iterator[Finding]:
    if context.referential is None:
        return
    for unit in context.referential.units:
        if not competences(unit):
            yield unit.site.finding("CQP106", _("unit {unit!r} has no competence").format(unit=unit.id))
            continue
        for a, activity in enumerate(unit.bloc["activities"] if unit.bloc is not None else []):
            if not activity["competences"]:
                yield unit.definition.finding(
                    "CQP106",
                    _("activity {activity!r} has no competence").format(activity=activity["id"]),
                    sub=("activities", a),
                )


@rule("CQP107")
def unit_without_criterion(context: RuleContext) -> Iterator[Finding]:
    referential = context.referential
    if referential is None:
        return
    for unit in referential.units:
        if competences(unit) and not criteria(unit):
            message = _("unit {unit!r} has no evaluation criterion").format(unit=unit.id)
            yield gap_or_error(referential, "criteria", unit.site, "CQP107", message, unit.id)


@rule("CQP109")
def bloc_without_modality(context: RuleContext) -> Iterator[Finding]:
    referential = context.referential
    if referential is None or referential.generation != "blocs":
        return
    for unit in referential.units:
        if unit.bloc is None or unit.bloc.get("modality") is None:
            message = _(
                "bloc {unit!r} has no evaluation modality: add 'modality:' to the bloc (methods, situations, "
                "evaluators…, as the skeleton shows), or, if the source gives none, declare it under 'gaps:' "
                "(what: modality, with the unit and the reason)"
            ).format(unit=unit.id)
            yield gap_or_error(referential, "modality", unit.site, "CQP109", message, unit.id)


@rule("CQP121")
def undecided_targets(context: RuleContext) -> Iterator[Finding]:
    """A certification in blocs must say who decides for a candidate who targets only some blocs."""
    referential = context.referential
    if referential is None or referential.generation != "blocs" or referential.deciding_body(whole=False):
        return
    message = _(
        "who decides for a candidate who targets only some blocs is not stated: add process.decided_by.units "
        "with the source's words, or declare the gap (what: decided_by)"
    )
    yield gap_or_error(referential, "decided_by", context.location(("process",)), "CQP121", message)


@rule("CQP122")
def domaines_decided_alone(context: RuleContext) -> Iterator[Finding]:
    """Only blocs are validated on their own: a domaine is acquired at the final jury."""
    referential = context.referential
    if referential is None or referential.generation != "domaines" or not referential.deciding_body(whole=False):
        return
    yield context.location(("process", "decided_by", "units")).finding(
        "CQP122",
        _(
            "decided_by.units is for certifications in blocs: a domaine is not validated on its own "
            "(remove it, or check the generation)"
        ),
    )


@rule("CQP108")
def unit_numbering(context: RuleContext) -> Iterator[Finding]:
    if context.referential is None:
        return
    seen: dict[int, str] = {}
    for index, entry in enumerate(context.referential.data["units"]):
        # A certification's units all have a number (the schema requires it of inline units too).
        number, name = entry["number"], entry["ref"] if "ref" in entry else entry["id"]
        if number in seen:
            yield context.location(("units", index, "number")).finding(
                "CQP108", _("number {number} already used by unit {unit!r}").format(number=number, unit=seen[number])
            )
        seen[number] = name
    expected = set(range(1, len(seen) + 1))
    if set(seen) != expected:
        missing = sorted(expected - set(seen))
        extra = sorted(set(seen) - expected)
        numbers = [entry["number"] for entry in context.referential.data["units"]]
        wrong = numbers.index(extra[0]) if extra else 0
        yield context.location(("units", wrong, "number")).finding(
            "CQP108",
            _(
                "unit numbers should run 1 to {count}, in the order of the units: number {number} is beyond "
                "the count; write {write} here"
            ).format(count=len(seen), number=numbers[wrong], write=missing[0] if missing else len(seen)),
        )
