"""Writing outputs atomically, at paths built only from checked components.

A file is written to a temporary file in the destination folder (mode 0600, named
``.<name>.<pid>.<random>.part``), flushed, synced, then renamed over the target: a reader never
sees a half-written file, and an error or an interruption leaves the previous version in place.
A temporary left by a process that was killed (``SIGKILL`` cannot be caught) is removed by the
next write into its folder, once its process is gone or it is an hour old; only the owner can
read it meanwhile, since outputs may hold a candidate's name.

``-o`` outputs (:func:`write_file`) follow a symbolic link to a regular file (the file it points
at is replaced, the link stays, as with a shell's ``>``), are written as a stream to a character
device or a FIFO (``/dev/stdout``, a named pipe: never replaced, root included), and refuse any
other kind of file. :func:`check_output_file` refuses an output that is, or would land on, an input.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from cqpengine.errors import UsageError
from cqpengine.i18n import _

_SAFE_COMPONENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
#: The temporaries :func:`write_atomic` makes: ``.<name>.<pid>.<8 random characters>.part``.
_TEMPORARY = re.compile(r"\..+\.(?P<pid>[0-9]+)\.[a-z0-9_]{8}\.part")
#: Age after which a temporary is stale even if a process with its pid runs (pids are reused).
STALE_AFTER_SECONDS = 3600
#: The signals that would interrupt a write between creating its temporary and removing it.
_DEFERRED = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}


class UnsafePathError(UsageError, ValueError):
    """An id or version that cannot be used as a path component, or an output that cannot be right."""


def safe_component(value: str) -> str:
    """``value`` if it is a harmless single path component (no separator, no ``..``)."""
    if not _SAFE_COMPONENT.fullmatch(value) or ".." in value:
        raise UnsafePathError(
            _("{value!r} cannot be used in a file name: use letters, digits, '-', '_' or '.' only").format(value=value)
        )
    return value


def output_path(root: Path, *components: str, suffix: str) -> Path:
    """``root/c1/c2/…`` + suffix, each component checked, the result inside ``root``."""
    path = root.joinpath(*(safe_component(c) for c in components)).with_suffix(suffix)
    if root.resolve() not in path.resolve().parents:
        raise UnsafePathError(_("{path} is outside {root}").format(path=path, root=root))
    return path


class InputFiles:
    """The files a command reads, recognised however an output path spells them (links included).

    The one guard of every output: :func:`check_output_file` (one output file) and the builder of
    :mod:`cqpengine.documents.building` (many) ask it whether an output would replace an input,
    or land in a folder whose every file is an input of a later run (a templates folder).
    """

    def __init__(self, paths: Iterable[Path], folders: Iterable[Path] = ()) -> None:
        #: Folders every file of which is an input of a later run (templates: any file can be included).
        self.folders = list(folders)
        self._resolved_folders = [folder.resolve() for folder in self.folders]
        self._resolved: dict[Path, Path] = {}
        self._identities: dict[tuple[int, int], Path] = {}
        for path in paths:
            self._resolved.setdefault(path.resolve(), path)
            try:
                info = path.stat()
            except OSError:
                continue
            self._identities.setdefault((info.st_dev, info.st_ino), path)

    def find(self, path: Path) -> Path | None:
        """The input ``path`` is (as the input was given), if any."""
        found = self._resolved.get(path.resolve())
        if found is not None:
            return found
        try:
            info = path.stat()
        except OSError:
            return None
        return self._identities.get((info.st_dev, info.st_ino))

    def __contains__(self, path: Path) -> bool:
        return self.find(path) is not None

    def folder_of(self, path: Path) -> Path | None:
        """The input folder ``path`` would land in (as the folder was given), if any."""
        parents = path.resolve().parents
        return next(
            (
                folder
                for folder, resolved in zip(self.folders, self._resolved_folders, strict=True)
                if resolved in parents
            ),
            None,
        )


def check_output_file(output: Path, *inputs: Path, folders: Iterable[tuple[Path, str]] = ()) -> None:
    """Refuse an output that is empty, is one of the command's inputs or lands in an input folder.

    ``folders`` are ``(folder, what)`` pairs whose every file is an input of a later run (a
    templates folder: any file there can be included as template code), e.g. ``(dir, "templates")``.
    """
    if not str(output):
        raise UnsafePathError(_("the output file name is empty: give a file name after -o"))
    source = InputFiles(inputs).find(output)
    if source is not None:
        raise UnsafePathError(
            _("refusing to overwrite the input file {file} with the output: give another -o file").format(file=source)
        )
    for folder, what in folders:
        if InputFiles((), [folder]).folder_of(output) is not None:
            if output.exists():
                raise UnsafePathError(
                    _("refusing to overwrite the input file {file} (in the {what} folder {folder})").format(
                        file=output, what=what, folder=folder
                    )
                )
            raise UnsafePathError(
                _(
                    "refusing to write {file} into the {what} folder {folder}: the next run would read it "
                    "as one of its inputs; write it elsewhere"
                ).format(file=output, what=what, folder=folder)
            )


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold termination signals back (they are delivered at the end) while a temporary is being made."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process
        return True
    return True


def remove_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temporaries of :func:`write_atomic` in ``folder`` whose writer is gone (or that are old).

    Only regular files of this user named as :func:`write_atomic` names them are considered.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = _TEMPORARY.fullmatch(entry.name)
        if found is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            continue
        if _running(int(found["pid"])) and now - info.st_mtime < STALE_AFTER_SECONDS:
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _umask() -> int:
    """The process umask, read without changing it where Linux allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes, *, replace: bool = True) -> None:
    """Write ``data`` to ``path`` so that ``path`` is either the old or the whole new content.

    The new file keeps the permissions of the file it replaces, else gets those the umask gives.
    Never renames over anything but a regular file or a symbolic link (a device stays a device).
    With ``replace=False``, a ``path`` that exists, even one made while ``data`` was being written,
    is left alone and :class:`FileExistsError` raised (the whole file appears at once, by a hard link).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        existing: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        existing = None
    if existing is not None and not (stat.S_ISREG(existing.st_mode) or stat.S_ISLNK(existing.st_mode)):
        raise UnsafePathError(_("{path} is not a regular file: refusing to replace it").format(path=path))
    mode = stat.S_IMODE(existing.st_mode) if existing and stat.S_ISREG(existing.st_mode) else 0o666 & ~_umask()
    remove_stale_temporaries(path.parent)
    temporary: str | None = None
    try:
        with _signals_deferred():
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".part", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # FileExistsError when path exists; never replaces it
            os.unlink(temporary)
    except BaseException:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise


def write_all(stream: BinaryIO, data: bytes) -> None:
    """Write all of ``data`` to a binary stream, then flush it.

    A buffered stream's ``write`` may return after a part only (a pipe whose reader has just
    gone, a signal): the rest is written again, so that a closed pipe raises ``BrokenPipeError``
    instead of the output being silently cut.
    """
    view = memoryview(data)
    while view:
        written = stream.write(view)
        view = view[written if written is not None else len(view) :]
    stream.flush()


def _write_stream(path: Path, data: bytes) -> bool:
    """Write ``data`` through ``path`` if it is a character device or a FIFO; False if it is not one."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    except (FileNotFoundError, IsADirectoryError):
        return False
    with os.fdopen(handle, "wb") as stream:
        kind = os.fstat(stream.fileno()).st_mode
        if not (stat.S_ISCHR(kind) or stat.S_ISFIFO(kind)):
            return False
        write_all(stream, data)
    return True


def write_file(path: Path, data: bytes) -> None:
    """Write an ``-o`` output: atomically to a regular file (through a symbolic link), as a stream to a
    character device or a FIFO; anything else (a folder, a block device, a socket) is refused."""
    try:
        kind: int | None = os.stat(path).st_mode
    except FileNotFoundError:
        kind = None
    if kind is not None and (stat.S_ISCHR(kind) or stat.S_ISFIFO(kind)) and _write_stream(path, data):
        return
    if kind is not None and stat.S_ISDIR(kind):
        raise UnsafePathError(_("{path} is a folder: give a file name").format(path=path))
    if kind is not None and not stat.S_ISREG(kind):
        raise UnsafePathError(
            _("{path} is neither a regular file, a character device nor a FIFO: refusing it").format(path=path)
        )
    write_atomic(path.resolve() if path.is_symlink() else path, data)
