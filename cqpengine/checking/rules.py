"""Consistency rules: what the JSON Schema cannot say about a referential.

Each rule is a function registered with :func:`rule` under a code of
:data:`cqpengine.findings.CATALOG`. Rules receive a :class:`RuleContext` (the schema-valid
document, its resolved :class:`~cqpengine.model.Referential` for certifications, and the
workspace) and yield findings. Rules whose subject a certification documents as a known gap
(``gaps:``) report a warning that quotes the reason instead of an error.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cqpengine.checking.writing import strings
from cqpengine.findings import Finding, Severity
from cqpengine.i18n import _
from cqpengine.loading.workspace import ReferentialFile, Workspace
from cqpengine.model import (
    Location,
    Referential,
    SchemaValid,
    Unit,
    certification_data,
    competences,
    criteria,
    iter_identified,
    placeholder_in,
    typed,
)
from cqpengine.places import kind_words
from cqpengine.positions import JsonPath
from cqpengine.suggest import did_you_mean
from cqpengine.types.referential import Certification


@dataclass
class RuleContext:
    """What a rule may look at."""

    file: ReferentialFile
    referential: Referential | None
    workspace: Workspace
    #: Which files of the workspace match the schema (their data may be read).
    schema_valid: SchemaValid

    def valid(self, key: str) -> ReferentialFile | None:
        """The file with this key when it matches the schema."""
        return self.workspace.valid(key, self.schema_valid)

    def location(self, path: JsonPath) -> Location:
        return Location(self.file, path)


RuleFunction = Callable[[RuleContext], Iterator[Finding]]
#: Consistency rules, by code, in the order they run.
RULES: dict[str, RuleFunction] = {}


def rule(code: str) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        RULES[code] = function
        return function

    return register


def run_rules(context: RuleContext) -> list[Finding]:
    findings: list[Finding] = []
    for function in RULES.values():
        findings.extend(function(context))
    return findings


def _gap_or_error(
    referential: Referential, what: str, site: Location, code: str, message: str, unit_id: str | None = None
) -> Finding:
    """An error at ``site``, or a warning when the certification documents the gap in ``gaps:``."""
    index = referential.documented_gap(what, unit_id)
    if index is None:
        return site.finding(code, message)
    line = referential.location(("gaps", index)).mark.line
    message = _("{message} (documented gap, line {line})").format(message=message, line=line)
    reason = referential.data["gaps"][index]["reason"]
    return site.finding(code, message, severity=Severity.WARNING, gap=reason)


@rule("CQP101")
def duplicate_ids(context: RuleContext) -> Iterator[Finding]:
    referential = context.referential
    if referential is None:
        return
    distinct: dict[tuple[int, JsonPath], Unit] = {}
    for unit in referential.units:
        definition = (id(unit.definition.file), unit.definition.path)
        if definition in distinct:
            yield unit.site.finding(
                "CQP101",
                _("unit {unit!r} is used twice (also as unit number {number})").format(
                    unit=unit.id, number=distinct[definition].number
                ),
            )
        else:
            distinct[definition] = unit
    first: dict[str, Location] = {}
    for item in iter_identified(distinct.values()):
        if item.id in first:
            where = first[item.id]
            elsewhere = "" if item.location.file is context.file else _(" (in {key})").format(key=referential.key)
            yield item.location.finding(
                "CQP101",
                _("duplicate id {id!r} ({kind}){elsewhere}: already used at {file}:{line}").format(
                    id=item.id,
                    kind=kind_words(item.kind),
                    elsewhere=elsewhere,
                    file=where.file.path,
                    line=where.mark.line,
                ),
            )
        else:
            first[item.id] = item.location
    for name, scale in referential.data["scales"].items():
        seen: set[str] = set()
        for index, value in enumerate(scale["values"]):
            if value["id"] in seen:
                path = ("scales", name, "values", index, "id")
                yield context.location(path).finding(
                    "CQP101", _("duplicate value id {id!r} in scale {scale!r}").format(id=value["id"], scale=name)
                )
            seen.add(value["id"])


def _supersedes_chain(context: RuleContext) -> tuple[list[str], bool]:
    """Keys of the versions this one supersedes, transitively, and whether the chain loops."""
    chain = [str(context.file.key)]
    data: Certification | None = certification_data(context.file)
    while data is not None and data.get("supersedes") is not None:
        key = _superseded_key(data)
        if key in chain:
            return [*chain, key], True
        chain.append(key)
        target = context.valid(key)  # an invalid version ends the walk: its data is untrusted
        data = certification_data(target) if target is not None else None
    return chain, False


@rule("CQP103")
def dangling_supersedes(context: RuleContext) -> Iterator[Finding]:
    if context.referential is None or context.referential.data.get("supersedes") is None:
        return
    chain, loops = _supersedes_chain(context)
    where = context.location(("supersedes",))
    if loops:
        yield where.finding("CQP105", _("supersedes cycle: {chain}").format(chain=" → ".join(chain)))
        return
    last = context.workspace.get(chain[-1])
    if last is None:
        hint = context.workspace.unreadable_hint()
        yield where.finding(
            "CQP103",
            _("supersedes {key}, which is not in the workspace").format(key=chain[-1])
            + did_you_mean(chain[-1], [k for k in context.workspace.all_keys() if k != context.file.key])
            + hint
            if len(chain) == 2
            else _("supersedes chain {chain} ends at a missing version").format(chain=" → ".join(chain)) + hint,
        )
    elif not context.schema_valid(last):
        yield where.finding(
            "CQP103", _("supersedes {key}, whose file {file} has schema errors").format(key=chain[-1], file=last.path)
        )


def _superseded_key(data: Certification) -> str:
    superseded = data["supersedes"]
    return f"{superseded.get('id', data['id'])}@{superseded['version']}"


@rule("CQP120")
def supersedes_later_version(context: RuleContext) -> Iterator[Finding]:
    if context.referential is None:
        return
    data = context.referential.data
    if data.get("supersedes") is None or data.get("effective_date") is None:
        return
    target = context.valid(_superseded_key(data))
    theirs_data = certification_data(target) if target is not None else None
    if theirs_data is None or theirs_data.get("effective_date") is None:
        return
    mine, theirs = data["effective_date"], theirs_data["effective_date"]
    width = min(len(mine), len(theirs))
    if mine[:width] < theirs[:width]:
        yield context.location(("effective_date",)).finding(
            "CQP120",
            _("takes effect on {date}, before the version it supersedes ({other})").format(date=mine, other=theirs),
        )


@rule("CQP104")
def dangling_equivalences(context: RuleContext) -> Iterator[Finding]:
    referential = context.referential
    if referential is None or referential.data.get("equivalences") is None:
        return
    equivalences = referential.data["equivalences"]
    if referential.data.get("supersedes") is None:
        yield context.location(("equivalences",)).finding(
            "CQP104", _("equivalences given, but this version supersedes no other (add 'supersedes')")
        )
        return
    old_document = context.valid(_superseded_key(referential.data))
    old_units = _unit_ids(old_document) if old_document is not None else None
    # Units whose reference did not resolve (already an error) still count as this version's units,
    # and an id close to one of theirs is a knock-on of that error (a typo in the ``ref:``), not reported.
    resolved = {unit.id for unit in referential.units}
    unresolved = _unit_ids(context.file) - resolved
    new_units = resolved | unresolved
    for m, mapping in enumerate(equivalences.get("mappings", [])):
        for i, unit_id in enumerate(mapping["from"]):
            if old_units is not None and unit_id not in old_units:
                yield context.location(("equivalences", "mappings", m, "from", i)).finding(
                    "CQP104",
                    _("the superseded version has no unit {unit!r}").format(unit=unit_id)
                    + did_you_mean(unit_id, old_units),
                )
        for i, unit_id in enumerate(mapping["to"]):
            if unit_id not in new_units and not difflib.get_close_matches(unit_id, unresolved, n=1):
                yield context.location(("equivalences", "mappings", m, "to", i)).finding(
                    "CQP104",
                    _("this version has no unit {unit!r}").format(unit=unit_id) + did_you_mean(unit_id, new_units),
                )
    for n, entry in enumerate(equivalences.get("no_equivalent", [])):
        if old_units is not None and entry["unit"] not in old_units:
            yield context.location(("equivalences", "no_equivalent", n, "unit")).finding(
                "CQP104",
                _("the superseded version has no unit {unit!r}").format(unit=entry["unit"])
                + did_you_mean(entry["unit"], old_units),
            )


def _unit_ids(document: ReferentialFile) -> set[str]:
    ids = set()
    for entry in typed(document)["units"]:
        ids.add(entry["ref"].partition("#")[2] if "ref" in entry else entry["id"])
    return ids


@rule("CQP114")
def equivalence_coverage(context: RuleContext) -> Iterator[Finding]:
    if context.referential is None:
        return
    data = context.referential.data
    if data.get("supersedes") is None or _supersedes_chain(context)[1]:
        return
    old_document = context.valid(_superseded_key(data))
    if old_document is None:
        return
    equivalences = data.get("equivalences", {})
    covered = {unit_id for mapping in equivalences.get("mappings", []) for unit_id in mapping["from"]}
    covered |= {entry["unit"] for entry in equivalences.get("no_equivalent", [])}
    missing = sorted(_unit_ids(old_document) - covered)
    if missing:
        where = ("equivalences",) if data.get("equivalences") is not None else ("supersedes",)
        yield context.location(where).finding(
            "CQP114",
            _(
                "units of {key} without equivalence: {units} "
                "(map them in 'equivalences.mappings' or list them in 'equivalences.no_equivalent')"
            ).format(key=old_document.key, units=", ".join(missing)),
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
            yield _gap_or_error(referential, "criteria", unit.site, "CQP107", message, unit.id)


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
            yield _gap_or_error(referential, "modality", unit.site, "CQP109", message, unit.id)


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
    yield _gap_or_error(referential, "decided_by", context.location(("process",)), "CQP121", message)


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


@rule("CQP110")
def vae_years(context: RuleContext) -> Iterator[Finding]:
    vae = context.referential.data.get("vae") if context.referential is not None else None
    if not vae or vae.get("window_years") is None:
        return
    if vae["min_years"] > vae["window_years"]:
        yield context.location(("vae", "min_years")).finding(
            "CQP110",
            _("minimum of {years} years cannot fit in a window of {window} years").format(
                years=vae["min_years"], window=vae["window_years"]
            ),
        )


@rule("CQP111")
def undefined_scales(context: RuleContext) -> Iterator[Finding]:
    if context.referential is None:
        return
    data = context.referential.data
    scales = data["scales"]
    for document_name, scale_id in data["document_scales"].items():
        if scale_id not in scales:
            hint = did_you_mean(str(scale_id), scales) if scales else _(" (no scale is defined under 'scales')")
            yield context.location(("document_scales", document_name)).finding(
                "CQP111",
                _("{document} uses scale {scale!r}, which is not defined").format(
                    document=document_name, scale=scale_id
                )
                + hint,
            )


@rule("CQP118")
def unusable_scales(context: RuleContext) -> Iterator[Finding]:
    if context.referential is None:
        return
    data = context.referential.data
    scales = data["scales"]
    document_scales = data["document_scales"]
    used = (
        ("orientation", document_scales.get("orientation")),
        ("final_opinion", document_scales.get("final_opinion")),
        ("final_grid", document_scales.get("final_grid")),
        ("jury", document_scales.get("jury")),
    )
    for document_name, scale_id in used:
        if scale_id is None or scale_id not in scales:
            continue
        meanings = {value["meaning"] for value in scales[scale_id]["values"]}
        if "acquired" not in meanings or meanings == {"acquired"}:
            yield context.location(("document_scales", document_name)).finding(
                "CQP118",
                _("{document} scale {scale!r} needs a value meaning 'acquired' and one that does not").format(
                    document=document_name, scale=scale_id
                ),
            )


@rule("CQP115")
def inverted_ranges(context: RuleContext) -> Iterator[Finding]:
    if context.referential is None:
        return
    hours = context.referential.data["process"].get("training_hours")
    if hours and hours["min"] > hours["max"]:
        yield context.location(("process", "training_hours")).finding(
            "CQP115",
            _("training hours from {min} to {max}: minimum above maximum").format(min=hours["min"], max=hours["max"]),
        )
    for unit in context.referential.units:
        situations = unit.bloc.get("modality", {}).get("situations") if unit.bloc is not None else None
        if not situations:
            continue
        if situations["min"] > situations["max"]:
            yield unit.definition.finding(
                "CQP115",
                _("situations from {min} to {max}: minimum above maximum").format(
                    min=situations["min"], max=situations["max"]
                ),
                sub=("modality", "situations"),
            )
        if situations.get("simulated_difficult", 0) > situations["max"]:
            yield unit.definition.finding(
                "CQP115",
                _("more simulated difficult situations than situations in all"),
                sub=("modality", "situations", "simulated_difficult"),
            )


@rule("CQP119")
def dangling_gaps(context: RuleContext) -> Iterator[Finding]:
    if context.referential is None:
        return
    unit_ids = {unit.id for unit in context.referential.units}
    for g, gap in enumerate(context.referential.data.get("gaps", [])):
        for u, unit_id in enumerate(gap.get("units", [])):
            if unit_id not in unit_ids:
                yield context.location(("gaps", g, "units", u)).finding(
                    "CQP119",
                    _("documented gap names unit {unit!r}, which this certification does not have").format(unit=unit_id)
                    + did_you_mean(unit_id, unit_ids),
                )


@rule("CQP117")
def several_active_versions(context: RuleContext) -> Iterator[Finding]:
    if context.referential is None or context.referential.data["status"] != "active":
        return
    data = context.referential.data
    # Other versions may have schema errors: their status and version are read with care.
    others = [
        doc
        for doc in context.workspace.versions_of(data["id"])
        if doc is not context.file and certification_data(doc).get("status") == "active"
    ]
    if others:
        listed = ", ".join(f"{certification_data(doc).get('version')} ({doc.path})" for doc in others)
        yield context.location(("status",)).finding(
            "CQP117",
            _(
                "other active versions of {id}: {versions}; only one version is in force: write "
                "'status: superseded' in the older one"
            ).format(id=data["id"], versions=listed),
        )


@rule("CQP113")
def duplicate_documents(context: RuleContext) -> Iterator[Finding]:
    key = context.file.key
    if key is None:
        return
    same = context.workspace.all_with_key(key)
    if len(same) > 1 and same[0] is not context.file:
        yield context.location(("id",)).finding(
            "CQP113", _("{key} is already defined in {file}").format(key=key, file=same[0].path)
        )


@rule("CQP112")
def placeholders(context: RuleContext) -> Iterator[Finding]:
    for path, text in strings(context.file.data):
        if path and path[-1] in ("note", "reason", "rationale"):
            continue
        placeholder = placeholder_in(text)
        if placeholder:
            shown = placeholder if len(placeholder) <= 20 else placeholder[:20] + "…"
            yield context.location(path).finding(
                "CQP112",
                _("placeholder text {text!r} left in content").format(text=shown),
                gap=_placeholder_gap(context, path),
            )


def _placeholder_gap(context: RuleContext, path: JsonPath) -> str | None:
    """The reason the certification gives for the placeholders of the unit at ``path`` (``gaps:``), if any."""
    referential = context.referential
    if referential is None or referential.file is not context.file or len(path) < 2 or path[0] != "units":
        return None
    units = context.file.data.get("units")
    unit = units[path[1]] if isinstance(units, list) and isinstance(path[1], int) and path[1] < len(units) else None
    unit_id = unit.get("id") if isinstance(unit, dict) else None
    index = referential.documented_gap("placeholder", unit_id) if isinstance(unit_id, str) else None
    return None if index is None else referential.data["gaps"][index]["reason"]
