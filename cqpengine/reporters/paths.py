"""Paths of findings as the tools that read them expect: relative, with forward slashes."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from urllib.parse import quote


def relative_to(file: str, base: Path) -> PurePosixPath | None:
    """``file`` relative to the folder ``base``, with forward slashes; None when it is not under it."""
    absolute = Path(os.path.abspath(file))
    try:
        relative = absolute.relative_to(Path(os.path.abspath(base)))
    except ValueError:
        return None
    return PurePosixPath(relative.as_posix())


def display_path(file: str, base: Path | None = None) -> str:
    """``file`` relative to ``base`` (default: the working directory), else absolute; forward slashes."""
    relative = relative_to(file, base or Path.cwd())
    return str(relative) if relative is not None else Path(os.path.abspath(file)).as_posix()


def file_uri(file: str, base: Path | None = None) -> str:
    """``file`` as a URI: relative to ``base`` (default: the working directory) when under it, else ``file:``.

    Each path segment is percent-encoded (spaces, ``%``, ``#``, accented letters as UTF-8), so the
    result is a valid URI reference whatever the file is called.
    """
    relative = relative_to(file, base or Path.cwd())
    if relative is None:
        return Path(os.path.abspath(file)).as_uri()
    return "/".join(quote(part, safe="") for part in relative.parts)
