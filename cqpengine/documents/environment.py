"""The one jinja2 environment of cqpengine, with the French labels every template uses.

Template search order: the folders given with ``--templates`` (first match wins), then the
templates shipped with cqpengine. Autoescape is on for every template and undefined names are
errors (StrictUndefined). Referential text only ever reaches templates as data: no template is
built from it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import jinja2
from markupsafe import Markup

from cqpengine.documents.labels import join, labels, last_years, years
from cqpengine.model import placeholder_in
from cqpengine.resources import template_search_order


def css_string(value: object) -> Markup:
    """``value`` as a quoted CSS string, safe inside a <style> element (all else hex-escaped)."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,()-:/" else f"\\{ord(ch):x} " for ch in str(value))
    return Markup(f'"{escaped}"')


_FIELD = re.compile(r"[^A-Za-z0-9._-]+")


def field_name(*parts: object) -> str:
    """A PDF form field name from ids and words (ids are already safe; anything else is folded)."""
    return ".".join(_FIELD.sub("_", str(part)) for part in parts if part not in (None, ""))


def template_dirs(extra: Sequence[Path] = ()) -> list[Path]:
    return template_search_order(extra)


def build_environment(extra: Sequence[Path] = ()) -> jinja2.Environment:
    """The jinja2 environment used for every document."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(path) for path in template_dirs(extra)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["css_string"] = css_string
    environment.filters["years"] = years
    environment.filters["last_years"] = last_years
    environment.filters["join_words"] = join
    environment.filters["lookup"] = lambda key, mapping: mapping[key]
    environment.tests["placeholder"] = lambda text: placeholder_in(str(text)) is not None
    environment.globals["field_name"] = field_name
    environment.globals["labels"] = labels()
    return environment
