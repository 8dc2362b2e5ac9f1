"""``cqp import rncp|case``: a referential from an RNCP fiche or a CASE package, never over a file.

``cqp import rncp FICHES.xml --fiche RNCPnnnnn`` drafts a referential of the blocs generation from one
fiche of France compétences' flux; ``cqp import case PACKAGE.json`` reads back a package written by
``cqp export case``. The YAML goes to ``-o FILE`` (refused when it exists) or to standard output.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cqpengine.commands.common import check_output, require_file, say, write_output
from cqpengine.commands.helps import HELP
from cqpengine.commands.options import referentials_option
from cqpengine.commands.translated import Group
from cqpengine.i18n import N_
from cqpengine.reporters.base import get_reporter

if TYPE_CHECKING:
    from cqpengine.reporters.exchange import Imported

_OUTPUT_HELP = N_("YAML file to write (refused if it exists), or - for stdout.")


@click.group("import", cls=Group, help=HELP["import"])
def command() -> None: ...


def _finish(text: str, output: str, source: Path, summary: Imported) -> None:
    if output == "-":
        write_output(text.encode("utf-8"), "-")
    else:
        # The source (XML, JSON) is no referential: a draft may go beside it; an existing file is refused.
        from cqpengine.app.new import write_new  # noqa: PLC0415 - keep `cqp --help` light

        check_output(output, "yaml")
        write_new(Path(output), text)
    for line in str(get_reporter("import", "text").render(summary)).splitlines():
        say(line, err=output == "-")


@command.command(
    "rncp",
    help=N_(
        "Draft a referential (blocs generation) from the fiche RNCPnnnnn of FICHES.xml, a file of "
        "France compétences' RNCP flux (v4.1) or holding one FICHE."
    ),
)
@click.argument("source", metavar="FICHES.xml", type=click.Path(path_type=Path))
@click.option("--fiche", "fiche", required=True, metavar="RNCPnnnnn", help=N_("The number of the fiche to import."))
@click.option("--id", "certification_id", help=N_("Certification id (default: made from the fiche's title)."))
@click.option("--version", "version", help=N_("Version label (default: the fiche's number)."))
@referentials_option()
@click.option("-o", "--output", "output", default="-", show_default=True, help=_OUTPUT_HELP)
def rncp(
    source: Path, fiche: str, certification_id: str | None, version: str | None, paths: tuple[Path, ...], output: str
) -> None:
    from cqpengine.app.exchange import import_rncp  # noqa: PLC0415
    from cqpengine.reporters.exchange import Imported  # noqa: PLC0415

    require_file(source)
    result = import_rncp(source, fiche, certification_id=certification_id, version=version, referentials=paths)
    _finish(result.text, output, source, Imported(result, output))


@command.command("case", help=N_("Read back a CASE 1.1 package written by 'cqp export case'."))
@click.argument("source", metavar="PACKAGE.json", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", default="-", show_default=True, help=_OUTPUT_HELP)
def case(source: Path, output: str) -> None:
    from cqpengine.app.exchange import import_case  # noqa: PLC0415
    from cqpengine.reporters.exchange import Imported  # noqa: PLC0415

    require_file(source)
    result = import_case(source)
    _finish(result.text, output, source, Imported(result, output))
