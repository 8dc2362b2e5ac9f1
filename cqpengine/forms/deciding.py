"""``cqp decide`` and ``cqp extract`` on a filled PDF: the form's candidate data, then today's pipeline.

The data read from the form is written as the candidate YAML of today's format, loaded by the one
YAML loader, checked against the candidate schema and the certification, and decided by the same
functions as a candidate file; every finding is placed at the form field its value came from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cqpengine.findings import Finding
from cqpengine.forms.extraction import Extraction, extract, printed_form_fields, remap
from cqpengine.forms.reading import FormError
from cqpengine.i18n import _
from cqpengine.loading.marks import YamlLoadError
from cqpengine.loading.yamlio import YamlDocument, load_yaml_text
from cqpengine.model import Referential

if TYPE_CHECKING:
    from cqpengine.decisions.engine import Decision
    from cqpengine.documents.rendering import Renderer


def read_filled(kind: str | None, path: Path, referentials: Sequence[Referential], renderer: Renderer) -> Extraction:
    """The candidate data of the filled PDF ``path`` (a FormError when it is not one of ours)."""
    return extract(kind, path, referentials, printed_form_fields(renderer))


def _candidate_document(extraction: Extraction) -> YamlDocument:
    """The extracted candidate file as the YAML loader reads it; a FormError if it refuses it."""
    try:
        return load_yaml_text(extraction.yaml_text(), extraction.path)
    except YamlLoadError as error:  # the form's values are checked first: this is a last guard
        raise FormError(
            _("{path}: a value of the form cannot be read ({error}): fill it again").format(
                path=extraction.path, error=error.message
            )
        ) from None


def checked_candidate(extraction: Extraction) -> list[Finding]:
    """The findings of the extracted candidate file against its schema and certification (none: complete)."""
    from cqpengine.decisions.candidates import load_candidate, read_jury, read_orientation, read_vae  # noqa: PLC0415

    if extraction.findings:
        return list(extraction.findings)
    document = _candidate_document(extraction)
    candidate, findings = load_candidate(extraction.path, extraction.kind, document)
    if candidate is not None:
        reader = {"vae": read_vae, "orientation": read_orientation, "jury": read_jury}[extraction.kind]
        findings = reader(candidate, extraction.referential)[1]
    return remap(findings, extraction)


def decide_filled(
    kind: str,
    path: Path,
    referentials: Sequence[Referential],
    renderer: Renderer,
    invalid: Mapping[str, Path] | None = None,
    unreadable: Sequence[Path] = (),
) -> tuple[Decision | None, list[Finding]]:
    """The ``kind`` decision on the filled PDF ``path``, or the findings (at its fields) that prevent it."""
    from cqpengine.decisions.engine import decide  # noqa: PLC0415

    extraction = read_filled(kind, path, referentials, renderer)
    if extraction.findings:
        return None, sorted(extraction.findings, key=Finding.sort_key)
    document = _candidate_document(extraction)
    decision, findings = decide(kind, path, referentials, invalid, unreadable, document)
    return decision, sorted(remap(findings, extraction), key=Finding.sort_key)
