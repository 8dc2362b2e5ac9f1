"""``cqp fields DOC.pdf|DOC.html``: the form fields of a printed document, by name (never their values).

One line per field: its name, its kind (text, multiline, choice, checkbox) and, for a choice, the
ids it can hold. The names are those of the field reference (docs/field-reference.md).
"""

from __future__ import annotations

from pathlib import Path

import click

from cqpengine.commands.common import as_bytes, write_output
from cqpengine.commands.helps import HELP
from cqpengine.commands.translated import Command
from cqpengine.reporters.base import get_reporter


@click.command(
    "fields",
    cls=Command,
    help=HELP["fields"],
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def command(file: Path) -> None:
    # `cqp --help` imports every command module (for its one-line help): the use case loads pypdf's reader.
    from cqpengine.app.fields import list_fields  # noqa: PLC0415

    write_output(as_bytes(get_reporter("fields", "text").render(list_fields(file))), "-")
