"""A file's content in a git revision, through the ``git`` command (for ``cqp diff --against``).

``git`` runs without a shell, with the revision checked to be a revision (not an option) and the
file named relative to its own folder (``REV:./name``), so git itself resolves it inside the
repository. Every failure — no ``git``, not a repository, unknown revision, file absent from that
revision — is one :class:`GitError` sentence.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from cqpengine.errors import UsageError
from cqpengine.i18n import _
from cqpengine.loading.text import MAX_FILE_BYTES

#: What a revision may look like: names, hashes, ``HEAD~2``, ``main^``, ``v1.0``, ``@{1}``…
_REVISION = re.compile(r"^[A-Za-z0-9@][A-Za-z0-9._/@{}~^-]{0,199}$")


class GitError(UsageError):
    """The file cannot be read at that revision; the message says why."""


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise GitError(_("git is not installed: --against needs git to read the file's earlier state"))
    try:
        return subprocess.run([git, "-C", str(folder), *args], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(_("cannot run git: {error}").format(error=error)) from None


def file_at_revision(revision: str, file: Path) -> str:
    """The text of ``file`` as committed in ``revision``; raises :class:`GitError`."""
    if not _REVISION.match(revision) or ".." in revision:
        raise GitError(
            _("{revision!r} is not a git revision (e.g. HEAD, HEAD~1, main, a commit hash)").format(revision=revision)
        )
    resolved = file.resolve()  # a link: the committed file is its target, in the target's folder
    folder = resolved.parent
    if _git(folder, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise GitError(
            _("{file} is not in a git repository: --against compares a file with its committed state").format(file=file)
        )
    if _git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode != 0:
        raise GitError(
            _("unknown git revision {revision!r} (e.g. HEAD, HEAD~1, main, a commit hash)").format(revision=revision)
        )
    blob = f"{revision}:./{resolved.name}"
    size = _git(folder, "cat-file", "-s", blob)  # the size first: the blob is read only when small enough
    if size.returncode != 0 or not size.stdout.strip().isdigit():
        raise GitError(
            _("{file} is not in revision {revision} (new file, or renamed since): nothing to compare with").format(
                file=file, revision=revision
            )
        )
    if int(size.stdout) > MAX_FILE_BYTES:
        raise GitError(
            _("{file} in {revision} is more than {limit} bytes").format(
                file=file, revision=revision, limit=MAX_FILE_BYTES
            )
        )
    shown = _git(folder, "cat-file", "blob", blob)
    if shown.returncode != 0 or len(shown.stdout) > MAX_FILE_BYTES:  # changed since it was measured
        raise GitError(_("{file} in {revision} cannot be read").format(file=file, revision=revision))
    try:
        return shown.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise GitError(_("{file} in {revision} is not UTF-8 text").format(file=file, revision=revision)) from None
