"""Options shared by several commands, declared once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from cqpengine.reporters import FORMATS

F = TypeVar("F", bound=Callable[..., Any])

#: ``--templates DIR`` (repeatable): folders searched before the shipped templates.
templates_option = click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of templates searched before the shipped ones (repeatable).",
)


def findings_format_option(*names: str) -> Callable[[F], F]:
    """The choice of findings format (text, json, github, sarif), for validate and decide alike."""
    return click.option(
        *names,
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help="Findings as text lines, a JSON array, GitHub Actions annotations (github) or a SARIF 2.1.0 log.",
    )
