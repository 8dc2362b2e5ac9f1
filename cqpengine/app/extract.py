"""The ``extract`` use case: a filled PDF form → the candidate data it holds, and what it lacks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cqpengine.documents.rendering import Renderer
from cqpengine.errors import UsageError
from cqpengine.findings import Finding
from cqpengine.forms.deciding import checked_candidate
from cqpengine.forms.extraction import Extraction
from cqpengine.forms.fields import printed_form_fields
from cqpengine.forms.filled import read_filled
from cqpengine.forms.reading import FormError, is_pdf
from cqpengine.i18n import _
from cqpengine.model import Referential


@dataclass(frozen=True)
class ExtractOptions:
    """The filled PDF to read, and the referentials and templates it was printed from."""

    pdf: Path
    referentials: Sequence[Referential]
    template_dirs: tuple[Path, ...] = ()


@dataclass(frozen=True)
class ExtractResult:
    """The candidate data read (complete or not) and the findings naming what is missing, by field."""

    extraction: Extraction
    findings: list[Finding]


def require_pdf(pdf: Path) -> None:
    """A :class:`UsageError` unless ``pdf`` is a PDF file."""
    if not is_pdf(pdf):
        raise UsageError(_("{file}: not a PDF: cqp extract reads a filled document cqpengine printed").format(file=pdf))


def extract(options: ExtractOptions) -> ExtractResult:
    """Read the form; a :class:`UsageError` for a file that is not a filled document cqpengine printed."""
    require_pdf(options.pdf)
    try:
        extraction = read_filled(
            None, options.pdf, options.referentials, printed_form_fields(Renderer(options.template_dirs))
        )
    except FormError as error:
        raise UsageError(str(error)) from None
    return ExtractResult(extraction, checked_candidate(extraction))
