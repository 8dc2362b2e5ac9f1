"""``cqp build``: every printable document of every referential, in HTML and PDF."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from cqpengine.commands.common import check_referentials
from cqpengine.commands.options import SuggestingChoice, templates_option
from cqpengine.documents import DOCUMENTS, FORMATS
from cqpengine.errors import FindingsError, UsageError, template_error
from cqpengine.findings import Severity
from cqpengine.i18n import _
from cqpengine.reporting import format_text


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build"),
    show_default=True,
    help="Folder that receives <id>/<version>/<document>.<ext>.",
)
@click.option(
    "--doc",
    "documents",
    multiple=True,
    type=SuggestingChoice(list(DOCUMENTS)),
    help="Only this document (repeatable). Default: all.",
)
@click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="all", show_default=True)
@templates_option
def command(
    paths: tuple[Path, ...], out: Path, documents: tuple[str, ...], output_format: str, template_dirs: tuple[Path, ...]
) -> None:
    """Build the documents of referentials (files or folders; default ./referentials).

    Validates first: a referential with errors is refused, the others still build.
    """
    from cqpengine.documents.building import build, plan  # noqa: PLC0415 - keep `cqp --help` light
    from cqpengine.documents.rendering import Renderer, TemplateFailure  # noqa: PLC0415

    result = check_referentials(paths)
    if not result.files:
        raise UsageError(_("no referential files (*.yaml, *.yml) found"))
    errors = [finding for finding in result.findings if finding.severity is Severity.ERROR]
    click.echo(format_text(errors), nl=False, err=True)
    for path in sorted(result.failed_files):
        click.echo(_("refused {file}: it has validation errors").format(file=path), err=True)

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create the output folder {out}: {error.strerror or error}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write to the output folder {out}: permission denied")
    jobs = plan(result.referentials, documents)
    renderer = Renderer(template_dirs)
    if sys.stderr.isatty():  # a progress bar for people; nothing but the report for logs and pipes
        with click.progressbar(length=len(jobs), label="Building", file=sys.stderr) as bar:
            report = build(jobs, out, FORMATS[output_format], renderer, on_done=lambda job: bar.update(1))
    else:
        report = build(jobs, out, FORMATS[output_format], renderer)

    for job, reason in report.skipped:
        click.echo(_("skipped {document}: {reason}").format(document=job.label, reason=reason), err=True)
    for path in report.removed:
        click.echo(
            _("removed {file}: left by an earlier build, the document is now skipped").format(file=path), err=True
        )
    for job, failure in report.failed:
        message = str(failure) if isinstance(failure, TemplateFailure) else f"{type(failure).__name__}: {failure}"
        click.echo(_("failed {document}: {reason}").format(document=job.label, reason=message), err=True)
    click.echo(
        _(
            "wrote {written} files to {out} for {referentials} referentials; skipped {skipped} documents, "
            "{failed} failed, {refused} referential files refused"
        ).format(
            written=len(report.written),
            out=out,
            referentials=len(result.referentials),
            skipped=len(report.skipped),
            failed=len(report.failed),
            refused=len(result.failed_files),
        )
    )
    templates = [failure for _, failure in report.failed if isinstance(failure, TemplateFailure)]
    if templates:  # the user's templates (usage, 2) or, a bug, the shipped ones (internal, 3)
        raise template_error(templates[0], all(t.custom for t in templates))
    if report.failed or result.failed_files:
        raise FindingsError(_("build incomplete"))
