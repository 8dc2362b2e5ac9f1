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

from cqpengine.checking.schema import PATTERN_WORDS, choices_words, schema_findings, schema_of
from cqpengine.decisions.carry import EarlierUnit, carry
from cqpengine.decisions.jury import JuryFile
from cqpengine.decisions.orientation import Interview, UnitAssessment, unit_parts
from cqpengine.decisions.vae import Activity, EvidencePiece, VaeRequest
from cqpengine.findings import Finding
from cqpengine.i18n import N_, _, ngettext
from cqpengine.loading.marks import Mark, YamlLoadError
from cqpengine.loading.yamlio import JsonPath, YamlDocument, load_yaml_file
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
    "vae": N_("a VAE admissibility request"),
    "orientation": N_("an intake interview"),
    "jury": N_("a jury decision"),
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
    return _("top level")


_TYPES = {
    "string": N_("text"),
    "number": N_("a number"),
    "integer": N_("a whole number"),
    "boolean": N_("true or false"),
    "array": N_("a list"),
    "object": N_("a mapping"),
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
        if missing:
            return _("missing required property {name!r}").format(name=missing[0])
        return _("missing required property")
    if schema.get("format") == "date" and keyword in ("format", "pattern"):
        return _("{field} is not a valid date (YYYY-MM-DD, between 1900 and 2099)").format(field=field)
    if keyword == "pattern":
        if isinstance(document.data, dict) and isinstance(_value_at(document.data, path), dict):
            return _("a key of {field} is not a valid identifier (letters, digits, '.', '_', '-')").format(field=field)
        title = str(schema.get("title", _("value"))).lower()
        words = PATTERN_WORDS.get(str(expected))
        if words is None:
            return _("{field} is not a valid {title}").format(field=field, title=title)
        return _("{field} is not a valid {title}: {words}").format(field=field, title=title, words=_(words))
    if keyword == "type":
        wanted = _(_TYPES[str(expected)]) if str(expected) in _TYPES else str(expected)
        if expected == "string" and isinstance(error.instance, int | float):
            return _("{field} should be {wanted}: quote it").format(field=field, wanted=wanted)
        return _("{field} should be {wanted}").format(field=field, wanted=wanted)
    if keyword == "enum":
        return _("{field} is not a possible value: write {choices}").format(
            field=field, choices=choices_words(schema, list(expected))
        )
    bounds = {
        "minimum": N_("{field} should be at least {limit}"),
        "maximum": N_("{field} should be at most {limit}"),
        "exclusiveMinimum": N_("{field} should be more than {limit}"),
        "exclusiveMaximum": N_("{field} should be less than {limit}"),
    }
    if keyword in bounds:
        return _(bounds[keyword]).format(field=field, limit=expected)
    if keyword == "minItems":
        return ngettext(
            "{field} should have at least {count} item", "{field} should have at least {count} items", expected
        ).format(field=field, count=expected)
    if keyword == "maxItems":
        return ngettext(
            "{field} should have at most {count} item", "{field} should have at most {count} items", expected
        ).format(field=field, count=expected)
    if keyword in ("minLength", "minProperties"):
        return _("{field} should not be empty").format(field=field)
    if keyword in ("oneOf", "anyOf"):
        return _("{field} has none of the accepted forms").format(field=field)
    return _("{field} does not match the schema ({keyword})").format(field=field, keyword=keyword)


def _value_at(data: Any, path: JsonPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def candidate_schema_findings(document: YamlDocument, kind: str) -> list[Finding]:
    """The schema errors of a candidate file, once each, in file order, without the values or unknown keys at fault."""
    found = set(schema_findings(document, SCHEMAS[kind], describe=_message, quote_keys=False))
    return sorted(found, key=Finding.sort_key)


def load_candidate(
    path: Path, kind: str, document: YamlDocument | None = None
) -> tuple[CandidateFile | None, list[Finding]]:
    """Load ``path`` (or take its already loaded ``document``) as a candidate file of ``kind``, schema-checked."""
    try:
        document = document or load_yaml_file(path)
    except YamlLoadError as error:
        return None, [Finding.at(path, error.mark, error.code, error.message)]
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return None, [Finding.at(path, Mark(1, 1), "CQP001", _("cannot read file: {reason}").format(reason=reason))]
    if not isinstance(document.data, dict):
        message = _("top level is not a mapping: expected a mapping describing {what}").format(
            what=_(_DESCRIPTIONS[kind])
        )
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
    hint = (
        _("; referential files that could not be read: {files}").format(files=", ".join(map(str, unreadable)))
        if unreadable
        else ""
    )
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
            "CQP201",
            _("{key} cannot be used: its referential {file} has errors (run cqp validate)").format(key=key, file=path),
            ("certification",),
        )
    versions = [r for r in referentials if r.id == ident]
    if not versions:
        known = ", ".join(sorted({r.id for r in referentials})) or _("none")
        return candidate.finding(
            "CQP201",
            _("unknown certification (certifications: {known}){hint}").format(known=known, hint=hint),
            ("certification", "id"),
        )
    listed = ", ".join(sorted(r.version for r in versions))
    if named is None:
        active = [r for r in versions if r.data["status"] == "active"]
        if len(active) == 1:
            return active[0]
        return candidate.finding(
            "CQP201",
            _("certification {id!r} has no active version: give certification.version (versions: {versions})").format(
                id=ident, versions=listed
            ),
            ("certification",),
        )
    version = named
    for referential in versions:
        if referential.version == version:
            return referential
    return candidate.finding(
        "CQP201",
        _("certification {id!r} has no such version (versions: {versions}){hint}").format(
            id=ident, versions=listed, hint=hint
        ),
        ("certification", "version"),
    )


def _lacks(candidate: CandidateFile, referential: Referential, what: str) -> Finding:
    return candidate.finding(
        "CQP205",
        _("{key} has no {what}: this decision cannot be made from it").format(key=referential.key, what=_(what)),
        ("certification",),
    )


def _earlier_after_jury() -> str:
    return _("date of an earlier acquisition is after the jury date: correct it")


def _date(value: Any) -> date:
    return date.fromisoformat(str(value))


def _unknown_unit(candidate: CandidateFile, referential: Referential, path: JsonPath) -> Finding:
    units = ", ".join(unit.id for unit in referential.units)
    return candidate.finding(
        "CQP202", _("{key} has no such unit (units: {units})").format(key=referential.key, units=units), path, key=True
    )


def _not_on_scale(candidate: CandidateFile, referential: Referential, document: str, path: JsonPath) -> Finding:
    scale_id = referential.scale_id(document)
    scale = referential.scale(document) or {"values": []}
    allowed = ", ".join(str(v["id"]) for v in scale["values"])
    return candidate.finding(
        "CQP204",
        _("value is not on the {document} scale {scale!r} of {key} ({allowed})").format(
            document=document, scale=scale_id, key=referential.key, allowed=allowed
        ),
        path,
    )


# --- per decision ---------------------------------------------------------------------------------


def read_vae(candidate: CandidateFile, referential: Referential) -> tuple[VaeRequest | None, list[Finding]]:
    """The VAE request of a schema-valid file, or the findings that prevent the decision."""
    vae = referential.data.get("vae")
    if vae is None:
        return None, [_lacks(candidate, referential, N_("VAE admissibility rules (vae)"))]
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
                candidate.finding("CQP203", _("period ends before it starts ('end' before 'start')"), (*where, "end"))
            )
        if start > request_date:
            findings.append(candidate.finding("CQP207", _("'start' is after the request date"), (*where, "start")))
        kind = str(item.get("kind", "activite"))
        if kind != "activite" and vae.get("excluded_periods") is None:
            findings.append(
                candidate.finding(
                    "CQP205",
                    _(
                        "{key} does not say whether such a period counts (no vae.excluded_periods): "
                        "a training period or an internship cannot be judged from it"
                    ).format(key=referential.key),
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
                        _("evidence piece not defined by {key} ({defined})").format(
                            key=referential.key, defined=", ".join(sorted(defined))
                        ),
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
        lacking.append(_lacks(candidate, referential, N_("orientation scale (document_scales.orientation)")))
    if referential.data.get("vae") is None:
        lacking.append(_lacks(candidate, referential, N_("VAE minimum experience (vae.min_years)")))
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
                        _("unit {unit!r} has no such part (parts: {parts})").format(
                            unit=unit_id, parts=", ".join(parts)
                        ),
                        (*where, part),
                        key=True,
                    )
                )
            elif value not in values:
                findings.append(_not_on_scale(candidate, referential, "orientation", (*where, part)))
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
    left_units = [unit.id for unit in referential.units if unit.id not in given]
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
        lacking.append(_lacks(candidate, referential, N_("evaluators' opinion scale (document_scales.final_opinion)")))
    if referential.data["process"].get("partial_validity_years") is None:
        lacking.append(
            _lacks(candidate, referential, N_("validity of partially acquired units (process.partial_validity_years)"))
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
            findings.append(candidate.finding("CQP207", _earlier_after_jury(), where))
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
        return [candidate.finding("CQP207", _earlier_after_jury(), where)]
    return EarlierUnit(old.version, unit_id, when)
