"""Rendering a document of a referential to HTML, and HTML to PDF with fillable form fields.

WeasyPrint is imported only here and only when a PDF is asked for, so that ``cqp --help`` and
HTML builds do not pay for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2

from cqpengine.documents import DOCUMENTS
from cqpengine.documents.environment import build_environment
from cqpengine.model import Referential, competences


class DocumentUnavailableError(Exception):
    """The referential lacks what the document prints."""


class Renderer:
    """Renders documents with one environment (built once per run)."""

    def __init__(self, template_dirs: Sequence[Path] = ()) -> None:
        self.environment: jinja2.Environment = build_environment(template_dirs)

    def render(self, template: str, referential: Referential, **context: Any) -> str:
        """Render any template (e.g. ``decisions/jury.html.j2``) for ``referential``."""
        page = self.environment.get_template(template)
        return page.render(ref=referential, competences=competences, **context)

    def html(self, referential: Referential, name: str) -> str:
        """The self-contained HTML of document ``name`` for ``referential``."""
        spec = DOCUMENTS[name]
        reason = spec.missing(referential)
        if reason is not None:
            raise DocumentUnavailableError(reason)
        return self.render(spec.template, referential, doc=spec)


def html_to_pdf(html: str) -> bytes:
    """A PDF of ``html`` whose inputs are fillable form fields; same HTML, same bytes."""
    from weasyprint import HTML  # noqa: PLC0415 - heavy import, only when a PDF is asked for

    pdf: bytes = HTML(string=html, base_url=None).write_pdf(pdf_forms=True)
    return pdf
