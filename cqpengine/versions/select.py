"""Which two versions a request names: ``id@old id@new``, or an id and the version it supersedes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cqpengine.errors import UsageError
from cqpengine.i18n import _
from cqpengine.model import Referential


def superseded_key(referential: Referential) -> str | None:
    """``id@version`` of the version ``referential`` supersedes, if any."""
    superseded = referential.data.get("supersedes")
    return f"{superseded.get('id', referential.id)}@{superseded['version']}" if superseded is not None else None


@dataclass(frozen=True)
class Pair:
    """The two versions to compare, as the request named them; ``reversed`` when ``old`` supersedes ``new``."""

    old: Referential
    new: Referential
    reversed: bool = False


def select_versions(
    referentials: Sequence[Referential], failed_files: Sequence[Path], old: str, new: str | None
) -> Pair:
    """The versions ``old`` and ``new`` name (``new`` None: ``old``'s active version and the one it supersedes).

    Raises :class:`~cqpengine.errors.UsageError` for an unknown version, a version that supersedes
    none, or two different certifications.
    """
    by_key = {ref.key: ref for ref in referentials}
    if new is None:
        active = (ref.key for ref in referentials if ref.id == old and ref.data["status"] == "active")
        newer_key = old if "@" in old else next(active, None)
        newest = by_key.get(newer_key or "")
        if newest is None:
            raise UsageError(
                _("no valid active version of {old!r} (known: {known})").format(
                    old=old, known=", ".join(sorted(by_key))
                )
            )
        superseded = superseded_key(newest)
        if superseded is None:
            raise UsageError(
                _("{key} supersedes no other version: name the two versions to compare").format(key=newest.key)
            )
        old, new = superseded, newest.key
    missing = [key for key in (old, new) if key not in by_key]
    if missing:
        failed = (
            _("; files with errors: {files}").format(files=", ".join(map(str, sorted(failed_files))))
            if failed_files
            else ""
        )
        raise UsageError(
            _("unknown or invalid version {versions} (known: {known}){failed}").format(
                versions=", ".join(missing), known=", ".join(sorted(by_key)), failed=failed
            )
        )
    older, newer = by_key[old], by_key[new]
    if superseded_key(older) == newer.key:
        return Pair(older, newer, reversed=True)
    if superseded_key(newer) != older.key and older.id != newer.id:
        raise UsageError(
            _(
                "{old} and {new} are two different certifications: compare two versions of one "
                "certification, or a version with the one it supersedes"
            ).format(old=older.key, new=newer.key)
        )
    return Pair(older, newer)
