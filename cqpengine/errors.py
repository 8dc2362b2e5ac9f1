"""Errors a user must hear about, each with its exit code (0 ok, 1 findings, 2 usage, 3 internal).

Every such error is a :class:`CqpError`, independent of click: the lower layers (loading, output,
forms, documents…) raise their own subclasses (``PathNotFoundError``, ``UnsafePathError``,
``FormError``…) and the application layer raises these directly. The command line maps them once,
in :meth:`cqpengine.cli.LazyGroup.invoke`, to one line on stderr and :attr:`CqpError.exit_code`.
"""

from __future__ import annotations

from typing import ClassVar

from cqpengine.i18n import _

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class CqpError(Exception):
    """An error shown to the user as one line (its message) and ended with :attr:`exit_code`."""

    exit_code: ClassVar[int] = EXIT_INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class FindingsError(CqpError):
    """The input has findings (errors, or warnings under --strict)."""

    exit_code = EXIT_FINDINGS


class UsageError(CqpError):
    """Bad arguments, a missing path, an unknown id given on the command line, an unusable input."""

    exit_code = EXIT_USAGE


class InternalError(CqpError):
    """A bug in cqpengine: reported in one line; set CQP_DEBUG=1 for the traceback."""

    exit_code = EXIT_INTERNAL


def template_error(failure: Exception, custom: bool) -> CqpError:
    """A template failure: the user's (usage, exit 2) or the shipped templates' (internal, exit 3)."""
    return UsageError(str(failure)) if custom else InternalError(_("internal error: {failure}").format(failure=failure))
