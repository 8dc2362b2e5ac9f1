"""Candidate files: loading, JSON Schema, the certification they name, and semantic checks.

A candidate file goes through the same safe loader as the referentials, then its own JSON
Schema (``schema/candidate-<kind>.schema.json``), then the checks that need the referential
(unknown certification or version, a unit id that version lacks, a period ending before it
starts, a value the certification's scale does not define…). Each problem is a
:class:`~cqpengine.findings.Finding` at ``file:line:column``, in the format of ``cqp validate``.

Candidate files hold personal data. Messages name the file, the position and the field (the
JSON path, whose keys may be unit ids), never a value the candidate file gives; they list what
the referential accepts instead (its certifications, versions, units, scale values, evidence).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeAlias, cast

from jsonschema.exceptions import ValidationError

from cqpengine.checking.schema import schema_findings, schema_of
from cqpengine.decisions.carry import EarlierUnit, carry
from cqpengine.decisions.jury import JuryFile
from cqpengine.decisions.orientation import Interview, UnitAssessment, unit_parts
from cqpengine.decisions.vae import Activity, EvidencePiece, VaeRequest
from cqpengine.findings import Finding
from cqpengine.loading.yamlio import JsonPath, Mark, YamlDocument, YamlLoadError, load_yaml_file
from cqpengine.model import Referential
from cqpengine.types.candidate_jury import CandidateJuryDocument
from cqpengine.types.candidate_orientation import CandidateOrientationDocument
from cqpengine.types.candidate_vae import CandidateVaeDocument

#: A schema-valid candidate file of any kind.
CandidateDocument: TypeAlias = CandidateVaeDocument | CandidateOrientationDocument | CandidateJuryDocument

#: Decision kind → its candidate schema.
SCHEMAS = {
    "vae": "candidate-vae.schema.json",
    "orientation": "candidate-orientation.schema.json",
    "jury": "candidate-jury.schema.json",
}

_DESCRIPTIONS = {
    "vae": "a VAE admissibility request",
    "orientation": "an intake interview",
    "jury": "a jury decision",
}


@dataclass
class CandidateFile:
    """A loaded, schema-valid candidate file."""

    path: Path
    document: YamlDocument

    @property
    def data(self) -> CandidateDocument:
        return cast("CandidateDocument", self.document.data)

    @property
    def vae(self) -> CandidateVaeDocument:
        """The data of a schema-valid VAE request file."""
        return cast("CandidateVaeDocument", self.document.data)

    @property
    def orientation(self) -> CandidateOrientationDocument:
        """The data of a schema-valid intake interview file."""
        return cast("CandidateOrientationDocument", self.document.data)

    @property
    def jury(self) -> CandidateJuryDocument:
        """The data of a schema-valid jury file."""
        return cast("CandidateJuryDocument", self.document.data)

    def finding(self, code: str, message: str, path: JsonPath, *, key: bool = False) -> Finding:
        """A finding at ``path`` (at its key with ``key``)."""
        return Finding.at(self.path, self.document.mark_for(path, key=key), code, message, path)


# --- loading and schema ---------------------------------------------------------------------------


def _name(path: JsonPath) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "top level"


_TYPES = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
}


def _message(error: ValidationError, document: YamlDocument) -> str:
    """A message naming the field and what is expected, never the value found."""
    keyword = error.validator
    expected: Any = error.validator_value
    schema = schema_of(error)
    path = tuple(error.absolute_path)
    field = f"'{_name(path)}'"
    if keyword == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        missing = [name for name in expected if name not in instance]
        return f"missing required property {missing[0]!r}" if missing else "missing required property"
    if schema.get("format") == "date" and keyword in ("format", "pattern"):
        return f"{field} is not a valid date (YYYY-MM-DD, between 1900 and 2099)"
    if keyword == "pattern":
        if isinstance(document.data, dict) and isinstance(_value_at(document.data, path), dict):
            return f"a key of {field} is not a valid identifier (letters, digits, '.', '_', '-')"
        title = str(schema.get("title", "value")).lower()
        return f"{field} is not a valid {title} (pattern {expected})"
    if keyword == "type":
        wanted = _TYPES.get(str(expected), str(expected))
        hint = ": quote it" if expected == "string" and isinstance(error.instance, int | float) else ""
        return f"{field} should be {wanted}{hint}"
    if keyword == "enum":
        return f"{field} is not one of: {', '.join(str(v) for v in expected)}"
    bounds = {
        "minimum": "at least",
        "maximum": "at most",
        "exclusiveMinimum": "more than",
        "exclusiveMaximum": "less than",
    }
    if keyword in bounds:
        return f"{field} should be {bounds[keyword]} {expected}"
    if keyword == "minItems":
        return f"{field} should have at least {expected} item(s)"
    if keyword == "maxItems":
        return f"{field} should have at most {expected} item(s)"
    if keyword in ("minLength", "minProperties"):
        return f"{field} should not be empty"
    if keyword in ("oneOf", "anyOf"):
        return f"{field} has none of the accepted forms"
    return f"{field} does not match the schema ({keyword})"


def _value_at(data: Any, path: JsonPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def candidate_schema_findings(document: YamlDocument, kind: str) -> list[Finding]:
    """The schema errors of a candidate file, once each, in file order, without the values at fault."""
    found = set(schema_findings(document, SCHEMAS[kind], describe=_message))
    return sorted(found, key=Finding.sort_key)


def load_candidate(path: Path, kind: str) -> tuple[CandidateFile | None, list[Finding]]:
    """Load ``path`` as a candidate file of ``kind`` and check it against its schema."""
    try:
        document = load_yaml_file(path)
    except YamlLoadError as error:
        return None, [Finding.at(path, error.mark, error.code, error.message)]
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return None, [Finding.at(path, Mark(1, 1), "CQP001", f"cannot read file: {reason}")]
    if not isinstance(document.data, dict):
        message = f"top level is not a mapping: expected a mapping describing {_DESCRIPTIONS[kind]}"
        return None, [Finding.at(path, document.mark_for(()), "CQP002", message)]
    findings = candidate_schema_findings(document, kind)
    if findings:
        return None, findings
    return CandidateFile(path, document), []


# --- the certification ----------------------------------------------------------------------------


def select_referential(
    candidate: CandidateFile,
    referentials: Sequence[Referential],
    invalid: Mapping[str, Path] | None = None,
    unreadable: Sequence[Path] = (),
) -> Referential | Finding:
    """The certification version the file names (the active one when it names no version).

    ``invalid`` (``id@version`` → file) lists versions left out because their referential has errors:
    naming one is reported as such, not as an unknown certification. ``unreadable`` files (that could
    not be loaded) are named when the certification or version is not found, as it may be in one.
    """
    hint = f"; referential files that could not be read: {', '.join(map(str, unreadable))}" if unreadable else ""
    wanted = candidate.data["certification"]
    ident = str(wanted["id"])
    named = wanted.get("version")
    broken = [
        (key, path)
        for key, path in (invalid or {}).items()
        if key.partition("@")[0] == ident and (named is None or key == f"{ident}@{named}")
    ]
    if broken and (named is not None or not any(r.id == ident for r in referentials)):
        key, path = broken[0]
        return candidate.finding(
            "CQP201", f"{key} cannot be used: its referential {path} has errors (run cqp validate)", ("certification",)
        )
    versions = [r for r in referentials if r.id == ident]
    if not versions:
        known = ", ".join(sorted({r.id for r in referentials})) or "none"
        return candidate.finding(
            "CQP201", f"unknown certification (certifications: {known}){hint}", ("certification", "id")
        )
    listed = ", ".join(sorted(r.version for r in versions))
    if named is None:
        active = [r for r in versions if r.data["status"] == "active"]
        if len(active) == 1:
            return active[0]
        return candidate.finding(
            "CQP201",
            f"certification {ident!r} has no active version: give certification.version (versions: {listed})",
            ("certification",),
        )
    version = named
    for referential in versions:
        if referential.version == version:
            return referential
    return candidate.finding(
        "CQP201",
        f"certification {ident!r} has no such version (versions: {listed}){hint}",
        ("certification", "version"),
    )


def _lacks(candidate: CandidateFile, referential: Referential, what: str) -> Finding:
    return candidate.finding(
        "CQP205", f"{referential.key} has no {what}: this decision cannot be made from it", ("certification",)
    )


def _date(value: Any) -> date:
    return date.fromisoformat(str(value))


def _unknown_unit(candidate: CandidateFile, referential: Referential, path: JsonPath) -> Finding:
    units = ", ".join(unit.id for unit in referential.units)
    return candidate.finding("CQP202", f"{referential.key} has no such unit (units: {units})", path, key=True)


def _not_on_scale(candidate: CandidateFile, referential: Referential, document: str, path: JsonPath) -> Finding:
    scale_id = referential.scale_id(document)
    scale = referential.scale(document) or {"values": []}
    allowed = ", ".join(str(v["id"]) for v in scale["values"])
    return candidate.finding(
        "CQP204", f"value is not on the {document} scale {scale_id!r} of {referential.key} ({allowed})", path
    )


# --- per decision ---------------------------------------------------------------------------------


def read_vae(candidate: CandidateFile, referential: Referential) -> tuple[VaeRequest | None, list[Finding]]:
    """The VAE request of a schema-valid file, or the findings that prevent the decision."""
    vae = referential.data.get("vae")
    if vae is None:
        return None, [_lacks(candidate, referential, "VAE admissibility rules (vae)")]
    data = candidate.vae
    request_date = _date(data["request_date"])
    defined = {str(p["id"]) for rule in vae.get("evidence", {}).values() for p in rule["any_of"]}
    findings: list[Finding] = []
    activities: list[Activity] = []
    for index, item in enumerate(data["activities"]):
        where: JsonPath = ("activities", index)
        start = _date(item["start"])
        end = _date(item["end"]) if item.get("end") is not None else None
        if end is not None and end < start:
            findings.append(
                candidate.finding("CQP203", "period ends before it starts ('end' before 'start')", (*where, "end"))
            )
        if start > request_date:
            findings.append(candidate.finding("CQP207", "'start' is after the request date", (*where, "start")))
        kind = str(item.get("kind", "activite"))
        if kind != "activite" and vae.get("excluded_periods") is None:
            findings.append(
                candidate.finding(
                    "CQP205",
                    f"{referential.key} does not say whether such a period counts (no vae.excluded_periods): "
                    "a training period or an internship cannot be judged from it",
                    (*where, "kind"),
                )
            )
        pieces: list[EvidencePiece] = []
        for number, piece in enumerate(item.get("evidence", [])):
            ident = str(piece["id"]) if isinstance(piece, dict) else str(piece)
            if vae.get("evidence") is not None and ident not in defined:
                findings.append(
                    candidate.finding(
                        "CQP204",
                        f"evidence piece not defined by {referential.key} ({', '.join(sorted(defined))})",
                        (*where, "evidence", number),
                    )
                )
            signatures = piece.get("signatures") if isinstance(piece, dict) else None
            pieces.append(EvidencePiece(ident, signatures))
        activities.append(
            Activity(
                number=index + 1,
                title=str(item["title"]),
                sector=str(item["sector"]),
                status=str(item["status"]),
                matches_nature=bool(item["matches_nature"]),
                start=start,
                end=end,
                kind=str(item.get("kind", "activite")),
                time_percent=Fraction(str(item.get("time_percent", 100))),
                evidence=tuple(pieces),
                organisation=item.get("organisation"),
                description=item.get("description"),
            )
        )
    if findings:
        return None, findings
    return VaeRequest(str(data["candidate"]["name"]), request_date, tuple(activities)), []


def read_orientation(candidate: CandidateFile, referential: Referential) -> tuple[Interview | None, list[Finding]]:
    """The intake interview of a schema-valid file, or the findings that prevent the decision."""
    scale = referential.scale("orientation")
    lacking = []
    if scale is None:
        lacking.append(_lacks(candidate, referential, "orientation scale (document_scales.orientation)"))
    if referential.data.get("vae") is None:
        lacking.append(_lacks(candidate, referential, "VAE minimum experience (vae.min_years)"))
    if scale is None or lacking:
        return None, lacking
    values = {str(v["id"]) for v in scale["values"]}
    data = candidate.orientation
    given = data["self_assessment"]
    findings: list[Finding] = []
    assessments: list[UnitAssessment] = []
    for unit_id, answer in given.items():
        where: JsonPath = ("self_assessment", unit_id)
        unit = referential.unit(unit_id)
        if unit is None:
            findings.append(_unknown_unit(candidate, referential, where))
            continue
        if isinstance(answer, str):
            if answer not in values:
                findings.append(_not_on_scale(candidate, referential, "orientation", where))
            assessments.append(UnitAssessment(unit_id, ((None, answer),)))
            continue
        parts = unit_parts(unit)
        for part, value in answer.items():
            if part not in parts:
                findings.append(
                    candidate.finding(
                        "CQP202",
                        f"unit {unit_id!r} has no such part (parts: {', '.join(parts)})",
                        (*where, part),
                        key=True,
                    )
                )
            elif value not in values:
                findings.append(_not_on_scale(candidate, referential, "orientation", (*where, part)))
        left = [part for part in parts if part not in answer]
        if left:
            findings.append(
                candidate.finding("CQP206", f"unit {unit_id!r}: part(s) not assessed: {', '.join(left)}", where)
            )
        assessments.append(
            UnitAssessment(unit_id, tuple((part, str(answer[part])) for part in parts if part in answer))
        )
    left_units = [unit.id for unit in referential.units if unit.id not in given]
    if left_units:
        findings.append(
            candidate.finding(
                "CQP206",
                f"unit(s) of {referential.key} not assessed: {', '.join(left_units)}",
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
        interview_date=_date(data["interview_date"]) if data.get("interview_date") is not None else None,
        interviewer=data.get("interviewer"),
    )
    return interview, []


def read_jury(candidate: CandidateFile, referential: Referential) -> tuple[JuryFile | None, list[Finding]]:
    """What the jury has before it, from a schema-valid file, or the findings that prevent the decision."""
    data = candidate.jury
    vae_route = data.get("route") == "vae"
    scale = referential.scale("final_opinion")
    lacking = []
    if scale is None and not vae_route:
        lacking.append(_lacks(candidate, referential, "evaluators' opinion scale (document_scales.final_opinion)"))
    if referential.data["process"].get("partial_validity_years") is None:
        lacking.append(
            _lacks(candidate, referential, "validity of partially acquired units (process.partial_validity_years)")
        )
    if lacking:
        return None, lacking
    values = {str(v["id"]) for v in scale["values"]} if scale else set()
    jury_date = _date(data["jury_date"])
    findings: list[Finding] = []
    if vae_route and data.get("evaluations") is not None:
        findings.append(
            candidate.finding(
                "CQP208",
                "on the VAE route there are no evaluators in the company: give the jury's own assessment "
                "(jury_assessments), not evaluators' opinions",
                ("evaluations",),
            )
        )
    if not vae_route and data.get("jury_assessments") is not None:
        findings.append(
            candidate.finding(
                "CQP208",
                "on the training route the two evaluators' opinions decide (evaluations); jury_assessments is for "
                "the VAE route (route: vae)",
                ("jury_assessments",),
            )
        )
    assessments: dict[str, bool] = {}
    for unit_id, verdict in data.get("jury_assessments", {}).items():
        if referential.unit(unit_id) is None:
            findings.append(_unknown_unit(candidate, referential, ("jury_assessments", unit_id)))
            continue
        assessments[unit_id] = verdict == "acquis"
    evaluations: dict[str, tuple[str, ...]] = {}
    for unit_id, opinions in ({} if vae_route else data.get("evaluations", {})).items():
        where: JsonPath = ("evaluations", unit_id)
        if referential.unit(unit_id) is None:
            findings.append(_unknown_unit(candidate, referential, where))
            continue
        for index, opinion in enumerate(opinions):
            if opinion not in values:
                findings.append(_not_on_scale(candidate, referential, "final_opinion", (*where, index)))
        evaluations[unit_id] = tuple(str(o) for o in opinions)
    earlier: dict[str, date] = {}
    before: list[EarlierUnit] = []
    for unit_id, when in data.get("acquired_earlier", {}).items():
        where = ("acquired_earlier", unit_id)
        if "#" in unit_id:
            found = _earlier_version_unit(candidate, referential, unit_id, _date(when), where, jury_date)
            findings.extend(found) if isinstance(found, list) else before.append(found)
            continue
        if referential.unit(unit_id) is None:
            findings.append(_unknown_unit(candidate, referential, where))
            continue
        earlier[unit_id] = _date(when)
        if earlier[unit_id] > jury_date:
            findings.append(candidate.finding("CQP207", "date of an earlier acquisition is after the jury date", where))
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
    )
    return jury, []


def _earlier_version_unit(
    candidate: CandidateFile, referential: Referential, key: str, when: date, where: JsonPath, jury_date: date
) -> EarlierUnit | list[Finding]:
    """``id@version#unit`` of the version ``referential`` supersedes, or the findings saying why not."""
    version_key, _, unit_id = key.partition("#")
    old = referential.superseded
    if old is None or version_key != old.key:
        known = f"{old.key}#UNIT" if old else "none: it supersedes no version"
        message = f"{version_key} is not the version {referential.key} supersedes (earlier units: {known})"
        return [candidate.finding("CQP202", message, where, key=True)]
    if old.unit(unit_id) is None:
        units = ", ".join(unit.id for unit in old.units)
        return [candidate.finding("CQP202", f"{old.key} has no such unit (units: {units})", where, key=True)]
    if when > jury_date:
        return [candidate.finding("CQP207", "date of an earlier acquisition is after the jury date", where)]
    return EarlierUnit(old.version, unit_id, when)
