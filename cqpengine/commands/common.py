"""What several commands do alike: refuse an output that cannot be right, write it, say a line.

A failure is a :class:`~cqpengine.errors.CqpError` (here a usage error, exit 2), which the
command line turns into one line. ``cqp --help`` imports every command module for its one-line
help: what loads the checker (jsonschema) is imported when a command runs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cqpengine.errors import UsageError
from cqpengine.i18n import _
from cqpengine.loading.workspace import YAML_SUFFIXES, require_file
from cqpengine.output import check_output_file, write_all, write_file
from cqpengine.printable import printable
from cqpengine.resources import data_dir

if TYPE_CHECKING:
    from cqpengine.checking import CheckResult

__all__ = [
    "as_bytes",
    "check_output",
    "check_referentials",
    "require_file",
    "say",
    "stdout_is_terminal",
    "write_output",
]


def check_referentials(paths: Sequence[Path], *, default: bool = True) -> CheckResult:
    """:func:`cqpengine.app.inputs.check_referentials`, imported when called."""
    # `cqp --help` imports every command module (for its one-line help): the checker loads jsonschema.
    from cqpengine.app.inputs import check_referentials as check  # noqa: PLC0415

    return check(paths, default=default)


def say(message: str, *, err: bool = False) -> None:
    """Print one line of a report (control characters of a file's name as escapes: it stays one line)."""
    click.echo(printable(message), err=err)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _input_folders(template_dirs: Sequence[Path], output: Path, inputs: Sequence[Path]) -> list[tuple[Path, str]]:
    """The folders an output must not land in: every file there is read as an input by a later run."""
    folders = [(folder, "templates") for folder in (*template_dirs, data_dir("templates"))]
    folders.append((data_dir("schema"), "schema"))
    if output.suffix in YAML_SUFFIXES:  # a YAML file beside referentials is read as one next time
        folders.extend((source.parent, "referentials") for source in inputs)
    return folders


def check_output(output: str, output_format: str, *inputs: Path, template_dirs: Sequence[Path] = ()) -> None:
    """Refuse an output that cannot be right: a PDF to a terminal, an input file, or a file in an input folder.

    Input folders are the templates folders (``--templates`` and the shipped ones, whose every file
    may be evaluated as template code), the shipped schema, and for a YAML output the folders of the
    referentials read.
    """
    if output == "-":
        if output_format == "pdf" and stdout_is_terminal():
            raise UsageError(_("refusing to write a PDF to a terminal: give -o FILE (or redirect stdout)"))
        return
    path = Path(output)
    check_output_file(path, *inputs, folders=_input_folders(template_dirs, path, inputs))


def as_bytes(report: str | bytes) -> bytes:
    """A reporter's output as the bytes to write (text in UTF-8)."""
    return report.encode("utf-8") if isinstance(report, str) else report


def write_output(data: bytes, output: str) -> None:
    """``data`` to standard output (``-``) or to the file ``output`` (see :func:`cqpengine.output.write_file`).

    An error writing standard output (closed early, full) is left to the command line's handler.
    """
    if output == "-":
        sys.stdout.flush()
        write_all(sys.stdout.buffer, data)
        return
    try:
        write_file(Path(output), data)
    except OSError as error:
        raise UsageError(
            _("cannot write {file}: {reason}").format(file=output, reason=error.strerror or error)
        ) from None
