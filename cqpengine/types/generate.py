"""Generate the TypedDicts of ``cqpengine/types/`` from the JSON Schemas of ``schema/``.

``python -m cqpengine.types.generate`` rewrites one module per schema (``referential.schema.json`` →
``cqpengine/types/referential.py``, ``candidate-vae.schema.json`` → ``candidate_vae.py``…);
``--check`` only says whether they are up to date. The output depends only on the schema's
structure — ``$ref``, ``type``, ``properties``, ``required``, ``enum``, ``const``, ``items``,
``additionalProperties``, ``allOf``/``anyOf``/``oneOf`` and ``if``/``then``/``else`` — never on
titles, descriptions, defaults, patterns or bounds, so rewording the schema needs no regeneration.

How the schema becomes types:

- an object with properties is a ``@final`` TypedDict named after its ``$defs`` entry
  (``documentScales`` → ``DocumentScales``) or, inline, after where it is (``Process`` +
  ``jury`` → ``ProcessJury``; an array's items add ``Item``, a mapping's values ``Value``); its
  properties are those of ``properties``, of its ``allOf`` members and of the ``then``/``else``
  branches that add properties (those stay optional); ``required`` ones are required;
- an object with only ``additionalProperties`` is a ``dict[str, …]``; an array a ``list[…]``;
  ``enum``/``const`` a ``Literal``; ``anyOf``/``oneOf`` and ``then``/``else`` branches that are
  whole schemas (``$ref``) a union; ``string``/``integer``/``number``/``boolean`` the Python type.
"""

from __future__ import annotations

import argparse
import json
import keyword
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cqpengine.resources import data_dir

#: Where the generated modules go.
OUTPUT_DIR = Path(__file__).resolve().parent
#: The one command that regenerates them (printed by the test that checks they are up to date).
COMMAND = "python -m cqpengine.types.generate"

Schema = dict[str, Any] | bool
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_TYPING = ("Any", "Literal", "NotRequired", "TypeAlias", "TypedDict", "final")


def module_name(schema_path: Path) -> str:
    """``candidate-vae.schema.json`` → ``candidate_vae``."""
    return schema_path.name.removesuffix(".schema.json").replace("-", "_")


def class_name(name: str) -> str:
    """``documentScales`` → ``DocumentScales``, ``candidate-vae`` → ``CandidateVae``, ``jury`` → ``Jury``."""
    parts = name.replace("-", "_").split("_")
    return "".join(part[:1].upper() + part[1:] for part in parts if part)


def _is_refinement(branch: Schema | None) -> bool:
    """A ``then``/``else`` branch that adds properties to the object it sits in."""
    return isinstance(branch, dict) and "properties" in branch and "$ref" not in branch


def _is_typed(schema: Schema | None) -> bool:
    """Whether a schema says what a value is (not only a constraint like ``required``)."""
    if not isinstance(schema, dict):
        return False
    keys = ("$ref", "type", "properties", "additionalProperties", "items", "enum", "const", "anyOf", "oneOf")
    return (
        any(key in schema for key in keys)
        or any(_is_typed(m) for m in schema.get("allOf", ()))
        or _has_alternative_branches(schema)
    )


def _has_alternative_branches(schema: dict[str, Any]) -> bool:
    """``if``/``then``/``else`` whose branches are whole schemas: the value is one or the other."""
    branches = [schema.get(name) for name in ("then", "else")]
    return "if" in schema and any(_is_typed(b) and not _is_refinement(b) for b in branches)


@dataclass
class _Class:
    name: str
    fields: dict[str, tuple[str, bool]]  # property → (type expression, required)


@dataclass
class _Module:
    """One schema being turned into one module."""

    path: Path
    schema: dict[str, Any]
    classes: dict[str, _Class] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    origins: dict[str, int] = field(default_factory=dict)  # class name → id() of the schema it stands for
    building: set[str] = field(default_factory=set)
    used: set[str] = field(default_factory=set)

    def resolve(self, ref: str) -> tuple[str, Schema]:
        prefix = "#/$defs/"
        if not ref.startswith(prefix):
            raise ValueError(f"{self.path.name}: only local '#/$defs/…' references are supported, not {ref!r}")
        name = ref[len(prefix) :]
        return name, self.schema["$defs"][name]

    # --- alternatives: the shapes a value may take ----------------------------------------------

    def alternatives(self, schema: Schema | None, hint: str) -> list[tuple[str, Any]]:
        """The shapes ``schema`` allows: ("type", expr), ("list", [item schemas]), ("dict", [value schemas])."""
        if not isinstance(schema, dict) or not _is_typed(schema):
            return []
        if "$ref" in schema:
            name, target = self.resolve(schema["$ref"])
            return self.alternatives(target, class_name(name))
        if "enum" in schema or "const" in schema:
            values = schema["enum"] if "enum" in schema else [schema["const"]]
            self.used.add("Literal")
            return [("type", f"Literal[{', '.join(json.dumps(v, ensure_ascii=False) for v in values)}]")]
        for key in ("anyOf", "oneOf"):
            if key in schema:
                return self._union(schema[key], hint)
        if _has_alternative_branches(schema):
            return self._union([schema.get("then"), schema.get("else")], hint)
        if "allOf" in schema and "properties" not in schema and "type" not in schema:
            typed = [member for member in schema["allOf"] if _is_typed(member)]
            if len(typed) != 1:  # several typed members would be an intersection, which a TypedDict cannot say
                raise ValueError(f"{self.path.name}: cannot type an allOf of {len(typed)} schemas")
            return self.alternatives(typed[0], hint)
        kind = schema.get("type", "array" if "items" in schema else None)
        if kind == "array":
            return [("list", [(schema.get("items"), f"{hint}Item")])]
        if kind == "object" or "properties" in schema or "additionalProperties" in schema:
            if self._has_object_shape(schema):
                return [("type", self.build_class(hint, schema))]
            values = schema.get("additionalProperties")
            return [("dict", [(values if isinstance(values, dict) else None, f"{hint}Value")])]
        if isinstance(kind, str) and kind in _SCALARS:
            return [("type", _SCALARS[kind])]
        raise ValueError(f"{self.path.name}: cannot type {json.dumps(schema)[:80]}")

    def _union(self, members: list[Schema | None], hint: str) -> list[tuple[str, Any]]:
        found: list[tuple[str, Any]] = []
        typed = [m for m in members if _is_typed(m)]
        objects = 0
        for member in typed:  # inline objects are named after the place; a second one gets a number
            objects += isinstance(member, dict) and "$ref" not in member and self._has_object_shape(member)
            found.extend(self.alternatives(member, hint if objects <= 1 else f"{hint}{objects}"))
        return found

    def _has_object_shape(self, schema: dict[str, Any]) -> bool:
        """Whether ``schema`` (with its ``allOf`` and property-adding branches) defines properties."""
        if "properties" in schema:
            return True
        if any(self._has_object_shape(self._deref(m)) for m in schema.get("allOf", ()) if isinstance(m, dict)):
            return True
        return any(_is_refinement(schema.get(branch)) for branch in ("then", "else"))

    def _deref(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            target = self.resolve(schema["$ref"])[1]
            schema = target if isinstance(target, dict) else {}
        return schema

    def expression(self, occurrences: list[tuple[Schema | None, str]]) -> str:
        """The type of a value that every schema of ``occurrences`` (with its naming hint) describes."""
        shapes = [shape for schema, hint in occurrences for shape in self.alternatives(schema, hint)]
        parts: list[str] = []
        lists = [item for kind, items in shapes if kind == "list" for item in items]
        dicts = [value for kind, values in shapes if kind == "dict" for value in values]
        for kind, value in shapes:
            if kind == "type" and value not in parts:
                parts.append(value)
        if lists:
            parts.append(f"list[{self.expression(lists)}]")
        if dicts:
            parts.append(f"dict[str, {self.expression(dicts)}]")
        if not parts:
            self.used.add("Any")
            return "Any"
        return " | ".join(parts)

    # --- classes --------------------------------------------------------------------------------

    def build_class(self, name: str, schema: dict[str, Any]) -> str:
        """The TypedDict for object ``schema``, built once, emitted after the classes it uses."""
        if name in self.building:
            raise ValueError(f"{self.path.name}: {name!r} contains itself; recursive schemas are not supported")
        if name in self.classes:
            if self.origins.get(name) != id(schema):
                raise ValueError(f"{self.path.name}: two different objects would be named {name!r}")
            return name
        self.building.add(name)
        self.origins[name] = id(schema)
        occurrences: dict[str, list[tuple[Schema | None, str]]] = {}
        required: set[str] = set()
        for prop, value, conditional in self._properties(schema):
            occurrences.setdefault(prop, []).append((value, name + class_name(prop)))
            if not conditional and prop in self._required_here(schema, prop):
                required.add(prop)
        fields = {prop: (self.expression(found), prop in required) for prop, found in occurrences.items()}
        self.classes[name] = _Class(name, fields)
        self.order.append(name)
        self.building.discard(name)
        return name

    def _properties(self, schema: dict[str, Any], conditional: bool = False) -> Iterator[tuple[str, Schema, bool]]:
        for prop, value in schema.get("properties", {}).items():
            yield prop, value, conditional
        for member in schema.get("allOf", ()):
            if isinstance(member, dict):
                yield from self._properties(self._deref(member), conditional)
        for branch in ("then", "else"):
            candidate = schema.get(branch)
            if isinstance(candidate, dict) and _is_refinement(candidate):
                yield from self._properties(candidate, True)

    def _required_here(self, schema: dict[str, Any], prop: str) -> set[str]:
        found = set(schema.get("required", ()))
        for member in schema.get("allOf", ()):
            if isinstance(member, dict):
                found |= self._required_here(self._deref(member), prop)
        return found

    # --- output ---------------------------------------------------------------------------------

    def render(self) -> str:
        root = class_name(module_name(self.path)) + "Document"
        root_type = self.expression([(self.schema, root)])
        lines: list[str] = []
        for name in self.order:
            lines.extend(["", "", *self._render_class(self.classes[name])])
        if root_type != root:
            self.used.add("TypeAlias")
            lines.extend(["", "", f"{root}: TypeAlias = {root_type}"])
        names = [name for name in _TYPING if name in self.used]
        header = [
            f'"""Types of ``schema/{self.path.name}``, generated by ``{COMMAND}``: do not edit.',
            "",
            "Only the schema's structure shapes this file (properties, types, required, enums), never its",
            "titles or descriptions. After changing the schema, run the command above.",
            '"""',
            "",
            f"from typing import {', '.join(names)}",
        ]
        return "\n".join(header + lines) + "\n"

    def _render_class(self, cls: _Class) -> list[str]:
        self.used.update(("TypedDict", "final"))

        def annotation(expr: str, required: bool) -> str:
            if required:
                return expr
            self.used.add("NotRequired")
            return f"NotRequired[{expr}]"

        if all(prop.isidentifier() and not keyword.iskeyword(prop) for prop in cls.fields):
            body = [f"    {prop}: {annotation(expr, req)}" for prop, (expr, req) in cls.fields.items()]
            return ["@final", f"class {cls.name}(TypedDict):", *(body or ["    pass"])]
        # A property that is not a Python name (``from``) needs the functional form, which cannot be @final.
        body = [f"        {json.dumps(prop)}: {annotation(expr, req)}," for prop, (expr, req) in cls.fields.items()]
        return [f"{cls.name} = TypedDict(", f"    {json.dumps(cls.name)},", "    {", *body, "    },", ")"]


def generate(schema_path: Path) -> str:
    """The source of the module for the schema at ``schema_path``."""
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    return _Module(schema_path, schema).render()


def generate_all(schema_dir: Path | None = None) -> dict[Path, str]:
    """Every generated module (its path → its source), one per ``*.schema.json``."""
    folder = schema_dir or data_dir("schema")
    return {OUTPUT_DIR / f"{module_name(path)}.py": generate(path) for path in sorted(folder.glob("*.schema.json"))}


def stale(schema_dir: Path | None = None) -> list[Path]:
    """The generated modules that differ from what the schemas give now."""
    return [
        path
        for path, source in generate_all(schema_dir).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != source
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only report modules that are not up to date")
    args = parser.parse_args(argv)
    if args.check:
        outdated = stale()
        for path in outdated:
            print(f"{path}: out of date with the schema; run {COMMAND}", file=sys.stderr)
        return 1 if outdated else 0
    for path, source in generate_all().items():
        if not path.is_file() or path.read_text(encoding="utf-8") != source:
            path.write_text(source, encoding="utf-8")
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
