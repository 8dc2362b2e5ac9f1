"""Findings: what a check says about one place of one file, and the catalog of rule codes.

A finding is printed as ``path:line:column: severity CODE: message [at place]``, the place in the
editor's terms (``bloc CA-B2 › modality``, see :mod:`cqpengine.places`) and the severity in the
reader's language; ``--format json`` (and SARIF, GitHub annotations) keep the JSON path.
Every code the engine can emit is in :data:`CATALOG`, which ``cqp validate --list-rules``
prints, so that editors can look a code up.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cqpengine.i18n import N_, _
from cqpengine.places import editor_place
from cqpengine.positions import JsonPath, Mark
from cqpengine.printable import printable


class Severity(enum.StrEnum):
    """How serious a finding is: errors fail validation, warnings only with --strict."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def words(self) -> str:
        """The severity in the reader's language (``erreur``, ``avertissement`` in French)."""
        return _(N_("error")) if self is Severity.ERROR else _(N_("warning"))


@dataclass(frozen=True)
class Rule:
    """One rule code with its default severity and a one-line description."""

    code: str
    severity: Severity
    summary: str


_RULES = (
    # Loading: the file cannot be read as YAML data.
    Rule("CQP001", Severity.ERROR, N_("malformed YAML")),
    Rule("CQP002", Severity.ERROR, N_("empty file, top level that is not a mapping, or a key that is not text")),
    Rule("CQP003", Severity.ERROR, N_("binary or non-UTF-8 file")),
    Rule("CQP004", Severity.ERROR, N_("duplicate mapping key")),
    Rule(
        "CQP005",
        Severity.ERROR,
        N_("tag not allowed (Python, custom, !!timestamp, !!binary…) or not fitting its text"),
    ),
    Rule("CQP006", Severity.ERROR, N_("alias bomb, recursive alias, oversized file or over-long number")),
    # Schema.
    Rule("CQP010", Severity.ERROR, N_("does not match the JSON Schema")),
    Rule(
        "CQP011", Severity.ERROR, N_("text that YAML reads as a number, true/false, nothing or 'key: value': quote it")
    ),
    Rule(
        "CQP012",
        Severity.WARNING,
        N_("a line that looks like a list item (- …, → …) or a key, folded by YAML into the text above it"),
    ),
    # Consistency.
    Rule("CQP101", Severity.ERROR, N_("duplicate id within a certification (shared units included)")),
    Rule("CQP102", Severity.ERROR, N_("dangling shared-unit reference")),
    Rule("CQP103", Severity.ERROR, N_("dangling 'supersedes' reference")),
    Rule("CQP104", Severity.ERROR, N_("dangling equivalence (unknown old or new unit, or no superseded version)")),
    Rule("CQP105", Severity.ERROR, N_("reference cycle (shared units or supersedes chain)")),
    Rule("CQP106", Severity.ERROR, N_("unit without competence (no savoir-faire, or an activity without competence)")),
    Rule("CQP107", Severity.ERROR, N_("unit without evaluation criterion")),
    Rule("CQP108", Severity.ERROR, N_("gap or repetition in unit numbering")),
    Rule("CQP109", Severity.ERROR, N_("bloc without evaluation modality")),
    Rule("CQP110", Severity.ERROR, N_("VAE minimum years above the window")),
    Rule("CQP111", Severity.ERROR, N_("a document uses a scale that is not defined")),
    Rule("CQP112", Severity.WARNING, N_("placeholder text left in content (XXXX, TODO, … alone)")),
    Rule("CQP113", Severity.ERROR, N_("the same certification version or library defined in two files")),
    Rule(
        "CQP114", Severity.ERROR, N_("unit of the superseded version neither mapped nor listed as without equivalent")
    ),
    Rule("CQP115", Severity.ERROR, N_("range whose minimum is above its maximum")),
    Rule("CQP116", Severity.ERROR, N_("shared unit of the other generation (domaine in blocs or bloc in domaines)")),
    Rule("CQP117", Severity.ERROR, N_("more than one active version of a certification")),
    Rule(
        "CQP118",
        Severity.ERROR,
        N_("scale unusable by the rules (orientation or opinion scale without an 'acquired' value)"),
    ),
    Rule("CQP119", Severity.ERROR, N_("documented gap names a unit the certification does not have")),
    Rule("CQP120", Severity.ERROR, N_("a version that supersedes one taking effect later than itself")),
    Rule("CQP121", Severity.ERROR, N_("certification in blocs that does not say who decides on some blocs alone")),
    Rule("CQP122", Severity.ERROR, N_("a body deciding on units alone, in a certification in domaines")),
    Rule(
        "CQP123",
        Severity.WARNING,
        N_("list item pasted with its own arrow or bullet (→, •, -…), or a tab inside a text"),
    ),
    # Candidate files (cqp decide).
    Rule("CQP201", Severity.ERROR, N_("candidate file: unknown certification or version (or no active version)")),
    Rule("CQP202", Severity.ERROR, N_("candidate file: unit (or unit part) id the certification version lacks")),
    Rule("CQP203", Severity.ERROR, N_("candidate file: period that ends before it starts")),
    Rule(
        "CQP204", Severity.ERROR, N_("candidate file: value the certification does not define (scale value, evidence)")
    ),
    Rule("CQP205", Severity.ERROR, N_("candidate file: the certification's referential lacks what the decision needs")),
    Rule("CQP206", Severity.ERROR, N_("candidate file: unit (or unit part) of the certification not assessed")),
    Rule("CQP207", Severity.ERROR, N_("candidate file: date after the date of the request or of the jury")),
    Rule(
        "CQP208",
        Severity.ERROR,
        N_("jury file: evaluators' opinions on the VAE route, or the jury's own assessment on the training route"),
    ),
    # Filled forms (cqp decide / cqp extract on a PDF): the position is the page, the path the field name.
    Rule("CQP209", Severity.ERROR, N_("filled form: a field the decision needs is empty or cannot be read")),
    Rule("CQP210", Severity.ERROR, N_("filled form: more than one answer ticked on one scale")),
    # Candidates who target some blocs, and earlier units given by their credentials.
    Rule(
        "CQP211",
        Severity.ERROR,
        N_("candidate file: the credential of an earlier unit does not verify, or is for another unit"),
    ),
    Rule(
        "CQP212",
        Severity.ERROR,
        N_("candidate file: another body decides on the targeted units, or the referential names none"),
    ),
)

#: Every rule code, by code.
CATALOG: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def format_json_path(path: JsonPath) -> str:
    """``('units', 0, 'id')`` → ``$.units[0].id``."""
    text = "$"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


@dataclass(frozen=True)
class Finding:
    """One thing a check found at one place of one file."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    path: str | None = None
    #: The reason the certification gives for what is missing, when the finding is a documented gap
    #: (``gaps:``): a warning the editors already know about and explained.
    gap: str | None = None
    #: The place in the editor's terms (:func:`cqpengine.places.editor_place`), for the text output.
    place: str | None = None

    @classmethod
    def at(
        cls,
        file: Path | str,
        mark: Mark,
        code: str,
        message: str,
        path: JsonPath | None = None,
        severity: Severity | None = None,
        gap: str | None = None,
        data: Any = None,
    ) -> Finding:
        """A finding for rule ``code`` at ``mark``, with the rule's default severity.

        ``data`` is the file's data, to name the elements of the place by their ids; files whose ids
        may be personal (candidate files) leave it out.
        """
        return cls(
            file=str(file),
            line=mark.line,
            column=mark.column,
            severity=severity or CATALOG[code].severity,
            code=code,
            message=message,
            path=format_json_path(path) if path is not None else None,
            gap=gap,
            place=editor_place(path, data) if path else None,
        )

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.code, self.message)

    @property
    def where(self) -> str:
        """`` [at $.json.path]`` when the finding has a path below the top level, else an empty string."""
        return f" [at {self.path}]" if self.path and self.path != "$" else ""

    def format_text(self) -> str:
        """The finding's line (one line, whatever the file's name holds), the place in the editor's terms."""
        # A finding made without a place (a filled form's field) is placed by its path: the field's name.
        where = self.place or (self.path if self.path != "$" else None)
        place = _(" [at {place}]").format(place=where) if where else ""
        return printable(
            f"{self.file}:{self.line}:{self.column}: {self.severity.words} {self.code}: {self.message}{place}"
        )

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "path": self.path,
        }
