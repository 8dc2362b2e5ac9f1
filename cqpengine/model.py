"""The resolved referential: one certification version with its shared units in place.

:func:`resolve` turns a certification's :class:`ReferentialFile` into a :class:`Referential`,
following ``ref:`` entries to the unit library (or certification) that defines them. Each
:class:`Unit` remembers where it is defined and where it is used, so that findings about a
shared unit point at the line that defines it. Documents and decisions only ever see a
resolved :class:`Referential`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeAlias, cast

from cqpengine.findings import Finding
from cqpengine.i18n import _
from cqpengine.loading.workspace import ReferentialFile, Workspace
from cqpengine.positions import JsonPath, Mark
from cqpengine.suggest import did_you_mean
from cqpengine.types.referential import (
    Bloc,
    Certification,
    Competence,
    Criterion,
    DecidingBody,
    Domaine,
    Item,
    ReferentialDocument,
    Scale,
    UnitRef,
)
from cqpengine.types.referential import Unit as UnitBase

#: A unit as a certification uses it: a domaine or a bloc, its number given.
UnitData: TypeAlias = Domaine | Bloc
#: What a ``units:`` list may hold: a reference, a domaine or a bloc (or, in a library, a bare unit).
UnitEntry: TypeAlias = UnitRef | Domaine | Bloc | UnitBase


def typed(document: ReferentialFile) -> ReferentialDocument:
    """The data of a schema-valid referential file, as the schema's types."""
    return cast("ReferentialDocument", document.data)


def certification_data(document: ReferentialFile) -> Certification:
    """The data of a schema-valid certification file (not a unit library)."""
    return cast("Certification", document.data)


#: Text an editor left to be written later: "XXXX…", "TODO", "TBD", or an ellipsis alone.
_PLACEHOLDER = re.compile(r"X{4,}|\bTODO\b|\bTBD\b|^\s*(…|\.{3})\s*$", re.IGNORECASE)


#: An arrow or bullet a word processor puts before a list item, followed by spaces (CQP123).
PASTED_MARK = re.compile(r"^[→➔➜➝➞➢►▶▸▪▫■□●○◦•·‣⁃∙–—*-]+[ \t]+")


def strip_pasted_mark(text: str) -> str:
    """``text`` without an arrow or bullet pasted at its start (documents print their own)."""
    return PASTED_MARK.sub("", text, count=1)


def placeholder_in(text: str) -> str | None:
    """The placeholder ``text`` holds, if any (documents leave such text out; validate warns)."""
    match = _PLACEHOLDER.search(text)
    return match.group(0).strip() if match else None


#: Whether a referential file matches the schema, so that its data may be trusted (the checker knows).
SchemaValid = Callable[[ReferentialFile], bool]


@dataclass(frozen=True)
class Location:
    """A place in a source file: the referential file and the JSON path within it."""

    file: ReferentialFile
    path: JsonPath

    @property
    def mark(self) -> Mark:
        return self.file.mark(self.path)

    def finding(self, code: str, message: str, *, sub: JsonPath = (), **kwargs: Any) -> Finding:
        path = self.path + sub
        return Finding.at(self.file.path, self.file.mark(path), code, message, path, data=self.file.data, **kwargs)


@dataclass
class Unit:
    """A domaine or bloc as this certification uses it."""

    data: UnitData
    definition: Location
    site: Location
    ref: str | None = None

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def number(self) -> int:
        return int(self.data["number"])

    @property
    def title(self) -> str:
        return str(self.data["title"])

    @property
    def domaine(self) -> Domaine | None:
        """The unit as a domaine (2013 generation), or None for a bloc."""
        return self.data if "savoir_faire" in self.data else None

    @property
    def bloc(self) -> Bloc | None:
        """The unit as a bloc (RNCP generation), or None for a domaine."""
        return self.data if "activities" in self.data else None

    def get(self, key: str, default: Any = None) -> Any:
        """Any property by name: for templates only, as the code reads ``data`` through its types."""
        return cast("dict[str, Any]", self.data).get(key, default)


@dataclass
class Referential:
    """One version of one certification, with its units resolved."""

    file: ReferentialFile
    units: list[Unit] = field(default_factory=list)
    #: The version this one supersedes, resolved (given by the checker, in a new object, when it is valid).
    superseded: Referential | None = None

    @property
    def data(self) -> Certification:
        return certification_data(self.file)

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def version(self) -> str:
        return str(self.data["version"])

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def title(self) -> str:
        return str(self.data["title"])

    @property
    def generation(self) -> str:
        return str(self.data["generation"])

    def get(self, key: str, default: Any = None) -> Any:
        """Any property by name: for templates only, as the code reads ``data`` through its types."""
        return cast("dict[str, Any]", self.data).get(key, default)

    def unit(self, unit_id: str) -> Unit | None:
        return next((unit for unit in self.units if unit.id == unit_id), None)

    def scale_id(self, document_name: str) -> str | None:
        """The id of the scale a document uses (``orientation``, ``final_grid``…), if it names one."""
        # Documents are named at run time: the one lookup of document_scales by a name that is not a literal.
        return cast("dict[str, str]", self.data["document_scales"]).get(document_name)

    def scale(self, document_name: str) -> Scale | None:
        """The scale a document uses (``orientation``, ``final_grid``…), if defined."""
        scale_id = self.scale_id(document_name)
        return self.data["scales"].get(scale_id) if scale_id else None

    def deciding_body(self, whole: bool) -> DecidingBody | None:
        """Who decides for a candidate who targets the whole certification (``whole``) or only some of
        its units, as ``process.decided_by`` states it (None where the referential does not say)."""
        decided_by = self.data["process"].get("decided_by", {})
        return decided_by.get("whole") if whole else decided_by.get("units")

    @property
    def certifier_name(self) -> str | None:
        """The certifying body's name (``certifier.name``), if the referential gives it."""
        certifier = self.data.get("certifier")
        return certifier["name"] if certifier else None

    def documented_gap(self, what: str, unit_id: str | None = None) -> int | None:
        """Index in ``gaps`` of the declaration that ``what`` is missing (for ``unit_id``), if any."""
        for index, gap in enumerate(self.data.get("gaps", [])):
            if gap["what"] == what and (unit_id is None or gap.get("units") is None or unit_id in gap["units"]):
                return index
        return None

    def location(self, path: JsonPath) -> Location:
        return Location(self.file, path)


def parse_ref(ref: str) -> tuple[str, str]:
    """``lib#U1`` → (``lib``, ``U1``); ``cert@2021#B1`` → (``cert@2021``, ``B1``)."""
    key, _, unit_id = ref.partition("#")
    return key, unit_id


def _find_unit(document: ReferentialFile, unit_id: str) -> tuple[int, UnitEntry] | None:
    entries: list[UnitEntry] = list(typed(document)["units"])
    for index, entry in enumerate(entries):
        if "ref" in entry:
            if parse_ref(entry["ref"])[1] == unit_id:
                return index, entry
        elif entry["id"] == unit_id:
            return index, entry
    return None


def _follow(
    workspace: Workspace,
    site: Location,
    ref: str,
    generation: str,
    schema_valid: SchemaValid,
) -> tuple[UnitData, Location] | Finding:
    """Follow a chain of references to the unit that defines it, or say why not."""
    seen: list[str] = []
    while True:
        if ref in seen:
            chain = " → ".join([*seen, ref])
            return site.finding("CQP105", _("reference cycle: {chain}").format(chain=chain), sub=("ref",))
        seen.append(ref)
        key, unit_id = parse_ref(ref)
        target = workspace.get(key)
        if target is None:
            return site.finding(
                "CQP102",
                _("reference {ref!r}: no referential {key!r} in the workspace").format(ref=ref, key=key)
                + did_you_mean(key, workspace.all_keys())
                + workspace.unreadable_hint(),
                sub=("ref",),
            )
        if not schema_valid(target):
            message = _("reference {ref!r}: {file} has schema errors").format(ref=ref, file=target.path)
            return site.finding("CQP102", message, sub=("ref",))
        found = _find_unit(target, unit_id)
        if found is None:
            known = [str(entry.get("id") or parse_ref(str(entry.get("ref", "#")))[1]) for entry in target.data["units"]]
            return site.finding(
                "CQP102",
                _("reference {ref!r}: {key!r} has no unit {unit!r}").format(ref=ref, key=key, unit=unit_id)
                + did_you_mean(unit_id, known),
                sub=("ref",),
            )
        index, entry = found
        if "ref" in entry:
            ref = entry["ref"]
            continue
        target_generation = typed(target)["generation"]
        if target_generation != generation:
            return site.finding(
                "CQP116",
                _("reference {ref!r}: unit of the {other} generation used in a {generation} certification").format(
                    ref=ref, other=target_generation, generation=generation
                ),
                sub=("ref",),
            )
        # Schema-valid and of this generation, the entry is a whole domaine or bloc.
        return cast("UnitData", entry), Location(target, ("units", index))


def resolve(
    document: ReferentialFile, workspace: Workspace, schema_valid: SchemaValid
) -> tuple[Referential, list[Finding]]:
    """Resolve the units of a schema-valid certification file (``schema_valid`` tells which files are)."""
    referential = Referential(document)
    findings: list[Finding] = []
    data = certification_data(document)
    generation = data["generation"]
    for index, entry in enumerate(data["units"]):
        site = Location(document, ("units", index))
        if "ref" not in entry:
            referential.units.append(Unit(entry, site, site))
            continue
        followed = _follow(workspace, site, entry["ref"], generation, schema_valid)
        if isinstance(followed, Finding):
            findings.append(followed)
            continue
        definition_data, definition = followed
        merged = copy.deepcopy(definition_data)
        merged.pop("note", None)
        merged["number"] = entry["number"]
        if "title" in entry:
            merged["title"] = entry["title"]
        referential.units.append(Unit(merged, definition, site, ref=entry["ref"]))
    return referential, findings


@dataclass(frozen=True)
class IdentifiedItem:
    """An id-bearing element of a certification and where it is defined."""

    id: str
    kind: str
    location: Location


def iter_identified(units: Iterable[Unit]) -> Iterator[IdentifiedItem]:
    """Every unit, activity, competence, savoir, module and criterion, with its location."""
    for unit in units:
        yield IdentifiedItem(unit.id, "unit", unit.site if unit.ref is None else unit.definition)
        base = unit.definition
        domaine, bloc = unit.domaine, unit.bloc
        if domaine is not None:
            lists: tuple[tuple[str, str, list[Item]], ...] = (
                ("savoir_faire", "savoir-faire", domaine["savoir_faire"]),
                ("savoirs", "savoir", domaine["savoirs"]),
                ("intermediate_criteria", "intermediate criterion", domaine.get("intermediate_criteria", [])),
                ("final_criteria", "final criterion", domaine.get("final_criteria", [])),
            )
            for key, kind, items in lists:
                for i, item in enumerate(items):
                    yield IdentifiedItem(item["id"], kind, Location(base.file, base.path + (key, i, "id")))
            for m, module in enumerate(domaine.get("modules", [])):
                module_path = base.path + ("modules", m)
                yield IdentifiedItem(module["id"], "module", Location(base.file, module_path + ("id",)))
                for c, criterion in enumerate(module["criteria"]):
                    path = module_path + ("criteria", c, "id")
                    yield IdentifiedItem(criterion["id"], "formative criterion", Location(base.file, path))
        for a, activity in enumerate(bloc["activities"] if bloc is not None else []):
            activity_path = base.path + ("activities", a)
            yield IdentifiedItem(activity["id"], "activity", Location(base.file, activity_path + ("id",)))
            for c, competence in enumerate(activity["competences"]):
                competence_path = activity_path + ("competences", c)
                yield IdentifiedItem(competence["id"], "competence", Location(base.file, competence_path + ("id",)))
                for k, bloc_criterion in enumerate(competence.get("criteria", [])):
                    path = competence_path + ("criteria", k, "id")
                    yield IdentifiedItem(bloc_criterion["id"], "criterion", Location(base.file, path))


def competences(unit: Unit) -> list[Competence] | list[Item]:
    """The competences of a unit: its savoir-faire (domaines) or its activities' competences (blocs)."""
    if unit.bloc is not None:
        return [c for activity in unit.bloc["activities"] for c in activity["competences"]]
    return list(unit.domaine["savoir_faire"]) if unit.domaine is not None else []


def criteria(unit: Unit) -> list[Criterion | Item]:
    """Every evaluation criterion of a unit, all grids together."""
    found: list[Criterion | Item] = []
    if unit.bloc is not None:
        for activity in unit.bloc["activities"]:
            for competence in activity["competences"]:
                found.extend(competence.get("criteria", []))
    if unit.domaine is not None:
        for module in unit.domaine.get("modules", []):
            found.extend(module["criteria"])
        found.extend(unit.domaine.get("intermediate_criteria", []))
        found.extend(unit.domaine.get("final_criteria", []))
    return found
