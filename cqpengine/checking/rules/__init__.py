"""Consistency rules: what the JSON Schema cannot say about a referential.

Each rule is a function registered with :func:`rule` under a code of
:data:`cqpengine.findings.CATALOG`. Rules receive a :class:`RuleContext` (the schema-valid
document, its resolved :class:`~cqpengine.model.Referential` for certifications, and the
workspace) and yield findings. Rules whose subject a certification documents as a known gap
(``gaps:``) report a warning that quotes the reason instead of an error.

The rules live in three modules, registered in this order (the order findings keep):
:mod:`.identity` (ids, versions and equivalences), :mod:`.units` (what each unit holds, its
number, who decides) and :mod:`.values` (scales, figures, gaps, documents, placeholders).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cqpengine.findings import Finding, Severity
from cqpengine.i18n import _
from cqpengine.loading.workspace import ReferentialFile, Workspace
from cqpengine.model import Location, Referential, SchemaValid
from cqpengine.positions import JsonPath


@dataclass
class RuleContext:
    """What a rule may look at."""

    file: ReferentialFile
    referential: Referential | None
    workspace: Workspace
    #: Which files of the workspace match the schema (their data may be read).
    schema_valid: SchemaValid

    def valid(self, key: str) -> ReferentialFile | None:
        """The file with this key when it matches the schema."""
        return self.workspace.valid(key, self.schema_valid)

    def location(self, path: JsonPath) -> Location:
        return Location(self.file, path)


RuleFunction = Callable[[RuleContext], Iterator[Finding]]
#: Consistency rules, by code, in the order they run.
RULES: dict[str, RuleFunction] = {}


def rule(code: str) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        RULES[code] = function
        return function

    return register


def run_rules(context: RuleContext) -> list[Finding]:
    findings: list[Finding] = []
    for function in RULES.values():
        findings.extend(function(context))
    return findings


def gap_or_error(
    referential: Referential, what: str, site: Location, code: str, message: str, unit_id: str | None = None
) -> Finding:
    """An error at ``site``, or a warning when the certification documents the gap in ``gaps:``."""
    index = referential.documented_gap(what, unit_id)
    if index is None:
        return site.finding(code, message)
    line = referential.location(("gaps", index)).mark.line
    message = _("{message} (documented gap, line {line})").format(message=message, line=line)
    reason = referential.data["gaps"][index]["reason"]
    return site.finding(code, message, severity=Severity.WARNING, gap=reason)


# The rules register themselves when their module is imported, in this order.
from cqpengine.checking.rules import identity, units, values  # noqa: E402

__all__ = ["RULES", "RuleContext", "gap_or_error", "identity", "rule", "run_rules", "units", "values"]
