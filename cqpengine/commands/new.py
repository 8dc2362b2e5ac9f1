"""``cqp new``: start a new certification from a skeleton, or a new version from an existing one."""

from __future__ import annotations

from pathlib import Path

import click

from cqpengine.commands.helps import HELP
from cqpengine.commands.options import referentials_option
from cqpengine.commands.translated import Group
from cqpengine.i18n import N_
from cqpengine.reporters.base import get_reporter


@click.group("new", cls=Group, help=HELP["new"])
def command() -> None: ...


@command.command(
    "certification", help=N_("Write the skeleton of a new certification ID, status draft, with French comments.")
)
@click.argument("identifier", metavar="ID")
@click.option(
    "--generation", type=click.Choice(["blocs", "domaines"]), required=True, help=N_("blocs (RNCP) or domaines (2013).")
)
@click.option("--title", help=N_("Full title of the certification (default: a placeholder to fill in)."))
@click.option("--version", "version", help=N_("Version label (default: the current year)."))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help=N_("File to write (default ./referentials/ID.yaml)."),
)
def certification(
    identifier: str, generation: str, title: str | None, version: str | None, output: Path | None
) -> None:
    # `cqp --help` imports every command module (for its one-line help): the use case loads the checker.
    from cqpengine.app.new import new_certification  # noqa: PLC0415

    _report(new_certification(identifier, generation, title=title, version=version, output=output))


@command.command(
    "version", help=N_("Copy version ID@OLD as a draft ID@NEW that supersedes it, every unit mapped onto itself.")
)
@click.argument("new_key", metavar="ID@NEW")
@click.option("--from", "old_key", metavar="ID@OLD", required=True, help=N_("The version to start from."))
@referentials_option()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help=N_("File to write (default: beside ID@OLD)."),
)
def version(new_key: str, old_key: str, paths: tuple[Path, ...], output: Path | None) -> None:
    from cqpengine.app.new import new_version  # noqa: PLC0415 - see certification()

    _report(new_version(new_key, old_key, paths, output))


def _report(result: object) -> None:
    click.echo(get_reporter("new", "text").render(result), nl=False)
