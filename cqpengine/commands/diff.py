"""``cqp diff``: review what changed between two versions of a certification, or an edit of one file.

Two forms:

* ``cqp diff OLD [NEW]``: two versions (``id@version``) of the referentials folder, or one id and
  the version it supersedes;
* ``cqp diff --against REV FILE``: a referential file against its own state in the git revision
  ``REV`` (default ``HEAD``), so that an editor reviews an edit before committing it.

Output: text (default), JSON, or an HTML review page (``--format html``), to stdout or, atomically,
to ``-o FILE`` (never over an input).
"""

from __future__ import annotations

from pathlib import Path

import click

from cqpengine.commands.common import as_bytes, check_output, write_output
from cqpengine.commands.helps import HELP
from cqpengine.commands.options import referentials_option, templates_option
from cqpengine.commands.translated import Command
from cqpengine.errors import UsageError
from cqpengine.i18n import N_, _
from cqpengine.reporters import format_findings
from cqpengine.reporters.base import get_reporter, reporter_names


@click.command(
    "diff",
    cls=Command,
    help=HELP["diff"],
)
@click.argument("old", required=False)
@click.argument("new", required=False)
@referentials_option()
@click.option(
    "--against",
    "against",
    is_flag=False,
    flag_value="HEAD",
    default=None,
    metavar="REV",
    help=N_("Compare the referential FILE with its state in the git revision REV (default HEAD)."),
)
@click.option(
    "--format", "output_format", type=click.Choice(reporter_names("comparison")), default="text", show_default=True
)
@click.option("-o", "--output", "output", default="-", show_default=True, help=N_("Output file, or - for stdout."))
@templates_option
def command(
    old: str | None,
    new: str | None,
    paths: tuple[Path, ...],
    against: str | None,
    output_format: str,
    output: str,
    template_dirs: tuple[Path, ...],
) -> None:
    # `cqp --help` imports every command module (for its one-line help): these load the checker.
    from cqpengine.app.compare import compare_versions, compare_with_revision  # noqa: PLC0415
    from cqpengine.app.inputs import InvalidInput  # noqa: PLC0415

    if against is not None and old is None and Path(against).is_file():
        old, against = against, "HEAD"  # `cqp diff --against FILE`: the revision left out
    if against is not None:
        if old is None or new is not None:
            raise UsageError(_("--against REV takes one referential FILE: cqp diff --against HEAD FILE"))
        if paths:
            raise UsageError(_("--against compares one FILE with its git history: leave out --referentials"))
        try:
            compared = compare_with_revision(against, Path(old))
        except InvalidInput as error:
            click.echo(format_findings(error.findings, "text"), err=True, nl=False)
            raise
    else:
        if old is None:
            raise UsageError(_("name a certification (id or id@version), two versions, or use --against REV FILE"))
        compared = compare_versions(paths, old, new)
    for note in compared.notes:
        click.echo(note, err=True)
    check_output(output, output_format, *compared.inputs, template_dirs=template_dirs)
    report = get_reporter("comparison", output_format, template_dirs).render(compared.comparison)
    write_output(as_bytes(report), output)
