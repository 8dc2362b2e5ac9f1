"""Findings as a SARIF 2.1.0 log, the format GitHub code scanning and other tools ingest.

One run of the tool ``cqp``: every rule of the catalog (``cqp validate --list-rules``) in
``tool.driver.rules`` with its description and default level, then one result per finding with its
rule, level, message and location (the file as a URI relative to the working directory, the
1-based line and column, and the JSON path as a logical location). The output depends only on the
findings and the working directory: no time stamp, no random id, so two runs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from cqpengine import __version__
from cqpengine.findings import CATALOG, Finding
from cqpengine.reporters.paths import file_uri

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
#: Name of the partial fingerprint that identifies a finding across runs, whatever lines move.
FINGERPRINT = "cqpFinding/v1"

_RULE_INDEX = {code: index for index, code in enumerate(CATALOG)}


def rules() -> list[dict[str, Any]]:
    """Every rule of the catalog, as SARIF reporting descriptors, in catalog order."""
    return [
        {
            "id": rule.code,
            "shortDescription": {"text": rule.summary},
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
    return entry


def sarif_log(findings: Sequence[Finding]) -> dict[str, Any]:
    """The SARIF log of one run of ``cqp`` that found ``findings``."""
    return {
        "$schema": SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": {"name": "cqp", "version": __version__, "rules": rules()}},
                "columnKind": "unicodeCodePoints",
                "results": [result(finding) for finding in findings],
            }
        ],
    }


def format_sarif(findings: Sequence[Finding]) -> str:
    """The SARIF log as indented JSON (UTF-8 text, not ASCII-escaped)."""
    return json.dumps(sarif_log(findings), ensure_ascii=False, indent=2) + "\n"
