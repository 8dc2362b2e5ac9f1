"""The checker stage: loader → schema → consistency rules → :class:`CheckResult`.

:func:`check_paths` is what ``cqp validate`` runs and what every other command runs before
using a referential: all findings of all files in one pass, never stopping at the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from cqpengine.checking.rules import RuleContext, run_rules
from cqpengine.checking.schema import schema_findings
from cqpengine.checking.writing import folded_lines, pasted_marks
from cqpengine.findings import Finding, Severity
from cqpengine.loading.workspace import ReferentialFile, Workspace, discover, load_workspace
from cqpengine.model import Referential, SchemaValid, resolve

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
    return check_discovered(*discover(paths))


def check_discovered(targets: list[Path], context: list[Path]) -> CheckResult:
    """Check the files :func:`~cqpengine.loading.workspace.discover` found: the targets, with their context."""
    result = check_workspace(load_workspace(targets, context))
    result.files = targets
    result.inputs = [*targets, *context]
    return result


class _SchemaVerdicts:
    """Which files of a workspace match the schema: the checker's answer, kept here, not on the files."""

    def __init__(self) -> None:
        self._valid: set[int] = set()

    def record(self, file: ReferentialFile, valid: bool) -> None:
        if valid:
            self._valid.add(id(file))

    def __call__(self, file: ReferentialFile) -> bool:
        return id(file) in self._valid


def _check_document(
    document: ReferentialFile, workspace: Workspace, schema_valid: SchemaValid
) -> tuple[list[Finding], Referential | None]:
    findings: list[Finding] = []
    referential = None
    if document.kind == "certification":
        referential, resolve_findings = resolve(document, workspace, schema_valid)
        findings.extend(resolve_findings)
    findings.extend(run_rules(RuleContext(document, referential, workspace, schema_valid)))
    return findings, referential


def _with_superseded(
    referentials: list[Referential], workspace: Workspace, schema_valid: SchemaValid
) -> list[Referential]:
    """Each referential with the version it supersedes, resolved (the correspondance table prints both).

    New objects: the referentials resolved before are left as they are.
    """
    by_key = {ref.key: ref for ref in referentials}
    linked: dict[str, Referential] = {}

    def link(referential: Referential, seen: frozenset[str]) -> Referential:
        if referential.key in linked:
            return linked[referential.key]
        superseded = referential.data.get("supersedes")
        earlier: Referential | None = None
        if superseded is not None:
            key = f"{superseded.get('id', referential.id)}@{superseded['version']}"
            if key in by_key:
                earlier = by_key[key] if key in seen else link(by_key[key], seen | {referential.key})
            else:
                document = workspace.valid(key, schema_valid)
                if document is not None and document.kind == "certification":
                    resolved, findings = resolve(document, workspace, schema_valid)
                    earlier = None if findings else resolved
        result = replace(referential, superseded=earlier) if earlier is not None else referential
        if referential.key in by_key and by_key[referential.key] is referential:
            linked[referential.key] = result
        return result

    return [link(referential, frozenset()) for referential in referentials]


def check_workspace(workspace: Workspace) -> CheckResult:
    """Run all layers on a loaded workspace; only the targets' findings are reported."""
    result = CheckResult(files=[doc.path for doc in workspace.targets], unreadable=workspace.unreadable)
    collected: list[Finding] = []
    for failure in workspace.failures:
        collected.append(Finding.at(failure.path, failure.error.mark, failure.error.code, failure.error.message))
        result.failed_files.add(failure.path)
    targets = {id(doc) for doc in workspace.targets}
    schema_valid = _SchemaVerdicts()
    for document in workspace.files:
        found = schema_findings(document.yaml, REFERENTIAL_SCHEMA)
        schema_valid.record(document, not found)
        if id(document) in targets:
            collected.extend(found)
            collected.extend(folded_lines(document.yaml))
            collected.extend(pasted_marks(document.yaml))
            if found:
                result.failed_files.add(document.path)
    for document in workspace.targets:
        if not schema_valid(document):
            continue
        found, referential = _check_document(document, workspace, schema_valid)
        collected.extend(found)
        if any(f.severity is Severity.ERROR for f in found):
            result.failed_files.add(document.path)
        elif referential is not None:
            result.referentials.append(referential)
    result.referentials = _with_superseded(result.referentials, workspace, schema_valid)
    result.findings = sorted(set(collected), key=Finding.sort_key)
    for document in workspace.targets:
        if document.path in result.failed_files and document.key is not None and document.kind == "certification":
            result.failed_keys[document.key] = document.path
    return result
