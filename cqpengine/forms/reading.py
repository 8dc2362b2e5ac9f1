"""Reading a filled PDF form: which document it is, and the value of each field.

The PDF is opened read-only and never copied. Its information dictionary says which
certification, version and document cqpengine printed (``/cqpcertification``, ``/cqpversion``,
``/cqpdocument``) and in which form layout (``/cqpform``); its AcroForm gives the fields. A radio
group's value is its export value (``/Opt``, the scale value id WeasyPrint wrote from the HTML
``value``), whether a viewer wrote the group's ``/V`` as the button's index or as that id. pypdf
is imported here only, when a PDF is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cqpengine.documents.environment import FORM_FORMAT
from cqpengine.errors import UsageError
from cqpengine.i18n import _

_RADIO = 1 << 15
_PUSHBUTTON = 1 << 16


class FormError(UsageError):
    """The file is not a readable form cqpengine printed (one line, naming no value)."""


@dataclass(frozen=True)
class PdfField:
    """One field of a PDF form: its kind, its export values (choices), its value and page."""

    name: str
    kind: str
    values: tuple[str, ...] = ()
    value: str | None = None
    page: int = 1
    conflict: bool = False


@dataclass
class FilledForm:
    """A filled document: what cqpengine printed it as, and its fields by name."""

    certification: str | None
    version: str | None
    document: str | None
    form_format: str | None
    fields: dict[str, PdfField] = field(default_factory=dict)

    def value(self, name: str) -> str | None:
        found = self.fields.get(name)
        return found.value if found else None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _name_of(value: Any) -> str:
    return str(value)[1:] if str(value).startswith("/") else str(value)


def _choice(node: Any, kids: list[Any]) -> tuple[tuple[str, ...], str | None, bool]:
    """A radio group's export values, the chosen one (None: no answer) and whether two are on.

    The group's ``/V`` (and each button's ``/AS``) names a button by its index in ``/Opt`` — or, as
    some viewers write it, by the export value itself.
    """
    options = tuple(str(option) for option in node.get("/Opt", []))

    def export(state: str) -> str | None:
        if state.isdigit() and int(state) < len(options):
            return options[int(state)]
        return state if state in options else None

    on = {export(state) for state in (_name_of(kid.get("/AS", "/Off")) for kid in kids) if state != "Off"}
    chosen = _name_of(node.get("/V", "/Off"))
    value = export(chosen) if chosen != "Off" else None
    if value is None and len(on) == 1:
        value = next(iter(on))
    conflict = len(on) > 1 or (value is not None and bool(on) and on != {value})
    return options, value, conflict


def _walk(node: Any, prefix: str, pages: dict[int, int], out: dict[str, PdfField], inherited: dict[str, Any]) -> None:
    node = node.get_object()
    partial = node.get("/T")
    name = f"{prefix}.{partial}" if prefix and partial is not None else str(partial if partial is not None else prefix)
    attributes = {**inherited, **{key: node[key] for key in ("/FT", "/Ff") if key in node}}
    kids = [kid.get_object() for kid in node.get("/Kids", [])]
    if any("/T" in kid for kid in kids):
        for kid in kids:
            _walk(kid, name, pages, out, attributes)
        return
    widgets = kids or [node]
    references = [getattr(w.raw_get("/P"), "idnum", None) for w in widgets if "/P" in w]
    page = next((pages[r] for r in references if r in pages), 0) + 1
    field_type = str(attributes.get("/FT", ""))
    flags = int(attributes.get("/Ff", 0))
    if field_type == "/Btn" and flags & _PUSHBUTTON:
        return
    if field_type == "/Btn" and flags & _RADIO:
        options, value, conflict = _choice(node, widgets)
        out[name] = PdfField(name, "choice", options, value, page, conflict)
    elif field_type == "/Btn":
        state = _name_of(node.get("/V", widgets[0].get("/AS", "/Off")))
        out[name] = PdfField(name, "checkbox", (), None if state == "Off" else "oui", page)
    else:
        multiline = bool(flags & (1 << 12))
        out[name] = PdfField(name, "multiline" if multiline else "text", (), _text(node.get("/V")), page)


def read_pdf(path: Path) -> FilledForm:
    """The identification and fields of the PDF at ``path`` (read only, never copied)."""
    # pypdf (~0.1 s to import) only when a PDF is read: `cqp decide` on a YAML file never needs it.
    from pypdf import PdfReader  # noqa: PLC0415
    from pypdf.errors import PyPdfError  # noqa: PLC0415

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise FormError(
                _("{path}: the PDF is encrypted: save it without a password, then try again").format(path=path)
            )
        info: Any = reader.metadata or {}
        root: Any = reader.trailer["/Root"].get_object()
        pages = {getattr(page.indirect_reference, "idnum", -1): index for index, page in enumerate(reader.pages)}
        fields: dict[str, PdfField] = {}
        form: Any = root.get("/AcroForm")
        for node in form.get_object().get("/Fields", []) if form is not None else []:
            _walk(node, "", pages, fields, {})
    except FormError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise FormError(
            _("{path}: not a readable PDF ({error})").format(path=path, error=type(error).__name__)
        ) from None
    return FilledForm(
        certification=_text(info.get("/cqpcertification")),
        version=_text(info.get("/cqpversion")),
        document=_text(info.get("/cqpdocument")),
        form_format=_text(info.get("/cqpform")),
        fields=fields,
    )


def identify(path: Path, form: FilledForm) -> tuple[str, str, str]:
    """The (certification id, version, document) cqpengine printed ``form`` as, or a FormError."""
    if form.certification is None or form.version is None or form.document is None:
        raise FormError(
            _(
                "{path}: not a document printed by cqpengine (it carries no cqpengine identification): "
                "fill a document printed by cqp build or cqp render"
            ).format(path=path)
        )
    if form.form_format != FORM_FORMAT:
        raise FormError(
            _(
                "{path}: printed by another version of cqpengine (form layout {layout}, this "
                "version reads layout {expected}): print the document again and fill the new one"
            ).format(path=path, layout=form.form_format or _("none"), expected=FORM_FORMAT)
        )
    return form.certification, form.version, form.document


def is_pdf(path: Path) -> bool:
    """Whether ``path`` starts like a PDF file."""
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False
