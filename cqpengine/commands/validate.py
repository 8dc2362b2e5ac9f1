"""``cqp validate``: check referentials against the schema and the consistency rules."""

from __future__ import annotations

from pathlib import Path

import click

from cqpengine.commands.common import check_referentials
from cqpengine.commands.options import findings_format_option
from cqpengine.errors import FindingsError, UsageError
from cqpengine.findings import CATALOG
from cqpengine.reporters import DOCUMENT_FORMATS, format_findings
from cqpengine.reporting import summary


def rules_table() -> str:
    """The ``--list-rules`` listing: code, default severity, one-line description."""
    return "".join(f"{rule.code}  {rule.severity:<7}  {rule.summary}\n" for rule in CATALOG.values())


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@findings_format_option("--format", "output_format")
@click.option("--list-rules", "list_rules", is_flag=True, help="List the rule codes and exit.")
def command(paths: tuple[Path, ...], strict: bool, output_format: str, list_rules: bool) -> None:
    """Check referentials: files or folders, default ./referentials.

    Exit 0 when valid (warnings allowed unless --strict), 1 on findings, 2 on usage errors.
    """
    if list_rules:
        click.echo(rules_table(), nl=False)
        return
    result = check_referentials(paths)
    click.echo(format_findings(result.findings, output_format), nl=False)
    if output_format not in DOCUMENT_FORMATS:
        click.echo(summary(len(result.files), result.errors, result.warnings), err=True)
    if not result.files:
        raise UsageError("no referential files (*.yaml, *.yml) found")
    if not result.ok(strict=strict):
        raise FindingsError("validation failed" + (" (--strict: warnings count)" if result.errors == 0 else ""))
