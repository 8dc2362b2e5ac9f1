"""Reporter stage: findings in the format a person or a tool asked for.

``cqp validate --format`` and ``cqp decide --findings-format`` offer the same :data:`FORMATS`:
``text`` and ``json`` (:mod:`cqpengine.reporting`), ``github`` (workflow commands that GitHub
Actions shows as annotations, :mod:`cqpengine.reporters.github`) and ``sarif`` (SARIF 2.1.0 for
code scanning, :mod:`cqpengine.reporters.sarif`).
"""

from __future__ import annotations

from collections.abc import Sequence

from cqpengine.findings import Finding

#: Every format findings can be printed in, in the order ``--help`` lists them.
FORMATS = ("text", "json", "github", "sarif")

#: Formats that make one document (a JSON value): nothing else may be printed on their stream.
DOCUMENT_FORMATS = frozenset({"json", "sarif"})


def format_findings(findings: Sequence[Finding], output_format: str) -> str:
    """``findings`` as text in ``output_format`` (one of :data:`FORMATS`)."""
    from cqpengine import reporting  # noqa: PLC0415 - reporting stays the home of text and JSON
    from cqpengine.reporters import github, sarif  # noqa: PLC0415

    if output_format == "text":
        return reporting.format_text(findings)
    if output_format == "json":
        return reporting.format_json(findings)
    if output_format == "github":
        return github.format_github(findings)
    if output_format == "sarif":
        return sarif.format_sarif(findings)
    raise ValueError(f"unknown findings format {output_format!r}")
