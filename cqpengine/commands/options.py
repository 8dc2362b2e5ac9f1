"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path

import click

#: ``--templates DIR`` (repeatable): folders searched before the shipped templates.
templates_option = click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of templates searched before the shipped ones (repeatable).",
)
