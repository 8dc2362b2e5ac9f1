"""``cqp build``: every printable document of every referential, in HTML and PDF."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cqpengine.commands.common import check_referentials, say
from cqpengine.commands.options import SuggestingChoice, templates_option
from cqpengine.commands.translated import Command
from cqpengine.documents import DOCUMENTS, FORMATS
from cqpengine.errors import FindingsError, UsageError, template_error
from cqpengine.findings import Severity
from cqpengine.i18n import N_, _, ngettext
from cqpengine.reporters.findings import format_text
from cqpengine.resources import default_referential_paths, template_search_order

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from cqpengine.checking import CheckResult
    from cqpengine.documents import building


@click.command(
    "build",
    cls=Command,
    help=N_(
        "Build the documents of referentials (files or folders; default ./referentials).\n\n"
        "Validates first: a referential with errors is refused, the others still build. A document "
        "whose inputs have not changed since the last build into the same folder is not rendered "
        "again."
    ),
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build"),
    show_default=True,
    help=N_("Folder that receives <id>/<version>/<document>.<ext>."),
)
@click.option(
    "--doc",
    "documents",
    multiple=True,
    type=SuggestingChoice(list(DOCUMENTS)),
    help=N_("Only this document (repeatable). Default: all."),
)
@click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="all", show_default=True)
@templates_option
@click.option(
    "-j",
    "--jobs",
    "workers",
    type=click.IntRange(min=1),
    default=None,
    help=N_(
        "Documents rendered at once, in as many processes. Default: the number of CPUs; 1 renders in this process."
    ),
)
@click.option("--force", is_flag=True, help=N_("Render every document, even those whose inputs have not changed."))
def command(
    paths: tuple[Path, ...],
    out: Path,
    documents: tuple[str, ...],
    output_format: str,
    template_dirs: tuple[Path, ...],
    workers: int | None,
    force: bool,
) -> None:
    from cqpengine.documents.manifest import manifest_path, replay, run_key  # noqa: PLC0415 - keep `cqp --help` light
    from cqpengine.loading.workspace import discover  # noqa: PLC0415

    paths = default_referential_paths(paths)
    targets, context = discover(paths)
    order = template_search_order(template_dirs)
    formats = FORMATS[output_format]
    # Computed before anything is read: a file changed during the build gives the next one another key.
    key = run_key([*targets, *context], order, formats, documents)
    recorded = None if force or not targets else replay(out, key)
    if recorded is not None:  # the very same build already ran, cleanly, and its outputs are intact
        for label, reason in recorded.skipped:
            say(_("skipped {document}: {reason}").format(document=label, reason=reason), err=True)
        say(_summary(out, 0, len(recorded.outputs), recorded.referentials, len(recorded.skipped), 0, 0))
        return
    from cqpengine.documents import building  # noqa: PLC0415 - only when something is built

    # Into an empty folder (or with --force) every document is made: the PDF processes start now,
    # and load WeasyPrint while the referentials are validated.
    workers = workers or building.default_workers()
    early = min(workers, len(targets) * len(documents or DOCUMENTS))
    every_document = force or not manifest_path(out).is_file()
    pool = building.start_pool(early) if "pdf" in formats and early > 1 and every_document else None
    try:
        report, result = _validate_and_build(paths, out, documents, formats, template_dirs, workers, force, key, pool)
    finally:
        if pool is not None:
            building.stop_pool(pool, interrupted=sys.exc_info()[0] is not None)
    _report(out, report, result)


def _summary(
    out: Path, written: int, up_to_date: int, referentials: int, skipped: int, failed: int, refused: int
) -> str:
    return _(
        "wrote {written} files to {out} for {referentials} referentials, {up_to_date} up to date; "
        "skipped {skipped} documents, {failed} failed, {refused} referential files refused"
    ).format(
        written=written,
        out=out,
        referentials=referentials,
        up_to_date=up_to_date,
        skipped=skipped,
        failed=failed,
        refused=refused,
    )


def _validate_and_build(
    paths: tuple[Path, ...],
    out: Path,
    documents: tuple[str, ...],
    formats: tuple[str, ...],
    template_dirs: tuple[Path, ...],
    workers: int,
    force: bool,
    key: str,
    pool: ProcessPoolExecutor | None,
) -> tuple[building.BuildReport, CheckResult]:
    """Validate, refuse the referentials with errors, and build the others (the PDFs in ``pool`` if given)."""
    from cqpengine.documents import building  # noqa: PLC0415 - keep `cqp --help` light
    from cqpengine.documents.manifest import Digests, all_template_files  # noqa: PLC0415
    from cqpengine.documents.rendering import Renderer  # noqa: PLC0415

    result = check_referentials(paths)
    if not result.files:
        raise UsageError(_("no referential files (*.yaml, *.yml) found"))
    errors = [finding for finding in result.findings if finding.severity is Severity.ERROR]
    click.echo(format_text(errors), nl=False, err=True)
    for path in sorted(result.failed_files):
        say(_("refused {file}: it has validation errors").format(file=path), err=True)

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
    jobs = building.plan(result.referentials, documents)
    order = template_search_order(template_dirs)

    def run(on_done: Callable[[building.Job], None]) -> building.BuildReport:
        return building.build(
            jobs,
            out,
            formats,
            lambda: Renderer(template_dirs),
            on_done,
            workers=workers,
            force=force,
            digests=Digests(order, result.referentials, result.failed_keys),
            inputs=[*result.inputs, *all_template_files(order)],
            input_folders=order,
            run_key=None if result.failed_files else key,
            pool=pool,
        )

    if sys.stderr.isatty():  # a progress bar for people; nothing but the report for logs and pipes
        with click.progressbar(length=len(jobs), label=_("Building"), file=sys.stderr) as bar:
            report = run(lambda job: bar.update(1))
    else:
        report = run(lambda job: None)
    return report, result


def _report(out: Path, report: building.BuildReport, result: CheckResult) -> None:
    """Say what the build wrote, skipped, removed, kept and failed; raise for the exit code."""
    from cqpengine.documents import building  # noqa: PLC0415 - keep `cqp --help` light
    from cqpengine.documents.rendering import TemplateFailure  # noqa: PLC0415

    for note in report.notes:
        say(_("note: {note}").format(note=note), err=True)
    for job, reason in report.skipped:
        say(_("skipped {document}: {reason}").format(document=job.label, reason=reason), err=True)
    for path in report.removed:
        say(_("removed {file}: left by an earlier build, the document is now skipped").format(file=path), err=True)
    for path, why in report.kept:
        say(_("kept {file}: the document is now skipped, but {reason}").format(file=path, reason=why), err=True)
    for job, failure in report.failed:
        message = str(failure) if isinstance(failure, TemplateFailure) else building.describe_failure(failure)
        say(_("failed {document}: {reason}").format(document=job.label, reason=message), err=True)
    say(
        _summary(
            out,
            len(report.written),
            len(report.up_to_date),
            len(result.referentials),
            len(report.skipped),
            len(report.failed),
            len(result.failed_files),
        )
    )
    templates = [failure for _, failure in report.failed if isinstance(failure, TemplateFailure)]
    if templates:  # the user's templates (usage, 2) or, a bug, the shipped ones (internal, 3)
        raise template_error(templates[0], all(t.custom for t in templates))
    collisions = [failure for _, failure in report.failed if isinstance(failure, building.InputCollisionError)]
    if collisions:  # an output would overwrite an input: the command line's to fix (usage, 2)
        raise UsageError(
            ngettext(
                "build incomplete: {count} document would overwrite an input file",
                "build incomplete: {count} documents would overwrite an input file",
                len(collisions),
            ).format(count=len(collisions))
        )
    if report.failed or result.failed_files:
        raise FindingsError(_("build incomplete"))
