"""A filled document → the candidate file of ``cqp decide``, and what the form does not say.

The guide d'entretien gives an intake interview (``cqp decide orientation``), the livret
d'évaluation finale a jury file (``cqp decide jury``, training route), the dossier de
recevabilité VAE a VAE request (``cqp decide vae``). The candidate data is built in today's
candidate format and then goes through the same checks and rules as a YAML candidate file.
Whatever the decision needs and the form does not hold — an empty field, a date that cannot be
read, two answers on one scale, an examiner's judgement left blank — is a finding naming the
field (and its page), never a guess and never the value written in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from cqpengine.findings import CATALOG, Finding, format_json_path
from cqpengine.forms.fields import FormField, html_fields
from cqpengine.forms.reading import FilledForm, FormError, control_character, identify, read_pdf
from cqpengine.i18n import _
from cqpengine.loading.yamlio import JsonPath
from cqpengine.model import Referential, competences
from cqpengine.printable import shortened

#: Decision kind → the document whose filled PDF it reads.
DOCUMENT_OF = {"orientation": "guide-entretien", "jury": "livret-evaluation-finale", "vae": "dossier-vae"}
KIND_OF = {document: kind for kind, document in DOCUMENT_OF.items()}

_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
#: Numbers of at most nine digits before and after the decimal mark (more is no count of years).
_NUMBER = re.compile(r"^\s*(\d{1,9}(?:[.,]\d{1,9})?)\s*(?:ans?|années?)?\s*$", re.IGNORECASE)
_PERCENT = re.compile(r"^\s*(\d{1,9}(?:[.,]\d{1,9})?)\s*%?\s*$")


@dataclass
class Extraction:
    """The candidate data read from a filled form, where each of its fields came from, findings."""

    kind: str
    path: Path
    referential: Referential
    data: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    form: FilledForm | None = None

    def page(self, name: str) -> int:
        found = self.form.fields.get(name) if self.form else None
        return found.page if found else 1

    def finding(self, code: str, name: str, message: str) -> None:
        """A finding about the field ``name`` (its page as the line), never quoting its value."""
        self.findings.append(Finding(str(self.path), self.page(name), 1, CATALOG[code].severity, code, message, name))

    def source(self, path: JsonPath, name: str) -> None:
        self.sources[format_json_path(path)] = name

    def yaml_text(self) -> str:
        """The candidate file, in today's format, for a person to check and complete."""
        document = DOCUMENT_OF[self.kind]
        head = _(
            "# Candidate file read by cqp extract from a filled {document} of {referential}.\n"
            "# Check it, complete what the findings name, then: cqp decide {kind} FILE.yaml\n"
        ).format(document=document, referential=self.referential.key, kind=self.kind)
        return head + yaml.safe_dump(self.data, sort_keys=False, allow_unicode=True, width=100)

    # --- reading values --------------------------------------------------------------------------

    def text(self, name: str, path: JsonPath | None = None, *, required: str | None = None) -> str | None:
        found = self.form.fields.get(name) if self.form else None
        value = found.value if found else None
        if found is not None and found.unreadable:
            self.finding("CQP209", name, _("field {name!r} holds no readable text: type it again").format(name=name))
            return None
        control = control_character(value) if value is not None else None
        if control is not None:
            message = _("field {name!r} holds the control character {character}: type its text again")
            self.finding("CQP209", name, message.format(name=name, character=control))
            return None
        if value is None and required:
            self.finding("CQP209", name, _("field {name!r} is empty: {required}").format(name=name, required=required))
        if value is not None and path is not None:
            self.source(path, name)
        return value

    def day(self, name: str, path: JsonPath, *, required: str | None = None) -> str | None:
        text = self.text(name, path, required=required)
        if text is None:
            return None
        parsed = parse_date(text)
        if parsed is None:
            self.finding("CQP209", name, _("field {name!r} is not a date: write it as JJ/MM/AAAA").format(name=name))
            return None
        return parsed.isoformat()

    def choice(self, name: str, path: JsonPath | None, *, required: str | None = None) -> str | None:
        found = self.form.fields.get(name) if self.form else None
        if found is not None and found.conflict:
            message = _("field {name!r} has more than one answer ticked: tick only one").format(name=name)
            self.finding("CQP210", name, message)
            return None
        return self.text(name, path, required=required)


def parse_date(text: str) -> date | None:
    """``15/03/2024``, ``15.03.2024``, ``15-03-2024`` or ``2024-03-15``; None when it is none of them."""
    iso = _ISO.match(text)
    french = _DATE.match(text)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if french:
            return date(int(french.group(3)), int(french.group(2)), int(french.group(1)))
    except ValueError:
        return None
    return None


def _number(text: str, pattern: re.Pattern[str]) -> float | int | None:
    match = pattern.match(text)
    if not match:
        return None
    value = float(match.group(1).replace(",", "."))
    return int(value) if value.is_integer() else value


# --- per document ---------------------------------------------------------------------------------


def _certification(referential: Referential) -> dict[str, str]:
    return {"id": referential.id, "version": referential.version}


def _orientation(out: Extraction) -> None:
    referential = out.referential
    data = out.data
    data["certification"] = _certification(referential)
    data["candidate"] = {"name": out.text("ge.candidat.nom", ("candidate", "name"), required=_("the candidate's name"))}
    interview_date = out.day("ge.date", ("interview_date",))
    if interview_date:
        data["interview_date"] = interview_date
    interviewer = out.text("ge.intervenant.nom", ("interviewer",))
    if interviewer:
        data["interviewer"] = interviewer
    years = out.text("ge.experience", ("experience_years",), required=_("the years of experience in the job"))
    if years is not None:
        value = _number(years, _NUMBER)
        if value is None:
            out.finding(
                "CQP209",
                "ge.experience",
                _("field {name!r} is not a number of years (e.g. 4,5)").format(name="ge.experience"),
            )
        data["experience_years"] = value
    assessment: dict[str, dict[str, str | None]] = {}
    for unit in referential.units:
        parts: dict[str, str | None] = {}
        if referential.generation == "domaines":
            names = [(key, f"ge.{unit.id}.{key}") for key in ("savoir_faire", "savoirs") if unit.get(key)]
        else:
            names = [(str(c["id"]), f"ge.{c['id']}.auto-evaluation") for c in competences(unit)]
        for part, name in names:
            parts[part] = out.choice(
                name, ("self_assessment", unit.id, part), required=_("tick the candidate's answer on the scale")
            )
        assessment[unit.id] = parts
    data["self_assessment"] = assessment


def _jury(out: Extraction) -> None:
    referential = out.referential
    data = out.data
    data["certification"] = _certification(referential)
    data["candidate"] = {"name": out.text("lf.candidat.nom", ("candidate", "name"), required=_("the candidate's name"))}
    data["jury_date"] = out.day(
        "lf.jury.date", ("jury_date",), required=_("the date of the jury (Cadre réservé au jury)")
    )
    data["route"] = "formation"
    evaluations: dict[str, list[str | None]] = {}
    earlier: dict[str, str] = {}
    for unit in referential.units:
        names = [f"lf.{unit.id}.avis.evaluateur-{n}" for n in (1, 2)]
        opinions = [out.choice(name, None) for name in names]
        if any(opinions):
            for index, (name, opinion) in enumerate(zip(names, opinions, strict=True)):
                if opinion is None and not any(f.path == name for f in out.findings):
                    out.finding(
                        "CQP209",
                        name,
                        _("field {name!r} is empty: both evaluators give their opinion on a unit evaluated").format(
                            name=name
                        ),
                    )
                else:
                    out.source(("evaluations", unit.id, index), name)
            out.source(("evaluations", unit.id), names[0])
            evaluations[unit.id] = opinions
        acquired = out.day(f"lf.jury.{unit.id}.acquis-le", ("acquired_earlier", unit.id))
        if acquired:
            earlier[unit.id] = acquired
    if evaluations:
        data["evaluations"] = evaluations
    if earlier:
        data["acquired_earlier"] = earlier


def _job_is_blank(out: Extraction, job: str) -> bool:
    form = out.form
    return form is not None and all(f.value is None for name, f in form.fields.items() if name.startswith(job + "."))


def _job(out: Extraction, job: str, where: JsonPath, vae: Any) -> dict[str, Any]:
    """One filled "Emploi n" table of the dossier as an activity of the candidate file."""
    referential = out.referential
    activity: dict[str, Any] = {"title": out.text(f"{job}.intitule", (*where, "title"), required=_("the job title"))}
    organisation = out.text(f"{job}.employeur", (*where, "organisation"))
    if organisation:
        activity["organisation"] = organisation
    description = out.text(f"{job}.activites", (*where, "description"))
    if description:
        activity["description"] = description
    if vae.get("sectors"):
        activity["sector"] = out.choice(f"{job}.secteur", (*where, "sector"), required=_("tick the sector"))
    else:
        out.finding(
            "CQP209",
            f"{job}.domaine",
            _("{referential} names no sector: give the activity's sector id").format(referential=referential.key),
        )
    activity["status"] = out.choice(f"{job}.statut", (*where, "status"), required=_("tick the status"))
    nature = out.choice(
        f"{job}.nature",
        (*where, "matches_nature"),
        required=_("the centre's judgement: does this activity match the nature of the experience required?"),
    )
    activity["matches_nature"] = None if nature is None else nature == "oui"
    activity["start"] = out.day(f"{job}.debut", (*where, "start"), required=_("the first day of the activity"))
    end = out.day(f"{job}.fin", (*where, "end"))
    if end:
        activity["end"] = end
    full_time = out.choice(f"{job}.temps-complet", (*where, "time_percent"), required=_("tick Oui or Non"))
    if full_time == "non":
        share = out.text(
            f"{job}.temps-partiel", (*where, "time_percent"), required=_("the share of full time, as a percentage")
        )
        value = _number(share, _PERCENT) if share else None
        if share and value is None:
            out.finding(
                "CQP209",
                f"{job}.temps-partiel",
                _("field {name!r} is not a percentage of full time (e.g. 50 %)").format(name=f"{job}.temps-partiel"),
            )
        activity["time_percent"] = value
    evidence: list[Any] = []
    for rule in vae.get("evidence", {}).values():
        for piece in rule["any_of"]:
            ident = str(piece["id"])
            if out.form is None or out.form.value(f"{job}.piece.{ident}") is None:
                continue
            index = len(evidence)
            out.source((*where, "evidence", index), f"{job}.piece.{ident}")
            if piece.get("signatures"):
                count = out.text(f"{job}.signatures.{ident}", None)
                signatures = _number(count, _PERCENT) if count else None
                if isinstance(signatures, int):
                    evidence.append({"id": ident, "signatures": signatures})
                    continue
                if count:
                    out.finding(
                        "CQP209",
                        f"{job}.signatures.{ident}",
                        _("field {name!r} is not a number").format(name=f"{job}.signatures.{ident}"),
                    )
            evidence.append(ident)
    if evidence:
        activity["evidence"] = evidence
    return activity


def _vae(out: Extraction) -> None:
    referential = out.referential
    vae = referential.data.get("vae", {})
    data = out.data
    data["certification"] = _certification(referential)
    name = out.text("vae.candidat.nom", ("candidate", "name"), required=_("the candidate's name"))
    first = out.text("vae.candidat.prenom", None)
    data["candidate"] = {"name": f"{first} {name}" if first and name else name}
    data["request_date"] = out.day("vae.demande.date", ("request_date",), required=_("the date of the request"))
    activities: list[dict[str, Any]] = []
    number = 0
    while out.form is not None and f"vae.emploi-{number + 1}.intitule" in out.form.fields:
        number += 1
        job = f"vae.emploi-{number}"
        if _job_is_blank(out, job):
            continue
        where: JsonPath = ("activities", len(activities))
        activity = _job(out, job, where, vae)
        activities.append(activity)
    if not activities:
        out.finding("CQP209", "vae.emploi-1.intitule", _("no job filled in: describe at least one (Emploi 1)"))
    data["activities"] = activities


_READERS = {"orientation": _orientation, "jury": _jury, "vae": _vae}


def _prune(value: Any) -> Any:
    """The data without the values left empty (None), which the findings name instead."""
    if isinstance(value, dict):
        return {key: _prune(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_prune(item) for item in value if item is not None]
    return value


def _expected_widgets(expected: FormField) -> int:
    """How many boxes a printed field shows: one per answer of a choice, else one."""
    return len(expected.values) if expected.kind == "choice" else 1


def check_fields(path: Path, form: FilledForm, expected: Sequence[FormField], what: str) -> None:
    """A FormError unless ``form`` has exactly the fields cqpengine prints for this document.

    Exactly: the same names, each once (the reader refuses a name met twice), of the same kind and
    answers, each shown by as many visible boxes as printed — no hidden field may decide.
    """
    printed = {f.name: f for f in expected}
    missing = [name for name in printed if name not in form.fields]
    unknown = [name for name in form.fields if name not in printed]
    changed = [
        name
        for name, f in printed.items()
        if name in form.fields
        and (form.fields[name].kind != f.kind or (f.kind == "choice" and form.fields[name].values != f.values))
    ]
    boxes = [
        name
        for name, f in printed.items()
        if name in form.fields and name not in changed and form.fields[name].widgets != _expected_widgets(f)
    ]
    if missing or unknown or changed or boxes:
        kinds = (
            (missing, _("{count} missing (e.g. {example})")),
            (unknown, _("{count} unknown (e.g. {example})")),
            (changed, _("{count} changed (e.g. {example})")),
            (boxes, _("{count} not shown as printed (e.g. {example})")),
        )
        parts = [text.format(count=len(items), example=shortened(items[0])) for items, text in kinds if items]
        raise FormError(
            _(
                "{path}: its form fields are not those of the {what} this cqpengine prints ({parts}): "
                "the document was altered or printed from another edition of the referential; print it again"
            ).format(path=path, what=what, parts=", ".join(parts))
        )


def _printed(path: Path, expected_fields: Any, referential: Referential, document: str) -> list[FormField]:
    """The fields cqpengine prints for ``document``; a FormError when this edition prints none."""
    from cqpengine.documents.rendering import DocumentUnavailableError  # noqa: PLC0415

    try:
        fields: list[FormField] = expected_fields(referential, document)
    except DocumentUnavailableError as reason:
        raise FormError(
            _(
                "{path}: says it is a {document} of {key}, which this edition of {key} cannot print ({reason}): "
                "it was printed from another edition; print it again from this one"
            ).format(path=path, document=document, key=referential.key, reason=reason)
        ) from None
    return fields


def extract(kind: str | None, path: Path, referentials: Sequence[Referential], expected_fields: Any) -> Extraction:
    """Read the filled PDF ``path`` as the document of decision ``kind`` (any of the three if None).

    ``expected_fields(referential, document)`` gives the fields cqpengine prints for a document.
    Raises :class:`FormError` for a PDF that is not a form cqpengine printed, or was altered.
    """
    form = read_pdf(path)
    ident, version, document = identify(path, form)
    found_kind = KIND_OF.get(document)
    if found_kind is None:
        raise FormError(
            _("{path}: a {document} holds nothing a decision reads (decisions read: {kinds})").format(
                path=path, document=shortened(document), kinds=", ".join(KIND_OF)
            )
        )
    if kind is not None and found_kind != kind:
        raise FormError(
            _("{path}: this is a {document}; cqp decide {kind} reads a {expected} (try cqp decide {found})").format(
                path=path, document=document, kind=kind, expected=DOCUMENT_OF[kind], found=found_kind
            )
        )
    matching = [r for r in referentials if r.id == ident and r.version == version]
    if not matching:
        versions = ", ".join(sorted(r.version for r in referentials if r.id == ident)) or _("none")
        raise FormError(
            _(
                "{path}: printed for {ident}@{version}, which the referentials do not have "
                "(versions of {ident}: {versions})"
            ).format(path=path, ident=shortened(ident), version=shortened(version), versions=versions)
        )
    referential = matching[0]
    check_fields(
        path,
        form,
        _printed(path, expected_fields, referential, document),
        _("{document} of {referential}").format(document=document, referential=referential.key),
    )
    out = Extraction(found_kind, path, referential, form=form)
    _READERS[found_kind](out)
    out.data = _prune(out.data)
    return out


def remap(findings: Sequence[Finding], extraction: Extraction) -> list[Finding]:
    """Findings about the candidate data, placed at the form field each value came from."""
    out: list[Finding] = []
    for finding in findings:
        name = None
        path = finding.path or ""
        while path and name is None:
            name = extraction.sources.get(path)
            path = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", path) if path != "$" else ""
        if name is None:
            out.append(
                Finding(str(extraction.path), 1, 1, finding.severity, finding.code, finding.message, finding.path)
            )
        else:
            out.append(
                Finding(
                    str(extraction.path),
                    extraction.page(name),
                    1,
                    finding.severity,
                    finding.code,
                    finding.message,
                    name,
                )
            )
    return out


def printed_form_fields(renderer: Any) -> Any:
    """``expected_fields`` for :func:`extract`: the fields of the HTML ``renderer`` prints."""

    def fields(referential: Referential, document: str) -> list[FormField]:
        return html_fields(renderer.html(referential, document))

    return fields
