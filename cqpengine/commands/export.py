"""``cqp export rncp|case|moodle REF…``: each certification version in another system's format.

``REF…`` are referential files or folders. ``-o`` is a file when one version is exported (``-``,
the default, for standard output) and a folder otherwise, which receives one ``<id>@<version>.<ext>``
per version. Files are written atomically and never over an input.
"""

from __future__ import annotations

from pathlib import Path

import click

from cqpengine.commands.common import check_output, say, write_output
from cqpengine.commands.helps import HELP
from cqpengine.commands.translated import Group
from cqpengine.errors import UsageError
from cqpengine.i18n import N_, _
from cqpengine.reporters import format_findings
from cqpengine.reporters.base import get_reporter

_OUTPUT_HELP = N_("File (one version), - for stdout, or folder (several versions: one <id>@<version> file each).")


@click.group("export", cls=Group, help=HELP["export"])
def command() -> None: ...


def _write_folder(folder: Path, files: list[tuple[str, str, bytes]], inputs: list[Path]) -> None:
    """Each ``(id@version, file name, data)`` to ``folder/<id>@<version>.<ext>``, atomically, never over an input."""
    from cqpengine.output import check_output_file, safe_component, write_atomic  # noqa: PLC0415

    if folder.exists() and not folder.is_dir():
        raise UsageError(
            _("{path} is not a folder: several versions are exported, give a folder with -o").format(path=folder)
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for key, name, data in files:
            identifier, _at, version = key.partition("@")
            safe_component(identifier)
            safe_component(version)
            path = folder / name
            check_output_file(path, *inputs)
            write_atomic(path, data)
    except OSError as error:
        raise UsageError(
            _("cannot write {file}: {reason}").format(file=folder, reason=error.strerror or error)
        ) from None


def _export(output_format: str, paths: tuple[Path, ...], output: str, base_uri: str | None) -> None:
    from cqpengine.app.exchange import export  # noqa: PLC0415
    from cqpengine.app.inputs import InvalidInput  # noqa: PLC0415
    from cqpengine.reporters.exchange import Exported  # noqa: PLC0415

    try:
        result = export(output_format, paths, base_uri=base_uri)
    except InvalidInput as error:
        click.echo(format_findings(error.findings, "text"), nl=False, err=True)
        raise
    if result.versions == 1:
        check_output(output, output_format, *result.inputs)
        write_output(result.files[0].data, output)
    elif output == "-":
        raise UsageError(
            _("{count} versions to export ({keys}): give a folder with -o").format(
                count=len(result.files), keys=", ".join(f.key for f in result.files)
            )
        )
    else:
        _write_folder(Path(output), [(f.key, f.name, f.data) for f in result.files], result.inputs)
    for line in str(get_reporter("export", "text").render(Exported(result, output))).splitlines():
        say(line, err=True)


_REFS = click.argument("paths", metavar="REF...", nargs=-1, required=True, type=click.Path(path_type=Path))
_OUTPUT = click.option("-o", "--output", "output", default="-", show_default=True, help=_OUTPUT_HELP)


@command.command("rncp", help=N_("The FICHE fragments of the RNCP flux (v4.1): number, title, blocs, correspondences."))
@_REFS
@_OUTPUT
def rncp(paths: tuple[Path, ...], output: str) -> None:
    _export("rncp", paths, output, None)


@command.command("case", help=N_("One CASE 1.1 CFPackage (JSON) per certification version."))
@_REFS
@click.option(
    "--base-uri", "base_uri", metavar="URI", help=N_("Address the identifiers and URIs are made from (required).")
)
@_OUTPUT
def case(paths: tuple[Path, ...], base_uri: str | None, output: str) -> None:
    _export("case", paths, output, base_uri)


@command.command("moodle", help=N_("The competency framework CSV that Moodle's importer (tool_lpimportcsv) reads."))
@_REFS
@_OUTPUT
def moodle(paths: tuple[Path, ...], output: str) -> None:
    _export("moodle", paths, output, None)
