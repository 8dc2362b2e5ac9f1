"""The resolved referential: one certification version with its shared units in place.

:func:`resolve` turns a certification's :class:`SourceDocument` into a :class:`Referential`,
following ``ref:`` entries to the unit library (or certification) that defines them. Each
:class:`Unit` remembers where it is defined and where it is used, so that findings about a
shared unit point at the line that defines it. Documents and decisions only ever see a
resolved :class:`Referential`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cqpengine.findings import Finding
from cqpengine.loading.workspace import SourceDocument, Workspace
from cqpengine.loading.yamlio import JsonPath, Mark

#: Text an editor left to be written later: "XXXX…", "TODO", "TBD", or an ellipsis alone.
_PLACEHOLDER = re.compile(r"X{4,}|\bTODO\b|\bTBD\b|^\s*(…|\.{3})\s*$", re.IGNORECASE)


def placeholder_in(text: str) -> str | None:
    """The placeholder ``text`` holds, if any (documents leave such text out; validate warns)."""
    match = _PLACEHOLDER.search(text)
    return match.group(0).strip() if match else None


@dataclass(frozen=True)
class Location:
    """A place in a source file: the document and the JSON path within it."""

    document: SourceDocument
    path: JsonPath

    @property
    def mark(self) -> Mark:
        return self.document.mark(self.path)

    def finding(self, code: str, message: str, *, sub: JsonPath = (), **kwargs: Any) -> Finding:
        path = self.path + sub
        return Finding.at(self.document.path, self.document.mark(path), code, message, path, **kwargs)


@dataclass
class Unit:
    """A domaine or bloc as this certification uses it."""

    data: dict[str, Any]
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

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@dataclass
class Referential:
    """One version of one certification, with its units resolved."""

    document: SourceDocument
    units: list[Unit] = field(default_factory=list)
    #: The version this one supersedes, resolved (set by the checker when it is valid).
    superseded: Referential | None = None

    @property
    def data(self) -> dict[str, Any]:
        return self.document.data

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

    @property
    def unit_label(self) -> str:
        """``Domaine`` or ``Bloc de compétences``, as ``templates/labels.yaml`` words it."""
        from cqpengine.documents.labels import labels  # noqa: PLC0415 - cqpengine.documents imports this module

        return str(labels()["unit"][self.generation])

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def unit(self, unit_id: str) -> Unit | None:
        return next((unit for unit in self.units if unit.id == unit_id), None)

    def scale(self, document_name: str) -> dict[str, Any] | None:
        """The scale a document uses (``orientation``, ``final_grid``…), if defined."""
        scale_id = self.data.get("document_scales", {}).get(document_name)
        scale: dict[str, Any] | None = self.data.get("scales", {}).get(scale_id) if scale_id else None
        return scale

    def documented_gap(self, what: str, unit_id: str | None = None) -> int | None:
        """Index in ``gaps`` of the declaration that ``what`` is missing (for ``unit_id``), if any."""
        for index, gap in enumerate(self.data.get("gaps", [])):
            if gap["what"] == what and (unit_id is None or "units" not in gap or unit_id in gap["units"]):
                return index
        return None

    def location(self, path: JsonPath) -> Location:
        return Location(self.document, path)


def parse_ref(ref: str) -> tuple[str, str]:
    """``lib#U1`` → (``lib``, ``U1``); ``cert@2021#B1`` → (``cert@2021``, ``B1``)."""
    key, _, unit_id = ref.partition("#")
    return key, unit_id


def _find_unit(document: SourceDocument, unit_id: str) -> tuple[int, dict[str, Any]] | None:
    for index, entry in enumerate(document.data.get("units", [])):
        if isinstance(entry, dict) and entry.get("id") == unit_id and "ref" not in entry:
            return index, entry
        if isinstance(entry, dict) and "ref" in entry and parse_ref(str(entry["ref"]))[1] == unit_id:
            return index, entry
    return None


def _follow(
    workspace: Workspace,
    site: Location,
    ref: str,
    generation: str,
) -> tuple[dict[str, Any], Location] | Finding:
    """Follow a chain of references to the unit that defines it, or say why not."""
    seen: list[str] = []
    while True:
        if ref in seen:
            chain = " → ".join([*seen, ref])
            return site.finding("CQP105", f"reference cycle: {chain}", sub=("ref",))
        seen.append(ref)
        key, unit_id = parse_ref(ref)
        target = workspace.get(key)
        if target is None:
            return site.finding(
                "CQP102",
                f"reference {ref!r}: no referential {key!r} in the workspace{workspace.unreadable_hint()}",
                sub=("ref",),
            )
        if not target.schema_ok:
            return site.finding("CQP102", f"reference {ref!r}: {target.path} has schema errors", sub=("ref",))
        found = _find_unit(target, unit_id)
        if found is None:
            return site.finding("CQP102", f"reference {ref!r}: {key!r} has no unit {unit_id!r}", sub=("ref",))
        index, entry = found
        if "ref" in entry:
            ref = str(entry["ref"])
            continue
        target_generation = target.data.get("generation")
        if target_generation != generation:
            return site.finding(
                "CQP116",
                f"reference {ref!r}: unit of the {target_generation} generation used in a {generation} certification",
                sub=("ref",),
            )
        return entry, Location(target, ("units", index))


def resolve(document: SourceDocument, workspace: Workspace) -> tuple[Referential, list[Finding]]:
    """Resolve the units of a schema-valid certification document."""
    referential = Referential(document)
    findings: list[Finding] = []
    generation = str(document.data["generation"])
    for index, entry in enumerate(document.data["units"]):
        site = Location(document, ("units", index))
        if "ref" not in entry:
            referential.units.append(Unit(entry, site, site))
            continue
        followed = _follow(workspace, site, str(entry["ref"]), generation)
        if isinstance(followed, Finding):
            findings.append(followed)
            continue
        definition_data, definition = followed
        merged = copy.deepcopy(definition_data)
        merged.pop("note", None)
        merged["number"] = entry["number"]
        if "title" in entry:
            merged["title"] = entry["title"]
        referential.units.append(Unit(merged, definition, site, ref=str(entry["ref"])))
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
        data = unit.data
        for key, kind in (
            ("savoir_faire", "savoir-faire"),
            ("savoirs", "savoir"),
            ("intermediate_criteria", "intermediate criterion"),
            ("final_criteria", "final criterion"),
        ):
            for i, item in enumerate(data.get(key, [])):
                yield IdentifiedItem(item["id"], kind, Location(base.document, base.path + (key, i, "id")))
        for m, module in enumerate(data.get("modules", [])):
            module_path = base.path + ("modules", m)
            yield IdentifiedItem(module["id"], "module", Location(base.document, module_path + ("id",)))
            for c, criterion in enumerate(module["criteria"]):
                path = module_path + ("criteria", c, "id")
                yield IdentifiedItem(criterion["id"], "formative criterion", Location(base.document, path))
        for a, activity in enumerate(data.get("activities", [])):
            activity_path = base.path + ("activities", a)
            yield IdentifiedItem(activity["id"], "activity", Location(base.document, activity_path + ("id",)))
            for c, competence in enumerate(activity["competences"]):
                competence_path = activity_path + ("competences", c)
                yield IdentifiedItem(competence["id"], "competence", Location(base.document, competence_path + ("id",)))
                for k, criterion in enumerate(competence.get("criteria", [])):
                    path = competence_path + ("criteria", k, "id")
                    yield IdentifiedItem(criterion["id"], "criterion", Location(base.document, path))


def competences(unit: Unit) -> list[dict[str, Any]]:
    """The competences of a unit: its savoir-faire (domaines) or its activities' competences (blocs)."""
    if "activities" in unit.data:
        return [c for activity in unit.data["activities"] for c in activity["competences"]]
    return list(unit.data.get("savoir_faire", []))


def criteria(unit: Unit) -> list[dict[str, Any]]:
    """Every evaluation criterion of a unit, all grids together."""
    found: list[dict[str, Any]] = []
    if "activities" in unit.data:
        for competence in competences(unit):
            found.extend(competence.get("criteria", []))
    for module in unit.data.get("modules", []):
        found.extend(module["criteria"])
    found.extend(unit.data.get("intermediate_criteria", []))
    found.extend(unit.data.get("final_criteria", []))
    return found
