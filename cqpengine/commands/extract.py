"""``cqp extract FILLED.pdf [-o FILE]``: the candidate file a filled document holds, to check and complete.

The filled PDF is read, never copied. The candidate YAML (today's format of ``cqp decide``) goes to
stdout or, atomically, to ``-o FILE`` (never over the PDF), nowhere else; what the form does not
hold is listed on stderr by field name (exit 1), never by value.
"""

from __future__ import annotations

from pathlib import Path

import click

from cqpengine.commands.common import check_output, check_referentials, require_file, write_output
from cqpengine.commands.helps import HELP
from cqpengine.commands.options import referentials_option, templates_option
from cqpengine.commands.translated import Command
from cqpengine.errors import FindingsError
from cqpengine.i18n import N_, ngettext
from cqpengine.output import check_output_file
from cqpengine.reporters.base import get_reporter
from cqpengine.reporters.findings import format_text


def _not_over(output: str, pdf: Path) -> None:
    """Refuse an output that would overwrite the filled PDF (its folder is no referentials folder)."""
    if output == "-":
        return
    check_output_file(Path(output), pdf)


@click.command(
    "extract",
    cls=Command,
    help=HELP["extract"],
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    metavar="FILE|-",
    help=N_("Where to write the candidate YAML (- for stdout; a file is written atomically)."),
)
@referentials_option("referential_paths")
@templates_option
def command(file: Path, output: str, referential_paths: tuple[Path, ...], template_dirs: tuple[Path, ...]) -> None:
    # Here, not at the top: `cqp --help` imports this module and must not import jinja2 or jsonschema.
    from cqpengine.app.extract import ExtractOptions, extract, require_pdf  # noqa: PLC0415

    require_file(file)
    _not_over(output, file)
    require_pdf(file)
    checked = check_referentials(referential_paths)
    check_output(output, "yaml", *checked.inputs, template_dirs=template_dirs)  # never among referentials
    result = extract(ExtractOptions(file, checked.referentials, template_dirs))
    text = get_reporter("candidate", "yaml").render(result.extraction)
    write_output(text.encode("utf-8") if isinstance(text, str) else text, output)
    if result.findings:
        click.echo(format_text(result.findings), nl=False, err=True)
        raise FindingsError(
            ngettext(
                "{file}: the candidate file is incomplete ({count} finding, listed above)",
                "{file}: the candidate file is incomplete ({count} findings, listed above)",
                len(result.findings),
            ).format(file=file, count=len(result.findings))
        )
