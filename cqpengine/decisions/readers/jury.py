"""What the jury (or the commission paritaire) has before it, from a schema-valid candidate file, checked
against the certification: the units the candidate targets, and the body that decides on them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from cqpengine.decisions.candidate import CandidateFile
from cqpengine.decisions.carry import EarlierUnit, carry
from cqpengine.decisions.jury import JuryFile
from cqpengine.decisions.readers.common import (
    as_date,
    earlier_after_jury,
    lacks,
    not_on_scale,
    targeted_units,
    unknown_unit,
)
from cqpengine.decisions.targets import targets_of
from cqpengine.findings import Finding
from cqpengine.i18n import N_, _
from cqpengine.model import Referential
from cqpengine.positions import JsonPath


def read_commission(candidate: CandidateFile, referential: Referential) -> tuple[JuryFile | None, list[Finding]]:
    """What the commission paritaire has before it (a candidate who targets only some units)."""
    return read_jury(candidate, referential, "commission")


def _body_name(body: str) -> str:
    """``jury`` → the final jury, ``commission`` → the commission paritaire (in the user's language)."""
    return _("the final jury") if body == "jury" else _("the commission paritaire")


def _other_body(
    candidate: CandidateFile, referential: Referential, targeted: tuple[str, ...] | None, body: str
) -> list[Finding]:
    """CQP212 when the body asked for (``jury`` or ``commission``) is not the one deciding on the targets."""
    targets = targets_of(referential, targeted)
    if targets.body == body:
        return []
    where: JsonPath = ("targeted_units",) if targeted is not None else ("certification",)
    if targets.body is None:
        message = _(
            "{key} names nobody for a candidate who targets only some units (process.decided_by.units): "
            "no decision can be made for them"
        ).format(key=referential.key)
    elif targets.whole:
        message = _(
            "the candidate targets every unit of {key}: {who} decides (cqp decide {body}); give targeted_units "
            "for a candidate who targets only some"
        ).format(key=referential.key, who=_body_name(targets.body), body=targets.body)
    else:
        message = _("the candidate targets only some units of {key}: {who} decides (cqp decide {body})").format(
            key=referential.key, who=_body_name(targets.body), body=targets.body
        )
    return [candidate.finding("CQP212", message, where, key=targeted is not None)]


def read_jury(
    candidate: CandidateFile, referential: Referential, body: str = "jury"
) -> tuple[JuryFile | None, list[Finding]]:
    """What the jury (or, ``body``, the commission) has before it, from a schema-valid file, or the findings
    that prevent the decision."""
    data = candidate.jury
    vae_route = data.get("route") == "vae"
    scale = referential.scale("final_opinion")
    lacking = []
    if scale is None and not vae_route:
        lacking.append(lacks(candidate, referential, N_("evaluators' opinion scale (document_scales.final_opinion)")))
    if referential.data["process"].get("partial_validity_years") is None:
        lacking.append(
            lacks(candidate, referential, N_("validity of partially acquired units (process.partial_validity_years)"))
        )
    if lacking:
        return None, lacking
    values = {str(v["id"]) for v in scale["values"]} if scale else set()
    jury_date = as_date(data["jury_date"])
    targeted, findings = targeted_units(candidate, referential, data.get("targeted_units"))
    if not findings:
        findings.extend(_other_body(candidate, referential, targeted, body))
    if vae_route and data.get("evaluations") is not None:
        findings.append(
            candidate.finding(
                "CQP208",
                _(
                    "on the VAE route there are no evaluators in the company: give the jury's own assessment "
                    "(jury_assessments), not evaluators' opinions"
                ),
                ("evaluations",),
            )
        )
    if not vae_route and data.get("jury_assessments") is not None:
        findings.append(
            candidate.finding(
                "CQP208",
                _(
                    "on the training route the two evaluators' opinions decide (evaluations); jury_assessments is for "
                    "the VAE route (route: vae)"
                ),
                ("jury_assessments",),
            )
        )
    assessments: dict[str, bool] = {}
    for unit_id, verdict in data.get("jury_assessments", {}).items():
        if referential.unit(unit_id) is None:
            findings.append(unknown_unit(candidate, referential, ("jury_assessments", unit_id)))
            continue
        assessments[unit_id] = verdict == "acquis"
    evaluations: dict[str, tuple[str, ...]] = {}
    for unit_id, opinions in ({} if vae_route else data.get("evaluations", {})).items():
        where: JsonPath = ("evaluations", unit_id)
        if referential.unit(unit_id) is None:
            findings.append(unknown_unit(candidate, referential, where))
            continue
        for index, opinion in enumerate(opinions):
            if opinion not in values:
                findings.append(not_on_scale(candidate, referential, "final_opinion", (*where, index)))
        evaluations[unit_id] = tuple(str(o) for o in opinions)
    earlier, before, found = _acquired_earlier(candidate, referential, data.get("acquired_earlier", {}), jury_date)
    findings.extend(found)
    if findings:
        return None, findings
    carried, outcomes = carry(referential, before) if before else ({}, [])
    jury = JuryFile(
        str(data["candidate"]["name"]),
        jury_date,
        evaluations,
        earlier,
        data.get("route"),
        assessments,
        carried,
        tuple(outcomes),
        targeted,
        data["candidate"].get("identifier"),
    )
    return jury, []


def _acquired_earlier(
    candidate: CandidateFile, referential: Referential, given: Mapping[str, str], jury_date: date
) -> tuple[dict[str, date], list[EarlierUnit], list[Finding]]:
    """The units acquired earlier (of this version, and of the one it supersedes), or the findings at them."""
    findings: list[Finding] = []
    earlier: dict[str, date] = {}
    before: list[EarlierUnit] = []
    for unit_id, when in given.items():
        where = ("acquired_earlier", unit_id)
        if when.endswith(".jwt"):  # a credential no one verified (cqpengine.credentials.earlier)
            message = _("{file} is a credential: give the issuer's public key with --public-key to verify it")
            findings.append(candidate.finding("CQP211", message.format(file=when), where))
            continue
        if "#" in unit_id:
            found = _earlier_version_unit(candidate, referential, unit_id, as_date(when), where, jury_date)
            findings.extend(found) if isinstance(found, list) else before.append(found)
            continue
        if referential.unit(unit_id) is None:
            findings.append(unknown_unit(candidate, referential, where))
            continue
        earlier[unit_id] = as_date(when)
        if earlier[unit_id] > jury_date:
            findings.append(candidate.finding("CQP207", earlier_after_jury(), where))
    return earlier, before, findings


def _earlier_version_unit(
    candidate: CandidateFile, referential: Referential, key: str, when: date, where: JsonPath, jury_date: date
) -> EarlierUnit | list[Finding]:
    """``id@version#unit`` of the version ``referential`` supersedes, or the findings saying why not."""
    version_key, _sep, unit_id = key.partition("#")
    old = referential.superseded
    if old is None or version_key != old.key:
        known = f"{old.key}#UNIT" if old else _("none: it supersedes no version")
        message = _("{version} is not the version {key} supersedes (earlier units: {known})").format(
            version=version_key, key=referential.key, known=known
        )
        return [candidate.finding("CQP202", message, where, key=True)]
    if old.unit(unit_id) is None:
        units = ", ".join(unit.id for unit in old.units)
        return [
            candidate.finding(
                "CQP202", _("{key} has no such unit (units: {units})").format(key=old.key, units=units), where, key=True
            )
        ]
    if when > jury_date:
        return [candidate.finding("CQP207", earlier_after_jury(), where)]
    return EarlierUnit(old.version, unit_id, when)
