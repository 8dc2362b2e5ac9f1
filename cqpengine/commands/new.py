"""``cqp new``: start a new certification from a skeleton, or a new version from an existing one."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from cqpengine.commands.common import check_output, check_referentials, say
from cqpengine.commands.options import referentials_option
from cqpengine.commands.translated import Group
from cqpengine.errors import UsageError
from cqpengine.i18n import N_, _
from cqpengine.suggest import did_you_mean


@click.group(
    "new", cls=Group, help=N_("Write the starting point of a new certification or version (never overwrites a file).")
)
def command() -> None: ...


def _write_new(output: Path, text: str) -> None:
    from cqpengine.output import write_atomic  # noqa: PLC0415

    check_output(str(output), "yaml")  # never into the templates or schema folders, like every output
    if output.exists():
        raise UsageError(_("{file} already exists: give another file with -o, or remove it first").format(file=output))
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(output, text.encode("utf-8"))
    except OSError as error:
        raise UsageError(
            _("cannot write {file}: {reason}").format(file=output, reason=error.strerror or error)
        ) from None


def _default_folder() -> Path:
    local = Path("referentials")
    return local if local.is_dir() else Path()


@command.command(
    "certification", help=N_("Write the skeleton of a new certification ID, status draft, with French comments.")
)
@click.argument("identifier", metavar="ID")
@click.option(
    "--generation", type=click.Choice(["blocs", "domaines"]), required=True, help=N_("blocs (RNCP) or domaines (2013).")
)
@click.option("--title", help=N_("Full title of the certification (default: a placeholder to fill in)."))
@click.option("--version", "version", help=N_("Version label (default: the current year)."))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help=N_("File to write (default ./referentials/ID.yaml)."),
)
def certification(
    identifier: str, generation: str, title: str | None, version: str | None, output: Path | None
) -> None:
    from cqpengine.authoring import AuthoringError, certification_text, default_file_name  # noqa: PLC0415

    version = version or str(datetime.date.today().year)
    output = output or _default_folder() / default_file_name(identifier)
    try:
        text = certification_text(identifier, generation, title, version, output)
    except AuthoringError as error:
        raise UsageError(str(error)) from None
    _write_new(output, text)
    say(
        _("wrote {file}: certification {key} ({generation}), status draft").format(
            file=output, key=f"{identifier}@{version}", generation=generation
        )
    )
    say(
        _(
            "next: replace each 'XXXX …' text with the words of the source document, then run "
            "'cqp validate {file}' (the placeholders left are warnings) and 'cqp build {file}'"
        ).format(file=output)
    )


@command.command(
    "version", help=N_("Copy version ID@OLD as a draft ID@NEW that supersedes it, every unit mapped onto itself.")
)
@click.argument("new_key", metavar="ID@NEW")
@click.option("--from", "old_key", metavar="ID@OLD", required=True, help=N_("The version to start from."))
@referentials_option()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help=N_("File to write (default: beside ID@OLD)."),
)
def version(new_key: str, old_key: str, paths: tuple[Path, ...], output: Path | None) -> None:
    from cqpengine.authoring import AuthoringError, default_file_name, version_text  # noqa: PLC0415

    identifier, _sep, new_version = new_key.partition("@")
    if not new_version or "@" not in old_key:
        raise UsageError(
            _("give both versions as id@version, e.g. cqp new version charge-accueil@2027 --from charge-accueil@RNCP")
        )
    if old_key.partition("@")[0] != identifier:
        raise UsageError(
            _("{new} and {old} are two different certifications: a new version keeps the id").format(
                new=new_key, old=old_key
            )
        )
    result = check_referentials(paths)
    by_key = {ref.key: ref for ref in result.referentials}
    if new_key in {*by_key, *result.failed_keys}:
        raise UsageError(_("{key} already exists").format(key=new_key))
    old = by_key.get(old_key)
    if old is None:
        problem = (
            _("{key} has validation errors: run 'cqp validate' first").format(key=old_key)
            if old_key in result.failed_keys
            else _("unknown version {key}").format(key=old_key) + did_you_mean(old_key, sorted(by_key))
        )
        raise UsageError(problem)
    source_path = old.document.path
    output = output or source_path.parent / default_file_name(identifier, new_version)
    # A new version belongs beside the referentials it is read with: only an existing file is refused.
    try:
        text = version_text(source_path.read_text(encoding="utf-8"), old, new_version)
    except AuthoringError as error:
        raise UsageError(str(error)) from None
    _write_new(output, text)
    say(
        _("wrote {file}: {new}, status draft, supersedes {old}, each of its {count} units mapped onto itself").format(
            file=output, new=new_key, old=old_key, count=len(old.units)
        )
    )
    say(
        _(
            "next: make the changes of this version in {file} and adjust its equivalences, then run "
            "'cqp validate {folder}' and 'cqp diff {old} {new}'"
        ).format(file=output, folder=output.parent, old=old_key, new=new_key)
    )
