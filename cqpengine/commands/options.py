"""Options shared by several commands, declared once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from cqpengine.i18n import N_, _
from cqpengine.reporters import FORMATS
from cqpengine.suggest import did_you_mean

F = TypeVar("F", bound=Callable[..., Any])


def stacked(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    """One decorator applying ``decorators`` as if written above the function in this order
    (so ``--help`` lists the options in this order)."""

    def apply(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


#: ``--templates DIR`` (repeatable): folders searched before the shipped templates.
templates_option = click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help=N_("Folder of templates searched before the shipped ones (repeatable)."),
)


def referentials_option(dest: str = "paths") -> Callable[[F], F]:
    """``--referentials PATH`` (repeatable): where the referentials are, stored in ``dest``."""
    return click.option(
        "--referentials",
        dest,
        multiple=True,
        type=click.Path(path_type=Path),
        help=N_("Referential files or folders (default ./referentials, else the shipped ones). Repeatable."),
    )


class SuggestingChoice(click.Choice[str]):
    """A choice whose error names the closest valid values ("did you mean …?"), or lists them when few."""

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if isinstance(value, str) and value in self.choices:
            return value
        hint = did_you_mean(str(value), [str(choice) for choice in self.choices])
        if not hint:
            hint = " (" + ", ".join(str(choice) for choice in self.choices) + ")"
        self.fail(_("unknown document {name}{hint}").format(name=repr(value), hint=hint), param, ctx)


def findings_format_option(*names: str) -> Callable[[F], F]:
    """The choice of findings format (text, json, github, sarif), for validate and decide alike."""
    return click.option(
        *names,
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help=N_("Findings as text lines, a JSON array, GitHub Actions annotations (github) or a SARIF 2.1.0 log."),
    )
