"""``cqp serve``: a live preview of every document, on 127.0.0.1, reloaded on save."""

from __future__ import annotations

from pathlib import Path

import click

from cqpengine.commands.helps import HELP
from cqpengine.commands.options import templates_option
from cqpengine.commands.translated import Command
from cqpengine.i18n import N_, _


@click.command(
    "serve",
    cls=Command,
    help=HELP["serve"],
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help=N_("Port (0: any free one).")
)
@templates_option
def command(paths: tuple[Path, ...], port: int, template_dirs: tuple[Path, ...]) -> None:
    # `cqp --help` imports every command module (for its one-line help): the server loads the checker.
    from cqpengine.app.serve import start_preview  # noqa: PLC0415

    server = start_preview(paths, port, template_dirs)
    click.echo(
        _("cqp: serving {paths} on {url} (Ctrl-C to stop)").format(
            paths=", ".join(map(str, server.paths)), url=server.url
        ),
        err=True,
    )
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        click.echo(_("cqp: stopped"), err=True)
    finally:
        server.server_close()
