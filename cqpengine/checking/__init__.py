"""The checker stage: loader → schema → consistency rules → :class:`CheckResult`.

:func:`check_paths` is what ``cqp validate`` runs and what every other command runs before
using a referential: all findings of all files in one pass, never stopping at the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cqpengine.checking.rules import RuleContext, run_rules
from cqpengine.checking.schema import schema_findings
from cqpengine.checking.writing import folded_lines, pasted_marks
from cqpengine.findings import Finding, Severity
from cqpengine.loading.workspace import SourceDocument, Workspace, discover, load_workspace
from cqpengine.model import Referential, resolve

REFERENTIAL_SCHEMA = "referential.schema.json"


@dataclass
class CheckResult:
    """Everything one check found, and the referentials that came through without error."""

    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    referentials: list[Referential] = field(default_factory=list)
    #: Files (targets) that have at least one error.
    failed_files: set[Path] = field(default_factory=set)
    #: Every file read: the targets and the files beside them (outputs must never overwrite one).
    inputs: list[Path] = field(default_factory=list)
    #: Files that could not be loaded at all (targets and their neighbours).
    unreadable: list[Path] = field(default_factory=list)
    #: Certification keys (``id@version``) whose file has errors, and that file.
    failed_keys: dict[str, Path] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    def ok(self, *, strict: bool = False) -> bool:
        return self.errors == 0 and (not strict or self.warnings == 0)


def check_paths(paths: Sequence[Path]) -> CheckResult:
    """Check every referential file under ``paths``; raises PathNotFoundError for a missing path."""
    targets, context = discover(paths)
    result = check_workspace(load_workspace(targets, context))
    result.files = targets
    result.inputs = [*targets, *context]
    return result


def _check_document(document: SourceDocument, workspace: Workspace) -> tuple[list[Finding], Referential | None]:
    findings: list[Finding] = []
    referential = None
    if document.kind == "certification":
        referential, resolve_findings = resolve(document, workspace)
        findings.extend(resolve_findings)
    findings.extend(run_rules(RuleContext(document, referential, workspace)))
    return findings, referential


def _link_superseded(referentials: list[Referential], workspace: Workspace) -> None:
    """Give each referential the version it supersedes, resolved (the correspondance table prints both)."""
    by_key = {ref.key: ref for ref in referentials}
    for referential in referentials:
        superseded = referential.data.get("supersedes")
        if superseded is None:
            continue
        key = f"{superseded.get('id', referential.id)}@{superseded['version']}"
        earlier = by_key.get(key)
        if earlier is None:
            document = workspace.valid(key)
            if document is None or document.kind != "certification":
                continue
            earlier, findings = resolve(document, workspace)
            if findings:
                continue
        referential.superseded = earlier


def check_workspace(workspace: Workspace) -> CheckResult:
    """Run all layers on a loaded workspace; only the targets' findings are reported."""
    result = CheckResult(files=[doc.path for doc in workspace.targets], unreadable=workspace.unreadable)
    collected: list[Finding] = []
    for failure in workspace.failures:
        collected.append(Finding.at(failure.path, failure.error.mark, failure.error.code, failure.error.message))
        result.failed_files.add(failure.path)
    targets = {id(doc) for doc in workspace.targets}
    for document in workspace.documents:
        found = schema_findings(document.yaml, REFERENTIAL_SCHEMA)
        document.schema_ok = not found
        if id(document) in targets:
            collected.extend(found)
            collected.extend(folded_lines(document.yaml))
            collected.extend(pasted_marks(document.yaml))
            if found:
                result.failed_files.add(document.path)
    for document in workspace.targets:
        if not document.schema_ok:
            continue
        found, referential = _check_document(document, workspace)
        collected.extend(found)
        if any(f.severity is Severity.ERROR for f in found):
            result.failed_files.add(document.path)
        elif referential is not None:
            result.referentials.append(referential)
    _link_superseded(result.referentials, workspace)
    result.findings = sorted(set(collected), key=Finding.sort_key)
    for document in workspace.targets:
        if document.path in result.failed_files and document.key is not None and document.kind == "certification":
            result.failed_keys[document.key] = document.path
    return result
