"""``cqp serve``: a live preview of every document, on 127.0.0.1, reloaded on save."""

from __future__ import annotations

from pathlib import Path

import click

from cqpengine.commands.options import templates_option
from cqpengine.commands.translated import Command
from cqpengine.errors import UsageError
from cqpengine.i18n import N_, _
from cqpengine.resources import default_referential_paths


@click.command(
    "serve",
    cls=Command,
    help=N_(
        "Serve the documents of the referentials under PATH (default ./referentials) on 127.0.0.1.\n\n"
        "Open the address it prints: the index lists every certification and document; an open page "
        "reloads by itself when a file is saved, and shows the errors instead while there are any."
    ),
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help=N_("Port (0: any free one).")
)
@templates_option
def command(paths: tuple[Path, ...], port: int, template_dirs: tuple[Path, ...]) -> None:
    from cqpengine.app.serve import serve  # noqa: PLC0415 - keep `cqp --help` light

    chosen = default_referential_paths(paths)
    missing = [path for path in chosen if not path.exists()]
    if missing:
        raise UsageError(_("path does not exist: {path}").format(path=missing[0]))
    try:
        server = serve(chosen, port, template_dirs)
    except OSError as error:
        raise UsageError(
            _("cannot listen on 127.0.0.1:{port}: {reason} (choose another --port)").format(
                port=port, reason=error.strerror or error
            )
        ) from None
    click.echo(
        _("cqp: serving {paths} on {url} (Ctrl-C to stop)").format(paths=", ".join(map(str, chosen)), url=server.url),
        err=True,
    )
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        click.echo(_("cqp: stopped"), err=True)
    finally:
        server.server_close()
