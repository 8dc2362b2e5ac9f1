"""``cqp render``: one document of one referential, to a file or to standard output."""

from __future__ import annotations

from pathlib import Path

import click

from cqpengine.commands.common import check_output, check_referentials, require_file, write_output
from cqpengine.commands.options import SuggestingChoice, templates_option
from cqpengine.commands.translated import Command
from cqpengine.documents import DOCUMENTS
from cqpengine.errors import FindingsError, UsageError, template_error
from cqpengine.i18n import N_, _
from cqpengine.reporters.findings import format_text


@click.command(
    "render", cls=Command, help=N_("Render one document of the referential FILE (resolved with the files beside it).")
)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--doc", "document", required=True, type=SuggestingChoice(list(DOCUMENTS)), help=N_("Which document."))
@click.option("--format", "output_format", type=click.Choice(["html", "pdf"]), default="html", show_default=True)
@click.option("-o", "--output", "output", default="-", show_default=True, help=N_("Output file, or - for stdout."))
@templates_option
def command(file: Path, document: str, output_format: str, output: str, template_dirs: tuple[Path, ...]) -> None:
    from cqpengine.documents.rendering import (  # noqa: PLC0415 - keep `cqp --help` light
        DocumentUnavailableError,
        Renderer,
        TemplateFailure,
        html_to_pdf,
    )

    require_file(file)
    check_output(output, output_format, file, template_dirs=template_dirs)
    result = check_referentials([file], default=False)
    check_output(output, output_format, file, *result.inputs, template_dirs=template_dirs)
    if not result.ok():
        click.echo(format_text(result.findings), nl=False, err=True)
        raise FindingsError(_("{file} has validation errors: run cqp validate and fix them").format(file=file))
    if not result.referentials:
        raise UsageError(_("{file} is not a certification (a unit library has no documents)").format(file=file))
    [referential] = result.referentials
    try:
        html = Renderer(template_dirs).html(referential, document)
    except DocumentUnavailableError as reason:
        raise FindingsError(
            _("{key} has no {document}: {reason}").format(key=referential.key, document=document, reason=reason)
        ) from None
    except TemplateFailure as failure:
        raise template_error(failure, failure.custom) from None
    write_output(html_to_pdf(html) if output_format == "pdf" else html.encode("utf-8"), output)
