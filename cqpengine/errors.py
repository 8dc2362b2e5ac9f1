"""Errors the CLI turns into one line and an exit code (0 ok, 1 findings, 2 usage, 3 internal)."""

from __future__ import annotations

import click

from cqpengine.i18n import _
from cqpengine.printable import printable

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class OneLineError(click.ClickException):
    """An error shown as one line: control characters of its message (a file's name) as escapes."""

    def format_message(self) -> str:
        return printable(self.message)


class FindingsError(OneLineError):
    """The input has findings (errors, or warnings under --strict)."""

    exit_code = EXIT_FINDINGS


class UsageError(OneLineError):
    """Bad arguments, a missing path, an unknown id given on the command line."""

    exit_code = EXIT_USAGE


class InternalError(OneLineError):
    """A bug in cqpengine: reported in one line; set CQP_DEBUG=1 for the traceback."""

    exit_code = EXIT_INTERNAL


def template_error(failure: Exception, custom: bool) -> click.ClickException:
    """A template failure: the user's (usage, exit 2) or the shipped templates' (internal, exit 3)."""
    return UsageError(str(failure)) if custom else InternalError(_("internal error: {failure}").format(failure=failure))
