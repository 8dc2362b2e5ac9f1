"""Reporter stage: findings as text lines or as a JSON array."""

from __future__ import annotations

import json
from collections.abc import Sequence

from cqpengine.findings import Finding


def format_text(findings: Sequence[Finding]) -> str:
    """One ``path:line:column: severity CODE: message`` line per finding."""
    return "".join(finding.format_text() + "\n" for finding in findings)


def format_json(findings: Sequence[Finding]) -> str:
    """The findings as a JSON array of objects (file, line, column, severity, code, message, path)."""
    return json.dumps([finding.to_json() for finding in findings], ensure_ascii=False, indent=2) + "\n"


def summary(files: int, errors: int, warnings: int) -> str:
    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    return f"{plural(files, 'file')} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}"
