"""``cqp decide vae|orientation|jury|commission FILE``: apply the branch's rules to a candidate file, explained.

Errors in the candidate file are printed on stderr in the ``cqp validate`` format (exit 1); the
decision goes to stdout or to ``-o FILE`` (written atomically), nowhere else. The decisions that grant
units (jury, commission) may also write the credentials of the units acquired (``--credentials DIR``,
signed with ``--key``) and verify those given for earlier units (``--public-key``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from cqpengine.commands.common import check_output, check_referentials, require_file, write_output
from cqpengine.commands.helps import HELP
from cqpengine.commands.options import findings_format_option, referentials_option, stacked, templates_option
from cqpengine.commands.translated import Group
from cqpengine.decisions.kinds import KINDS
from cqpengine.errors import EXIT_FINDINGS, FindingsError, UsageError, template_error
from cqpengine.i18n import N_, _, ngettext
from cqpengine.reporters import DOCUMENT_FORMATS, format_findings

FORMATS = ("text", "json", "html", "pdf")


#: The argument and options every decision takes, in the order ``--help`` lists them.
_options = stacked(
    click.argument("file", type=click.Path(path_type=Path)),
    click.option(
        "--format",
        "output_format",
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help=N_("text for people, json for tools, html or pdf for the filled document."),
    ),
    click.option(
        "-o",
        "--output",
        default="-",
        show_default=True,
        metavar="FILE|-",
        help=N_("Where to write the decision (- for stdout; a file is written atomically)."),
    ),
    referentials_option("referential_paths"),
    templates_option,
    findings_format_option("--findings-format", "findings_format"),
)


#: The decisions that grant units, and so may write their credentials (--credentials DIR, --key KEY).
GRANTING = ("jury", "commission")


@dataclass(frozen=True)
class Granting:
    """The options of a decision that grants units: where to write their credentials, the key to sign
    them with, the public key verifying the credentials of earlier units."""

    credentials: Path | None = None
    key: Path | None = None
    public_key: Path | None = None


#: The options of the decisions that grant units: --credentials DIR, --public-key, --key.
_credential_options = stacked(
    click.option(
        "--credentials",
        "credentials",
        type=click.Path(path_type=Path),
        default=None,
        metavar="DIR",
        help=N_(
            "Also write, for every unit acquired at this decision, its Open Badges 3.0 credential "
            "DIR/<unit id>.json (and DIR/<unit id>.jwt, signed, with --key)."
        ),
    ),
    click.option(
        "--public-key",
        "public_key",
        type=click.Path(path_type=Path),
        default=None,
        help=N_(
            "The issuer's Ed25519 public key in PEM, to verify the credentials (.jwt) given for earlier units "
            "in acquired_earlier."
        ),
    ),
    click.option(
        "--key",
        "key",
        type=click.Path(path_type=Path),
        default=None,
        help=N_(
            "Ed25519 private key in PEM (openssl genpkey -algorithm ed25519) signing the credentials; "
            "read, never printed nor copied."
        ),
    ),
)


def _issue(decision: Any, granting: Granting, inputs: tuple[Path, ...], quiet: bool) -> None:
    """Write the credentials of the units acquired at ``decision``, and say where on stderr (unless ``quiet``)."""
    from cqpengine.app.credential import IssueOptions, issue_decision_credentials  # noqa: PLC0415
    from cqpengine.reporters.base import get_reporter  # noqa: PLC0415

    assert granting.credentials is not None
    issued = issue_decision_credentials(decision, IssueOptions(granting.credentials, granting.key, inputs))
    if not quiet:
        click.echo(get_reporter("credentials-issued", "text").render(issued), nl=False, err=True)


def _run(
    kind: str,
    file: Path,
    output_format: str,
    output: str,
    referential_paths: tuple[Path, ...],
    template_dirs: tuple[Path, ...],
    findings_format: str,
    granting: Granting | None = None,
) -> None:
    # Here, not at the top: `cqp --help` imports this module and must not import jinja2 or jsonschema.
    from cqpengine.app.decide import DecideOptions, decide  # noqa: PLC0415
    from cqpengine.documents.rendering import TemplateFailure  # noqa: PLC0415
    from cqpengine.reporters.base import get_reporter  # noqa: PLC0415

    require_file(file)
    check_output(output, output_format, file, template_dirs=template_dirs)
    checked = check_referentials(referential_paths)
    check_output(output, output_format, file, *checked.inputs, template_dirs=template_dirs)
    document = findings_format in DOCUMENT_FORMATS  # stderr then carries that one document, nothing else
    if checked.failed_files and not document:
        click.echo(
            ngettext(
                "cqp: {count} referential file with errors left out (run cqp validate)",
                "cqp: {count} referential files with errors left out (run cqp validate)",
                len(checked.failed_files),
            ).format(count=len(checked.failed_files)),
            err=True,
        )
    options = DecideOptions(
        kind,
        file,
        checked.referentials,
        checked.failed_keys,
        checked.unreadable,
        template_dirs=template_dirs,
        public_key=granting.public_key if granting else None,
    )
    result = decide(options)
    if result.decision is None:
        click.echo(format_findings(result.findings, findings_format), nl=False, err=True)
        if document:
            raise click.exceptions.Exit(EXIT_FINDINGS)
        raise FindingsError(
            ngettext(
                "{file}: no decision ({count} error, listed above)",
                "{file}: no decision ({count} errors, listed above)",
                len(result.findings),
            ).format(file=file, count=len(result.findings))
        )
    try:
        data = get_reporter("decision", output_format, template_dirs).render(result.decision)
    except TemplateFailure as failure:
        raise template_error(failure, failure.custom) from None
    if granting is not None and granting.credentials is not None:
        public = (granting.public_key,) if granting.public_key is not None else ()
        _issue(result.decision, granting, (file, *checked.inputs, *public), quiet=document)
    write_output(data if isinstance(data, bytes) else data.encode("utf-8"), output)
    if document:  # no finding: still one complete (empty) document
        click.echo(format_findings([], findings_format), nl=False, err=True)


@click.group(
    "decide",
    cls=Group,
    help=HELP["decide"],
)
def command() -> None: ...


def _add_decision(kind: str, summary: str) -> None:
    if kind in GRANTING:

        @command.command(kind, help=summary)
        @_options
        @_credential_options
        def run_granting(
            file: Path,
            output_format: str,
            output: str,
            referential_paths: tuple[Path, ...],
            template_dirs: tuple[Path, ...],
            findings_format: str,
            credentials: Path | None,
            public_key: Path | None,
            key: Path | None,
        ) -> None:
            if key is not None and credentials is None:
                raise UsageError(_("--key signs the credentials: give --credentials DIR too"))
            granting = Granting(credentials, key, public_key)
            _run(kind, file, output_format, output, referential_paths, template_dirs, findings_format, granting)

        return

    @command.command(kind, help=summary)
    @_options
    def run(
        file: Path,
        output_format: str,
        output: str,
        referential_paths: tuple[Path, ...],
        template_dirs: tuple[Path, ...],
        findings_format: str,
    ) -> None:
        _run(kind, file, output_format, output, referential_paths, template_dirs, findings_format)


# One subcommand per decision the engine makes, with its summary.
for _kind in KINDS.values():
    _add_decision(_kind.name, _kind.summary)
