"""The one jinja2 environment of cqpengine, with the French labels every template uses.

Template search order: the folders given with ``--templates`` (first match wins), then the
templates shipped with cqpengine. Autoescape is on for every template and undefined names are
errors (StrictUndefined); a template file that cannot be read is a template error at its path.
Referential text only ever reaches templates as data: no template is built from it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from cqpengine.documents.compiled import template_cache
from cqpengine.documents.labels import join, labels, last_years, years
from cqpengine.i18n import _
from cqpengine.model import placeholder_in, strip_pasted_mark
from cqpengine.resources import template_search_order


def css_string(value: object) -> Markup:
    """``value`` as a quoted CSS string, safe inside a <style> element (all else hex-escaped)."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,()-:/" else f"\\{ord(ch):x} " for ch in str(value))
    return Markup(f'"{escaped}"')


#: The layout of the documents' form fields (their names and values, as the field reference (docs/field-reference.md)
#: lists them), embedded in every PDF (``cqpform``): a filled PDF of another layout is refused.
FORM_FORMAT = "2"

_FIELD = re.compile(r"[^A-Za-z0-9._-]+")


def field_name(*parts: object) -> str:
    """A PDF form field name from ids and words (ids are already safe; anything else is folded)."""
    return ".".join(_FIELD.sub("_", str(part)) for part in parts if part not in (None, ""))


def field_id(name: str, value: object = None) -> str:
    """The HTML ``id`` of the input of field ``name`` (of its ``value``, for a radio button).

    Prefixed so that it never collides with the ids of headings (unit ids); a ``<label for>``
    names it, tying every input to its visible label.
    """
    return f"f-{name}" if value in (None, "") else f"f-{name}--{_FIELD.sub('_', str(value))}"


def options(scale: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (id, label) pairs of a scale's values: the options of its radio group."""
    return [(str(value["id"]), str(value["label"])) for value in scale["values"]]


def short_label(text: str) -> str:
    """A piece of evidence's label without its parenthesised instructions, for a checkbox."""
    return text.split(" (", 1)[0]


def slug(text: str) -> str:
    """``Le Président du jury`` → ``le-president-du-jury``: words folded to an id for a field name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())) or "signature"


def sentence(text: str) -> str:
    """``text`` ended with a full stop when it ends with none (a referential's sentence, printed alone)."""
    text = text.rstrip()
    return text if not text or text[-1] in ".!?…" else text + "."


def written(value: object) -> bool:
    """Whether ``value`` prints something: a text neither empty nor a placeholder (its heading goes with it)."""
    return bool(leave_out_placeholder(value))


def leave_out_placeholder(value: object) -> object:
    """What ``{{ value }}`` prints: referential text still holding a placeholder ("XXXX…") prints nothing."""
    return "" if type(value) is str and placeholder_in(value) is not None else value


def template_dirs(extra: Sequence[Path] = ()) -> list[Path]:
    return template_search_order(extra)


class TemplateReadError(jinja2.TemplateSyntaxError):
    """A template file that cannot be read (not UTF-8, unreadable): an error at its ``file:line``."""


class TemplateLoader(jinja2.FileSystemLoader):
    """jinja2's file loader, whose unreadable files are template errors rather than crashes."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        try:
            return super().get_source(environment, template)
        except jinja2.TemplateNotFound:
            raise
        except UnicodeDecodeError:
            filename = self._find(template)
            raw = Path(filename).read_bytes() if filename else b""
            try:
                raw.decode("utf-8")
                line = 1
            except UnicodeDecodeError as error:
                line = raw[: error.start].count(b"\n") + 1
            raise TemplateReadError(_("not UTF-8 text: save the template as UTF-8"), line, template, filename) from None
        except OSError as error:
            message = _("cannot read the template: {reason}").format(reason=error.strerror or error)
            raise TemplateReadError(message, 1, template, self._find(template)) from None

    def _find(self, template: str) -> str | None:
        """The file the search path gives for ``template`` (as :meth:`get_source` looks it up)."""
        for folder in self.searchpath:
            candidate = Path(folder, *template.split("/"))
            if candidate.is_file():
                return str(candidate)
        return None


def build_environment(extra: Sequence[Path] = ()) -> jinja2.Environment:
    """The jinja2 environment used for every document."""
    environment = jinja2.Environment(
        loader=TemplateLoader([str(path) for path in template_dirs(extra)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=leave_out_placeholder,
    )
    environment.filters["css_string"] = css_string
    environment.filters["years"] = years
    environment.filters["last_years"] = last_years
    environment.filters["join_words"] = join
    environment.filters["options"] = options
    environment.filters["short_label"] = short_label
    environment.filters["slug"] = slug
    environment.filters["unmarked"] = strip_pasted_mark
    environment.filters["sentence"] = sentence
    environment.tests["written"] = written
    environment.filters["zip_with"] = lambda first, second: list(zip(first, second, strict=True))
    environment.filters["numbered"] = lambda number, word: f"{word}-{number}"
    environment.filters["lookup"] = lambda key, mapping: mapping[key]
    environment.tests["placeholder"] = lambda text: placeholder_in(str(text)) is not None
    environment.globals["field_name"] = field_name
    environment.globals["field_id"] = field_id
    environment.globals["form_format"] = FORM_FORMAT
    environment.globals["labels"] = labels()
    environment.bytecode_cache = template_cache(_settings(environment))
    return environment


def _settings(environment: jinja2.Environment) -> str:
    """What the code compiled from a template depends on, besides its source: the options, filters and tests."""
    options = ("autoescape", "trim_blocks", "lstrip_blocks", "keep_trailing_newline", "newline_sequence", "optimized")
    finalize = environment.finalize
    return "\n".join(
        [
            *(f"{option}={getattr(environment, option)!r}" for option in options),
            f"finalize={getattr(finalize, '__qualname__', finalize)!r}",
            f"undefined={environment.undefined.__qualname__}",
            "filters=" + ",".join(sorted(environment.filters)),
            "tests=" + ",".join(sorted(environment.tests)),
            "extensions=" + ",".join(sorted(environment.extensions)),
        ]
    )
