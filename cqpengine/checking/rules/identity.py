"""Rules on identities across files: duplicate ids, the versions a certification supersedes, equivalences."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from cqpengine.checking.rules import RuleContext, rule
from cqpengine.findings import Finding
from cqpengine.i18n import _
from cqpengine.loading.workspace import ReferentialFile
from cqpengine.model import (
    Location,
    Unit,
    certification_data,
    iter_identified,
    typed,
)
from cqpengine.places import kind_words
from cqpengine.positions import JsonPath
from cqpengine.suggest import did_you_mean
from cqpengine.types.referential import Certification


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
