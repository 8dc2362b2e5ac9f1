"""Following the versions of a certification: a review of what changed between two versions.

:func:`compare` lines both versions up the way a reader of their documents would:

* **metadata** first (status and supersedes, gaps, scales, VAE rules, process, other facts), field
  by field, ids replacing list positions so that a reordered list is not a change;
* the **equivalences** the newer version declares for the version it supersedes, each side named
  with its own version's number and title ("Domaine 4 : …" → "Bloc 3 : …");
* then **unit by unit in document order** (the newer version's units, then those it dropped): the
  unit's own fields, and each identified item (activity, competence, criterion, savoir-faire,
  savoir, module…) added, removed, changed or **moved** — an item whose id (or, failing that, whose
  exact text) is found in another unit or under another parent is a move, not a removal plus an
  addition. A unit found on one side only comes in full.

Texts are compared word by word (:func:`word_diff`, with :mod:`difflib`), lists of texts line by
line with the changed lines word by word. :func:`format_comparison` prints the same grouping as
text, the ``diff`` template as a review page.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from cqpengine.i18n import N_, _
from cqpengine.model import Referential, Unit

#: One piece of a word-level difference: ``("=", same)``, ``("-", deleted)``, ``("+", inserted)``.
Piece = tuple[str, str]

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
OTHER = N_("other")
#: A unit's status in the text output (the JSON keeps the English words).
_STATUS_WORDS = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed"), "unchanged": N_("unchanged")}

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def word_diff(old: str, new: str) -> list[Piece]:
    """``old`` → ``new`` word by word: equal, deleted and inserted runs (whitespace kept)."""
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(("=", "".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("-", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(("+", "".join(after[j1:j2])))
    return pieces


def similar(old: str, new: str) -> bool:
    """Whether two texts share enough words for a word-level difference to help (else: old, then new)."""
    matcher = difflib.SequenceMatcher(None, _TOKEN.findall(old), _TOKEN.findall(new), autojunk=False)
    return matcher.ratio() >= 0.5


def format_words(pieces: list[Piece]) -> str:
    """Pieces as text, git's word-diff style: ``[-deleted-]{+inserted+}``."""
    marks = {"=": ("", ""), "-": ("[-", "-]"), "+": ("{+", "+}")}
    return "".join(f"{marks[op][0]}{text}{marks[op][1]}" for op, text in pieces)


def _is_texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


@dataclass(frozen=True)
class LineChange:
    """One line of a list of texts: kept (``=``), removed (``-``), added (``+``) or edited (``~``)."""

    op: str
    text: str
    words: tuple[Piece, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"op": self.op, "text": self.text}
        if self.words:
            data["words"] = [list(piece) for piece in self.words]
        return data


def line_diff(old: list[str], new: list[str]) -> list[LineChange]:
    """``old`` → ``new`` line by line; a line replaced by one other is an edit, shown word by word."""
    lines: list[LineChange] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines.extend(LineChange("=", text) for text in old[i1:i2])
        elif tag == "replace" and i2 - i1 == j2 - j1 and all(map(similar, old[i1:i2], new[j1:j2])):
            for before, after in zip(old[i1:i2], new[j1:j2], strict=True):
                lines.append(LineChange("~", after, tuple(word_diff(before, after))))
        else:
            lines.extend(LineChange("-", text) for text in old[i1:i2])
            lines.extend(LineChange("+", text) for text in new[j1:j2])
    return lines


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: added (``old`` is None), removed (``new`` is None) or changed."""

    field: str
    old: Any
    new: Any

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"

    @property
    def words(self) -> list[Piece] | None:
        """The word-level difference when both sides are texts."""
        if isinstance(self.old, str) and isinstance(self.new, str) and similar(self.old, self.new):
            return word_diff(self.old, self.new)
        return None

    @property
    def lines(self) -> list[LineChange] | None:
        """The line-level difference when both sides are lists of texts."""
        if _is_texts(self.old) and _is_texts(self.new):
            return line_diff(self.old, self.new)
        return None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"field": self.field, "kind": self.kind, "old": self.old, "new": self.new}
        if self.words is not None:
            data["words"] = [list(piece) for piece in self.words]
        if self.lines is not None:
            data["lines"] = [line.to_json() for line in self.lines if line.op != "="]
        return data


def _label_key(item: Mapping[str, Any], index: int) -> str:
    """How an element of a list of mappings without id is told apart: a gap by what it is about."""
    if "what" in item:
        units = item.get("units")
        return f"{item['what']}" + (f" ({', '.join(map(str, units))})" if units else "")
    return str(index + 1)


def _identified(values: Any) -> bool:
    return isinstance(values, list) and bool(values) and all(isinstance(v, dict) and "id" in v for v in values)


def _keyed(values: list[Any]) -> dict[str, Any] | None:
    """A list of mappings as a mapping: by id, or (gaps…) by what each is about; None for other lists."""
    if _identified(values):
        return {str(v["id"]): {k: x for k, x in v.items() if k != "id"} for v in values}
    if values and all(isinstance(v, dict) for v in values):
        keyed = {_label_key(v, i): v for i, v in enumerate(values)}
        return keyed if len(keyed) == len(values) else {str(i + 1): v for i, v in enumerate(values)}
    return None


def _join(prefix: str, name: str, *, bracket: bool = False) -> str:
    if bracket:
        return f"{prefix}[{name}]"
    return f"{prefix}.{name}" if prefix else name


def tree_changes(old: Any, new: Any, prefix: str = "") -> list[FieldChange]:
    """Where ``old`` and ``new`` differ, as fields named by their path (ids replace positions).

    A part found on one side only is one change holding the whole part; texts and lists of texts
    are compared as a whole (then word by word, line by line).
    """
    if old == new:
        return []
    if old is None or new is None:
        return [FieldChange(prefix, old, new)]
    if isinstance(old, dict) and isinstance(new, dict):
        names = list(old) + [name for name in new if name not in old]
        return [c for name in names for c in tree_changes(old.get(name), new.get(name), _join(prefix, str(name)))]
    if isinstance(old, list) and isinstance(new, list):
        before, after = _keyed(old), _keyed(new)
        if before is not None and after is not None:
            names = list(before) + [name for name in after if name not in before]
            return [
                c
                for name in names
                for c in tree_changes(before.get(name), after.get(name), _join(prefix, name, bracket=True))
            ]
    return [FieldChange(prefix, old, new)]


def _own(data: Mapping[str, Any], *skip: str) -> dict[str, Any]:
    """``data`` without its id, the keys in ``skip`` and its identified children (items of their own)."""
    return {k: v for k, v in data.items() if k != "id" and k not in skip and not (k in ITEM_KINDS and _identified(v))}


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


def _items(unit: Unit) -> Iterator[Item]:
    def walk(data: Mapping[str, Any], parent: str) -> Iterator[Item]:
        for key, value in data.items():
            if key in ITEM_KINDS and isinstance(value, list) and _identified(value):
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


def unit_label(referential: Referential, unit: Unit) -> str:
    """``Bloc 3 : title`` / ``Domaine 2 : title``, as the documents print it."""
    from cqpengine.documents.labels import labels  # noqa: PLC0415 - labels import the model

    return f"{labels()['unit_short'][referential.generation]} {unit.number} : {unit.title}"


def _side(referential: Referential, unit_id: str) -> UnitSide:
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


def declared_equivalences(old: Referential, new: Referential) -> tuple[list[Equivalence], list[NoEquivalent]]:
    """The equivalences ``new`` declares for ``old`` (none when it does not supersede ``old``)."""
    superseded = new.data.get("supersedes")
    declared = new.data.get("equivalences")
    if superseded is None or declared is None:
        return [], []
    if superseded.get("id", new.id) != old.id or superseded["version"] != old.version:
        return [], []
    mappings = [
        Equivalence(
            tuple(_side(old, unit_id) for unit_id in mapping["from"]),
            tuple(_side(new, unit_id) for unit_id in mapping["to"]),
            mapping["rationale"],
            mapping.get("coverage"),
        )
        for mapping in declared.get("mappings", [])
    ]
    none = [NoEquivalent(_side(old, e["unit"]), e["rationale"]) for e in declared.get("no_equivalent", [])]
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


def _match_items(old_items: dict[str, Item], new_items: dict[str, Item], pairs: dict[str, str]) -> list[ItemChange]:
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
    for item in _items(unit):
        found = by_id.get(item.id)
        if item.id not in kept:
            lines.append(ContentLine(item, status))
        elif found is not None and found.kind == "moved":
            lines.append(ContentLine(item, "moved", found))
        else:
            lines.append(ContentLine(item, "carried", found))
    return lines


def compare(old: Referential, new: Referential) -> Comparison:
    """What changed from ``old`` to ``new``, with the equivalences ``new`` declares for ``old``."""
    comparison = Comparison(old, new, metadata=_metadata(old, new))
    comparison.equivalences, comparison.no_equivalent = declared_equivalences(old, new)
    old_items = {item.id: item for unit in old.units for item in _items(unit)}
    new_items = {item.id: item for unit in new.units for item in _items(unit)}
    pairs = _pairs(old_items, new_items)
    item_changes = _match_items(old_items, new_items, pairs)
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


def _colon() -> str:
    """``": "`` in English, ``" : "`` in French (a space before the colon)."""
    return _(": ")


def show(value: Any) -> str:
    """A value on one line in a commission's words: texts joined by `` | ``, a mapping as ``Clé : valeur ; …``."""
    from cqpengine.documents.labels import review_show  # noqa: PLC0415 - labels import the model

    return review_show(value)


def field_words(field: str) -> str:
    """A field's path in a commission's words (``modality.methods`` → ``Modalités d'évaluation › Méthodes``)."""
    from cqpengine.documents.labels import review_field  # noqa: PLC0415 - labels import the model

    return review_field(field)


def _short(*values: object) -> bool:
    return all(len(str(value)) <= 40 and " " not in str(value) for value in values)


def _field_lines(change: FieldChange, indent: str) -> list[str]:
    name = field_words(change.field) if change.field else _("value")
    if change.kind == "added":
        return [f"{indent}+ {name}{_colon()}{show(change.new)}"]
    if change.kind == "removed":
        return [f"{indent}- {name}{_colon()}{show(change.old)}"]
    if isinstance(change.old, str | int) and isinstance(change.new, str | int) and _short(change.old, change.new):
        return [f"{indent}~ {name}{_colon()}{show(change.old)} → {show(change.new)}"]
    if change.words is not None:
        return [f"{indent}~ {name}{_colon()}{format_words(change.words)}"]
    if change.lines is not None:
        out = [f"{indent}~ {name}{_colon().rstrip()}"]
        for line in change.lines:
            if line.op == "~":
                out.append(f"{indent}    ~ {format_words(list(line.words))}")
            elif line.op != "=":
                out.append(f"{indent}    {line.op} {show(line.text)}")
        return out
    if isinstance(change.old, str) and isinstance(change.new, str):
        return [f"{indent}~ {name}{_colon().rstrip()}", f"{indent}    - {change.old}", f"{indent}    + {change.new}"]
    return [f"{indent}~ {name}{_colon()}{show(change.old)} → {show(change.new)}"]


def place(item: Item, referential: Referential) -> str:
    """Where an item is: ``Bloc 4`` or ``Bloc 4 › Prospection commerciale`` (its parent's title)."""
    from cqpengine.documents.labels import labels  # noqa: PLC0415 - labels import the model

    unit = referential.unit(item.unit)
    where = f"{labels()['unit_short'][referential.generation]} {unit.number}" if unit else item.unit
    if item.parent == item.unit or unit is None:
        return where
    parent = next((i for i in _items(unit) if i.id == item.parent), None)
    return f"{where} › {parent.text if parent else item.parent}"


def _where(item: Item, referential: Referential) -> str:
    return place(item, referential)


def _was(old_id: str) -> str:
    return _(" (was {id})").format(id=old_id)


def _moved_to(item: Item, where: str) -> str:
    return "  < " + _("{kind} {id} moved to {where}: {text}").format(
        kind=_(item.kind), id=item.id, where=where, text=item.text
    )


def _details(item: Item, indent: str) -> list[str]:
    """The fields of an added or removed item beyond its text: its indicators, its questions…"""
    lines = []
    for name, value in item.details.items():
        lines.append(f"{indent}{field_words(name)}{_colon().rstrip()}")
        lines.extend(f"{indent}  → {show(v)}" for v in (value if isinstance(value, list) else [value]))
    return lines


def _item_lines(comparison: Comparison, change: ItemChange) -> list[str]:
    item = change.item
    if change.kind == "added":
        return [f"  + {_(item.kind)} {item.id}{_colon()}{item.text}", *_details(item, "      ")]
    if change.kind == "removed":
        return [f"  - {_(item.kind)} {item.id}{_colon()}{item.text}", *_details(item, "      ")]
    renumbered = change.old is not None and change.new is not None and change.old.id != change.new.id
    head = f"  ~ {_(item.kind)} {item.id}" + (_was(change.old.id) if renumbered and change.old else "")
    if change.kind == "moved":
        assert change.old is not None and change.new is not None
        renamed = _was(change.old.id) if change.old.id != change.new.id else ""
        head = "  > " + _("{kind} {id}{renamed} moved from {old} to {new}").format(
            kind=_(item.kind),
            id=item.id,
            renamed=renamed,
            old=_where(change.old, comparison.old),
            new=_where(change.new, comparison.new),
        )
    lines = [head + ("" if change.fields else f"{_colon()}{item.text}")]
    for sub in change.fields:
        lines.extend(_field_lines(sub, "      "))
    return lines


def _content_lines(comparison: Comparison, line: ContentLine, *, new_side: bool) -> list[str]:
    item = line.item
    if line.status in ("added", "removed"):
        sign = "+" if line.status == "added" else "-"
        return [f"  {sign} {_(item.kind)} {item.id}{_colon()}{item.text}", *_details(item, "      ")]
    if line.status == "carried" or line.change is None:
        was = line.change.old.id if line.change and line.change.old and line.change.old.id != item.id else None
        return [
            f"    {_(item.kind)} {item.id}{_was(was) if was else ''}{_colon()}{item.text}",
            *_details(item, "      "),
        ]
    if new_side:
        return _item_lines(comparison, line.change)
    assert line.change.new is not None
    return [_moved_to(item, _where(line.change.new, comparison.new))]


def _group_words(group: str) -> str:
    """A metadata group's heading, as the review page names it (``gaps`` → ``Lacunes documentées``)."""
    from cqpengine.documents.labels import labels  # noqa: PLC0415 - labels import the model

    groups: dict[str, str] = labels()["review"]["groups"]
    return groups.get(group, _(OTHER) if group == OTHER else group)


def format_comparison(comparison: Comparison) -> str:
    """The review as text: metadata, equivalences, then unit by unit in document order."""
    old, new = comparison.old, comparison.new
    lines = [
        f"{new.id}: {comparison.old_name} → {comparison.new_name}" if old.id == new.id else f"{old.key} → {new.key}"
    ]
    for group, changes in comparison.metadata.items():
        if changes:
            lines.append(f"{_group_words(group)}{_colon().rstrip()}")
            for change in changes:
                lines.extend(_field_lines(change, "  "))
    if comparison.equivalences or comparison.no_equivalent:
        lines.append(
            _("equivalences declared by {new} for {old}:").format(new=comparison.new_name, old=comparison.old_name)
        )
        for mapping in comparison.equivalences:
            sources = ", ".join(f"{s.label or '?'} ({s.id})" for s in mapping.sources)
            targets = ", ".join(f"{t.label or '?'} ({t.id})" for t in mapping.targets)
            coverage = f" [{show(mapping.coverage)}]" if mapping.coverage else ""
            lines.append(f"  {sources} → {targets}{coverage}")
            lines.append("    " + _("because: {rationale}").format(rationale=mapping.rationale))
        for entry in comparison.no_equivalent:
            lines.append(
                "  "
                + _("{unit} ({id}) → no equivalent: {rationale}").format(
                    unit=entry.unit.label or "?", id=entry.unit.id, rationale=entry.rationale
                )
            )
    for section in comparison.units:
        if not section.changed:
            continue
        lines.append(f"{section.label} ({section.id}){_colon()}{_(_STATUS_WORDS.get(section.status, section.status))}")
        if section.status == "changed" and section.old_label != section.new_label:
            lines.append("  " + _("(in {old}: {label})").format(old=comparison.old_name, label=section.old_label))
        if section.status in ("added", "removed"):
            for change in section.fields:
                lines.extend(_field_lines(change, "  "))
            for line in section.content:
                lines.extend(_content_lines(comparison, line, new_side=section.status == "added"))
        else:
            for change in section.fields:
                lines.extend(_field_lines(change, "  "))
            for item_change in section.items:
                lines.extend(_item_lines(comparison, item_change))
        if section.status == "changed":
            for gone in section.moved_out:
                assert gone.old is not None and gone.new is not None
                lines.append(_moved_to(gone.old, _where(gone.new, new)))
    if comparison.identical:
        lines.append(_("no difference"))
    return "\n".join(lines) + "\n"
