"""Findings as GitHub Actions workflow commands, which GitHub shows as annotations on the lines at fault.

One line per finding: ``::error file=F,line=L,col=C,title=T::MESSAGE`` (``::warning`` for a
warning). In the message ``%``, CR and LF are escaped as ``%25``, ``%0D`` and ``%0A``; in the
property values ``:`` and ``,`` are escaped too (``%3A``, ``%2C``), as the Actions runner expects.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from cqpengine.findings import CATALOG, Finding
from cqpengine.reporters.paths import display_path, relative_to


def escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as a message, and ``:`` and ``,`` escaped too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, properties: Mapping[str, str | int], message: str) -> str:
    """``::command key=value,…::message``, every part escaped."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{command} {props}::{escape_data(message)}"


def annotation_path(file: str, environ: Mapping[str, str] | None = None) -> str:
    """The path GitHub relates to the repository: relative to ``GITHUB_WORKSPACE`` when the file is in it.

    Outside Actions (or for a file outside the workspace), relative to the working directory.
    """
    workspace = (os.environ if environ is None else environ).get("GITHUB_WORKSPACE")
    if workspace:
        relative = relative_to(file, Path(workspace))
        if relative is not None:
            return str(relative)
    return display_path(file)


def title(finding: Finding) -> str:
    """The annotation's title: the rule code and what the rule checks."""
    rule = CATALOG.get(finding.code)
    return f"{finding.code}: {rule.summary}" if rule is not None else finding.code


def format_github(findings: Sequence[Finding], environ: Mapping[str, str] | None = None) -> str:
    """One workflow command per finding, ``::error`` or ``::warning``."""
    lines = []
    for finding in findings:
        properties: dict[str, str | int] = {
            "file": annotation_path(finding.file, environ),
            "line": finding.line,
            "col": finding.column,
            "title": title(finding),
        }
        lines.append(workflow_command(str(finding.severity), properties, finding.message + finding.where) + "\n")
    return "".join(lines)
