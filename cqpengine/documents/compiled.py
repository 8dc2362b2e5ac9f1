"""Compiled templates kept between runs, so that a build does not compile the same templates again.

Compiling the shipped templates is about a quarter of a second of every build, more than rendering
them: jinja2 parses each template and Python compiles the code generated from it. jinja2 can keep
that code (its *bytecode cache*): here, one file per template in the user's cache folder
(``$XDG_CACHE_HOME/cqpengine``, by default ``~/.cache/cqpengine``), in a subfolder named after
what the code depends on (jinja2's version and this environment's settings, see :func:`cache_key`).
A cached template is used only while its source is unchanged (jinja2 compares a checksum of the
source); any other template is compiled as before. The rendered HTML is the same, byte for byte.

Nothing here can fail a build: a cache folder that cannot be made, is not the user's own or is
writable by others is not used; a file that cannot be read or written is compiled as if absent.
Only the user's own private folder is trusted, as it holds code Python runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

#: The environment variable naming the base cache folder (freedesktop.org's base directory
#: specification); ``~/.cache`` when it is unset or not an absolute path.
CACHE_HOME = "XDG_CACHE_HOME"


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """jinja2's file bytecode cache, for which a file that cannot be read or written is only a miss."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):  # a full disk, a folder made read-only: the next run compiles again
            super().dump_bytecode(bucket)


def cache_key(settings: str) -> str:
    """The name of the subfolder for an environment's ``settings`` (a description of its options).

    Compiled code depends on jinja2's version and on the environment's options (autoescape, block
    trimming…); the Python version is already in jinja2's files. Another version of cqpengine with
    other options gets another folder instead of code compiled for the old ones.
    """
    digest = hashlib.sha256(f"{jinja2.__version__}\n{settings}".encode()).hexdigest()
    return f"templates-{digest[:16]}"


def cache_home() -> Path:
    """The user's cache folder for cqpengine."""
    base = os.environ.get(CACHE_HOME, "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "cqpengine"


def template_cache(settings: str) -> TemplateCache | None:
    """The cache for an environment of ``settings``, or ``None`` when no private folder can hold it."""
    try:
        folder = cache_home() / cache_key(settings)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder) or not _private(folder.parent):
            return None
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    return TemplateCache(str(folder))


def _private(folder: Path) -> bool:
    """Whether ``folder`` is a real folder of this user that no one else may write into."""
    status = os.lstat(folder)
    return (
        stat.S_ISDIR(status.st_mode)
        and status.st_uid == os.getuid()
        and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )
