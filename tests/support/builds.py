"""The build of the shipped referentials that the whole session shares (see the ``full_build`` fixture).

Built once, as a user builds them (``cqp build referentials/``, HTML and PDF), into a temporary
folder whose files are then made read-only: tests that only read built documents (their PDF
structure, fields, pages; the blank PDFs the form tests fill) use it. A test that needs a build of
its own (incremental builds, ``--force``, templates, a changed referential) builds into its
``tmp_path``, as small as it can (``--doc``, ``--format html``, the example referentials).
"""

from __future__ import annotations

import fcntl
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from cqpengine.cli import cli
from tests.support.helpers import REFERENTIALS


def build_shipped(out: Path) -> Path:
    """Every document of the shipped referentials, HTML and PDF, in ``out``, its files read-only."""
    # In English, as every test runs (see tests/conftest.py), whatever the locale of the session.
    result = CliRunner().invoke(cli, ["build", str(REFERENTIALS), "-o", str(out)], env={"LANGUAGE": "en"})
    assert result.exit_code == 0, result.stderr
    assert "0 failed, 0 referential files refused" in result.stdout
    for path in out.rglob("*"):
        if path.is_file():
            path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return out


def once_per_run(
    tmp_path_factory: pytest.TempPathFactory, worker_id: str, name: str, make: Callable[[Path], object]
) -> Path:
    """The folder ``name`` that ``make(folder)`` fills, once for the whole run, however many processes run the tests.

    With pytest-xdist, each worker process has its own session: the first to need the folder makes
    it, in the folder the workers' temporary folders share, under a lock; the others wait for it
    (the work then has every core) and read the same files.
    """
    if worker_id == "master":  # no xdist: the session is the run
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent
    folder, done = shared / name, shared / f"{name}.done"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, even after a failure
        if not done.is_file():
            folder.mkdir(exist_ok=True)
            make(folder)
            done.touch()
    return folder


def shared_build(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """:func:`build_shipped` once for the whole run (see :func:`once_per_run`)."""
    return once_per_run(tmp_path_factory, worker_id, "full-build", build_shipped)


def build(out: Path, *args: str) -> tuple[int, str, str]:
    """``cqp build ARGS -o OUT`` in this process: exit code, standard output, standard error (never a traceback)."""
    result = CliRunner().invoke(cli, ["build", *args, "-o", str(out)])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def built(build: Path, key: str, document: str, suffix: str = ".pdf") -> Path:
    """The file of ``document`` of the referential ``key`` (``id@version``) in the build ``build``."""
    ident, version = key.split("@", 1)
    path = build / ident / version / f"{document}{suffix}"
    assert path.is_file(), f"{key} {document}{suffix} is not in the shared build"
    return path
