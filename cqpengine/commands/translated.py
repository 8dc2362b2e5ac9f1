"""Commands whose ``--help`` is shown in the user's language.

Help texts are written in English where the commands and options are declared, marked with
:func:`~cqpengine.i18n.N_` so that Babel puts them in the catalog, and translated when they are
shown: ``cqp build --help`` under ``LANG=fr_FR.UTF-8`` is French, like every other message. click's
own words around them (``Usage:``, ``Options``, ``[default: …]``) come from click's catalog
(:func:`cqpengine.i18n.translate_click`). Every command of ``cqp`` is a :class:`Command` and every
group a :class:`Group` (whose subcommands are :class:`Command` too).
"""

from __future__ import annotations

import contextlib
import gettext
from collections.abc import Iterator

import click

from cqpengine.i18n import _


def _translate(text: str | None) -> str | None:
    """Our translation, else click's (the ``--help`` option that click makes once and keeps is click's)."""
    if not text:
        return text
    translated = _(text)
    return translated if translated != text else gettext.gettext(text)


@contextlib.contextmanager
def _in_language(command: click.Command, ctx: click.Context | None = None) -> Iterator[None]:
    """While the block runs, ``command``'s help texts and its options' are in the user's language.

    click reads them from the objects' attributes while it formats the help, so they are swapped
    for their translations, then put back: the command keeps its English texts (the msgids).
    With ``ctx``, the options include the ``--help`` option click adds.
    """
    params = command.get_params(ctx) if ctx is not None else command.params
    options = [param for param in params if isinstance(param, click.Option)]
    saved = (command.help, command.short_help, command.epilog, [option.help for option in options])
    command.help, command.short_help = _translate(command.help), _translate(command.short_help)
    command.epilog = _translate(command.epilog)
    for option in options:
        option.help = _translate(option.help)
    try:
        yield
    finally:
        command.help, command.short_help, command.epilog, helps = saved
        for option, text in zip(options, helps, strict=True):
            option.help = text


class Command(click.Command):
    """A command whose help is shown in the user's language."""

    def get_help(self, ctx: click.Context) -> str:
        with _in_language(self, ctx):
            return super().get_help(ctx)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _in_language(self):
            return super().get_short_help_str(limit)


class Group(Command, click.Group):
    """A group whose help, and its subcommands' (made :class:`Command`), are shown in the user's language."""

    command_class = Command
