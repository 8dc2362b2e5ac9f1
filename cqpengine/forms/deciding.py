"""``cqp decide`` and ``cqp extract`` on a filled PDF: the form's candidate data, then the same pipeline.

The data read from the form goes as data (never as YAML text) through the candidate schema, the
certification and the decision's reader, exactly as a candidate file; every finding is placed at
the form field its value came from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from cqpengine.decisions.engine import Prepare, decide
from cqpengine.decisions.kinds import KINDS, Decision
from cqpengine.findings import Finding
from cqpengine.forms.candidate import form_candidate
from cqpengine.forms.extraction import Extraction
from cqpengine.model import Referential


def checked_candidate(extraction: Extraction) -> list[Finding]:
    """The findings of the extracted candidate data against its schema and certification (none: complete)."""
    if extraction.findings:
        return list(extraction.findings)
    spec = KINDS[extraction.kind]
    candidate = form_candidate(extraction)
    findings = candidate.schema_findings(spec.schema)
    if not findings:
        findings = spec.reader(candidate, extraction.referential)[1]
    return findings


def decide_filled(
    extraction: Extraction,
    referentials: Sequence[Referential],
    invalid: Mapping[str, Path] | None = None,
    unreadable: Sequence[Path] = (),
    prepare: Prepare | None = None,
) -> tuple[Decision | None, list[Finding]]:
    """The decision on a filled form read as ``extraction``, or the findings (at its fields) that prevent it."""
    if extraction.findings:
        return None, sorted(extraction.findings, key=Finding.sort_key)
    return decide(extraction.kind, form_candidate(extraction), referentials, invalid, unreadable, prepare)
