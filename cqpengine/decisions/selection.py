"""The certification version a candidate file names, among the referentials loaded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from cqpengine.decisions.candidate import CandidateFile
from cqpengine.findings import Finding
from cqpengine.i18n import _
from cqpengine.model import Referential


def select_referential(
    candidate: CandidateFile,
    referentials: Sequence[Referential],
    invalid: Mapping[str, Path] | None = None,
    unreadable: Sequence[Path] = (),
) -> Referential | Finding:
    """The certification version the file names (the active one when it names no version).

    ``invalid`` (``id@version`` → file) lists versions left out because their referential has errors:
    naming one is reported as such, not as an unknown certification. ``unreadable`` files (that could
    not be loaded) are named when the certification or version is not found, as it may be in one.
    """
    hint = (
        _("; referential files that could not be read: {files}").format(files=", ".join(map(str, unreadable)))
        if unreadable
        else ""
    )
    wanted = candidate.data["certification"]
    ident = str(wanted["id"])
    named = wanted.get("version")
    broken = [
        (key, path)
        for key, path in (invalid or {}).items()
        if key.partition("@")[0] == ident and (named is None or key == f"{ident}@{named}")
    ]
    if broken and (named is not None or not any(r.id == ident for r in referentials)):
        key, path = broken[0]
        return candidate.finding(
            "CQP201",
            _("{key} cannot be used: its referential {file} has errors (run cqp validate)").format(key=key, file=path),
            ("certification",),
        )
    versions = [r for r in referentials if r.id == ident]
    if not versions:
        known = ", ".join(sorted({r.id for r in referentials})) or _("none")
        return candidate.finding(
            "CQP201",
            _("unknown certification (certifications: {known}){hint}").format(known=known, hint=hint),
            ("certification", "id"),
        )
    listed = ", ".join(sorted(r.version for r in versions))
    if named is None:
        active = [r for r in versions if r.data["status"] == "active"]
        if len(active) == 1:
            return active[0]
        return candidate.finding(
            "CQP201",
            _("certification {id!r} has no active version: give certification.version (versions: {versions})").format(
                id=ident, versions=listed
            ),
            ("certification",),
        )
    version = named
    for referential in versions:
        if referential.version == version:
            return referential
    return candidate.finding(
        "CQP201",
        _("certification {id!r} has no such version (versions: {versions}){hint}").format(
            id=ident, versions=listed, hint=hint
        ),
        ("certification", "version"),
    )
