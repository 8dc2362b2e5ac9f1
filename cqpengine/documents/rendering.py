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
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import jinja2

from cqpengine.documents import DOCUMENTS
from cqpengine.documents.environment import build_environment
from cqpengine.documents.tagging import clean_unicode_maps, footers_as_artifacts, header_scopes
from cqpengine.documents.widgets import fields_for_every_viewer, radio_widgets_as_kids
from cqpengine.i18n import _
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


def _template_frames(error: BaseException) -> list[tuple[Path, int]]:
    """``(file, line)`` of every template frame of the traceback, outermost first.

    A frame runs template code when its globals hold the template (jinja2's compiled code, whose
    line is mapped back to the template's) or when jinja2 already rewrote it to the template line.
    """
    frames: list[tuple[Path, int]] = []
    tb = error.__traceback__
    while tb is not None:
        scope = tb.tb_frame.f_globals
        template = scope.get("__jinja_template__")
        if template is not None and template.filename:
            frames.append((Path(template.filename), template.get_corresponding_lineno(tb.tb_lineno)))
        elif "__jinja_exception__" in scope:
            frames.append((Path(tb.tb_frame.f_code.co_filename), tb.tb_lineno))
        tb = tb.tb_next
    return frames


def _detail(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return _("templates include, extend or call each other without end (recursion): break the cycle")
    if isinstance(error, jinja2.TemplateError):
        return getattr(error, "message", None) or str(error)
    return f"{type(error).__name__}: {error}"


def _template_failure(error: BaseException, shipped: Path) -> TemplateFailure | None:
    """Where a template failed: a syntax error's line, else the deepest frame of the user's templates.

    ``None`` when the error did not happen in a template (a bug elsewhere, left to propagate).
    """

    def is_custom(path: Path) -> bool:
        return shipped.resolve() not in path.resolve().parents

    where: tuple[Path, int] | None = None
    custom = False
    if isinstance(error, jinja2.TemplateSyntaxError) and (error.filename or error.name):
        where = (Path(error.filename or error.name or ""), error.lineno)
        custom = is_custom(where[0])
    else:
        frames = _template_frames(error)
        ours = [frame for frame in frames if is_custom(frame[0])]
        custom = bool(ours)  # a user's template in the stack: theirs to fix, even inside a shipped macro
        where = (ours or frames)[-1] if frames else None
    if where is None:
        if isinstance(error, jinja2.TemplateError):
            return TemplateFailure(_("template error: {detail}").format(detail=_detail(error)), custom=False)
        return None
    message = _("template error: {detail}").format(detail=_detail(error))
    return TemplateFailure(f"{where[0]}:{where[1]}: {message}", custom=custom)


def failure_of(error: BaseException) -> TemplateFailure | None:
    """Where ``error``, raised while loading or rendering a template, happened (None: not in a template)."""
    return _template_failure(error, data_dir("templates"))


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
        except Exception as error:  # any error raised by template code, e.g. recursion or a bad operand
            failure = _template_failure(error, data_dir("templates"))
            if failure is None:
                raise
            raise failure from error

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


def html_to_pdf(html: str, *, font_config: Any = None) -> bytes:
    """A tagged PDF/UA-1 of ``html`` whose inputs are fillable form fields; same HTML, same bytes.

    The ``<meta name=cqp…>`` of a document (certification, version, document, form format) become
    entries of the PDF's information dictionary, by which ``cqpengine.forms`` recognises it.
    ``font_config`` is a WeasyPrint ``FontConfiguration`` to use (default: a new one); see
    :class:`PdfWriter` for when one can serve several documents.
    """
    from weasyprint import HTML  # noqa: PLC0415 - heavy import, only when a PDF is asked for

    def finish(document: Any, pdf: Any) -> None:
        radio_widgets_as_kids(document, pdf)
        fields_for_every_viewer(document, pdf)
        footers_as_artifacts(document, pdf)
        header_scopes(document, pdf)
        clean_unicode_maps(document, pdf)

    with _fixed_source_date():
        pdf: bytes = HTML(string=html, base_url=None).write_pdf(
            pdf_forms=True,
            custom_metadata=True,
            pdf_variant="pdf/ua-1",
            finisher=finish,
            font_config=font_config,
        )
    return pdf


#: What in a document may declare fonts of its own: an ``@font-face`` rule, or a stylesheet that
#: could hold one (``@import``, ``<link>``). Matched anywhere in the HTML: a false alarm only costs time.
_OWN_FONTS = re.compile(r"@font-face|@import|<link\b", re.IGNORECASE)


class PdfWriter:
    """Turns documents into PDFs (:func:`html_to_pdf`), keeping the system fonts loaded between them.

    Loading the system's fonts and measuring text with them is part of every PDF's time; WeasyPrint
    starts afresh for each document unless it is given the same font configuration again. A
    writer gives its documents one configuration (on the real referentials, about 6 % less time)
    and the bytes stay those of a fresh one: fonts a document brings of its own would stay in the
    configuration and reach the next documents, so such a document (see :data:`_OWN_FONTS`) gets a
    configuration of its own. One writer per thread: Pango's font map is not thread-safe.
    """

    def __init__(self) -> None:
        self._font_config: Any = None

    def pdf(self, html: str) -> bytes:
        """The PDF of ``html``, the very bytes :func:`html_to_pdf` gives."""
        if _OWN_FONTS.search(html):
            return html_to_pdf(html)
        if self._font_config is None:
            from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 - with WeasyPrint

            self._font_config = FontConfiguration()
        return html_to_pdf(html, font_config=self._font_config)
