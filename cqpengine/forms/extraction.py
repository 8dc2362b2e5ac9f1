"""The candidate data being read from a filled form: values, the field each came from, findings.

The readers of :mod:`cqpengine.forms.readers` fill an :class:`Extraction` field by field; whatever
the decision needs and the form does not hold — an empty field, a date that cannot be read, two
answers on one scale — is a finding naming the field (and its page), never a guess and never the
value written in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cqpengine.findings import CATALOG, Finding
from cqpengine.forms.reading import FilledForm, control_character
from cqpengine.forms.values import parse_date
from cqpengine.i18n import _
from cqpengine.model import Referential
from cqpengine.positions import JsonPath


@dataclass
class Extraction:
    """The candidate data read from a filled form, where each of its fields came from, findings."""

    kind: str
    path: Path
    referential: Referential
    data: dict[str, Any] = field(default_factory=dict)
    #: JSON path of a value of :attr:`data` → the form field it was read from.
    sources: dict[JsonPath, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    form: FilledForm | None = None
    #: The printed document the form is (``guide-entretien``…).
    document: str = ""

    def page(self, name: str) -> int:
        """The page of the field ``name`` (1 when the form has no such field)."""
        found = self.form.fields.get(name) if self.form else None
        return found.page if found else 1

    def finding(self, code: str, name: str, message: str) -> None:
        """A finding about the field ``name`` (its page as the line), never quoting its value."""
        self.findings.append(Finding(str(self.path), self.page(name), 1, CATALOG[code].severity, code, message, name))

    def source(self, path: JsonPath, name: str) -> None:
        self.sources[tuple(path)] = name

    # --- reading values --------------------------------------------------------------------------

    def text(self, name: str, path: JsonPath | None = None, *, required: str | None = None) -> str | None:
        found = self.form.fields.get(name) if self.form else None
        value = found.value if found else None
        if found is not None and found.unreadable:
            self.finding("CQP209", name, _("field {name!r} holds no readable text: type it again").format(name=name))
            return None
        control = control_character(value) if value is not None else None
        if control is not None:
            message = _("field {name!r} holds the control character {character}: type its text again")
            self.finding("CQP209", name, message.format(name=name, character=control))
            return None
        if value is None and required:
            self.finding("CQP209", name, _("field {name!r} is empty: {required}").format(name=name, required=required))
        if value is not None and path is not None:
            self.source(path, name)
        return value

    def day(self, name: str, path: JsonPath, *, required: str | None = None) -> str | None:
        text = self.text(name, path, required=required)
        if text is None:
            return None
        parsed = parse_date(text)
        if parsed is None:
            self.finding("CQP209", name, _("field {name!r} is not a date: write it as JJ/MM/AAAA").format(name=name))
            return None
        return parsed.isoformat()

    def choice(self, name: str, path: JsonPath | None, *, required: str | None = None) -> str | None:
        found = self.form.fields.get(name) if self.form else None
        if found is not None and found.conflict:
            message = _("field {name!r} has more than one answer ticked: tick only one").format(name=name)
            self.finding("CQP210", name, message)
            return None
        return self.text(name, path, required=required)


def prune(value: Any) -> Any:
    """The data without the values left empty (None), which the findings name instead."""
    if isinstance(value, dict):
        return {key: prune(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [prune(item) for item in value if item is not None]
    return value
