"""The form fields of a printed document, read from its HTML, and the README's field reference.

Every field name is built from ids — the document's prefix, then unit, competence, criterion or
module ids, then the field's own word (``lf.D2.avis.evaluateur-1``) — never from a position. The
entries of a repeated table (``vae.emploi-2``, ``gi.point-3``) carry their number in a word, as
the printed document shows it ("Emploi 2"). :func:`document_fields` lists a document's fields from
the HTML the engine renders, so the list is the templates' own; :func:`name_pattern` replaces the
ids of a referential by what they stand for (``lf.{unit}.avis.evaluateur-1``), which is how the
README's field reference is generated (:func:`reference_markdown`) and tested.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from cqpengine.documents import DOCUMENTS
from cqpengine.model import Referential, competences

if TYPE_CHECKING:
    from collections.abc import Callable

    from cqpengine.documents.rendering import Renderer

#: Field kinds: one line of text, several lines, one answer among several (a radio group), a box
#: ticked or not.
KINDS = ("text", "multiline", "choice", "checkbox")


@dataclass(frozen=True)
class FormField:
    """One field of a document: its name, kind, the ids it can hold (choices) and its words."""

    name: str
    kind: str
    values: tuple[str, ...] = ()
    label: str = ""


class _Inputs(HTMLParser):
    """Collects the inputs and text areas of a document, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, FormField] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        name = attributes.get("name")
        if tag not in ("input", "textarea") or not name:
            return
        kind = {"radio": "choice", "checkbox": "checkbox"}.get(attributes.get("type", ""), "text")
        if tag == "textarea":
            kind = "multiline"
        known = self.fields.get(name)
        if kind == "choice" and known is not None:
            self.fields[name] = FormField(name, kind, (*known.values, attributes.get("value", "")), known.label)
        else:
            values = (attributes.get("value", ""),) if kind in ("choice", "checkbox") else ()
            self.fields[name] = FormField(name, kind, values, attributes.get("title", ""))


def html_fields(html: str) -> list[FormField]:
    """The fields of a rendered document, in document order (a radio group once, with its values)."""
    parser = _Inputs()
    parser.feed(html)
    parser.close()
    return list(parser.fields.values())


_BARE_POSITION = re.compile(r"^\d+$")


def bare_positions(name: str) -> list[str]:
    """The parts of a field name that are only a number (a position, not an id)."""
    return [part for part in name.split(".") if _BARE_POSITION.match(part)]


def id_kinds(referential: Referential) -> dict[str, str]:
    """Every id a field name may hold, mapped to what it stands for (``D1`` → ``unit``)."""
    kinds: dict[str, str] = {}
    for unit in referential.units:
        kinds[unit.id] = "unit"
        for module in unit.get("modules", []):
            kinds[str(module["id"])] = "module"
            for item in module.get("criteria", []):
                kinds[str(item["id"])] = "criterion"
        for key in ("intermediate_criteria", "final_criteria"):
            for item in unit.get(key, []):
                kinds[str(item["id"])] = "criterion"
        for competence in competences(unit):
            kinds[str(competence["id"])] = "competence"
            items: Any = dict(competence).get("criteria", [])
            for item in items:
                kinds[str(item["id"])] = "criterion"
    for rule in referential.get("vae", {}).get("evidence", {}).values():
        for piece in rule["any_of"]:
            kinds[str(piece["id"])] = "piece"
    return kinds


_NUMBERED = re.compile(r"^([a-z-]+)-\d+$")


def name_pattern(name: str, kinds: dict[str, str]) -> str:
    """``lf.D2.avis.evaluateur-1`` → ``lf.{unit}.avis.evaluateur-1``; ``vae.emploi-2.fin`` → ``vae.emploi-{n}.fin``.

    The longest id that matches whole dotted parts wins (ids hold dots: ``D1.CF2``). Evaluator
    numbers (1 or 2, fixed by the document) stay as they are; entry numbers of repeated tables
    become ``{n}``.
    """
    parts = name.split(".")
    out: list[str] = []
    index = 0
    while index < len(parts):
        for end in range(len(parts), index, -1):
            candidate = ".".join(parts[index:end])
            if candidate in kinds:
                out.append("{" + kinds[candidate] + "}")
                index = end
                break
        else:
            part = parts[index]
            match = _NUMBERED.match(part)
            if match and match.group(1) != "evaluateur":
                part = f"{match.group(1)}-{{n}}"
            out.append(part)
            index += 1
    return ".".join(out)


@dataclass(frozen=True)
class ReferenceRow:
    """One line of the field reference: a name pattern, its kind, its values and its words."""

    pattern: str
    kind: str
    values: str
    label: str


def reference_rows(fields: Iterable[FormField], kinds: dict[str, str]) -> list[ReferenceRow]:
    """The distinct name patterns of ``fields``, in document order (a choice with its values)."""
    rows: dict[str, ReferenceRow] = {}
    for field in fields:
        pattern = name_pattern(field.name, kinds)
        if pattern not in rows:
            values = " \\| ".join(field.values) if field.kind == "choice" else ""
            rows[pattern] = ReferenceRow(pattern, field.kind, values, field.label)
    return list(rows.values())


def reference_markdown(documents: Sequence[tuple[str, Sequence[tuple[Referential, list[FormField]]]]]) -> str:
    """The README's field reference: per document, every name pattern of every referential.

    ``documents`` lists, per document name, the referentials that have it with their fields. A
    choice whose values depend on the certification's scale lists the values of each scale met.
    """
    lines: list[str] = []
    for document, printed in documents:
        lines.append(f"#### `{document}`")
        lines.append("")
        lines.append("| field name | kind | values |")
        lines.append("|---|---|---|")
        seen: dict[str, tuple[str, list[str]]] = {}
        for referential, fields in printed:
            for row in reference_rows(fields, id_kinds(referential)):
                kind, values = seen.setdefault(row.pattern, (row.kind, []))
                if row.values and row.values not in values:
                    values.append(row.values)
        for pattern, (kind, values) in seen.items():
            lines.append(f"| `{pattern}` | {kind} | {' ; '.join(values)} |")
        lines.append("")
    return "\n".join(lines)


def printed_fields(
    referentials: Iterable[Referential], renderer: Renderer
) -> list[tuple[str, list[tuple[Referential, list[FormField]]]]]:
    """Per document (in printing order), the certifications that have it and its fields."""
    certifications = list(referentials)
    out = []
    for name, spec in DOCUMENTS.items():
        printed = [(r, html_fields(renderer.html(r, name))) for r in certifications if spec.missing(r) is None]
        if any(fields for _, fields in printed):
            out.append((name, printed))
    return out


def printed_form_fields(renderer: Renderer) -> Callable[[Referential, str], list[FormField]]:
    """The fields ``renderer`` prints for a document: ``fields(referential, document)``."""

    def fields(referential: Referential, document: str) -> list[FormField]:
        return html_fields(renderer.html(referential, document))

    return fields
