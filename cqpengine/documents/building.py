"""Building documents for many referentials: plan the jobs, render each, write atomically.

Used by ``cqp build``. A referential with validation errors is refused (the others still
build); a document a referential cannot give is skipped with the reason; an error while
rendering one document is reported and leaves every other output intact.

HTML is rendered in this process; PDFs, most of the time, in ``workers`` processes at once
(:mod:`cqpengine.documents.pool`; none when ``workers`` is 1), the longest first. A PDF depends
only on its HTML, so the bytes are the same either way. The manifest
(:mod:`cqpengine.documents.manifest`) makes builds incremental and the clean-up of stale outputs
safe; no output is ever written over a file the build reads (an input, as
:class:`cqpengine.output.InputFiles` recognises it), and no input is ever deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from cqpengine.documents import DOCUMENTS
from cqpengine.documents import pool as pool_module
from cqpengine.documents.environment import template_dirs
from cqpengine.documents.manifest import (
    Digests,
    Entry,
    Manifest,
    Run,
    load_manifest,
    manifest_path,
    recorded_and_intact,
    relative_key,
    save_manifest,
    sha256_bytes,
    sha256_file,
)
from cqpengine.documents.pool import PdfPool, WorkerError
from cqpengine.documents.rendering import PdfWriter, Renderer
from cqpengine.errors import UsageError
from cqpengine.i18n import _
from cqpengine.model import Referential
from cqpengine.output import InputFiles, output_path, write_atomic


@dataclass(frozen=True)
class Job:
    """One document of one referential."""

    referential: Referential
    document: str

    @property
    def label(self) -> str:
        return f"{self.referential.key} {self.document}"


class InputCollisionError(UsageError):
    """An output would land on a file the build reads (a referential or a template)."""


@dataclass
class BuildReport:
    """What a build wrote, skipped and failed."""

    written: list[Path] = field(default_factory=list)
    #: Outputs whose inputs have not changed since the build that wrote them: not rendered again.
    up_to_date: list[Path] = field(default_factory=list)
    skipped: list[tuple[Job, str]] = field(default_factory=list)
    #: Outputs of an earlier build of a document that is now skipped, deleted so none is stale.
    removed: list[Path] = field(default_factory=list)
    #: Files where a skipped document's output would be, not deleted, and why.
    kept: list[tuple[Path, str]] = field(default_factory=list)
    failed: list[tuple[Job, Exception]] = field(default_factory=list)
    #: Things worth saying once (e.g. a manifest that had to be ignored).
    notes: list[str] = field(default_factory=list)


def describe_failure(failure: Exception) -> str:
    """A failed job's reason in one line."""
    if isinstance(failure, WorkerError | InputCollisionError):
        return str(failure)
    return f"{type(failure).__name__}: {failure}"


def plan(referentials: Iterable[Referential], documents: Sequence[str]) -> list[Job]:
    """Every (referential, document) pair, documents in their registry order."""
    wanted = [name for name in DOCUMENTS if name in documents] if documents else list(DOCUMENTS)
    return [
        Job(referential, name)
        for referential in referentials
        for name in wanted
        if DOCUMENTS[name].belongs_to(referential)  # a document of another generation is not skipped: it is not there
    ]


@dataclass
class _Pending:
    """A job to render: where each output goes, and its inputs digest."""

    job: Job
    paths: dict[str, Path]
    digests: dict[str, str]
    outputs: dict[str, bytes] = field(default_factory=dict)


class _Builder:
    """One build: decides what is up to date, renders the rest, keeps the manifest true."""

    def __init__(
        self, out: Path, formats: Sequence[str], renderer: Callable[[], Renderer], digests: Digests, inputs: InputFiles
    ) -> None:
        self.out = out
        self.formats = formats
        self._renderer_factory = renderer
        self._renderer: Renderer | None = None
        self.digests = digests
        self.inputs = inputs
        self.report = BuildReport()
        self.manifest = Manifest()

    @property
    def renderer(self) -> Renderer:
        if self._renderer is None:  # only when something is rendered: a no-op build loads no template
            self._renderer = self._renderer_factory()
        return self._renderer

    def paths(self, job: Job, *, checked: bool = True) -> dict[str, Path]:
        """Where each output of ``job`` goes; unless ``checked`` is false, refused if one is an input."""
        ref = job.referential
        paths = {
            ext: output_path(self.out, ref.id, ref.version, job.document, suffix=f".{ext}") for ext in self.formats
        }
        for path in paths.values() if checked else ():
            if path in self.inputs:
                raise InputCollisionError(
                    _(
                        "refusing to overwrite the input file {file} with the output: build into another folder (-o)"
                    ).format(file=path)
                )
            folder = self.inputs.folder_of(path)
            if folder is not None:
                raise InputCollisionError(
                    _(
                        "refusing to write {file} into the templates folder {folder}: the next build would read it "
                        "as a template; build into another folder (-o)"
                    ).format(file=path, folder=folder)
                )
        return paths

    def remove_stale(self, paths: Iterable[Path]) -> None:
        """Delete the outputs of a now-skipped document, when (and only when) a build wrote them as they are."""
        for path in paths:
            if not (path.is_file() or path.is_symlink()):
                continue
            key = relative_key(self.out, path)
            if path in self.inputs:
                self.report.kept.append((path, _("it is an input of this build")))
            elif path.is_symlink() or not recorded_and_intact(self.manifest.entries, key, path):
                self.report.kept.append((path, _("not written by cqp build, or changed since; delete it if stale")))
            else:
                path.unlink()
                self.report.removed.append(path)
                del self.manifest.entries[key]

    def pending(self, job: Job, force: bool) -> _Pending | None:
        """What ``job`` must write, or None when every output is up to date."""
        paths = self.paths(job)
        digests = {ext: self.digests.inputs(job.referential, job.document, ext) for ext in paths}
        if not force and all(self._up_to_date(path, digests[ext]) for ext, path in paths.items()):
            self.report.up_to_date.extend(paths.values())
            return None
        return _Pending(job, paths, digests)

    def _up_to_date(self, path: Path, digest: str) -> bool:
        entry = self.manifest.entries.get(relative_key(self.out, path))
        return entry is not None and entry.inputs == digest and sha256_file(path) == entry.sha256

    def html(self, pending: _Pending) -> str:
        html = self.renderer.html(pending.job.referential, pending.job.document)
        pending.outputs["html"] = html.encode("utf-8")
        return html

    def write(self, pending: _Pending) -> None:
        """Write every output of a job (only once all are rendered) and record each in the manifest."""
        for extension, path in pending.paths.items():
            data = pending.outputs[extension]
            write_atomic(path, data)
            self.report.written.append(path)
            self.manifest.entries[relative_key(self.out, path)] = Entry(pending.digests[extension], sha256_bytes(data))


def build(
    jobs: Iterable[Job],
    out: Path,
    formats: Sequence[str],
    renderer: Renderer | Callable[[], Renderer],
    on_done: Callable[[Job], None] = lambda job: None,
    *,
    workers: int = 1,
    force: bool = False,
    digests: Digests | None = None,
    inputs: Iterable[Path] = (),
    input_folders: Iterable[Path] = (),
    run_key: str | None = None,
    pool: PdfPool | None = None,
) -> BuildReport:
    """Render and write every job to ``out/<id>/<version>/<document>.<ext>``.

    ``inputs`` are the files the build reads: no output is written over one, no stale-output
    clean-up deletes one; nor is any output written into one of ``input_folders`` (templates).
    ``digests`` (default: the shipped templates only) gives each output's inputs digest. With
    ``force``, every document is rendered whatever the manifest says. A ``run_key``
    (:func:`~cqpengine.documents.manifest.run_key`) records the build in the manifest when nothing
    failed and nothing was kept, so that the same build can be answered from it. A ``pool`` from
    :func:`start_pool` (the caller's to shut down) makes the PDFs instead of one started here.
    """
    job_list = list(jobs)
    if isinstance(renderer, Renderer):
        given = renderer

        def factory() -> Renderer:
            return given
    else:
        factory = renderer
    if digests is None:
        digests = Digests(template_dirs(), [job.referential for job in job_list])
    builder = _Builder(
        out, formats, factory, digests, InputFiles(inputs, [folder.resolve() for folder in input_folders])
    )
    if manifest_path(out) in builder.inputs:
        raise InputCollisionError(
            _("refusing to use {file} as the build manifest: it is an input; build into another folder (-o)").format(
                file=manifest_path(out)
            )
        )
    folder = builder.inputs.folder_of(manifest_path(out))
    if folder is not None:
        raise InputCollisionError(
            _(
                "refusing to build into {out}, inside the templates folder {folder}: the next build would read "
                "the documents as templates; build into another folder (-o)"
            ).format(out=out, folder=folder)
        )
    builder.manifest, note = load_manifest(out)
    if note:
        builder.report.notes.append(note)
    todo: list[_Pending] = []
    try:
        for job in job_list:
            try:
                reason = DOCUMENTS[job.document].missing(job.referential)
                if reason is not None:
                    builder.report.skipped.append((job, reason))
                    builder.remove_stale(builder.paths(job, checked=False).values())
                else:
                    pending = builder.pending(job, force)
                    if pending is not None:
                        todo.append(pending)
                        continue
            except Exception as exc:  # one document failing must not stop the others
                builder.report.failed.append((job, exc))
            on_done(job)
        _render(builder, todo, workers, on_done, pool)
        report = builder.report
        if run_key is not None and not report.failed and not report.kept:
            outputs = tuple(relative_key(out, path) for path in [*report.written, *report.up_to_date])
            skipped = tuple((job.label, reason) for job, reason in report.skipped)
            referentials = len({job.referential.key for job in job_list})
            builder.manifest.record(run_key, Run(tuple(sorted(outputs)), skipped, referentials))
    finally:  # what was written is recorded, even when the build is interrupted
        builder.manifest.entries = {
            key: entry for key, entry in builder.manifest.entries.items() if (out / key).is_file()
        }
        try:
            save_manifest(out, builder.manifest)
        except OSError as error:
            builder.report.notes.append(
                _("cannot write the build manifest {file} ({reason}): the next build renders everything again").format(
                    file=manifest_path(out), reason=error.strerror or error
                )
            )
    order = {id(job): index for index, job in enumerate(job_list)}
    builder.report.failed.sort(key=lambda failure: order[id(failure[0])])
    return builder.report


def _render(
    builder: _Builder,
    todo: list[_Pending],
    workers: int,
    on_done: Callable[[Job], None],
    pool: PdfPool | None = None,
) -> None:
    """Render the jobs: HTML here, PDFs here (one worker) or in a pool of processes."""
    pdfs = sum(1 for pending in todo if "pdf" in pending.paths)
    if pool is not None and pdfs:
        _render_in(pool, builder, todo, on_done)
        return
    if workers <= 1 or pdfs <= 1:
        writer = PdfWriter()
        for pending in todo:
            _finish(builder, pending, writer, on_done)
        return
    # The workers start now, and load WeasyPrint while the HTML is rendered here.
    own = pool_module.start_pool(min(workers, pdfs))
    try:
        _render_in(own, builder, todo, on_done)
    except BaseException:
        pool_module.stop_pool(own, interrupted=True)
        raise
    pool_module.stop_pool(own)


def _finish(builder: _Builder, pending: _Pending, writer: PdfWriter, on_done: Callable[[Job], None]) -> None:
    """Render and write one job in this process."""
    try:
        html = builder.html(pending)
        if "pdf" in pending.paths:
            pending.outputs["pdf"] = writer.pdf(html)
        builder.write(pending)
    except Exception as exc:  # one document failing must not stop the others
        builder.report.failed.append((pending.job, exc))
    on_done(pending.job)


def _render_in(pool: PdfPool, builder: _Builder, todo: list[_Pending], on_done: Callable[[Job], None]) -> None:
    """Every job's HTML here, then the PDFs in the pool, the longest first.

    A worker takes the next PDF as soon as it is free; with the longest started first (by the size
    of their HTML, which WeasyPrint's time follows), no long document is left to run alone at the
    end while the other cores wait.
    """
    pages: list[tuple[_Pending, str]] = []
    for pending in todo:
        try:
            html = builder.html(pending)
        except Exception as exc:  # one document failing must not stop the others
            builder.report.failed.append((pending.job, exc))
            on_done(pending.job)
            continue
        if "pdf" in pending.paths:
            pages.append((pending, html))
        else:
            _write(builder, pending, on_done)
    pages.sort(key=lambda page: len(page[1]), reverse=True)  # stable: equal sizes keep the build's order
    futures: dict[Future[bytes], _Pending] = {pool.submit(html): pending for pending, html in pages}
    for future in as_completed(futures):
        pending = futures[future]
        try:
            pending.outputs["pdf"] = future.result()
        except BrokenProcessPool:
            builder.report.failed.append(
                (pending.job, WorkerError(_("the PDF process stopped unexpectedly: run the build again")))
            )
            on_done(pending.job)
            continue
        except Exception as exc:  # one document failing must not stop the others
            builder.report.failed.append((pending.job, exc))
            on_done(pending.job)
            continue
        _write(builder, pending, on_done)


def _write(builder: _Builder, pending: _Pending, on_done: Callable[[Job], None]) -> None:
    try:
        builder.write(pending)
    except Exception as exc:  # one document failing must not stop the others
        builder.report.failed.append((pending.job, exc))
    on_done(pending.job)
