"""The build use case (``cqp build``): every printable document of the referentials under some paths.

:func:`build` discovers the files once, answers from the manifest when the very same build already
ran cleanly (loading neither the checker nor the PDF machinery), else starts the PDF processes
early when every document will be made (they load WeasyPrint while the files are validated),
validates, refuses the referentials with errors and builds the others. It returns a
:class:`Built`; :meth:`Built.failure` is the error that sets the exit code, if any.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cqpengine.documents import DOCUMENTS, FORMATS
from cqpengine.documents.manifest import Run, manifest_path, replay, run_key
from cqpengine.errors import CqpError, FindingsError, UsageError, template_error
from cqpengine.i18n import _, ngettext
from cqpengine.loading.workspace import discover
from cqpengine.resources import default_referential_paths, template_search_order

if TYPE_CHECKING:
    from cqpengine.checking import CheckResult
    from cqpengine.documents.building import BuildReport, Job
    from cqpengine.documents.pool import PdfPool

#: Given the number of jobs, a context whose value is called once per job done (a progress bar).
Progress = Callable[[int], AbstractContextManager[Callable[["Job"], None]]]


@contextmanager
def no_progress(count: int) -> Iterator[Callable[[Job], None]]:
    """No progress shown."""
    yield lambda job: None


@dataclass(frozen=True)
class BuildOptions:
    """What ``cqp build`` was asked for."""

    paths: tuple[Path, ...] = ()
    out: Path = Path("build")
    documents: tuple[str, ...] = ()
    output_format: str = "all"
    template_dirs: tuple[Path, ...] = ()
    workers: int | None = None
    force: bool = False


@dataclass
class Built:
    """A build: answered from the manifest (:attr:`replayed`), or validated and made (:attr:`check`, :attr:`report`)."""

    out: Path
    replayed: Run | None = None
    check: CheckResult | None = None
    report: BuildReport | None = None

    def failure(self) -> CqpError | None:
        """The error the build ends with: a template's, an output over an input, or an incomplete build."""
        from cqpengine.documents.building import InputCollisionError  # noqa: PLC0415 - see build()
        from cqpengine.documents.rendering import TemplateFailure  # noqa: PLC0415

        if self.report is None or self.check is None:
            return None
        templates = [failure for _, failure in self.report.failed if isinstance(failure, TemplateFailure)]
        if templates:  # the user's templates (usage, 2) or, a bug, the shipped ones (internal, 3)
            return template_error(templates[0], all(t.custom for t in templates))
        collisions = [failure for _, failure in self.report.failed if isinstance(failure, InputCollisionError)]
        if collisions:  # an output would overwrite an input: the command line's to fix (usage, 2)
            return UsageError(
                ngettext(
                    "build incomplete: {count} document would overwrite an input file",
                    "build incomplete: {count} documents would overwrite an input file",
                    len(collisions),
                ).format(count=len(collisions))
            )
        if self.report.failed or self.check.failed_files:
            return FindingsError(_("build incomplete"))
        return None


def build(
    options: BuildOptions,
    *,
    on_checked: Callable[[CheckResult], None] = lambda result: None,
    progress: Progress = no_progress,
) -> Built:
    """Build what ``options`` asks for; ``on_checked`` hears the validation before anything is built."""
    paths = default_referential_paths(options.paths)
    targets, context = discover(paths)
    order = template_search_order(options.template_dirs)
    formats = FORMATS[options.output_format]
    # Computed before anything is read: a file changed during the build gives the next one another key.
    key = run_key([*targets, *context], order, formats, options.documents)
    recorded = None if options.force or not targets else replay(options.out, key)
    if recorded is not None:  # the very same build already ran, cleanly, and its outputs are intact
        return Built(options.out, replayed=recorded)
    # Only when something is built: a build answered from the manifest loads neither.
    from cqpengine.checking import check_discovered  # noqa: PLC0415
    from cqpengine.documents import pool as pool_module  # noqa: PLC0415

    # Into an empty folder (or with --force) every document is made: the PDF processes start now,
    # and load WeasyPrint while the referentials are validated.
    workers = options.workers or pool_module.default_workers()
    early = min(workers, len(targets) * len(options.documents or DOCUMENTS))
    every_document = options.force or not manifest_path(options.out).is_file()
    pool = pool_module.start_pool(early) if "pdf" in formats and early > 1 and every_document else None
    try:
        check = check_discovered(targets, context)
        if not check.files:
            raise UsageError(_("no referential files (*.yaml, *.yml) found"))
        on_checked(check)
        report = _build(options, check, formats, workers, key, pool, progress)
    finally:
        if pool is not None:
            pool_module.stop_pool(pool, interrupted=sys.exc_info()[0] is not None)
    return Built(options.out, check=check, report=report)


def _build(
    options: BuildOptions,
    check: CheckResult,
    formats: tuple[str, ...],
    workers: int,
    key: str,
    pool: PdfPool | None,
    progress: Progress,
) -> BuildReport:
    """Build the referentials that came through validation (the PDFs in ``pool`` if given)."""
    from cqpengine.documents import building  # noqa: PLC0415 - see build()
    from cqpengine.documents.manifest import Digests, all_template_files  # noqa: PLC0415
    from cqpengine.documents.rendering import Renderer  # noqa: PLC0415

    out = options.out
    _require_output_folder(out)
    jobs = building.plan(check.referentials, options.documents)
    order = template_search_order(options.template_dirs)
    with progress(len(jobs)) as on_done:
        return building.build(
            jobs,
            out,
            formats,
            lambda: Renderer(options.template_dirs),
            on_done,
            workers=workers,
            force=options.force,
            digests=Digests(order, check.referentials, check.failed_keys),
            inputs=[*check.inputs, *all_template_files(order)],
            input_folders=order,
            run_key=None if check.failed_files else key,
            pool=pool,
        )


def _require_output_folder(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(
            _("cannot create the output folder {out}: {reason}").format(out=out, reason=error.strerror or error)
        ) from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise UsageError(
            _("cannot write to the output folder {out}: permission denied; build into another folder (-o)").format(
                out=out
            )
        )
