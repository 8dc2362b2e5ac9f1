"""The ``cqp`` command line: a group that imports each command only when it runs.

``cqp --help`` imports no template, PDF or schema library; each command module lives in
:mod:`cqpengine.commands`. Unexpected exceptions become one line and exit code 3.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import click

from cqpengine import __version__
from cqpengine.errors import InternalError

#: Command name → module in cqpengine.commands that defines ``command``.
COMMANDS = {
    "build": "build",
    "diff": "diff",
    "decide": "decide",
    "render": "render",
    "serve": "serve",
    "validate": "validate",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMANDS.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"cqpengine.commands.{module_name}")
        command: click.Command = module.command
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("CQP_DEBUG"):
                raise
            raise InternalError(
                f"internal error: {type(exc).__name__}: {exc} (set CQP_DEBUG=1 for details and report it)"
            ) from exc


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="cqp", message="%(prog)s %(version)s")
def cli() -> None:
    """cqpengine: validate CQP referentials, print their documents, apply their rules."""


def main() -> None:
    """Console-script entry point."""
    cli()
