"""Following the versions of a certification: what changed between two versions, and how the
units of the older one map onto the newer one.

:func:`compare` flattens both versions into comparable entries — identified items (units,
activities, competences, savoirs, criteria, modules) by their id, lists of texts as sets, other
facts by their path — and reports what was added, removed and changed, together with the
equivalences the newer version declares for the version it supersedes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cqpengine.model import Referential

#: Keys that are bookkeeping, not content: a change there is not a change of the certification.
_IGNORED = frozenset({"version", "status", "supersedes", "equivalences", "gaps", "source", "note"})

Key = tuple[str, ...]


def _flatten(value: Any, path: Key, out: dict[Key, Any]) -> None:
    if isinstance(value, dict):
        identified = bool(path) and path[-1] == f"[{value.get('id')}]"
        for name, child in value.items():
            if name not in _IGNORED and not (identified and name == "id"):  # the id is in the path
                _flatten(child, (*path, str(name)), out)
    elif isinstance(value, list) and value and all(isinstance(v, dict) and "id" in v for v in value):
        for child in value:
            _flatten(child, (*path, f"[{child['id']}]"), out)
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        for text in value:
            out[(*path, f"+{text}")] = True
    elif isinstance(value, list):
        for index, child in enumerate(value):
            _flatten(child, (*path, str(index)), out)
    else:
        out[path] = value


def flatten(referential: Referential) -> dict[Key, Any]:
    """Every fact of a resolved referential, keyed by a path where ids replace list positions."""
    out: dict[Key, Any] = {}
    _flatten({k: v for k, v in referential.data.items() if k != "units"}, (), out)
    for unit in referential.units:
        _flatten(unit.data, (f"[{unit.id}]",), out)
    return out


def describe(key: Key) -> str:
    """A readable path: ``[D1] savoir_faire [D1.SF2] text``."""
    return " ".join(part for part in key if not part.startswith("+"))


@dataclass(frozen=True)
class Change:
    """One fact that differs: added (old is None), removed (new is None) or changed."""

    key: Key
    old: Any
    new: Any

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"

    def to_json(self) -> dict[str, Any]:
        text = next((part[1:] for part in self.key if part.startswith("+")), None)
        return {
            "kind": self.kind,
            "path": describe(self.key),
            "old": text if self.old is True else self.old,
            "new": text if self.new is True else self.new,
        }


@dataclass
class Comparison:
    """Two versions of a certification, side by side."""

    old: Referential
    new: Referential
    equivalences: list[dict[str, Any]] = field(default_factory=list)
    no_equivalent: list[dict[str, Any]] = field(default_factory=list)
    added_units: list[str] = field(default_factory=list)
    removed_units: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.old.key,
            "to": self.new.key,
            "equivalences": self.equivalences,
            "no_equivalent": self.no_equivalent,
            "added_units": self.added_units,
            "removed_units": self.removed_units,
            "changes": [change.to_json() for change in self.changes],
        }


def _changes(old: dict[Key, Any], new: dict[Key, Any]) -> Iterator[Change]:
    for key in sorted(set(old) | set(new), key=lambda k: tuple(map(str, k))):
        before, after = old.get(key), new.get(key)
        if before != after:
            yield Change(key, before, after)


def compare(old: Referential, new: Referential) -> Comparison:
    """What changed from ``old`` to ``new``, with the equivalences ``new`` declares for ``old``."""
    comparison = Comparison(old, new)
    superseded = new.get("supersedes")
    if superseded and superseded.get("id", new.id) == old.id and superseded["version"] == old.version:
        declared = new.get("equivalences", {})
        comparison.equivalences = list(declared.get("mappings", []))
        comparison.no_equivalent = list(declared.get("no_equivalent", []))
    old_ids = [unit.id for unit in old.units]
    new_ids = [unit.id for unit in new.units]
    comparison.added_units = [unit_id for unit_id in new_ids if unit_id not in old_ids]
    comparison.removed_units = [unit_id for unit_id in old_ids if unit_id not in new_ids]
    gone = {f"[{unit_id}]" for unit_id in comparison.added_units + comparison.removed_units}
    comparison.changes = [
        change for change in _changes(flatten(old), flatten(new)) if not (change.key and change.key[0] in gone)
    ]
    return comparison


def format_comparison(comparison: Comparison) -> str:
    """The comparison for people, in English with the referentials' own (French) texts."""
    old, new = comparison.old, comparison.new
    lines = [f"{new.id}: {old.version} → {new.version}" if old.id == new.id else f"{old.key} → {new.key}"]
    titles = {unit.id: unit.title for unit in [*old.units, *new.units]}
    if comparison.equivalences or comparison.no_equivalent:
        lines.append("equivalences declared by the newer version:")
        for mapping in comparison.equivalences:
            sources = ", ".join(f"{u} ({titles.get(u, '?')})" for u in mapping["from"])
            targets = ", ".join(f"{u} ({titles.get(u, '?')})" for u in mapping["to"])
            lines.append(f"  {sources} → {targets}")
            lines.append(f"    because: {mapping['rationale']}")
        for entry in comparison.no_equivalent:
            lines.append(f"  {entry['unit']} ({titles.get(entry['unit'], '?')}) → no equivalent: {entry['rationale']}")
    for label, ids in (("units only in", comparison.removed_units), ("units only in", comparison.added_units)):
        if ids:
            version = old.version if ids is comparison.removed_units else new.version
            lines.append(f"{label} {version}: " + ", ".join(f"{u} ({titles[u]})" for u in ids))
    if comparison.changes:
        lines.append(f"{len(comparison.changes)} other differences:")
        for change in comparison.changes:
            data = change.to_json()
            if change.kind == "changed":
                lines.append(f"  changed {data['path']}: {data['old']!r} → {data['new']!r}")
            else:
                value = data["new"] if change.kind == "added" else data["old"]
                lines.append(f"  {change.kind} {data['path']}: {value!r}")
    else:
        lines.append("no other difference")
    return "\n".join(lines) + "\n"
