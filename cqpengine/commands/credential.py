"""``cqp credential verify FILE --public-key KEY [--at DATE]``: the one-line verdict on a signed credential.

Exit 0 when the credential is valid at the date checked, 1 when it is not (the line says why), 2 on
usage errors (a missing file, a key file that is not an Ed25519 public key in PEM). The key is read,
never printed.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from cqpengine.commands.common import check_referentials, require_file, write_output
from cqpengine.commands.helps import HELP
from cqpengine.commands.options import referentials_option
from cqpengine.commands.translated import Group
from cqpengine.errors import EXIT_FINDINGS
from cqpengine.i18n import N_


@click.group(
    "credential",
    cls=Group,
    help=HELP["credential"],
)
def command() -> None: ...


@command.command(
    "verify",
    help=N_(
        "Check a signed credential FILE (.jwt): its signature with the public key, its dates, and that its "
        "unit exists in the certification version it states. One line; exit 0 when valid, 1 when not."
    ),
)
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--public-key",
    "public_key",
    required=True,
    type=click.Path(path_type=Path),
    help=N_("The issuer's Ed25519 public key, in PEM (openssl pkey -in KEY -pubout)."),
)
@click.option(
    "--at",
    "at",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help=N_("The day to check the credential at (default: today)."),
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help=N_("text: one line; json: the verdict as a JSON object."),
)
@referentials_option("referential_paths")
def verify(
    file: Path, public_key: Path, at: datetime | None, output_format: str, referential_paths: tuple[Path, ...]
) -> None:
    from cqpengine.app.credential import VerifyOptions, verify_credential  # noqa: PLC0415 - keep `cqp --help` light
    from cqpengine.reporters.base import get_reporter  # noqa: PLC0415

    require_file(file)
    require_file(public_key)
    checked = check_referentials(referential_paths)
    check = verify_credential(VerifyOptions(file, public_key, at.date() if at else None), checked.referentials)
    rendered = get_reporter("credential-verdict", output_format).render(check)
    write_output(rendered.encode("utf-8") if isinstance(rendered, str) else rendered, "-")
    if not check.verdict.valid:
        raise click.exceptions.Exit(EXIT_FINDINGS)
