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


class SuggestingChoice(click.Choice[str]):
    """A choice whose error names the closest valid values ("did you mean …?"), or lists them when few."""

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if isinstance(value, str) and value in self.choices:
            return value
        from cqpengine.suggest import did_you_mean  # noqa: PLC0415

        hint = did_you_mean(str(value), [str(choice) for choice in self.choices])
        if not hint:
            hint = " (" + ", ".join(str(choice) for choice in self.choices) + ")"
        self.fail(f"unknown document {value!r}{hint}", param, ctx)
