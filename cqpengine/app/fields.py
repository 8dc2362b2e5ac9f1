"""The fields use case (``cqp fields``): the form fields of a printed document, never their values."""

from __future__ import annotations

from pathlib import Path

from cqpengine.errors import UsageError
from cqpengine.forms.fields import FormField, html_fields
from cqpengine.forms.reading import is_pdf, read_pdf
from cqpengine.i18n import _
from cqpengine.loading.workspace import require_file


def list_fields(file: Path) -> list[FormField]:
    """The fields of ``file``, a PDF or HTML document cqpengine printed (filled or not), in order."""
    require_file(file)
    fields: list[FormField]
    if is_pdf(file):
        form = read_pdf(file)
        fields = [FormField(f.name, f.kind, f.values) for f in form.fields.values()]
    else:
        try:
            fields = html_fields(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(
                _("{file}: cannot read it as an HTML document ({error})").format(file=file, error=type(error).__name__)
            ) from None
    if not fields:
        raise UsageError(_("{file}: no form field").format(file=file))
    return fields
