"""Where ``-o`` may write: never onto an input, never replacing a device, a FIFO or a socket.

Also the permissions of outputs and of their temporaries, and the removal of the temporaries a
killed process leaves behind.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cqpengine.cli import cli
from cqpengine.output import STALE_AFTER_SECONDS, remove_stale_temporaries, write_atomic
from cqpengine.resources import data_dir
from tests.support.helpers import EXAMPLES, ROOT

REFERENTIAL = EXAMPLES / "exemple_blocs.yaml"
RENDER = ["render", str(REFERENTIAL), "--doc", "referentiel"]
JURY = ["decide", "jury", str(ROOT / "examples" / "jury_assistant_commercial.yaml")]
REFS = ["--referentials", str(ROOT / "referentials")]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- an output never lands on an input ------------------------------------------------------------


@pytest.mark.parametrize("name", ["documents/referentiel.html.j2", "layout.html.j2", "new.html", "sub/x.html"])
@pytest.mark.parametrize("command", ["render", "decide", "diff"])
def test_no_output_into_a_templates_folder(tmp_path: Path, name: str, command: str) -> None:
    templates = tmp_path / "templates"
    (templates / "documents").mkdir(parents=True)
    (templates / "layout.html.j2").write_text((data_dir("templates") / "layout.html.j2").read_text())
    (templates / "documents" / "referentiel.html.j2").write_text('{% extends "layout.html.j2" %}\n')
    before = snapshot(templates)
    args = {
        "render": RENDER,
        "decide": [*JURY, "--format", "html", *REFS],
        "diff": ["diff", "charge-accueil", "--format", "html", *REFS],
    }[command]
    code, stderr = run(*args, "--templates", str(templates), "-o", str(templates / name))
    assert code == 2
    assert "refusing to" in stderr and "templates folder" in stderr
    assert snapshot(templates) == before


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped templates and schema that the engine uses instead (a failing test harms no checkout)."""
    from cqpengine import resources

    package = tmp_path / "package"
    for name in ("templates", "schema"):
        shutil.copytree(data_dir(name), package / "_data" / name)
    monkeypatch.setattr(resources, "_PACKAGE", package)
    assert data_dir("templates") == package / "_data" / "templates"
    return package / "_data"


@pytest.mark.parametrize(
    "name",
    ["templates/documents/referentiel.html.j2", "templates/labels.yaml", "templates/evil.html.j2", "schema/x.json"],
)
def test_no_output_onto_the_shipped_templates_or_schema(shipped: Path, name: str) -> None:
    before = snapshot(shipped)
    code, stderr = run(*RENDER, "-o", str(shipped / name))
    assert code == 2
    assert "refusing to" in stderr
    assert snapshot(shipped) == before


def test_no_output_through_a_link_into_the_templates(tmp_path: Path, shipped: Path) -> None:
    link = tmp_path / "shortcut"
    link.symlink_to(shipped / "templates")
    before = snapshot(shipped)
    code, _ = run(*RENDER, "-o", str(link / "macros.html.j2"))
    assert code == 2
    assert snapshot(shipped) == before


def test_no_yaml_output_beside_the_referentials_read(tmp_path: Path) -> None:
    folder = tmp_path / "refs"
    folder.mkdir()
    for source in EXAMPLES.glob("*.yaml"):
        (folder / source.name).write_bytes(source.read_bytes())
    render = ["render", str(folder / "exemple_blocs.yaml"), "--doc", "referentiel"]
    code, stderr = run(*render, "-o", str(folder / "n.yaml"))
    assert code == 2 and "referentials folder" in stderr
    assert not (folder / "n.yaml").exists()
    code, _ = run(*render, "-o", str(folder / "n.html"))
    assert code == 0  # an HTML file there is no input of anything


def test_no_decision_onto_a_referential(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "referentials", tmp_path / "refs")
    referential = tmp_path / "refs" / "assistant_commercial.yaml"
    before = referential.read_bytes()
    code, stderr = run(*JURY, "--referentials", str(tmp_path / "refs"), "--format", "json", "-o", str(referential))
    assert code == 2 and "refusing to overwrite the input file" in stderr
    assert referential.read_bytes() == before


# --- devices, FIFOs, sockets, folders, links ------------------------------------------------------


def read_fifo(fifo: Path, into: list[bytes]) -> threading.Thread:
    def reader() -> None:
        with open(fifo, "rb") as stream:
            into.append(stream.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("through_link", [False, True])
def test_a_fifo_is_written_as_a_stream_and_stays_a_fifo(tmp_path: Path, through_link: bool) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = fifo
    if through_link:
        target = tmp_path / "link"
        target.symlink_to(fifo)
    received: list[bytes] = []
    thread = read_fifo(fifo, received)
    code, stderr = run(*RENDER, "-o", str(target))
    thread.join(timeout=30)
    assert code == 0, stderr
    assert received and received[0].startswith(b"<!DOCTYPE html>")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert target.is_symlink() == through_link
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({"pipe", target.name})


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
@pytest.mark.parametrize("through_link", [False, True])
def test_a_character_device_is_written_through_never_replaced(tmp_path: Path, through_link: bool) -> None:
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the same device as /dev/null
    target = device
    if through_link:
        target = tmp_path / "link"
        target.symlink_to(device)
    code, stderr = run(*JURY, *REFS, "--format", "json", "-o", str(target))
    assert code == 0, stderr
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert os.stat(device).st_rdev == os.makedev(1, 3)
    assert target.is_symlink() == through_link
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_block_device_is_refused(tmp_path: Path) -> None:
    device = tmp_path / "loop"
    os.mknod(device, 0o600 | stat.S_IFBLK, os.makedev(7, 200))
    code, stderr = run(*RENDER, "-o", str(device))
    assert code == 2 and "neither a regular file" in stderr
    assert stat.S_ISBLK(os.lstat(device).st_mode)


def test_a_socket_and_a_folder_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        code, stderr = run(*RENDER, "-o", str(path))
        assert code == 2, stderr
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        server.close()
    code, stderr = run(*RENDER, "-o", str(tmp_path))
    assert code == 2 and "is a folder" in stderr


def test_a_link_to_a_regular_file_updates_the_file_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.html"
    real.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(real.name)
    code, stderr = run(*RENDER, "-o", str(link))
    assert code == 0, stderr
    assert link.is_symlink() and os.readlink(link) == real.name
    assert real.read_text().startswith("<!DOCTYPE html>")


def test_write_atomic_never_renames_over_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="not a regular file"):
        write_atomic(fifo, b"data")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


# --- permissions and temporaries ------------------------------------------------------------------


def test_outputs_follow_the_umask_and_keep_the_mode_of_the_file_they_replace(tmp_path: Path) -> None:
    previous = os.umask(0o077)
    try:
        fresh = tmp_path / "fresh.json"
        assert run(*JURY, *REFS, "--format", "json", "-o", str(fresh))[0] == 0
        assert stat.S_IMODE(os.stat(fresh).st_mode) == 0o600
    finally:
        os.umask(previous)
    kept = tmp_path / "kept.json"
    kept.write_text("old")
    kept.chmod(0o640)
    assert run(*JURY, *REFS, "--format", "json", "-o", str(kept))[0] == 0
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o640


def dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_stale_temporaries_are_removed_by_the_next_write(tmp_path: Path) -> None:
    dead = tmp_path / f".decision.html.{dead_pid()}.abcd_123.part"
    live = tmp_path / f".decision.html.{os.getppid()}.abcd_123.part"
    old_live = tmp_path / f".other.pdf.{os.getppid()}.zzzzzzzz.part"
    unrelated = [tmp_path / ".decision.html.x.part", tmp_path / "notes.part", tmp_path / ".a.12.short.part"]
    for path in (dead, live, old_live, *unrelated):
        path.write_text("Camille Exemple")
    an_hour_ago = time.time() - STALE_AFTER_SECONDS - 60
    os.utime(old_live, (an_hour_ago, an_hour_ago))
    write_atomic(tmp_path / "decision.html", b"new")
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {"decision.html", live.name, *(p.name for p in unrelated)}
    assert remove_stale_temporaries(tmp_path / "missing") == []
