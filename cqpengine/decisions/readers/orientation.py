"""An intake interview from a schema-valid candidate file, checked against the certification's units and scale."""

from __future__ import annotations

from fractions import Fraction

from cqpengine.decisions.candidate import CandidateFile
from cqpengine.decisions.orientation import Interview, UnitAssessment, unit_parts
from cqpengine.decisions.readers.common import as_date, lacks, not_on_scale, targeted_units, unknown_unit
from cqpengine.findings import Finding
from cqpengine.i18n import N_, _, ngettext
from cqpengine.model import Referential
from cqpengine.positions import JsonPath


def read_orientation(candidate: CandidateFile, referential: Referential) -> tuple[Interview | None, list[Finding]]:
    """The intake interview of a schema-valid file, or the findings that prevent the decision."""
    scale = referential.scale("orientation")
    lacking = []
    if scale is None:
        lacking.append(lacks(candidate, referential, N_("orientation scale (document_scales.orientation)")))
    if referential.data.get("vae") is None:
        lacking.append(lacks(candidate, referential, N_("VAE minimum experience (vae.min_years)")))
    if scale is None or lacking:
        return None, lacking
    values = {str(v["id"]) for v in scale["values"]}
    data = candidate.orientation
    given = data["self_assessment"]
    targeted, findings = targeted_units(candidate, referential, data.get("targeted_units"))
    assessments: list[UnitAssessment] = []
    for unit_id, answer in given.items():
        where: JsonPath = ("self_assessment", unit_id)
        unit = referential.unit(unit_id)
        if unit is None:
            findings.append(unknown_unit(candidate, referential, where))
            continue
        if targeted is not None and unit_id not in targeted:  # the interview covers the targeted units only
            continue
        if isinstance(answer, str):
            if answer not in values:
                findings.append(not_on_scale(candidate, referential, "orientation", where))
            assessments.append(UnitAssessment(unit_id, ((None, answer),)))
            continue
        parts = unit_parts(unit)
        for part, value in answer.items():
            if part not in parts:
                findings.append(
                    candidate.finding(
                        "CQP202",
                        _("unit {unit!r} has no such part (parts: {parts})").format(
                            unit=unit_id, parts=", ".join(parts)
                        ),
                        (*where, part),
                        key=True,
                    )
                )
            elif value not in values:
                findings.append(not_on_scale(candidate, referential, "orientation", (*where, part)))
        left = [part for part in parts if part not in answer]
        if left:
            findings.append(
                candidate.finding(
                    "CQP206",
                    ngettext(
                        "unit {unit!r}: part not assessed: {parts}",
                        "unit {unit!r}: parts not assessed: {parts}",
                        len(left),
                    ).format(unit=unit_id, parts=", ".join(left)),
                    where,
                )
            )
        assessments.append(
            UnitAssessment(unit_id, tuple((part, str(answer[part])) for part in parts if part in answer))
        )
    left_units = [
        unit.id for unit in referential.units if unit.id not in given and (targeted is None or unit.id in targeted)
    ]
    if left_units:
        findings.append(
            candidate.finding(
                "CQP206",
                ngettext(
                    "unit of {key} not assessed: {units}", "units of {key} not assessed: {units}", len(left_units)
                ).format(key=referential.key, units=", ".join(left_units)),
                ("self_assessment",),
                key=True,
            )
        )
    if findings:
        return None, findings
    interview = Interview(
        candidate_name=str(data["candidate"]["name"]),
        experience_years=Fraction(str(data["experience_years"])),
        assessments=tuple(assessments),
        interview_date=as_date(data["interview_date"]) if data.get("interview_date") is not None else None,
        interviewer=data.get("interviewer"),
        targeted=targeted,
    )
    return interview, []
