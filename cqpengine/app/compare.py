"""The compare use case (``cqp diff``): two versions of a certification, or a file and its git history.

:func:`compare_versions` checks the referentials, picks the two versions the request names and
compares them; :func:`compare_with_revision` compares a referential file with its state in a git
revision, each side resolved with the files beside it. Both return a :class:`Compared`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cqpengine.app.inputs import InvalidInput, check_referentials
from cqpengine.checking import CheckResult, check_paths, check_workspace
from cqpengine.documents.labels import unit_label
from cqpengine.errors import FindingsError, UsageError
from cqpengine.findings import Severity
from cqpengine.i18n import _
from cqpengine.loading.gitrev import file_at_revision
from cqpengine.loading.marks import YamlLoadError
from cqpengine.loading.workspace import ReferentialFile, load_workspace, require_file
from cqpengine.loading.yamlio import load_yaml_text, require_mapping
from cqpengine.model import Referential
from cqpengine.versions.compare import WORKING_COPY, Comparison, compare
from cqpengine.versions.select import select_versions


@dataclass
class Compared:
    """A comparison, the files it read (no output may replace them) and what to tell the reader first."""

    comparison: Comparison
    inputs: list[Path]
    #: One-line notes for stderr (a request that named the newer version first).
    notes: list[str] = field(default_factory=list)


def compare_referentials(old: Referential, new: Referential) -> Comparison:
    """:func:`cqpengine.versions.compare.compare`, units named as the documents name them."""
    return compare(old, new, unit_label)


def compare_versions(paths: Sequence[Path], old: str, new: str | None) -> Compared:
    """``old`` and ``new`` (``id@version``; ``new`` None: ``old``'s active version and the one it supersedes)."""
    result = check_referentials(paths)
    pair = select_versions(result.referentials, sorted(result.failed_files), old, new)
    notes = []
    if pair.reversed:
        notes.append(
            _("cqp: {old} supersedes {new}: comparing from the newer version to the older").format(
                old=pair.old.key, new=pair.new.key
            )
        )
    return Compared(compare_referentials(pair.old, pair.new), list(result.inputs), notes)


def compare_with_revision(revision: str, file: Path) -> Compared:
    """``file`` now against its state in ``revision``, each resolved with the files beside it."""
    require_file(file)
    text = file_at_revision(revision, file)
    label = Path(f"{file}@{revision}")
    try:
        parsed = load_yaml_text(text, label)
        require_mapping(parsed, _("a referential"))
    except YamlLoadError as error:
        raise FindingsError(f"{label}:{error.mark.line}:{error.mark.column}: {error.message}") from None
    current = check_paths([file])
    siblings = [path for path in current.inputs if path.resolve() != file.resolve()]
    workspace = load_workspace([], siblings)
    workspace.add(ReferentialFile(label, parsed), target=True)
    earlier = check_workspace(workspace)
    _require_comparable(earlier, _("{file} in {revision}").format(file=file, revision=revision))
    _require_comparable(current, str(file))
    comparison = compare_referentials(earlier.referentials[0], current.referentials[0])
    comparison.old_name, comparison.new_name = revision, WORKING_COPY
    return Compared(comparison, list(current.inputs))


def _require_comparable(result: CheckResult, name: str) -> None:
    if not result.ok():
        raise InvalidInput(
            _("{name} has validation errors: fix them to compare").format(name=name),
            [f for f in result.findings if f.severity == Severity.ERROR],
        )
    if not result.referentials:
        raise UsageError(
            _("{name} is not a certification (a unit library has no versions to compare)").format(name=name)
        )
