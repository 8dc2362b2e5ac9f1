"""The ``cqp`` command line: a group that imports each command only when it runs.

``cqp --help`` imports no template, PDF or schema library; each command module lives in
:mod:`cqpengine.commands`. A :class:`~cqpengine.errors.CqpError` becomes its one line and its exit
code, here and nowhere else; unexpected exceptions become one line and exit code 3 (with the
traceback too when ``CQP_DEBUG`` is ``1``, ``true``, ``yes`` or ``on``). Standard output closed
early (``cqp … | head -1``) ends the command quietly with 141, as a pipeline's ``SIGPIPE`` would;
an I/O error (a full disk, ``> /dev/full``) is one line and exit 2; ``SIGTERM`` or ``SIGHUP``
stops it after removing its temporary files, with 128 + the signal number.
"""

from __future__ import annotations

import errno
import gettext
import importlib
import os
import signal
import sys
import traceback
from types import FrameType
from typing import Any, NoReturn

import click

from cqpengine import __version__
from cqpengine.commands.helps import HELP
from cqpengine.commands.translated import Command, Group
from cqpengine.errors import CqpError, InternalError, UsageError
from cqpengine.i18n import N_, _, translate_click
from cqpengine.printable import printable

#: Exit status when standard output is closed before everything is written (128 + SIGPIPE).
EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE
#: Values of ``CQP_DEBUG`` that show tracebacks (case-insensitive); any other value does not.
DEBUG_VALUES = frozenset({"1", "true", "yes", "on"})
#: click's own words (``Commands``), from click's catalog as click shows them (and not in ours).
_click_words = gettext.gettext


def debug_enabled() -> bool:
    """True when ``CQP_DEBUG`` holds one of :data:`DEBUG_VALUES`."""
    return os.environ.get("CQP_DEBUG", "").strip().lower() in DEBUG_VALUES


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that nothing fails again when Python flushes it at exit."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):  # not a real file (tests capture it)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


class OneLineError(click.ClickException):
    """A :class:`~cqpengine.errors.CqpError` as click shows it: one line (control characters as escapes)."""

    def __init__(self, error: CqpError) -> None:
        super().__init__(error.message)
        # click declares exit_code a class variable; this error's code is the CqpError's.
        setattr(self, "exit_code", error.exit_code)  # noqa: B010

    def format_message(self) -> str:
        return printable(self.message)


class OneLineUsageError(click.UsageError):
    """click's usage error (a missing argument, an unknown option or command) in one line.

    click shows it in four (the usage, a hint, a blank line, the error); here, the error, then the
    command's usage and where its help is, in click's own (translated) words.
    """

    def __init__(self, error: click.UsageError) -> None:
        super().__init__(error.format_message(), error.ctx)  # a missing parameter's words are made there

    def show(self, file: Any = None) -> None:
        message = " ".join(self.format_message().split())  # click lists choices on lines of their own
        parts = [message if message.endswith((".", "?", "!")) else message + "."]
        if self.ctx is not None:
            usage = " ".join(self.ctx.get_usage().split())
            parts.append(usage if usage.endswith(".") else usage + ".")
            option = max(self.ctx.help_option_names, key=len, default="--help")
            parts.append(
                _click_words("Try '{command} {option}' for help.").format(command=self.ctx.command_path, option=option)
            )
        click.echo(_click_words("Error: {message}").format(message=printable(" ".join(parts))), err=True, file=file)


def _one_line(error: click.UsageError) -> click.UsageError:
    """``error`` shown in one line, unless it is click's "no arguments: here is the help"."""
    if isinstance(error, (OneLineUsageError, click.exceptions.NoArgsIsHelpError)):
        return error
    return OneLineUsageError(error)


def _io_error(exc: OSError) -> click.ClickException | click.exceptions.Exit:
    """What an OSError that no command handled becomes: a quiet broken pipe, else an I/O error (exit 2).

    An error without a file name comes from writing a stream (standard output full, ``> /dev/full``):
    standard output is then silenced, so that Python's final flush does not fail a second time.
    """
    if exc.errno == errno.EPIPE:
        _silence_stdout()
        return click.exceptions.Exit(EXIT_BROKEN_PIPE)
    if exc.filename is None:
        _silence_stdout()
        return OneLineError(UsageError(_("cannot write the output: {reason}").format(reason=exc.strerror or exc)))
    return OneLineError(
        UsageError(_("input/output error: {reason}: {file}").format(reason=exc.strerror or exc, file=exc.filename))
    )


#: Command name → module in cqpengine.commands that defines ``command``.
COMMANDS = {
    "build": "build",
    "credential": "credential",
    "diff": "diff",
    "decide": "decide",
    "export": "export",
    "extract": "extract",
    "fields": "fields",
    "import": "import_",
    "new": "new",
    "render": "render",
    "serve": "serve",
    "validate": "validate",
}


class LazyGroup(Group):
    """A click group whose subcommands are imported on first use."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run ``cqp``, click's own words (``Usage:``, ``Error:``) in the user's language like ours."""
        translate_click()
        return super().main(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their one-line help, from :data:`~cqpengine.commands.helps.HELP`: no command is imported."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, Command(name, help=HELP[name]).get_short_help_str(limit)) for name in names]
        with formatter.section(_click_words("Commands")):
            formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMANDS.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"cqpengine.commands.{module_name}")
        command: click.Command = module.command
        return command

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:  # cqp's own options (``cqp --bad``)
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # a command's arguments and options, an unknown command
            raise _one_line(exc) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except CqpError as exc:
            raise OneLineError(exc) from None
        except OSError as exc:
            raise _io_error(exc) from None
        except Exception as exc:
            if debug_enabled():
                traceback.print_exc(file=sys.stderr)
            raise OneLineError(
                InternalError(
                    _("internal error: {kind}: {error} (set CQP_DEBUG=1 for details and report it)").format(
                        kind=type(exc).__name__, error=exc
                    )
                )
            ) from exc


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_("cqpengine: validate CQP referentials, print their documents, apply their rules."),
)
@click.version_option(
    __version__, "--version", prog_name="cqp", message="%(prog)s %(version)s", help=N_("Show the version and exit.")
)
def cli() -> None: ...


class Terminated(BaseException):
    """Raised by a termination signal, so that ``finally`` blocks remove temporary files."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: FrameType | None) -> NoReturn:
    raise Terminated(signum)


def main() -> None:
    """Console-script entry point."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _terminate)
    try:
        cli()
    except Terminated as stop:
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)
        _silence_stdout()
        print(_("cqp: stopped by {signal}").format(signal=signal.Signals(stop.signum).name), file=sys.stderr)
        sys.exit(128 + stop.signum)
