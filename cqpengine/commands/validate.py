"""``cqp validate``: check referentials against the schema and the consistency rules."""

from __future__ import annotations

from pathlib import Path

import click

from cqpengine.commands.helps import HELP
from cqpengine.commands.options import findings_format_option
from cqpengine.commands.translated import Command
from cqpengine.findings import CATALOG
from cqpengine.i18n import N_, _
from cqpengine.reporters import DOCUMENT_FORMATS, format_findings
from cqpengine.reporters.findings import format_text, hidden_summary, summary


def rules_table() -> str:
    """The ``--list-rules`` listing: code, default severity, one-line description."""
    return "".join(f"{rule.code}  {rule.severity:<7}  {_(rule.summary)}\n" for rule in CATALOG.values())


@click.command(
    "validate",
    cls=Command,
    help=HELP["validate"],
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help=N_("Fail on warnings too."))
@findings_format_option("--format", "output_format")
@click.option(
    "--show-warnings",
    "show_warnings",
    is_flag=True,
    help=N_("Also list the documented gaps and placeholders (otherwise counted on one line; --strict lists them)."),
)
@click.option("--list-rules", "list_rules", is_flag=True, help=N_("List the rule codes and exit."))
def command(paths: tuple[Path, ...], strict: bool, output_format: str, show_warnings: bool, list_rules: bool) -> None:
    if list_rules:
        click.echo(rules_table(), nl=False)
        return
    # `cqp --help` imports every command module (for its one-line help): the checker loads jsonschema.
    from cqpengine.app.validate import validate  # noqa: PLC0415

    validation = validate(paths, strict=strict)
    result = validation.result
    if output_format == "text":
        show_all = show_warnings or strict  # under --strict every warning fails, so every one is listed
        click.echo(format_text(result.findings, show_all=show_all), nl=False)
        hidden = None if show_all else hidden_summary(result.findings)
        if hidden:
            click.echo(hidden, err=True)
    else:  # machine formats always carry every finding
        click.echo(format_findings(result.findings, output_format), nl=False)
    if output_format not in DOCUMENT_FORMATS:
        click.echo(summary(len(result.files), result.errors, result.warnings), err=True)
    failure = validation.failure()
    if failure is not None:
        raise failure
