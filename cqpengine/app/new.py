"""The new use cases (``cqp new``): a new certification from a skeleton, a new version from an old one.

Each writes one file, never over an existing one, and returns what it wrote.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cqpengine.app.inputs import check_referentials
from cqpengine.authoring import certification_text, default_file_name, version_text
from cqpengine.errors import UsageError
from cqpengine.i18n import _
from cqpengine.output import check_output_file, write_atomic
from cqpengine.resources import data_dir
from cqpengine.suggest import did_you_mean


@dataclass(frozen=True)
class NewCertification:
    """A certification skeleton written to :attr:`file`."""

    file: Path
    key: str
    generation: str


@dataclass(frozen=True)
class NewVersion:
    """A new version written to :attr:`file`, superseding :attr:`old` with its units mapped onto themselves."""

    file: Path
    new: str
    old: str
    units: int


def _default_folder() -> Path:
    local = Path("referentials")
    return local if local.is_dir() else Path()


def write_new(output: Path, text: str) -> None:
    """Write a new file atomically (its folder made if needed); a usage error if it already exists.

    Never into the shipped templates or schema folders, like every output.
    """
    check_output_file(output, folders=[(data_dir(name), name) for name in ("templates", "schema")])
    exists = UsageError(_("{file} already exists: give another file with -o, or remove it first").format(file=output))
    if output.exists():
        raise exists
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        try:
            write_atomic(output, text.encode("utf-8"), replace=False)
        except FileExistsError:  # made since the check above: left alone
            raise exists from None
    except OSError as error:
        raise UsageError(
            _("cannot write {file}: {reason}").format(file=output, reason=error.strerror or error)
        ) from None


def new_certification(
    identifier: str,
    generation: str,
    *,
    title: str | None = None,
    version: str | None = None,
    output: Path | None = None,
) -> NewCertification:
    """Write the skeleton of certification ``identifier`` (default file ``./referentials/ID.yaml``)."""
    version = version or str(datetime.date.today().year)
    output = output or _default_folder() / default_file_name(identifier)
    write_new(output, certification_text(identifier, generation, title, version, output))
    return NewCertification(output, f"{identifier}@{version}", generation)


def new_version(new_key: str, old_key: str, paths: Sequence[Path] = (), output: Path | None = None) -> NewVersion:
    """Copy ``old_key`` as the draft ``new_key`` that supersedes it (default file: beside the old one)."""
    identifier, _sep, new_version_label = new_key.partition("@")
    if not new_version_label or "@" not in old_key:
        raise UsageError(
            _("give both versions as id@version, e.g. cqp new version charge-accueil@2027 --from charge-accueil@RNCP")
        )
    if old_key.partition("@")[0] != identifier:
        raise UsageError(
            _("{new} and {old} are two different certifications: a new version keeps the id").format(
                new=new_key, old=old_key
            )
        )
    result = check_referentials(paths)
    by_key = {ref.key: ref for ref in result.referentials}
    if new_key in {*by_key, *result.failed_keys}:
        raise UsageError(_("{key} already exists: give the new version another label").format(key=new_key))
    old = by_key.get(old_key)
    if old is None:
        problem = (
            _("{key} has validation errors: run 'cqp validate' first").format(key=old_key)
            if old_key in result.failed_keys
            else _("unknown version {key}").format(key=old_key)
            + did_you_mean(old_key, sorted(by_key))
            + _unread(result.failed_files - {path for path in result.failed_keys.values()})
        )
        raise UsageError(problem)
    source_path = old.file.path
    output = output or source_path.parent / default_file_name(identifier, new_version_label)
    # A new version belongs beside the referentials it is read with: only an existing file is refused.
    write_new(output, version_text(source_path.read_text(encoding="utf-8"), old, new_version_label))
    return NewVersion(output, new_key, old_key, len(old.units))


def _unread(files: set[Path]) -> str:
    """``; files with errors: …`` when files that hold no certification the check could name failed."""
    if not files:
        return ""
    return _("; files with errors: {files}").format(files=", ".join(map(str, sorted(files))))
