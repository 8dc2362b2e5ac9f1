"""``cqp render``: one document of one referential, to a file or to standard output."""

from __future__ import annotations

from pathlib import Path

import click

from cqpengine.commands.common import check_output, require_file, write_output
from cqpengine.commands.helps import HELP
from cqpengine.commands.options import SuggestingChoice, templates_option
from cqpengine.commands.translated import Command
from cqpengine.documents import DOCUMENTS
from cqpengine.i18n import N_
from cqpengine.reporters import format_findings


@click.command("render", cls=Command, help=HELP["render"])
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--doc", "document", required=True, type=SuggestingChoice(list(DOCUMENTS)), help=N_("Which document."))
@click.option("--format", "output_format", type=click.Choice(["html", "pdf"]), default="html", show_default=True)
@click.option("-o", "--output", "output", default="-", show_default=True, help=N_("Output file, or - for stdout."))
@templates_option
def command(file: Path, document: str, output_format: str, output: str, template_dirs: tuple[Path, ...]) -> None:
    # `cqp --help` imports every command module (for its one-line help): the use case loads the checker.
    from cqpengine.app.inputs import InvalidInput  # noqa: PLC0415
    from cqpengine.app.render import load, render  # noqa: PLC0415

    require_file(file)
    check_output(output, output_format, file, template_dirs=template_dirs)
    result = load(file)
    check_output(output, output_format, file, *result.inputs, template_dirs=template_dirs)
    try:
        data = render(result, file, document, output_format, template_dirs)
    except InvalidInput as error:
        click.echo(format_findings(error.findings, "text"), nl=False, err=True)
        raise
    write_output(data, output)
