"""Rendering a document of a referential to HTML, and HTML to PDF with fillable form fields.

WeasyPrint is imported only here and only when a PDF is asked for, so that ``cqp --help`` and
HTML builds do not pay for it.

Same HTML, same PDF bytes, whichever font subsetter WeasyPrint uses: HarfBuzz-Subset (Debian's
``libharfbuzz-subset0``) when the system has it, fontTools otherwise. fontTools stamps each
subset font's ``head.modified`` with the current time unless ``SOURCE_DATE_EPOCH`` is set (the
reproducible-builds convention), so the conversion runs with ``SOURCE_DATE_EPOCH`` set to
:data:`PDF_EPOCH` unless the caller has set it already.
"""

from __future__ import annotations

import contextlib
import os
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import jinja2

from cqpengine.documents import DOCUMENTS
from cqpengine.documents.environment import build_environment
from cqpengine.model import Referential, competences
from cqpengine.resources import data_dir


class DocumentUnavailableError(Exception):
    """The referential lacks what the document prints."""


class TemplateFailure(Exception):
    """A template failed to load or render; the message says where (``file:line``).

    ``custom`` is true when the failing template comes from a ``--templates`` folder (the user's
    to fix) rather than from the templates shipped with cqpengine (a bug).
    """

    def __init__(self, message: str, *, custom: bool) -> None:
        super().__init__(message)
        self.custom = custom


def _template_failure(error: jinja2.TemplateError, shipped: Path) -> TemplateFailure:
    """Where a jinja2 error happened: the syntax error's line, else the deepest template frame."""
    where: tuple[str, int] | None = None
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        where = (error.filename, error.lineno)
    else:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".j2")]
        if frames:
            where = (frames[-1].filename, frames[-1].lineno or 0)
    detail = getattr(error, "message", None) or str(error)
    if where is None:
        return TemplateFailure(f"template error: {detail}", custom=False)
    path = Path(where[0])
    custom = shipped.resolve() not in path.resolve().parents
    return TemplateFailure(f"{path}:{where[1]}: template error: {detail}", custom=custom)


class Renderer:
    """Renders documents with one environment (built once per run)."""

    def __init__(self, template_dirs: Sequence[Path] = ()) -> None:
        self.environment: jinja2.Environment = build_environment(template_dirs)

    def render(self, template: str, referential: Referential, **context: Any) -> str:
        """Render any template (e.g. ``decisions/jury.html.j2``) for ``referential``.

        Raises :class:`TemplateFailure` (with the template's file and line) when a template fails.
        """
        try:
            page = self.environment.get_template(template)
            return page.render(ref=referential, competences=competences, **context)
        except jinja2.TemplateError as error:
            raise _template_failure(error, data_dir("templates")) from error

    def html(self, referential: Referential, name: str) -> str:
        """The self-contained HTML of document ``name`` for ``referential``."""
        spec = DOCUMENTS[name]
        reason = spec.missing(referential)
        if reason is not None:
            raise DocumentUnavailableError(reason)
        return self.render(spec.template, referential, doc=spec)


#: The time (seconds since 1970, UTC) stamped into embedded fonts when nothing else is asked:
#: 2013-01-01, the year of the branch's first CQP guides. Any fixed value would do.
PDF_EPOCH = 1356998400


@contextlib.contextmanager
def _fixed_source_date() -> Iterator[None]:
    """Run with ``SOURCE_DATE_EPOCH`` set (to :data:`PDF_EPOCH` unless already set), then restore."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        yield
        return
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(PDF_EPOCH)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF/UA-1 of ``html`` whose inputs are fillable form fields; same HTML, same bytes."""
    from weasyprint import HTML  # noqa: PLC0415 - heavy import, only when a PDF is asked for

    from cqpengine.documents.tagging import footers_as_artifacts  # noqa: PLC0415 - with WeasyPrint

    with _fixed_source_date():
        pdf: bytes = HTML(string=html, base_url=None).write_pdf(
            pdf_forms=True, pdf_variant="pdf/ua-1", finisher=footers_as_artifacts
        )
    return pdf
