"""Building documents for many referentials: plan the jobs, render each, write atomically.

Used by ``cqp build``. A referential with validation errors is refused (the others still
build); a document a referential cannot give is skipped with the reason; an error while
rendering one document is reported and leaves every other output intact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cqpengine.documents import DOCUMENTS
from cqpengine.documents.rendering import Renderer, html_to_pdf
from cqpengine.model import Referential
from cqpengine.output import output_path, write_atomic


@dataclass(frozen=True)
class Job:
    """One document of one referential."""

    referential: Referential
    document: str

    @property
    def label(self) -> str:
        return f"{self.referential.key} {self.document}"


@dataclass
class BuildReport:
    """What a build wrote, skipped and failed."""

    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[Job, str]] = field(default_factory=list)
    #: Outputs of an earlier build of a document that is now skipped, deleted so none is stale.
    removed: list[Path] = field(default_factory=list)
    failed: list[tuple[Job, Exception]] = field(default_factory=list)


def plan(referentials: Iterable[Referential], documents: Sequence[str]) -> list[Job]:
    """Every (referential, document) pair, documents in their registry order."""
    wanted = [name for name in DOCUMENTS if name in documents] if documents else list(DOCUMENTS)
    return [
        Job(referential, name)
        for referential in referentials
        for name in wanted
        if DOCUMENTS[name].belongs_to(referential)  # a document of another generation is not skipped: it is not there
    ]


def build(
    jobs: Iterable[Job],
    out: Path,
    formats: Sequence[str],
    renderer: Renderer,
    on_done: Callable[[Job], None] = lambda job: None,
) -> BuildReport:
    """Render and write every job to ``out/<id>/<version>/<document>.<ext>``."""
    report = BuildReport()
    for job in jobs:
        ref = job.referential
        reason = DOCUMENTS[job.document].missing(ref)
        try:
            paths = {ext: output_path(out, ref.id, ref.version, job.document, suffix=f".{ext}") for ext in formats}
            if reason is not None:
                report.skipped.append((job, reason))
                for stale in paths.values():
                    if stale.is_file():
                        stale.unlink()
                        report.removed.append(stale)
            else:
                html = renderer.html(ref, job.document)
                outputs = {"html": html.encode("utf-8")}
                if "pdf" in formats:
                    outputs["pdf"] = html_to_pdf(html)
                for extension, path in paths.items():
                    write_atomic(path, outputs[extension])
                    report.written.append(path)
        except Exception as exc:  # one document failing must not stop the others
            report.failed.append((job, exc))
        on_done(job)
    return report
