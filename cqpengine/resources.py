"""Where the engine's own files are: schema, templates and the referentials it ships.

In a source checkout they are the top-level ``schema/``, ``templates/`` and ``referentials/``
folders; an installed wheel carries copies under ``cqpengine/_data/``. Nothing else in the
engine builds a path to these files.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from cqpengine.i18n import _

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The shipped folder ``name`` (``schema``, ``templates``, ``referentials``)."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"cqpengine is incomplete: its {name!r} folder is missing")


def template_search_order(extra: Sequence[Path] = ()) -> list[Path]:
    """The template folders in search order: those given (``--templates``), then the shipped ones."""
    return [*extra, data_dir("templates")]


def schema_file(name: str) -> Path:
    """A JSON Schema shipped with the engine, e.g. ``referential.schema.json``."""
    return data_dir("schema") / name


def default_referential_paths(paths: tuple[Path, ...]) -> tuple[Path, ...]:
    """The paths a command works on: those given, else ``./referentials``, else the shipped ones.

    Falling back to the shipped referentials is said on stderr, so nobody mistakes them for
    their own.
    """
    if paths:
        return paths
    local = Path("referentials")
    if local.is_dir():
        return (local,)
    shipped = data_dir("referentials")
    print(
        _("cqp: no ./referentials folder here; using the referentials shipped with cqpengine ({folder})").format(
            folder=shipped
        ),
        file=sys.stderr,
    )
    return (shipped,)
