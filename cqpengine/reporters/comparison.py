"""The comparison reporters: a review of two versions as text, JSON or an HTML page.

The text groups what :func:`cqpengine.versions.compare` found as the HTML page (the
``review/diff.html.j2`` template) does: metadata, equivalences, then unit by unit in document
order. The JSON keeps the English words (``added``, ``other``…); the text and the page are in the
reader's language, and name the current state of a file compared with ``--against`` accordingly.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from cqpengine.documents.labels import labels, review_field, review_show, review_value
from cqpengine.errors import template_error
from cqpengine.i18n import N_, _
from cqpengine.model import Referential
from cqpengine.reporters.base import Reporter, json_document, register
from cqpengine.versions.compare import WORKING_COPY, Comparison, ContentLine, Item, ItemChange, items
from cqpengine.versions.words import FieldChange, format_words

OTHER = N_("other")
#: A unit's status in the text output (the JSON keeps the English words).
_STATUS_WORDS = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed"), "unchanged": N_("unchanged")}


def _for_reader(comparison: Comparison) -> Comparison:
    """``comparison`` with its sides named in the reader's language (the JSON keeps the English)."""
    if comparison.new_name == WORKING_COPY:
        return replace(comparison, new_name=_(WORKING_COPY))
    return comparison


def _colon() -> str:
    """``": "`` in English, ``" : "`` in French (a space before the colon)."""
    return _(": ")


def show(value: Any) -> str:
    """A value on one line in a commission's words: texts joined by `` | ``, a mapping as ``Clé : valeur ; …``."""
    return review_show(value)


def _short(*values: object) -> bool:
    return all(len(str(value)) <= 40 and " " not in str(value) for value in values)


def _field_lines(change: FieldChange, indent: str) -> list[str]:
    name = review_field(change.field) if change.field else _("value")
    colon = _colon()
    if change.kind == "added":
        return [f"{indent}+ {name}{colon}{show(change.new)}"]
    if change.kind == "removed":
        return [f"{indent}- {name}{colon}{show(change.old)}"]
    if isinstance(change.old, str | int) and isinstance(change.new, str | int) and _short(change.old, change.new):
        return [f"{indent}~ {name}{colon}{show(change.old)} → {show(change.new)}"]
    if change.words is not None:
        return [f"{indent}~ {name}{colon}{format_words(change.words)}"]
    if change.lines is not None:
        out = [f"{indent}~ {name}{colon.rstrip()}"]
        for line in change.lines:
            if line.op == "~":
                out.append(f"{indent}    ~ {format_words(list(line.words))}")
            elif line.op != "=":
                out.append(f"{indent}    {line.op} {show(line.text)}")
        return out
    if isinstance(change.old, str) and isinstance(change.new, str):
        return [f"{indent}~ {name}{colon.rstrip()}", f"{indent}    - {change.old}", f"{indent}    + {change.new}"]
    return [f"{indent}~ {name}{colon}{show(change.old)} → {show(change.new)}"]


def place(item: Item, referential: Referential) -> str:
    """Where an item is: ``Bloc 4`` or ``Bloc 4 › Prospection commerciale`` (its parent's title)."""
    unit = referential.unit(item.unit)
    where = f"{labels()['unit_short'][referential.generation]} {unit.number}" if unit else item.unit
    if item.parent == item.unit or unit is None:
        return where
    parent = next((i for i in items(unit) if i.id == item.parent), None)
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
        lines.append(f"{indent}{review_field(name)}{_colon().rstrip()}")
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
        text = f"    {_(item.kind)} {item.id}{_was(was) if was else ''}{_colon()}{item.text}"
        return [text, *_details(item, "      ")]
    if new_side:
        return _item_lines(comparison, line.change)
    assert line.change.new is not None
    return [_moved_to(item, _where(line.change.new, comparison.new))]


def _group_words(group: str) -> str:
    """A metadata group's heading, as the review page names it (``gaps`` → ``Lacunes documentées``)."""
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
        status = _(_STATUS_WORDS.get(section.status, section.status))
        lines.append(f"{section.label} ({section.id}){_colon()}{status}")
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


@register
class TextComparison(Reporter[Comparison]):
    """The review as text."""

    kind = "comparison"
    name = "text"

    def render(self, result: Comparison) -> str:
        return format_comparison(_for_reader(result))


@register
class JsonComparison(Reporter[Comparison]):
    """The comparison as one JSON object (English words)."""

    kind = "comparison"
    name = "json"
    document = True

    def render(self, result: Comparison) -> str:
        return json_document(result.to_json())


@register
class HtmlComparison(Reporter[Comparison]):
    """The review as an HTML page (the ``review/diff.html.j2`` template)."""

    kind = "comparison"
    name = "html"
    document = True

    def render(self, result: Comparison) -> str:
        # jinja2, imported only when a page is asked for: `cqp --help` lists the formats of this module.
        from cqpengine.documents.rendering import Renderer, TemplateFailure  # noqa: PLC0415

        comparison = _for_reader(result)
        try:
            return Renderer(self.template_dirs).render(
                "review/diff.html.j2",
                comparison.new,
                comparison=comparison,
                place=place,
                field_label=review_field,
                value_label=review_value,
            )
        except TemplateFailure as failure:
            raise template_error(failure, failure.custom) from None
