"""Two versions of a certification lined up the way a reader of their documents would.

:func:`compare` gives:

* **metadata** first (status and supersedes, gaps, scales, VAE rules, process, other facts), field
  by field (:func:`cqpengine.versions.words.tree_changes`);
* the **equivalences** the newer version declares for the version it supersedes, each side named
  with its own version's number and title ("Domaine 4 : …" → "Bloc 3 : …"), as the ``unit_label``
  given names a unit (the documents' wording, which this layer does not know);
* then **unit by unit in document order** (the newer version's units, then those it dropped): the
  unit's own fields, and each identified item (activity, competence, criterion, savoir-faire,
  savoir, module…) added, removed, changed or **moved** — an item whose id (or, failing that, whose
  exact text) is found in another unit or under another parent is a move, not a removal plus an
  addition. A unit found on one side only comes in full.

The comparison is data; :mod:`cqpengine.reporters.comparison` words it (text, JSON, HTML).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from cqpengine.i18n import N_
from cqpengine.model import Referential, Unit
from cqpengine.versions.words import FieldChange, identified, tree_changes

#: The name of the current state of a file compared with ``--against`` (English in the JSON output).
WORKING_COPY = N_("working copy")

#: How a unit is named (``Bloc 3 : title``): given by the caller, from the documents' wording.
UnitLabel = Callable[[Referential, Unit], str]

#: Top-level keys that are not compared (identity, provenance) or that have their own section.
_NOT_METADATA = frozenset({"id", "version", "kind", "units", "equivalences", "source", "note"})

#: Metadata groups, in the order they are shown; every other top-level key falls in ``other``.
METADATA_GROUPS: dict[str, tuple[str, ...]] = {
    "status": ("status", "supersedes", "effective_date"),
    "gaps": ("gaps",),
    "scales": ("scales", "document_scales"),
    "vae": ("vae",),
    "process": ("process",),
    "orientation": ("orientation",),
}

#: List key of identified children → the kind of item it holds.
ITEM_KINDS = {
    "activities": N_("activity"),
    "competences": N_("competence"),
    "criteria": N_("criterion"),
    "savoir_faire": N_("savoir-faire"),
    "savoirs": N_("savoir"),
    "modules": N_("module"),
    "intermediate_criteria": N_("intermediate criterion"),
    "final_criteria": N_("final criterion"),
}
#: The group of the metadata that no other group holds (named in the text output; English in the JSON).


def _own(data: Mapping[str, Any], *skip: str) -> dict[str, Any]:
    """``data`` without its id, the keys in ``skip`` and its identified children (items of their own)."""
    return {k: v for k, v in data.items() if k != "id" and k not in skip and not (k in ITEM_KINDS and identified(v))}


@dataclass(frozen=True)
class Item:
    """An identified element of a unit (activity, competence, criterion, savoir…)."""

    id: str
    kind: str
    unit: str
    parent: str
    fields: dict[str, Any]

    @property
    def text(self) -> str:
        """What the item says (its text or its title)."""
        return str(self.fields.get("text", self.fields.get("title", "")))

    @property
    def details(self) -> dict[str, Any]:
        """Its fields beyond its text or title: a criterion's indicators, a competence's questions…"""
        return {k: v for k, v in self.fields.items() if k not in ("text", "title")}


def items(unit: Unit) -> Iterator[Item]:
    """Every identified item of ``unit``, depth first in document order."""

    def walk(data: Mapping[str, Any], parent: str) -> Iterator[Item]:
        for key, value in data.items():
            if key in ITEM_KINDS and isinstance(value, list) and identified(value):
                for child in value:
                    yield Item(str(child["id"]), ITEM_KINDS[key], unit.id, parent, _own(child))
                    yield from walk(child, str(child["id"]))

    yield from walk(unit.data, unit.id)


@dataclass
class ItemChange:
    """An item added, removed, changed or moved (to another unit or parent, its id kept or not)."""

    kind: str
    old: Item | None
    new: Item | None
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def item(self) -> Item:
        item = self.new or self.old
        assert item is not None
        return item

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "item": self.item.kind, "id": self.item.id, "text": self.item.text}
        if self.kind in ("added", "removed") and self.item.details:
            data["details"] = self.item.details
        if self.kind == "moved":
            assert self.old is not None and self.new is not None
            data["from"] = {"id": self.old.id, "unit": self.old.unit, "parent": self.old.parent}
            data["to"] = {"id": self.new.id, "unit": self.new.unit, "parent": self.new.parent}
        if self.fields:
            data["fields"] = [change.to_json() for change in self.fields]
        return data


@dataclass
class UnitDiff:
    """One unit, in document order: ``added`` and ``removed`` units come in full."""

    status: str
    old: Unit | None
    new: Unit | None
    old_label: str | None
    new_label: str | None
    fields: list[FieldChange] = field(default_factory=list)
    items: list[ItemChange] = field(default_factory=list)
    #: Items that left this unit for another one (shown in full where they arrived).
    moved_out: list[ItemChange] = field(default_factory=list)
    #: Every item of a unit found on one side only (its full content).
    content: list[ContentLine] = field(default_factory=list)

    @property
    def id(self) -> str:
        unit = self.new or self.old
        assert unit is not None
        return unit.id

    @property
    def label(self) -> str:
        return str(self.new_label or self.old_label)

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.id,
            "status": self.status,
            "old_label": self.old_label,
            "new_label": self.new_label,
            "fields": [change.to_json() for change in self.fields],
            "items": [change.to_json() for change in self.items],
            "moved_out": [
                {"id": c.item.id, "item": c.item.kind, "to": c.new.unit if c.new else None} for c in self.moved_out
            ],
        }


@dataclass(frozen=True)
class UnitSide:
    """A unit of one side of an equivalence, named as that side's documents name it."""

    id: str
    label: str | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label}


@dataclass(frozen=True)
class Equivalence:
    """A declared equivalence: old units → new units, why, and its coverage when the data states it."""

    sources: tuple[UnitSide, ...]
    targets: tuple[UnitSide, ...]
    rationale: str
    coverage: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "from": [side.id for side in self.sources],
            "to": [side.id for side in self.targets],
            "from_labels": [side.label for side in self.sources],
            "to_labels": [side.label for side in self.targets],
            "coverage": self.coverage,
            "rationale": self.rationale,
        }


@dataclass(frozen=True)
class NoEquivalent:
    """An old unit that the newer version declares without equivalent."""

    unit: UnitSide
    rationale: str

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit.id, "label": self.unit.label, "rationale": self.rationale}


@dataclass
class Comparison:
    """Two versions of a certification, side by side."""

    old: Referential
    new: Referential
    metadata: dict[str, list[FieldChange]] = field(default_factory=dict)
    equivalences: list[Equivalence] = field(default_factory=list)
    no_equivalent: list[NoEquivalent] = field(default_factory=list)
    units: list[UnitDiff] = field(default_factory=list)
    #: How each side is named in the review (default: its version).
    old_name: str = ""
    new_name: str = ""

    def __post_init__(self) -> None:
        self.old_name = self.old_name or self.old.version
        self.new_name = self.new_name or self.new.version

    @property
    def added_units(self) -> list[str]:
        return [u.id for u in self.units if u.status == "added"]

    @property
    def removed_units(self) -> list[str]:
        return [u.id for u in self.units if u.status == "removed"]

    @property
    def identical(self) -> bool:
        return not any(self.metadata.values()) and not any(u.changed for u in self.units)

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.old.key,
            "to": self.new.key,
            "from_name": self.old_name,
            "to_name": self.new_name,
            "metadata": {group: [c.to_json() for c in changes] for group, changes in self.metadata.items() if changes},
            "equivalences": [e.to_json() for e in self.equivalences],
            "no_equivalent": [e.to_json() for e in self.no_equivalent],
            "added_units": self.added_units,
            "removed_units": self.removed_units,
            "units": [u.to_json() for u in self.units if u.changed],
        }


def _side(referential: Referential, unit_id: str, unit_label: UnitLabel) -> UnitSide:
    unit = referential.unit(unit_id)
    return UnitSide(unit_id, unit_label(referential, unit) if unit else None)


def _metadata(old: Referential, new: Referential) -> dict[str, list[FieldChange]]:
    keys = [k for k in old.data if k not in _NOT_METADATA]
    keys += [k for k in new.data if k not in _NOT_METADATA and k not in keys]
    grouped = {key: group for group, names in METADATA_GROUPS.items() for key in names}
    result: dict[str, list[FieldChange]] = {group: [] for group in [*METADATA_GROUPS, "other"]}
    for key in keys:
        result[grouped.get(key, "other")].extend(tree_changes(old.get(key), new.get(key), key))
    return result


def declared_equivalences(
    old: Referential, new: Referential, unit_label: UnitLabel
) -> tuple[list[Equivalence], list[NoEquivalent]]:
    """The equivalences ``new`` declares for ``old`` (none when it does not supersede ``old``)."""
    superseded = new.data.get("supersedes")
    declared = new.data.get("equivalences")
    if superseded is None or declared is None:
        return [], []
    if superseded.get("id", new.id) != old.id or superseded["version"] != old.version:
        return [], []
    mappings = [
        Equivalence(
            tuple(_side(old, unit_id, unit_label) for unit_id in mapping["from"]),
            tuple(_side(new, unit_id, unit_label) for unit_id in mapping["to"]),
            mapping["rationale"],
            mapping.get("coverage"),
        )
        for mapping in declared.get("mappings", [])
    ]
    none = [NoEquivalent(_side(old, e["unit"], unit_label), e["rationale"]) for e in declared.get("no_equivalent", [])]
    return mappings, none


def _pairs(old_items: dict[str, Item], new_items: dict[str, Item]) -> dict[str, str]:
    """Old item id → new item id: the same id, else (a renumbered item) the one new item of the same
    kind with exactly the same text."""
    pairs = {item_id: item_id for item_id in old_items if item_id in new_items}
    gone = [item for item_id, item in old_items.items() if item_id not in new_items]
    came = [item for item_id, item in new_items.items() if item_id not in old_items]
    for before in gone:
        same = [c for c in came if (c.kind, c.text) == (before.kind, before.text)]
        twins = [g for g in gone if (g.kind, g.text) == (before.kind, before.text)]
        if before.text and len(same) == 1 and len(twins) == 1:
            pairs[before.id] = same[0].id
    return pairs


def _matchitems(old_items: dict[str, Item], new_items: dict[str, Item], pairs: dict[str, str]) -> list[ItemChange]:
    """Every item added, removed, changed or moved. An item is *moved* when its parent (unit,
    activity, module) is another one; its children travel with it and are not listed again."""
    changes: list[ItemChange] = []
    for old_id, new_id in pairs.items():
        before, after = old_items[old_id], new_items[new_id]
        fields = tree_changes(before.fields, after.fields)
        if pairs.get(before.parent, before.parent) != after.parent:
            changes.append(ItemChange("moved", before, after, fields))
        elif fields or old_id != new_id:
            changes.append(ItemChange("changed", before, after, fields))
    paired_new = set(pairs.values())
    changes.extend(ItemChange("removed", item, None) for item_id, item in old_items.items() if item_id not in pairs)
    changes.extend(ItemChange("added", None, item) for item_id, item in new_items.items() if item_id not in paired_new)
    order = {item_id: index for index, item_id in enumerate([*new_items, *old_items])}
    return sorted(changes, key=lambda change: order[change.item.id])


@dataclass(frozen=True)
class ContentLine:
    """One item of a unit shown in full: ``added`` / ``removed``, ``moved`` (from or to another unit,
    with its change) or ``carried`` (it travels with a moved parent)."""

    item: Item
    status: str
    change: ItemChange | None = None


def _content(
    unit: Unit, status: str, changes: list[ItemChange], kept: set[str], *, new_side: bool
) -> list[ContentLine]:
    """Every item of a unit found on one side only, each with what became of it (``kept``: the ids
    of this side found on the other)."""
    by_id: dict[str, ItemChange] = {}
    for change in changes:
        side = change.new if new_side else change.old
        if side is not None:
            by_id[side.id] = change
    lines: list[ContentLine] = []
    for item in items(unit):
        found = by_id.get(item.id)
        if item.id not in kept:
            lines.append(ContentLine(item, status))
        elif found is not None and found.kind == "moved":
            lines.append(ContentLine(item, "moved", found))
        else:
            lines.append(ContentLine(item, "carried", found))
    return lines


def compare(old: Referential, new: Referential, unit_label: UnitLabel) -> Comparison:
    """What changed from ``old`` to ``new``, with the equivalences ``new`` declares for ``old``.

    ``unit_label`` names a unit of a referential as its documents do (``Bloc 3 : title``).
    """
    comparison = Comparison(old, new, metadata=_metadata(old, new))
    comparison.equivalences, comparison.no_equivalent = declared_equivalences(old, new, unit_label)
    old_items = {item.id: item for unit in old.units for item in items(unit)}
    new_items = {item.id: item for unit in new.units for item in items(unit)}
    pairs = _pairs(old_items, new_items)
    item_changes = _matchitems(old_items, new_items, pairs)
    sections: dict[str, UnitDiff] = {}
    for unit in new.units:
        before = old.unit(unit.id)
        section = UnitDiff(
            "changed" if before else "added",
            before,
            unit,
            unit_label(old, before) if before else None,
            unit_label(new, unit),
        )
        if before is not None:
            section.fields = tree_changes(_own(before.data, "note", "ref"), _own(unit.data, "note", "ref"))
        sections[unit.id] = section
    for unit in old.units:
        if unit.id not in sections:
            sections[unit.id] = UnitDiff("removed", unit, None, unit_label(old, unit), None)
    for change in item_changes:
        home = change.new.unit if change.new else change.old.unit if change.old else ""
        sections[home].items.append(change)
        if change.kind == "moved" and change.old and change.new and change.old.unit != change.new.unit:
            sections[change.old.unit].moved_out.append(change)
    for section in sections.values():
        whole = section.new or section.old
        if section.status in ("added", "removed") and whole is not None:
            own = _own(whole.data, "note", "ref", "number", "title")
            section.fields = [
                FieldChange(name, None, value) if section.status == "added" else FieldChange(name, value, None)
                for name, value in own.items()
            ]
        if section.status == "added" and section.new is not None:
            section.content = _content(section.new, "added", item_changes, set(pairs.values()), new_side=True)
        elif section.status == "removed" and section.old is not None:
            section.content = _content(section.old, "removed", item_changes, set(pairs), new_side=False)
        elif not (section.fields or section.items or section.moved_out):
            section.status = "unchanged"
    comparison.units = list(sections.values())
    return comparison


# --- text output ------------------------------------------------------------------------------------
