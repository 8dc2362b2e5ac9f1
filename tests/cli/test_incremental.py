"""``cqp build`` in parallel and incrementally: same bytes as a serial build, the manifest, what is never deleted."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from cqpengine.documents import DOCUMENTS, building, pool
from cqpengine.documents.manifest import MANIFEST_NAME, Manifest, sha256_file
from cqpengine.documents.rendering import Renderer
from tests.support.builds import build
from tests.support.helpers import EXAMPLES, checked

#: The documents the example referentials give (one file each with ``--format html``).
ALL = sum(1 for ref in checked(EXAMPLES).referentials for spec in DOCUMENTS.values() if spec.missing(ref) is None)
#: Two documents of each example certification: the PDF tests stay few and short.
SOME = ("--doc", "referentiel", "--doc", "fiche-decision")


def documents(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.name != MANIFEST_NAME
    }


def written(stderr_and_stdout: str) -> int:
    return int(stderr_and_stdout.split("wrote ", 1)[1].split(" ", 1)[0])


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the example referentials, free to edit."""
    copy = tmp_path / "ref"
    shutil.copytree(EXAMPLES, copy)
    return copy


def add_unrelated_library(folder: Path) -> None:
    """A new unit library no certification uses (a change in what the build reads, not in any document)."""
    text = (folder / "exemple_bibliotheque.yaml").read_text(encoding="utf-8")
    assert "id: exemple-bibliotheque\n" in text
    (folder / "autre.yaml").write_text(text.replace("id: exemple-bibliotheque\n", "id: autre\n"), encoding="utf-8")


def touch(path: Path) -> None:
    """Change a referential's bytes, not its meaning (a comment at the end)."""
    path.write_text(path.read_text(encoding="utf-8") + "# retouché\n", encoding="utf-8")


class _RecordingPool(pool.PdfPool):
    sizes: list[int] = []  # noqa: RUF012 - shared on purpose: the test reads what the build created
    #: The length of the HTML of each PDF submitted, in the order submitted.
    submitted: list[int] = []  # noqa: RUF012

    def __init__(self, workers: int) -> None:
        self.sizes.append(workers)
        super().__init__(workers)

    def submit(self, html: str) -> Any:
        self.submitted.append(len(html))
        return super().submit(html)


@pytest.mark.slow
def test_a_parallel_build_gives_the_bytes_of_a_serial_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "PdfPool", _RecordingPool)
    _RecordingPool.sizes.clear()
    _RecordingPool.submitted.clear()
    assert build(tmp_path / "serial", str(EXAMPLES), *SOME, "-j", "1")[0] == 0
    assert _RecordingPool.sizes == []  # -j 1: everything in this process
    code, stdout, stderr = build(tmp_path / "parallel", str(EXAMPLES), *SOME, "-j", "2")
    assert code == 0, stderr
    assert _RecordingPool.sizes == [2]
    # The longest first, so that no long document is left to run alone at the end.
    assert len(_RecordingPool.submitted) == 4
    assert _RecordingPool.submitted == sorted(_RecordingPool.submitted, reverse=True)
    assert "wrote 8 files" in stdout
    serial, parallel = documents(tmp_path / "serial"), documents(tmp_path / "parallel")
    assert len([name for name in serial if name.endswith(".pdf")]) == 4
    assert parallel == serial


@pytest.mark.slow
def test_pdf_processes_start_before_validation_only_when_every_document_is_made(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cqpengine import checking

    events: list[str] = []
    real_start, real_check = pool.start_pool, checking.check_discovered

    def start(workers: int) -> pool.PdfPool:
        events.append(f"pool {workers}")
        return real_start(workers)

    def check(*args: Any, **kwargs: Any) -> Any:
        events.append("validate")
        return real_check(*args, **kwargs)

    monkeypatch.setattr(pool, "start_pool", start)
    monkeypatch.setattr(checking, "check_discovered", check)
    out = tmp_path / "out"
    # Into an empty folder: every document is made, WeasyPrint loads while the files are checked.
    assert build(out, str(folder), "--doc", "fiche-decision", "-j", "2")[0] == 0
    assert events == ["pool 2", "validate"]
    # One referential changed, a manifest there: the processes start once the build knows it needs them.
    events.clear()
    touch(folder / "exemple_domaines.yaml")
    code, stdout, _err = build(out, str(folder), "--doc", "fiche-decision", "-j", "2")
    assert code == 0 and "wrote 4 files" in stdout  # both certifications are made from that file
    assert events == ["validate", "pool 2"]
    # --force: every document is made again, so the processes start first again.
    events.clear()
    assert build(out, str(folder), "--doc", "fiche-decision", "-j", "2", "--force")[0] == 0
    assert events == ["pool 2", "validate"]
    # HTML only, or one process: never a pool.
    events.clear()
    assert build(tmp_path / "html", str(folder), "--format", "html", "-j", "2")[0] == 0
    assert build(tmp_path / "serial", str(folder), "--doc", "fiche-decision", "-j", "1")[0] == 0
    assert events == ["validate", "validate"]


@pytest.mark.slow
def test_a_pdf_failing_in_a_worker_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = building.PdfWriter.pdf

    def failing_for_one(writer: building.PdfWriter, html: str) -> bytes:
        if "<title>Fiche de décision du jury — Exemple de CQP à domaines" in html:
            raise RuntimeError("no more paper")
        return real(writer, html)

    monkeypatch.setattr(building.PdfWriter, "pdf", failing_for_one)
    code, stdout, stderr = build(tmp_path, str(EXAMPLES), "--doc", "fiche-decision", "--doc", "referentiel", "-j", "2")
    assert code == 1
    assert "failed exemple-domaines@2013 fiche-decision: RuntimeError: no more paper" in stderr
    assert "wrote 6 files" in stdout and "1 failed" in stdout
    # A job is written whole or not at all: no HTML without its PDF.
    assert "exemple-domaines/2013/fiche-decision.html" not in documents(tmp_path)
    assert "exemple-blocs/2024/fiche-decision.pdf" in documents(tmp_path)


# The PDF processes are forked (cqpengine.documents.pool): what a test changes here before the build
# holds in them too.


@pytest.mark.slow
def test_weasyprint_is_loaded_once_the_other_pdf_processes_forked_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "processes.txt"
    real_work = pool._work

    def work(tasks: Any, answers: Any) -> None:
        # Each PDF process, as it starts its work: its pid, its parent, whether WeasyPrint is loaded.
        with record.open("a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()} {os.getppid()} {'weasyprint' in sys.modules}\n")
        real_work(tasks, answers)

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)  # this process has not loaded it
    monkeypatch.setattr(pool, "_work", work)
    code, _stdout, stderr = build(tmp_path / "out", str(EXAMPLES), *SOME, "-j", "2")
    assert code == 0, stderr
    assert "weasyprint" not in sys.modules  # loaded by the PDF processes only
    parent_of = {}
    for line in record.read_text(encoding="utf-8").splitlines():
        pid, parent, loaded = line.split()
        assert loaded == "True", line
        parent_of[int(pid)] = int(parent)
    # Two processes: the first, forked by this one, loaded WeasyPrint and forked the second.
    (first,) = [pid for pid, parent in parent_of.items() if parent == os.getpid()]
    assert sorted(parent_of.values()) == sorted([os.getpid(), first])


@pytest.mark.slow
def test_a_pdf_process_killed_fails_the_pdfs_left_and_the_build_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    real = building.PdfWriter.pdf

    def killed_on_one(writer: building.PdfWriter, html: str) -> bytes:
        if "<title>Fiche de décision du jury — Exemple de CQP à domaines" in html:
            os.kill(os.getpid(), signal.SIGKILL)  # out of memory, say: the process ends at once
        return real(writer, html)

    monkeypatch.setattr(building.PdfWriter, "pdf", killed_on_one)
    code, stdout, stderr = build(tmp_path, str(EXAMPLES), *SOME, "-j", "2")
    assert code == 1 and " 0 failed" not in stdout
    assert "failed exemple-domaines@2013 fiche-decision: the PDF process stopped unexpectedly: run the build again" in (
        stderr
    )
    assert "Traceback" not in stderr
    assert multiprocessing.active_children() == []  # no process left behind
    assert "exemple-domaines/2013/fiche-decision.html" not in documents(tmp_path)


@pytest.mark.slow
def test_a_pdf_process_ending_in_the_middle_of_its_answer_does_not_hang_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal
    import struct

    build_process = os.getpid()

    def work(tasks: Any, answers: Any) -> None:
        # The process the first one forked (it alone holds its pipe: the first, alive, holds its own)
        # sends the length of a long answer, then only its first bytes: killed while sending its PDF.
        first = os.getppid() == build_process
        while (task := tasks.get()) is not None:
            if "<title>Fiche de décision du jury — Exemple de CQP à domaines" in task[1]:
                if first:  # not this one's to take: back to the queue, for the other process
                    tasks.put(task)
                    time.sleep(0.05)
                    continue
                os.write(answers.fileno(), struct.pack("!i", 2_000_000_000) + b"\x80\x04partial")
                os._exit(1)
            answers.send((task[0], pool.pdf_in_worker(task[1])))

    def too_long(signum: int, frame: object) -> None:
        raise TimeoutError("the build hangs")

    monkeypatch.setattr(pool, "_work", work)
    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(60)
    try:
        code, stdout, stderr = build(tmp_path, str(EXAMPLES), *SOME, "-j", "2")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert code == 1 and " 0 failed" not in stdout
    assert "failed exemple-domaines@2013 fiche-decision: the PDF process stopped unexpectedly" in stderr
    assert multiprocessing.active_children() == []


@pytest.mark.slow
def test_weasyprint_that_cannot_load_fails_every_pdf_in_one_line_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if missing: importing it fails
    code, stdout, stderr = build(tmp_path, str(EXAMPLES), *SOME, "-j", "2")
    assert code == 1
    failures = [line for line in stderr.splitlines() if line.startswith("failed ")]
    assert len(failures) == 4 and all("ModuleNotFoundError: import of weasyprint halted" in line for line in failures)
    assert "Traceback" not in stderr and "wrote 0 files" in stdout
    assert multiprocessing.active_children() == []


NO_OP = """\
import sys
import time
from cqpengine.cli import cli
cli(["build", {folder!r}, "--doc", "fiche-decision", "-o", {out!r}], standalone_mode=False)
print(" ".join(name for name in ("weasyprint", "jsonschema", "cqpengine.checking") if name in sys.modules))
"""


@pytest.mark.slow
def test_a_build_with_nothing_changed_loads_no_pdf_library(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(out, str(folder), "--doc", "fiche-decision")[0] == 0

    def stamps() -> dict[Path, int]:
        return {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.name != MANIFEST_NAME}

    before = stamps()
    script = NO_OP.format(folder=str(folder), out=str(out))

    def no_op() -> list[str]:
        run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stderr
        summary, loaded = run.stdout.splitlines()
        assert summary.startswith("wrote 0 files") and "4 up to date" in summary
        return loaded.split()

    # The same build again: answered from the manifest, without even validating.
    assert no_op() == []
    # Something changed that no document is made from: validated, nothing rendered, no WeasyPrint.
    add_unrelated_library(folder)
    assert "weasyprint" not in no_op()
    assert stamps() == before


def test_the_same_build_again_is_answered_from_the_manifest(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert build(out, str(folder), "--format", "html")[0] == 0
    add_unrelated_library(folder)
    full = build(out, str(folder), "--format", "html")  # validated, nothing rendered
    assert "wrote 0 files" in full[1]
    from cqpengine import checking

    def no_check(*discovered: object) -> None:
        raise AssertionError("validated although nothing changed")

    monkeypatch.setattr(checking, "check_discovered", no_check)
    assert build(out, str(folder), "--format", "html") == full  # the same report, word for word
    # Any change to what the build reads, or to an output, and the build takes the long way again.
    page = out / "exemple-blocs" / "2024" / "referentiel.html"
    page.write_bytes(page.read_bytes() + b" ")
    code, _, stderr = build(out, str(folder), "--format", "html")
    assert code == 3 and "validated although nothing changed" in stderr  # the stand-in check was reached


def test_a_build_with_findings_is_never_answered_from_the_manifest(folder: Path, tmp_path: Path) -> None:
    path = folder / "exemple_domaines.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("min_years: 3", "min_years: 30"), encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(2):
        code, _, stderr = build(out, str(folder), "--format", "html")
        assert code == 1
        assert "error CQP110" in stderr and f"refused {path}" in stderr


def test_nothing_changed_nothing_rendered(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    code, stdout, _ = build(out, str(folder), "--format", "html")
    assert code == 0
    assert f"wrote {ALL} files" in stdout and ", 0 up to date" in stdout
    first = documents(out)

    def no_rendering(self: Renderer, *args: object) -> str:
        raise AssertionError("rendered although nothing changed")

    monkeypatch.setattr(Renderer, "html", no_rendering)
    code, stdout, _ = build(out, str(folder), "--format", "html")
    assert code == 0
    assert "wrote 0 files" in stdout and f"{ALL} up to date" in stdout
    assert documents(out) == first


@pytest.mark.parametrize(
    ("changed", "rebuilt"),
    [
        ("exemple_blocs.yaml", {"exemple-blocs"}),
        # The library defines a unit exemple-blocs uses; exemple-domaines takes nothing from it.
        ("exemple_bibliotheque.yaml", {"exemple-blocs"}),
        # exemple-blocs supersedes exemple-domaines@2013: its documents depend on that version too.
        ("exemple_domaines.yaml", {"exemple-blocs", "exemple-domaines"}),
    ],
)
def test_a_changed_referential_rebuilds_only_the_documents_made_from_it(
    folder: Path, tmp_path: Path, changed: str, rebuilt: set[str]
) -> None:
    out = tmp_path / "out"
    assert build(out, str(folder), "--format", "html")[0] == 0
    stamps = {name: (out / name).stat().st_mtime_ns for name in documents(out)}
    touch(folder / changed)
    code, stdout, _ = build(out, str(folder), "--format", "html")
    assert code == 0
    again = {name for name in documents(out) if (out / name).stat().st_mtime_ns != stamps[name]}
    assert {name.split("/")[0] for name in again} == rebuilt
    expected = {name for name in stamps if name.split("/")[0] in rebuilt}
    assert again == expected
    assert written(stdout) == len(expected)
    assert f"{len(stamps) - len(expected)} up to date" in stdout


def test_force_templates_and_changed_outputs_rebuild(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(out, str(folder), "--format", "html")[0] == 0
    assert f"wrote {ALL} files" in build(out, str(folder), "--format", "html", "--force")[1]
    # A template folder in the search order changes every document's inputs, and so does a change in it.
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "notes.txt").write_text("v1", encoding="utf-8")
    assert f"wrote {ALL} files" in build(out, str(folder), "--format", "html", "--templates", str(templates))[1]
    assert "wrote 0 files" in build(out, str(folder), "--format", "html", "--templates", str(templates))[1]
    (templates / "notes.txt").write_text("v2", encoding="utf-8")
    assert f"wrote {ALL} files" in build(out, str(folder), "--format", "html", "--templates", str(templates))[1]
    # An output changed (or deleted) since it was written is written again.
    page = out / "exemple-blocs" / "2024" / "referentiel.html"
    page.write_text("mine", encoding="utf-8")
    (out / "exemple-blocs" / "2024" / "fiche-decision.html").unlink()
    code, stdout, _ = build(out, str(folder), "--format", "html", "--templates", str(templates))
    assert code == 0
    assert "wrote 2 files" in stdout
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_manifest_records_each_output_and_its_bytes(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(out, str(folder), "--format", "html")[0] == 0
    manifest = Manifest.from_bytes((out / MANIFEST_NAME).read_bytes())
    assert set(manifest.entries) == set(documents(out))
    for name, entry in manifest.entries.items():
        assert entry.sha256 == sha256_file(out / name)
    assert not [path for path in out.rglob("*.part")]


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe", json.dumps({"kind": "something else"}).encode(), b'{"kind": "cqp build manifest"}'],
)
def test_a_damaged_or_foreign_manifest_means_a_full_rebuild_with_a_note(
    folder: Path, tmp_path: Path, content: bytes
) -> None:
    out = tmp_path / "out"
    assert build(out, str(folder), "--format", "html")[0] == 0
    (out / MANIFEST_NAME).write_bytes(content)
    code, stdout, stderr = build(out, str(folder), "--format", "html")
    assert code == 0
    assert f"note: ignoring {out / MANIFEST_NAME}: " in stderr
    assert "every document is rebuilt and no earlier output is removed" in stderr
    assert f"wrote {ALL} files" in stdout
    assert Manifest.from_bytes((out / MANIFEST_NAME).read_bytes()).entries  # a true manifest again


def _make_livret_final_skipped(folder: Path) -> None:
    """exemple-domaines loses its final grid scale, so its livret d'évaluation finale is now skipped."""
    path = folder / "exemple_domaines.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  final_grid: oui-non\n" in text
    path.write_text(text.replace("  final_grid: oui-non\n", ""), encoding="utf-8")


def test_stale_clean_up_deletes_only_what_a_build_wrote_unchanged(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(out, str(folder), "--format", "html")[0] == 0
    livret = out / "exemple-domaines" / "2013" / "livret-evaluation-finale.html"
    grilles = out / "exemple-domaines" / "2013" / "grilles-intermediaires.html"  # never built: skipped
    grilles.write_text("a file of mine", encoding="utf-8")
    edited = livret.read_text(encoding="utf-8") + "<!-- annotated by hand -->"
    livret.write_text(edited, encoding="utf-8")
    _make_livret_final_skipped(folder)
    code, _, stderr = build(out, str(folder), "--format", "html")
    assert code == 0
    assert livret.read_text(encoding="utf-8") == edited
    assert grilles.read_text(encoding="utf-8") == "a file of mine"
    assert f"kept {livret}: the document is now skipped, but not written by cqp build, or changed since" in stderr
    assert f"kept {grilles}: " in stderr
    assert "removed" not in stderr
    assert build(out, str(folder), "--format", "html")[2] == stderr  # said again each time


def test_a_corrupt_manifest_deletes_nothing(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build(out, str(folder), "--format", "html")[0] == 0
    livret = out / "exemple-domaines" / "2013" / "livret-evaluation-finale.html"
    (out / MANIFEST_NAME).write_text("[]", encoding="utf-8")
    _make_livret_final_skipped(folder)
    code, _, stderr = build(out, str(folder), "--format", "html")
    assert code == 0
    assert livret.is_file()
    assert f"kept {livret}" in stderr


def _referentials_inside(out: Path, folder: Path, library_name: str) -> list[Path]:
    """The example referentials placed in OUT under names their documents would have."""
    places = {
        "exemple_blocs.yaml": "exemple-blocs/2024/referentiel.html",
        "exemple_bibliotheque.yaml": f"exemple-blocs/2024/{library_name}",
        "exemple_domaines.yaml": "exemple-domaines/2013/referentiel.html",
    }
    for source, place in places.items():
        (out / place).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(folder / source, out / place)
    return [out / place for place in places.values()]


def test_inputs_inside_out_are_never_overwritten(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    inputs = _referentials_inside(out, folder, "guide-entretien.html")
    referential = inputs[0]
    before = [path.read_bytes() for path in inputs]
    code, stdout, stderr = build(out, *map(str, inputs), "--format", "html")
    assert code == 2
    assert f"failed exemple-blocs@2024 referentiel: refusing to overwrite the input file {referential} with" in stderr
    assert "failed exemple-blocs@2024 guide-entretien: refusing to overwrite the input file" in stderr
    assert "failed exemple-domaines@2013 referentiel: refusing to overwrite the input file" in stderr
    assert "3 documents would overwrite an input file" in stderr
    assert [path.read_bytes() for path in inputs] == before
    assert (out / "exemple-blocs" / "2024" / "fiche-decision.html").is_file()  # the other documents built
    assert f"wrote {ALL - 3} files" in stdout


def test_inputs_inside_out_are_never_deleted_as_stale(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    # exemple-blocs has no dossier VAE (no evidence to attach): that name would be cleaned up as stale.
    inputs = _referentials_inside(out, folder, "dossier-vae.html")
    library = inputs[1]
    # Even a manifest claiming the library as a build's output (its very bytes) does not get it deleted.
    claim = {"inputs": "0" * 64, "sha256": sha256_file(library)}
    forged = {"kind": "cqp build manifest", "version": 1, "outputs": {"exemple-blocs/2024/dossier-vae.html": claim}}
    (out / MANIFEST_NAME).write_text(json.dumps(forged))
    code, _, stderr = build(out, *map(str, inputs), "--format", "html")
    assert code == 2
    assert library.is_file()
    assert f"kept {library}: the document is now skipped, but it is an input of this build" in stderr


def test_a_link_from_out_to_an_input_is_refused(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    home = out / "exemple-domaines" / "2013"
    home.mkdir(parents=True)
    target = folder / "exemple_domaines.yaml"
    before = target.read_bytes()
    (home / "referentiel.html").symlink_to(target)
    os.link(target, home / "fiche-decision.html")
    code, _, stderr = build(out, str(folder), "--format", "html")
    assert code == 2
    assert stderr.count("refusing to overwrite the input file") == 1  # the hard link
    assert "referentiel: UnsafePathError: " in stderr and "is outside" in stderr  # the symbolic link
    assert target.read_bytes() == before
    assert (home / "referentiel.html").is_symlink()


def test_the_manifest_itself_is_never_an_input(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    manifest = out / MANIFEST_NAME
    shutil.copy(folder / "exemple_domaines.yaml", manifest)
    code, _, stderr = build(out, str(manifest), "--format", "html")
    assert code == 2
    assert f"refusing to use {manifest} as the build manifest: it is an input" in stderr
    assert manifest.read_bytes() == (folder / "exemple_domaines.yaml").read_bytes()


def test_no_output_lands_in_a_templates_folder(tmp_path: Path) -> None:
    templates = tmp_path / "tpl"
    templates.mkdir()
    code, _, stderr = build(templates / "out", str(EXAMPLES), "--format", "html", "--templates", str(templates))
    assert code == 2
    assert f"refusing to build into {templates / 'out'}, inside the templates folder {templates}" in stderr
    assert [path for path in templates.rglob("*") if path.is_file()] == []
    # A templates folder inside OUT, where a document would land: that document is refused.
    inner = tmp_path / "out" / "exemple-blocs"
    inner.mkdir(parents=True)
    code, _, stderr = build(tmp_path / "out", str(EXAMPLES), "--format", "html", "--templates", str(inner))
    assert code == 2
    assert f"failed exemple-blocs@2024 referentiel: refusing to write {inner / '2024' / 'referentiel.html'}" in stderr
    assert list(inner.iterdir()) == []
    assert (tmp_path / "out" / "exemple-domaines" / "2013" / "referentiel.html").is_file()


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_jobs_must_be_a_positive_number(tmp_path: Path, value: str) -> None:
    code, _, stderr = build(tmp_path, str(EXAMPLES), "-j", value)
    assert code == 2
    assert "Invalid value for '-j' / '--jobs'" in stderr
