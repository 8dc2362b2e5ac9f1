"""``cqp diff``: what changed between two versions of a certification, and their equivalences."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cqpengine.commands.common import check_referentials
from cqpengine.errors import UsageError

if TYPE_CHECKING:
    from cqpengine.model import Referential


@click.command("diff")
@click.argument("old")
@click.argument("new", required=False)
@click.option(
    "--referentials",
    "paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Referential files or folders (default ./referentials).",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def command(old: str, new: str | None, paths: tuple[Path, ...], output_format: str) -> None:
    """Compare two versions: OLD and NEW as id@version.

    With one argument, an id (or id@version), compare that version (default: the active one) with the
    version it supersedes.
    """
    from cqpengine.versions import compare, format_comparison  # noqa: PLC0415 - keep `cqp --help` light

    result = check_referentials(paths)
    by_key = {ref.key: ref for ref in result.referentials}
    if new is None:
        newer_key = (
            old
            if "@" in old
            else next((ref.key for ref in result.referentials if ref.id == old and ref.get("status") == "active"), None)
        )
        newer = by_key.get(newer_key or "")
        if newer is None:
            raise UsageError(f"no valid active version of {old!r} (known: {', '.join(sorted(by_key))})")
        superseded = newer.get("supersedes")
        if not superseded:
            raise UsageError(f"{newer.key} supersedes no other version: name the two versions to compare")
        old, new = f"{superseded.get('id', newer.id)}@{superseded['version']}", newer.key
    missing = [key for key in (old, new) if key not in by_key]
    if missing:
        failed = (
            f"; files with errors: {', '.join(map(str, sorted(result.failed_files)))}" if result.failed_files else ""
        )
        raise UsageError(
            f"unknown or invalid version {', '.join(missing)} (known: {', '.join(sorted(by_key))}){failed}"
        )
    older, newer = by_key[old], by_key[new]
    if _superseded(newer) == older.key:
        pass
    elif _superseded(older) == newer.key:
        click.echo(f"cqp: {older.key} supersedes {newer.key}: comparing from the newer version to the older", err=True)
    elif older.id != newer.id:
        raise UsageError(
            f"{older.key} and {newer.key} are two different certifications: compare two versions of one "
            "certification, or a version with the one it supersedes"
        )
    comparison = compare(older, newer)
    if output_format == "json":
        click.echo(json.dumps(comparison.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_comparison(comparison), nl=False)


def _superseded(referential: Referential) -> str | None:
    """``id@version`` of the version ``referential`` supersedes, if any."""
    superseded = referential.get("supersedes")
    return f"{superseded.get('id', referential.id)}@{superseded['version']}" if superseded else None
