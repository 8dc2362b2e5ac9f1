"""``cqp fields DOC.pdf|DOC.html``: the form fields of a printed document, by name (never their values).

One line per field: its name, its kind (text, multiline, choice, checkbox) and, for a choice, the
ids it can hold. The names are those of the README's field reference.
"""

from __future__ import annotations

from pathlib import Path

import click

from cqpengine.commands.common import require_file, write_output
from cqpengine.commands.translated import Command
from cqpengine.errors import UsageError
from cqpengine.i18n import N_, _
from cqpengine.printable import printable


@click.command(
    "fields",
    cls=Command,
    help=N_("List the form fields of FILE, a PDF or HTML document printed by cqpengine (filled or not)."),
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def command(file: Path) -> None:
    from cqpengine.forms.fields import FormField, html_fields  # noqa: PLC0415 - keep `cqp --help` light
    from cqpengine.forms.reading import FormError, is_pdf, read_pdf  # noqa: PLC0415

    require_file(file)
    fields: list[FormField]
    if is_pdf(file):
        try:
            form = read_pdf(file)
        except FormError as error:
            raise UsageError(str(error)) from None
        fields = [FormField(f.name, f.kind, f.values) for f in form.fields.values()]
    else:
        try:
            fields = html_fields(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(
                _("{file}: cannot read it as an HTML document ({error})").format(file=file, error=type(error).__name__)
            ) from None
    if not fields:
        raise UsageError(_("{file}: no form field").format(file=file))
    # Names and values come from the file: their control characters are written as escapes, so that
    # a name cannot pose as a second line (a CI command) or drive the terminal.
    lines = [
        "\t".join(
            printable(part) for part in (f.name, f.kind, " | ".join(f.values) if f.kind == "choice" else "")
        ).rstrip()
        for f in fields
    ]
    write_output(("\n".join(lines) + "\n").encode("utf-8"), "-")
