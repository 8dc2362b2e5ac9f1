"""The ``cqp`` process as a shell runs it: closed or full standard output, signals, ``CQP_DEBUG``.

Real subprocesses and real signals: standard output closed early ends quietly with 141, a full
one is one line and exit 2; ``SIGTERM`` during a write leaves no temporary file; the temporary a
``SIGKILL`` leaves (readable by its owner only) is removed by the next write into its folder.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cqpengine.cli import cli
from tests.support.helpers import EXAMPLES, ROOT

CQP = [sys.executable, "-m", "cqpengine"]
VAE = ROOT / "examples" / "vae_charge_accueil.yaml"
NAME = "Camille Exemple"
REFS = ["--referentials", str(ROOT / "referentials")]

#: Commands whose standard output is long enough to fill a pipe, and short ones.
OUTPUTS = {
    "validate-json": ["validate", "--strict", "--format", "json", str(ROOT / "referentials")],
    "validate-text": ["validate", "--show-warnings", str(ROOT / "referentials")],  # known warnings listed
    "render-html": ["render", str(EXAMPLES / "exemple_blocs.yaml"), "--doc", "referentiel"],
    "decide-text": ["decide", "vae", str(VAE), *REFS],
    "diff": ["diff", "charge-accueil", "--referentials", str(ROOT / "referentials")],
}


def cqp_with_closed_stdout(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    """Run cqp with a standard output whose reader has already gone (as after ``| head -1``)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run([*CQP, *args], stdout=write, stderr=subprocess.PIPE, timeout=120, check=False)
    finally:
        os.close(write)


@pytest.mark.parametrize("name", list(OUTPUTS))
def test_stdout_closed_early_is_a_quiet_141(name: str) -> None:
    result = cqp_with_closed_stdout(OUTPUTS[name])
    assert result.returncode == 141, result.stderr
    assert result.stderr == b""


@pytest.mark.slow
def test_a_pdf_piped_into_head_like_a_shell_does() -> None:
    # The PDF (some 400 kB) is far larger than a pipe's buffer: head has gone long before its end.
    command = [*CQP, "decide", "vae", str(VAE), *REFS, "--format", "pdf", "-o", "-"]
    shell = f'{" ".join(command)} | head -c4; status=${{PIPESTATUS[0]}}; echo; echo "status=$status"'
    result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=120, check=False)
    assert result.stdout.splitlines() == ["%PDF", "status=141"]
    assert result.stderr == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("name", list(OUTPUTS))
def test_a_full_stdout_is_one_line_and_exit_2(name: str) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run([*CQP, *OUTPUTS[name]], stdout=full, stderr=subprocess.PIPE, timeout=120, check=False)
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert stderr.splitlines()[-1] == "Error: cannot write the output: No space left on device"
    assert "Traceback" not in stderr and "Exception ignored" not in stderr and "internal error" not in stderr


# --- interrupted writes ---------------------------------------------------------------------------

#: Runs ``cqp`` with an fsync that announces itself and hangs: the window in which a temporary exists.
SLOW_FSYNC = """
import os, sys, time
ready = sys.argv[1]
def hanging_fsync(fd):
    with open(ready, "w"):
        pass
    time.sleep(60)
os.fsync = hanging_fsync
sys.argv = ["cqp", *sys.argv[2:]]
from cqpengine.cli import main
main()
"""


def start_hanging_write(tmp_path: Path, target: Path) -> subprocess.Popen[bytes]:
    ready = tmp_path / "ready"
    args = ["decide", "vae", str(VAE), *REFS, "--format", "html", "-o", str(target)]
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_FSYNC, str(ready), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while not ready.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the write never started"
        time.sleep(0.05)
    return process


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_termination_signal_during_a_write_leaves_no_temporary(tmp_path: Path, signum: int) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "decision.html"
    target.write_text("previous decision")
    process = start_hanging_write(tmp_path, target)
    [temporary] = temporaries(out)
    assert stat.S_IMODE(temporary.stat().st_mode) == 0o600  # while it exists, only its owner reads it
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signum
    assert stderr.decode() == f"cqp: stopped by {signal.Signals(signum).name}\n"
    assert temporaries(out) == []
    assert target.read_text() == "previous decision"


def test_the_temporary_of_a_killed_write_is_removed_by_the_next_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    process = start_hanging_write(tmp_path, out / "decision.html")
    process.kill()
    process.communicate(timeout=60)
    [leftover] = temporaries(out)
    assert stat.S_IMODE(leftover.stat().st_mode) == 0o600
    args = ["decide", "vae", str(VAE), *REFS, "--format", "json", "-o", str(out / "other.json")]
    subprocess.run([*CQP, *args], check=True, capture_output=True, timeout=120)
    assert temporaries(out) == []
    assert sorted(p.name for p in out.iterdir()) == ["other.json"]


# --- CQP_DEBUG ------------------------------------------------------------------------------------


@pytest.fixture
def broken(monkeypatch: pytest.MonkeyPatch) -> None:
    from cqpengine import checking

    def explode(paths: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(checking, "check_paths", explode)


@pytest.mark.parametrize(
    ("value", "traceback"),
    [
        ("", False),
        ("0", False),
        ("false", False),
        ("no", False),
        ("off", False),
        ("2", False),
        ("1", True),
        ("true", True),
        ("TRUE", True),
        ("Yes", True),
        ("on", True),
        (" on ", True),
    ],
)
def test_only_documented_debug_values_show_the_traceback_and_exit_stays_3(
    broken: None, monkeypatch: pytest.MonkeyPatch, value: str, traceback: bool
) -> None:
    monkeypatch.setenv("CQP_DEBUG", value)
    result = CliRunner().invoke(cli, ["validate", str(EXAMPLES)])
    assert result.exit_code == 3
    assert ("Traceback (most recent call last)" in result.stderr) is traceback
    assert result.stderr.strip().splitlines()[-1].startswith("Error: internal error: RuntimeError: boom")


def test_debug_on_in_a_real_process_still_exits_3(tmp_path: Path) -> None:
    # A referential folder that cannot be listed is no internal error; a bug is: make one.
    code = (
        "import sys\n"
        "from cqpengine import checking\n"
        "def explode(paths): raise RuntimeError('boom')\n"
        "checking.check_paths = explode\n"
        "sys.argv = ['cqp', 'validate', sys.argv[1]]\n"
        "from cqpengine.cli import main\n"
        "main()\n"
    )
    env = {**os.environ, "CQP_DEBUG": "yes"}
    result = subprocess.run(
        [sys.executable, "-c", code, str(EXAMPLES)], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert result.returncode == 3
    assert "Traceback" in result.stderr and "RuntimeError: boom" in result.stderr


def _group_alive(group: int) -> list[int]:
    """The processes of process group ``group`` still running (zombies waiting for their parent are not)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                alive.append(int(entry.name))
    return alive


@pytest.mark.slow
def test_ctrl_c_during_a_build_stops_it_and_its_pdf_processes_at_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = subprocess.Popen(
        [*CQP, "build", str(ROOT / "referentials"), "-o", str(out), "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own group: Ctrl-C reaches the whole group, as in a terminal
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509 - no thread here
    )
    deadline = time.monotonic() + 60
    while len(_group_alive(process.pid)) < 3:  # cqp and its two PDF processes
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the PDF processes never started"
        time.sleep(0.05)
    time.sleep(2)  # the PDF processes are making documents, and more are queued
    os.killpg(process.pid, signal.SIGINT)
    stopped = time.monotonic()
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1 and stderr.decode().endswith("Aborted!\n")
    assert time.monotonic() - stopped < 1  # not once the PDFs being made are done
    time.sleep(0.2)
    assert _group_alive(process.pid) == []
    assert not [path for path in out.rglob("*") if path.name.endswith(".part")]
