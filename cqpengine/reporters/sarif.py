"""Findings as a SARIF 2.1.0 log, the format GitHub code scanning and other tools ingest.

One run of the tool ``cqp`` (with its ``informationUri``): every rule of the catalog (``cqp validate
--list-rules``) in ``tool.driver.rules`` with its descriptions, help and default level, then one
result per finding with its rule, level, message and location (the file as a URI relative to the
working directory, the 1-based line and column, and the JSON path as a logical location). A gap the
certification documents (``gaps:``) is a result with an ``inSource`` suppression whose
justification is the gap's reason: code scanning lists it as dismissed rather than as an alert. The
output depends only on the findings and the working directory: no time stamp, no random id, so two
runs give the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from cqpengine import __version__
from cqpengine.findings import CATALOG, Finding, Rule, Severity
from cqpengine.i18n import _
from cqpengine.reporters.base import json_document
from cqpengine.reporters.paths import file_uri

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
#: Where to learn about the tool (``tool.driver.informationUri``): the package's page on PyPI.
INFORMATION_URI = "https://pypi.org/project/cqpengine/"
#: Name of the partial fingerprint that identifies a finding across runs, whatever lines move.
FINGERPRINT = "cqpFinding/v1"

_RULE_INDEX = {code: index for index, code in enumerate(CATALOG)}


def _severity_text(rule: Rule) -> str:
    if rule.severity == Severity.ERROR:
        return _("An error: the referential is refused (cqp validate exits 1) until it is corrected.")
    return _("A warning: shown with --show-warnings, an error with --strict; a documented gap is reported as such.")


def _help(rule: Rule) -> dict[str, str]:
    """What to do about a finding of ``rule``, as plain text and as Markdown (GitHub shows the latter)."""
    steps = _(
        "The message of each finding says which value is at fault and what to change, at file:line:column "
        "and [at the JSON path]. Correct the YAML there and run cqp validate again."
    )
    gap = _(
        "If what is missing is missing from the branch's sources too, document it in the certification's "
        "gaps: list with the reason; the finding then becomes a warning that quotes it."
    )
    listing = _("cqp validate --list-rules lists every rule.")
    summary = _(rule.summary)
    text = f"{rule.code}: {summary}.\n\n{steps}\n\n{gap}\n\n{listing}"
    markdown = f"**{rule.code}**: {summary}.\n\n{steps}\n\n{gap}\n\n`cqp validate --list-rules`: {listing}"
    return {"text": text, "markdown": markdown}


def rules() -> list[dict[str, Any]]:
    """Every rule of the catalog, as SARIF reporting descriptors, in catalog order.

    Each has the short and full descriptions and the help (text and Markdown) that GitHub code
    scanning requires (sarif-multitool's GH2012).
    """
    return [
        {
            "id": rule.code,
            "shortDescription": {"text": _(rule.summary)},
            "fullDescription": {"text": f"{_(rule.summary)}. {_severity_text(rule)}"},
            "help": _help(rule),
            "defaultConfiguration": {"level": str(rule.severity)},
        }
        for rule in CATALOG.values()
    ]


def fingerprint(finding: Finding, uri: str) -> str:
    """A stable id of the finding: its rule, file, JSON path (or position) and message, not its line.

    A finding with a JSON path keeps its id when lines are added above it, so code scanning sees the
    same alert; a loading error (no path) is identified by its position.
    """
    where = finding.path if finding.path is not None else f"{finding.line}:{finding.column}"
    key = "\0".join((finding.code, uri, where, finding.message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def result(finding: Finding) -> dict[str, Any]:
    """One SARIF result for ``finding``."""
    uri = file_uri(finding.file)
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": {"startLine": finding.line, "startColumn": finding.column},
        }
    }
    if finding.path is not None:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.path}]
    entry: dict[str, Any] = {"ruleId": finding.code}
    if finding.code in _RULE_INDEX:
        entry["ruleIndex"] = _RULE_INDEX[finding.code]
    entry.update(
        {
            "level": str(finding.severity),
            "message": {"text": finding.message + finding.where},
            "locations": [location],
            "partialFingerprints": {FINGERPRINT: fingerprint(finding, uri)},
        }
    )
    if finding.gap is not None:
        # A gap the certification documents is known and explained: not an alert to act on.
        entry["suppressions"] = [{"kind": "inSource", "justification": finding.gap}]
    return entry


def sarif_log(findings: Sequence[Finding]) -> dict[str, Any]:
    """The SARIF log of one run of ``cqp`` that found ``findings``."""
    return {
        "$schema": SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cqp",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules(),
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [result(finding) for finding in findings],
            }
        ],
    }


def format_sarif(findings: Sequence[Finding]) -> str:
    """The SARIF log as indented JSON (UTF-8 text, not ASCII-escaped)."""
    return json_document(sarif_log(findings))
