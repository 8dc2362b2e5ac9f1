"""A filled PDF → the document it is, checked field by field, and the candidate data it holds.

The guide d'entretien gives an intake interview (``cqp decide orientation``), the livret
d'évaluation finale a jury file (``cqp decide jury``, training route), the dossier de
recevabilité VAE a VAE request (``cqp decide vae``): which decision reads which document is said
once, in :data:`cqpengine.decisions.kinds.KINDS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from cqpengine.decisions.kinds import KINDS, kind_reading
from cqpengine.forms.extraction import Extraction, prune
from cqpengine.forms.fields import FormField
from cqpengine.forms.readers import READERS
from cqpengine.forms.reading import FilledForm, FormError, identify, read_pdf
from cqpengine.i18n import _
from cqpengine.model import Referential
from cqpengine.printable import shortened

#: ``expected_fields(referential, document)``: the fields cqpengine prints for a document.
ExpectedFields = Callable[[Referential, str], Sequence[FormField]]


def _expected_widgets(expected: FormField) -> int:
    """How many boxes a printed field shows: one per answer of a choice, else one."""
    return len(expected.values) if expected.kind == "choice" else 1


def check_fields(path: Path, form: FilledForm, expected: Sequence[FormField], what: str) -> None:
    """A FormError unless ``form`` has exactly the fields cqpengine prints for this document.

    Exactly: the same names, each once (the reader refuses a name met twice), of the same kind and
    answers, each shown by as many visible boxes as printed — no hidden field may decide.
    """
    printed = {f.name: f for f in expected}
    missing = [name for name in printed if name not in form.fields]
    unknown = [name for name in form.fields if name not in printed]
    changed = [
        name
        for name, f in printed.items()
        if name in form.fields
        and (form.fields[name].kind != f.kind or (f.kind == "choice" and form.fields[name].values != f.values))
    ]
    boxes = [
        name
        for name, f in printed.items()
        if name in form.fields and name not in changed and form.fields[name].widgets != _expected_widgets(f)
    ]
    if missing or unknown or changed or boxes:
        kinds = (
            (missing, _("{count} missing (e.g. {example})")),
            (unknown, _("{count} unknown (e.g. {example})")),
            (changed, _("{count} changed (e.g. {example})")),
            (boxes, _("{count} not shown as printed (e.g. {example})")),
        )
        parts = [text.format(count=len(items), example=shortened(items[0])) for items, text in kinds if items]
        raise FormError(
            _(
                "{path}: its form fields are not those of the {what} this cqpengine prints ({parts}): "
                "the document was altered or printed from another edition of the referential; print it again"
            ).format(path=path, what=what, parts=", ".join(parts))
        )


def _printed(
    path: Path, expected_fields: ExpectedFields, referential: Referential, document: str
) -> Sequence[FormField]:
    """The fields cqpengine prints for ``document``; a FormError when this edition prints none."""
    from cqpengine.documents.rendering import DocumentUnavailableError  # noqa: PLC0415

    try:
        return expected_fields(referential, document)
    except DocumentUnavailableError as reason:
        raise FormError(
            _(
                "{path}: says it is a {document} of {key}, which this edition of {key} cannot print ({reason}): "
                "it was printed from another edition; print it again from this one"
            ).format(path=path, document=document, key=referential.key, reason=reason)
        ) from None


def read_filled(
    kind: str | None, path: Path, referentials: Sequence[Referential], expected_fields: ExpectedFields
) -> Extraction:
    """Read the filled PDF ``path`` as the document of decision ``kind`` (any of the three if None).

    ``expected_fields(referential, document)`` gives the fields cqpengine prints for a document.
    Raises :class:`FormError` for a PDF that is not a form cqpengine printed, or was altered.
    """
    form = read_pdf(path)
    ident, version, document = identify(path, form)
    found = kind_reading(document)
    if found is None:
        read = ", ".join(form for spec in KINDS.values() for form in spec.forms)
        raise FormError(
            _("{path}: a {document} holds nothing a decision reads (decisions read: {kinds})").format(
                path=path, document=shortened(document), kinds=read
            )
        )
    if kind is not None and document not in KINDS[kind].forms:
        raise FormError(
            _("{path}: this is a {document}; cqp decide {kind} reads a {expected} (try cqp decide {found})").format(
                path=path, document=document, kind=kind, expected=" / ".join(KINDS[kind].forms), found=found.name
            )
        )
    matching = [r for r in referentials if r.id == ident and r.version == version]
    if not matching:
        versions = ", ".join(sorted(r.version for r in referentials if r.id == ident)) or _("none")
        raise FormError(
            _(
                "{path}: printed for {ident}@{version}, which the referentials do not have "
                "(versions of {ident}: {versions})"
            ).format(path=path, ident=shortened(ident), version=shortened(version), versions=versions)
        )
    referential = matching[0]
    check_fields(
        path,
        form,
        _printed(path, expected_fields, referential, document),
        _("{document} of {referential}").format(document=document, referential=referential.key),
    )
    out = Extraction(kind or found.name, path, referential, form=form, document=document)
    READERS[document](out)
    out.data = prune(out.data)
    return out
