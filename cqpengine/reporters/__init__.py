"""Reporter stage: every output a person or a tool reads, made by a reporter chosen by format name.

See :mod:`cqpengine.reporters.base` for the registry. The findings reporters
(:mod:`cqpengine.reporters.findings`) serve ``cqp validate --format`` and ``cqp decide
--findings-format``: :data:`FORMATS` lists them, :func:`format_findings` uses them.
"""

from __future__ import annotations

from collections.abc import Sequence

from cqpengine.findings import Finding
from cqpengine.reporters.base import get_reporter, reporter_names


def findings_formats() -> tuple[str, ...]:
    """Every format findings can be printed in, in the order ``--help`` lists them."""
    return reporter_names("findings")


def is_document_format(kind: str, name: str) -> bool:
    """True when the reporter ``(kind, name)`` makes one document: nothing else may share its stream."""
    return get_reporter(kind, name).document


#: Every format findings can be printed in, in the order ``--help`` lists them (from the registry).
FORMATS = findings_formats()

#: Formats that make one document (a JSON value): nothing else may be printed on their stream.
DOCUMENT_FORMATS = frozenset(name for name in FORMATS if is_document_format("findings", name))


def format_findings(findings: Sequence[Finding], output_format: str) -> str:
    """``findings`` as text in ``output_format`` (one of :func:`findings_formats`)."""
    text = get_reporter("findings", output_format).render(findings)
    assert isinstance(text, str)
    return text
