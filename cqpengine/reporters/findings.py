"""The findings reporters: text an editor can read, a JSON array, GitHub annotations, SARIF.

``cqp validate --format`` and ``cqp decide --findings-format`` offer the same formats, registered
here under the kind ``"findings"``: ``text`` and ``json`` (below), ``github`` (workflow commands
that GitHub Actions shows as annotations, :mod:`cqpengine.reporters.github`) and ``sarif`` (SARIF
2.1.0 for code scanning, :mod:`cqpengine.reporters.sarif`).

The text report puts errors first, grouped by file, then the warnings to look at. Warnings the
referential already accounts for — a rule finding its ``gaps:`` documents (a code that is an
error by default, lowered to a warning) and placeholders left to fill (CQP112) — are counted
on one line unless asked for (``--show-warnings``), so that one's own error is not buried under
known gaps. ``--strict`` still counts them all; the JSON report always lists them all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from cqpengine.findings import CATALOG, Finding, Severity
from cqpengine.i18n import _, ngettext
from cqpengine.reporters.base import Reporter, json_document, register
from cqpengine.reporters.github import format_github
from cqpengine.reporters.sarif import format_sarif

PLACEHOLDER = "CQP112"


def is_known(finding: Finding) -> bool:
    """A warning the referential accounts for: a documented gap or a placeholder left to fill."""
    if finding.severity is not Severity.WARNING:
        return False
    rule = CATALOG.get(finding.code)
    return finding.code == PLACEHOLDER or (rule is not None and rule.severity is Severity.ERROR)


def _grouped(findings: Sequence[Finding]) -> str:
    return "".join(finding.format_text() + "\n" for finding in sorted(findings, key=Finding.sort_key))


def format_text(findings: Sequence[Finding], *, show_all: bool = True) -> str:
    """Errors first, then warnings, each grouped by file, one finding a line.

    With ``show_all=False`` the known warnings (see :func:`is_known`) are left out; :func:`hidden_summary`
    counts them.
    """
    errors = [f for f in findings if f.severity is Severity.ERROR]
    warnings = [f for f in findings if f.severity is not Severity.ERROR and (show_all or not is_known(f))]
    return _grouped(errors) + _grouped(warnings)


def hidden_summary(findings: Sequence[Finding]) -> str | None:
    """One line counting the known warnings left out of the text report, or None when there are none."""
    hidden = [f for f in findings if is_known(f)]
    if not hidden:
        return None
    placeholders = sum(1 for f in hidden if f.code == PLACEHOLDER)
    gaps = Counter(f.code for f in hidden if f.code != PLACEHOLDER)
    parts = []
    if gaps:
        detail = ", ".join(f"{code} ×{count}" for code, count in sorted(gaps.items()))
        parts.append(
            ngettext("{count} documented gap ({detail})", "{count} documented gaps ({detail})", gaps.total()).format(
                count=gaps.total(), detail=detail
            )
        )
    if placeholders:
        parts.append(
            ngettext("{count} placeholder (CQP112)", "{count} placeholders (CQP112)", placeholders).format(
                count=placeholders
            )
        )
    return _("not shown: {what}; see them with --show-warnings").format(what=", ".join(parts))


def format_json(findings: Sequence[Finding]) -> str:
    """The findings as a JSON array of objects (file, line, column, severity, code, message, path)."""
    return json_document([finding.to_json() for finding in findings])


def summary(files: int, errors: int, warnings: int) -> str:
    """``3 files checked: 1 error, 2 warnings``."""
    return _("{files}: {errors}, {warnings}").format(
        files=ngettext("{count} file checked", "{count} files checked", files).format(count=files),
        errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
        warnings=ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
    )


@register
class TextFindings(Reporter[Sequence[Finding]]):
    """Errors first, then warnings, grouped by file (every warning shown)."""

    kind = "findings"
    name = "text"

    def render(self, result: Sequence[Finding]) -> str:
        return format_text(result)


@register
class JsonFindings(Reporter[Sequence[Finding]]):
    """A JSON array of every finding."""

    kind = "findings"
    name = "json"
    document = True

    def render(self, result: Sequence[Finding]) -> str:
        return format_json(result)


@register
class GithubFindings(Reporter[Sequence[Finding]]):
    """GitHub Actions workflow commands, one per finding."""

    kind = "findings"
    name = "github"

    def render(self, result: Sequence[Finding]) -> str:
        return format_github(result)


@register
class SarifFindings(Reporter[Sequence[Finding]]):
    """A SARIF 2.1.0 log."""

    kind = "findings"
    name = "sarif"
    document = True

    def render(self, result: Sequence[Finding]) -> str:
        return format_sarif(result)
