"""Writing outputs atomically, at paths built only from checked components.

A file is written to a temporary file in the destination folder, flushed, then renamed over
the target: a reader never sees a half-written file, and an error or an interruption leaves
the previous version in place.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

_SAFE_COMPONENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class UnsafePathError(ValueError):
    """An id or version that cannot be used as a path component."""


def safe_component(value: str) -> str:
    """``value`` if it is a harmless single path component (no separator, no ``..``)."""
    if not _SAFE_COMPONENT.fullmatch(value) or ".." in value:
        raise UnsafePathError(f"{value!r} cannot be used in a file name")
    return value


def output_path(root: Path, *components: str, suffix: str) -> Path:
    """``root/c1/c2/…`` + suffix, each component checked, the result inside ``root``."""
    path = root.joinpath(*(safe_component(c) for c in components)).with_suffix(suffix)
    if root.resolve() not in path.resolve().parents:
        raise UnsafePathError(f"{path} is outside {root}")
    return path


def check_output_file(output: Path, *inputs: Path) -> None:
    """Refuse an output that is empty or would overwrite one of the command's inputs."""
    if not str(output):
        raise UnsafePathError("the output file name is empty")
    target = output.resolve()
    for source in inputs:
        if source.resolve() == target:
            raise UnsafePathError(f"refusing to overwrite the input file {source} with the output")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that ``path`` is either the old or the whole new content."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
