"""``cqp decide vae|orientation|jury FILE``: apply the branch's rules to a candidate file, explained.

Errors in the candidate file are printed on stderr in the ``cqp validate`` format (exit 1); the
decision goes to stdout or to ``-o FILE`` (written atomically), nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from cqpengine.commands.common import check_output, check_referentials, require_file, write_output
from cqpengine.commands.options import findings_format_option, referentials_option, templates_option
from cqpengine.commands.translated import Group
from cqpengine.errors import EXIT_FINDINGS, FindingsError, UsageError, template_error
from cqpengine.forms.reading import is_pdf
from cqpengine.i18n import N_, _, ngettext
from cqpengine.reporters import DOCUMENT_FORMATS, format_findings

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("text", "json", "html", "pdf")


def _options(function: F) -> F:
    """The argument and options every decision takes, in the order ``--help`` lists them."""
    decorators = [
        click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path)),
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
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def _render(decision: Any, output_format: str, template_dirs: tuple[Path, ...]) -> bytes:
    from cqpengine.decisions import report  # noqa: PLC0415 - keep `cqp --help` light
    from cqpengine.documents.rendering import Renderer  # noqa: PLC0415

    if output_format == "json":
        return report.to_json(decision).encode("utf-8")
    if output_format == "text":
        return report.to_text(decision).encode("utf-8")
    html = report.to_html(decision, Renderer(template_dirs))
    if output_format == "html":
        return html.encode("utf-8")
    from cqpengine.documents.rendering import html_to_pdf  # noqa: PLC0415 - WeasyPrint only for PDFs

    return html_to_pdf(html)


def decide_pdf(
    kind: str, file: Path, checked: Any, template_dirs: tuple[Path, ...], prepare: Any = None
) -> tuple[Any, list[Any]]:
    """The decision on a filled PDF form, or the findings at its fields; refused in one line when not ours."""
    from cqpengine.documents.rendering import Renderer  # noqa: PLC0415
    from cqpengine.forms.deciding import decide_filled  # noqa: PLC0415
    from cqpengine.forms.reading import FormError  # noqa: PLC0415

    try:
        return decide_filled(
            kind, file, checked.referentials, Renderer(template_dirs), checked.failed_keys, checked.unreadable, prepare
        )
    except FormError as error:
        raise UsageError(str(error)) from None


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
    from cqpengine.decisions.engine import decide  # noqa: PLC0415 - keep `cqp --help` light
    from cqpengine.documents.rendering import TemplateFailure  # noqa: PLC0415

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
    prepare = _prepare(granting.public_key, checked.referentials) if granting else None
    if is_pdf(file):  # a document cqpengine printed, filled in (cqpengine.forms)
        decision, findings = decide_pdf(kind, file, checked, template_dirs, prepare)
    else:
        decision, findings = decide(
            kind, file, checked.referentials, checked.failed_keys, checked.unreadable, prepare=prepare
        )
    if decision is None:
        click.echo(format_findings(findings, findings_format), nl=False, err=True)
        if document:
            raise click.exceptions.Exit(EXIT_FINDINGS)
        raise FindingsError(
            ngettext(
                "{file}: no decision ({count} error, listed above)",
                "{file}: no decision ({count} errors, listed above)",
                len(findings),
            ).format(file=file, count=len(findings))
        )
    try:
        data = _render(decision, output_format, template_dirs)
    except TemplateFailure as failure:
        raise template_error(failure, failure.custom) from None
    if granting is not None and granting.credentials is not None:
        _issue(decision, granting.credentials, granting.key, (file, *checked.inputs), quiet=document)
    write_output(data, output)
    if document:  # no finding: still one complete (empty) document
        click.echo(format_findings([], findings_format), nl=False, err=True)


@click.group(
    "decide",
    cls=Group,
    help=N_(
        "Apply the rules of a certification to a candidate file, and explain the verdict.\n\n"
        "FILE is a candidate YAML file, or a PDF document cqpengine printed and someone filled "
        "(guide-entretien for orientation, livret-evaluation-finale for jury or commission, dossier-vae for vae).\n\n"
        "Exit 0 with a decision, 1 when the candidate file has errors (printed like cqp validate), "
        "2 on usage errors."
    ),
)
def command() -> None: ...


# One subcommand per decision the engine makes (cqpengine.decisions.engine.decide), with its summary.
SUMMARIES = {
    "vae": N_("Admissibility (recevabilité) of a VAE request."),
    "orientation": N_(
        "Orientation at the end of the intake interview (VAE or, per unit, direct evaluation or training)."
    ),
    "jury": N_("The jury's decision per unit and the delivery (totale, partielle, aucune) of the CQP."),
    "commission": N_(
        "The commission paritaire's decision on the blocs a candidate targets (targeted_units), on dossier."
    ),
}


#: The decisions that grant units, and so may write their credentials (--credentials DIR, --key KEY).
GRANTING = ("jury", "commission")


@dataclass(frozen=True)
class Granting:
    """The options of a decision that grants units: where to write their credentials, the key to sign
    them with, the public key verifying the credentials of earlier units."""

    credentials: Path | None = None
    key: Path | None = None
    public_key: Path | None = None


def _prepare(public_key: Path | None, referentials: Sequence[Any]) -> Any:
    """The step verifying the credentials of earlier units before the candidate file is read."""
    from cqpengine.credentials.earlier import present_credentials  # noqa: PLC0415
    from cqpengine.credentials.keys import KeyFileError  # noqa: PLC0415
    from cqpengine.credentials.keys import public_key as read_public_key  # noqa: PLC0415

    try:
        key = read_public_key(public_key) if public_key is not None else None
    except KeyFileError as error:
        raise UsageError(str(error)) from None

    def prepare(path: Path, document: Any, referential: Any) -> Any:
        day = date.fromisoformat(str(document.data["jury_date"]))  # schema-valid by now
        return present_credentials(path, document, referential, referentials, key, day)

    return prepare


def _credential_options(function: F) -> F:
    decorators = [
        click.option(
            "--credentials",
            "credentials",
            type=click.Path(path_type=Path, file_okay=False),
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
            type=click.Path(path_type=Path, exists=True, dir_okay=False),
            default=None,
            help=N_(
                "The issuer's Ed25519 public key in PEM, to verify the credentials (.jwt) given for earlier units "
                "in acquired_earlier."
            ),
        ),
        click.option(
            "--key",
            "key",
            type=click.Path(path_type=Path, exists=True, dir_okay=False),
            default=None,
            help=N_(
                "Ed25519 private key in PEM (openssl genpkey -algorithm ed25519) signing the credentials; "
                "read, never printed nor copied."
            ),
        ),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def _issue(decision: Any, credentials: Path, key: Path | None, inputs: tuple[Path, ...], quiet: bool) -> None:
    """Write the credentials of the units acquired at ``decision``, and say where on stderr (unless ``quiet``)."""
    from cqpengine.app.credential import IssueOptions, acquired_at, issue_credentials  # noqa: PLC0415
    from cqpengine.credentials.badge import Subject  # noqa: PLC0415
    from cqpengine.reporters.base import get_reporter  # noqa: PLC0415

    jury = decision.jury
    subject = (
        Subject(jury.candidate_identifier, "identifier") if jury.candidate_identifier else Subject(jury.candidate_name)
    )
    issued = issue_credentials(acquired_at(decision, decision.kind), subject, IssueOptions(credentials, key, inputs))
    if not quiet:
        click.echo(get_reporter("credentials-issued", "text").render(issued), nl=False, err=True)


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
            _run(
                kind,
                file,
                output_format,
                output,
                referential_paths,
                template_dirs,
                findings_format,
                Granting(credentials, key, public_key),
            )

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


for _kind, _summary in SUMMARIES.items():
    _add_decision(_kind, _summary)
