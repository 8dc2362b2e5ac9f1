"""The candidate data read from a filled form, as the candidate file the decisions read.

Each value's JSON path was noted, as it was read, with the form field it came from
(:attr:`Extraction.sources <cqpengine.forms.extraction.Extraction.sources>`): a finding about a
value is placed at that field (its page as the line), or at the nearest field above it in the
data, by construction; the data is never written as YAML and parsed again.
"""

from __future__ import annotations

from typing import Any

from cqpengine.decisions.candidate import CandidateFile
from cqpengine.findings import CATALOG, Finding, format_json_path
from cqpengine.forms.extraction import Extraction
from cqpengine.loading.yamlio import ParsedYaml
from cqpengine.positions import JsonPath


def _paths(value: Any, path: JsonPath = ()) -> list[JsonPath]:
    """Every JSON path of ``value`` (itself first)."""
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*path, index))
    return out


def form_candidate(extraction: Extraction) -> CandidateFile:
    """The candidate file of ``extraction``, its findings placed at the form's fields."""

    def field_of(path: JsonPath) -> str | None:
        probe = tuple(path)
        while probe and probe not in extraction.sources:
            probe = probe[:-1]
        return extraction.sources.get(probe)

    def at_field(code: str, message: str, name: str | None, path: str | None, severity: Any = None) -> Finding:
        severity = severity or CATALOG[code].severity
        if name is None:
            return Finding(str(extraction.path), 1, 1, severity, code, message, path)
        return Finding(str(extraction.path), extraction.page(name), 1, severity, code, message, name)

    def place(code: str, message: str, path: JsonPath, key: bool) -> Finding:
        return at_field(code, message, field_of(path), format_json_path(path))

    # The schema check names a value by its JSON path as text: every path of the data, with its field.
    fields = {format_json_path(path): field_of(path) for path in _paths(extraction.data)}

    def relocate(finding: Finding) -> Finding:
        name = fields.get(finding.path or "")
        return at_field(finding.code, finding.message, name, finding.path, finding.severity)

    source = ParsedYaml(extraction.path, extraction.data, {}, {})
    return CandidateFile(extraction.path, extraction.data, place, source, relocate)
