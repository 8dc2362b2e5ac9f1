"""``cqp build``: every printable document of every referential, in HTML and PDF."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cqpengine.commands.helps import HELP
from cqpengine.commands.options import SuggestingChoice, templates_option
from cqpengine.commands.translated import Command
from cqpengine.documents import DOCUMENTS, FORMATS
from cqpengine.i18n import N_, _
from cqpengine.reporters.base import get_reporter

if TYPE_CHECKING:
    from cqpengine.documents.building import Job


@click.command(
    "build",
    cls=Command,
    help=HELP["build"],
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
    # `cqp --help` imports every command module (for its one-line help): the use case loads the manifest.
    from cqpengine.app.build import BuildOptions, build  # noqa: PLC0415
    from cqpengine.reporters.build import BuildText  # noqa: PLC0415

    reporter = get_reporter("build", "text")
    assert isinstance(reporter, BuildText)
    built = build(
        BuildOptions(paths, out, documents, output_format, template_dirs, workers, force),
        on_checked=lambda check: click.echo(reporter.checked(check), nl=False, err=True),
        progress=_progress,
    )
    click.echo(reporter.log(built), nl=False, err=True)
    click.echo(reporter.render(built), nl=False)
    failure = built.failure()
    if failure is not None:
        raise failure


@contextmanager
def _progress(count: int) -> Iterator[Callable[[Job], None]]:
    """A progress bar on a terminal, for people; nothing but the report for logs and pipes."""
    if sys.stderr.isatty():
        with click.progressbar(length=count, label=_("Building"), file=sys.stderr) as bar:
            yield lambda job: bar.update(1)
    else:
        yield lambda job: None
