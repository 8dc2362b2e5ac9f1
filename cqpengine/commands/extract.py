"""``cqp extract FILLED.pdf [-o FILE]``: the candidate file a filled document holds, to check and complete.

The filled PDF is read, never copied. The candidate YAML (today's format of ``cqp decide``) goes to
stdout or, atomically, to ``-o FILE`` (never over the PDF), nowhere else; what the form does not
hold is listed on stderr by field name (exit 1), never by value.
"""

from __future__ import annotations

from pathlib import Path

import click

from cqpengine.commands.common import check_output, check_referentials, require_file, write_output
from cqpengine.commands.options import referentials_option, templates_option
from cqpengine.commands.translated import Command
from cqpengine.errors import FindingsError, UsageError
from cqpengine.i18n import N_, _, ngettext
from cqpengine.output import UnsafePathError, check_output_file
from cqpengine.reporting import format_text


def _not_over(output: str, pdf: Path) -> None:
    """Refuse an output that would overwrite the filled PDF (its folder is no referentials folder)."""
    if output == "-":
        return
    try:
        check_output_file(Path(output), pdf)
    except UnsafePathError as error:
        raise UsageError(str(error)) from None


@click.command(
    "extract",
    cls=Command,
    help=N_(
        "Write the candidate file of a filled guide-entretien, livret-evaluation-finale or "
        "dossier-vae PDF.\n\n"
        "Exit 0 when the candidate file is complete and valid, 1 when fields are missing (listed on "
        "stderr by name; the file is still written, for a person to complete), 2 for a file that is "
        "not a document cqpengine printed."
    ),
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
    from cqpengine.documents.rendering import Renderer  # noqa: PLC0415 - keep `cqp --help` light
    from cqpengine.forms.deciding import checked_candidate, read_filled  # noqa: PLC0415
    from cqpengine.forms.reading import FormError, is_pdf  # noqa: PLC0415

    require_file(file)
    _not_over(output, file)
    if not is_pdf(file):
        raise UsageError(
            _("{file}: not a PDF: cqp extract reads a filled document cqpengine printed").format(file=file)
        )
    checked = check_referentials(referential_paths)
    check_output(output, "yaml", *checked.inputs, template_dirs=template_dirs)  # never among referentials
    try:
        extraction = read_filled(None, file, checked.referentials, Renderer(template_dirs))
        findings = checked_candidate(extraction)
    except FormError as error:
        raise UsageError(str(error)) from None
    write_output(extraction.yaml_text().encode("utf-8"), output)
    if findings:
        click.echo(format_text(findings), nl=False, err=True)
        raise FindingsError(
            ngettext(
                "{file}: the candidate file is incomplete ({count} finding, listed above)",
                "{file}: the candidate file is incomplete ({count} findings, listed above)",
                len(findings),
            ).format(file=file, count=len(findings))
        )
