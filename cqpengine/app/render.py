"""The render use case (``cqp render``): one document of one referential, as HTML or PDF bytes.

Two steps, so that the caller can refuse an output among the files read before anything is
rendered: :func:`load` checks the referential file with the files beside it, :func:`render` makes
the document.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cqpengine.app.inputs import InvalidInput, check_referentials
from cqpengine.checking import CheckResult
from cqpengine.errors import FindingsError, UsageError, template_error
from cqpengine.i18n import _
from cqpengine.loading.workspace import require_file


def load(file: Path) -> CheckResult:
    """The referential ``file``, checked with the files beside it (its inputs: ``result.inputs``)."""
    require_file(file)
    return check_referentials([file], default=False)


def render(
    result: CheckResult, file: Path, document: str, output_format: str, template_dirs: Sequence[Path] = ()
) -> bytes:
    """``document`` of the referential ``load(file)`` gave, in ``output_format`` (``html`` or ``pdf``)."""
    # jinja2 and, for a PDF, WeasyPrint: imported only when a document is made.
    from cqpengine.documents.rendering import (  # noqa: PLC0415
        DocumentUnavailableError,
        Renderer,
        TemplateFailure,
        html_to_pdf,
    )

    if not result.ok():
        raise InvalidInput(
            _("{file} has validation errors: run cqp validate and fix them").format(file=file), result.findings
        )
    if not result.referentials:
        raise UsageError(_("{file} is not a certification (a unit library has no documents)").format(file=file))
    [referential] = result.referentials
    try:
        html = Renderer(template_dirs).html(referential, document)
    except DocumentUnavailableError as reason:
        raise FindingsError(
            _("{key} has no {document}: {reason}").format(key=referential.key, document=document, reason=reason)
        ) from None
    except TemplateFailure as failure:
        raise template_error(failure, failure.custom) from None
    return html_to_pdf(html) if output_format == "pdf" else html.encode("utf-8")
