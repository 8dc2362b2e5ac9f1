"""Reading a filled PDF form: which document it is, and the value of each field.

The PDF is opened read-only and never copied. Its information dictionary says which
certification, version and document cqpengine printed (``/cqpcertification``, ``/cqpversion``,
``/cqpdocument``) and in which form layout (``/cqpform``); its AcroForm gives the fields. A radio
group's value is its export value (``/Opt``, the scale value id WeasyPrint wrote from the HTML
``value``), whether a viewer wrote the group's ``/V`` as the button's index or as that id. pypdf
is imported here only, when a PDF is read.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cqpengine.documents.environment import FORM_FORMAT
from cqpengine.errors import UsageError
from cqpengine.i18n import _
from cqpengine.printable import shortened

_RADIO = 1 << 15
_PUSHBUTTON = 1 << 16
#: Annotation flags that keep a widget off the page (Hidden, NoView).
_INVISIBLE = 2 | 32

#: Largest PDF read, in bytes: a printed form with its fonts is about one megabyte.
MAX_PDF_BYTES = 32 * 1024 * 1024
#: Largest stream decompressed while reading the form (object streams hold the fields' values).
MAX_STREAM_BYTES = 8 * 1024 * 1024
#: Most field tree nodes walked: a printed form has a few hundred.
MAX_FIELD_NODES = 20_000
#: Longest value of one field, in characters (a page of text), and of all the fields together
#: (the size of the largest YAML file read, as a candidate file is).
MAX_FIELD_CHARACTERS = 20_000
MAX_FORM_CHARACTERS = 1024 * 1024

#: What a word processor pastes as a line break (vertical tab, form feed, Unicode separators).
_SOFT_BREAK = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
#: Control characters no text value may hold (tab and line feed are text).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


class FormError(UsageError):
    """The file is not a readable form cqpengine printed (one line, naming no value)."""


def control_character(text: str) -> str | None:
    """The first control character of ``text`` as ``U+0007``, or None."""
    found = _CONTROL.search(text)
    return f"U+{ord(found.group(0)):04X}" if found else None


@dataclass(frozen=True)
class PdfField:
    """One field of a PDF form: its kind, its export values (choices), its value and page."""

    name: str
    kind: str
    values: tuple[str, ...] = ()
    value: str | None = None
    page: int = 1
    conflict: bool = False
    widgets: int = 1
    #: The value is no text (a stream, a number, bytes of no known encoding): it must be typed again.
    unreadable: bool = False


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


def _text(value: Any, name: str = "") -> str | None:
    """A field's text value (a soft line break read as a line break); a FormError when it is no text."""
    if value is None or not isinstance(value, str):  # a stream, a number, undecodable bytes: see _walk
        return None
    if len(value) > MAX_FIELD_CHARACTERS:
        raise FormError(
            _("field {name!r} holds more than {limit} characters: shorten it").format(
                name=shortened(name), limit=MAX_FIELD_CHARACTERS
            )
        )
    text = _SOFT_BREAK.sub("\n", value).strip()
    return text or None


def _metadata(value: Any) -> str | None:
    """An identification entry of the information dictionary (text only, shortened)."""
    return _text(value, "/Info") if isinstance(value, str) and len(value) <= 200 else None


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


@dataclass
class _Walk:
    """What the walk of the field tree knows: pages, widgets on them, nodes seen, characters read."""

    path: Path
    pages: dict[int, int]
    annotations: set[int]
    out: dict[str, PdfField] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set)
    characters: int = 0

    def enter(self, node: Any) -> Any:
        """``node``'s object, once: a node met twice (a DAG or a cycle of kids) or too many is refused."""
        number = getattr(node, "idnum", None)
        if (number is not None and number in self.seen) or len(self.seen) >= MAX_FIELD_NODES:
            raise FormError(
                _("{path}: its form fields are not a tree (a field is reached twice, or there are too many)").format(
                    path=self.path
                )
            )
        if number is not None:
            self.seen.add(number)
        return node.get_object()

    def visible(self, widget: Any) -> bool:
        """Whether ``widget`` is an annotation shown on a page, with an area."""
        number = getattr(widget.indirect_reference, "idnum", None)
        try:
            left, bottom, right, top = (float(v) for v in widget.get("/Rect", [0, 0, 0, 0]))
            flags = int(widget.get("/F", 0))
        except (TypeError, ValueError):
            return False
        return (
            widget.get("/Subtype") == "/Widget"
            and number in self.annotations
            and not flags & _INVISIBLE
            and abs(right - left) * abs(top - bottom) > 0
        )

    def add(self, found: PdfField) -> None:
        if found.name in self.out:
            raise FormError(
                _("{path}: the form field {name!r} appears twice (the document was altered): print it again").format(
                    path=self.path, name=shortened(found.name)
                )
            )
        self.characters += len(found.value or "")
        if self.characters > MAX_FORM_CHARACTERS:
            raise FormError(
                _("{path}: its fields hold more than {limit} characters in all").format(
                    path=self.path, limit=MAX_FORM_CHARACTERS
                )
            )
        self.out[found.name] = found


def _walk(reference: Any, prefix: str, walk: _Walk, inherited: dict[str, Any]) -> None:
    node = walk.enter(reference)
    partial = node.get("/T")
    name = f"{prefix}.{partial}" if prefix and partial is not None else str(partial if partial is not None else prefix)
    attributes = {**inherited, **{key: node[key] for key in ("/FT", "/Ff") if key in node}}
    references = list(node.get("/Kids", []))
    kids = [kid.get_object() for kid in references]
    if any("/T" in kid for kid in kids):
        for kid in references:
            _walk(kid, name, walk, attributes)
        return
    for kid in references:
        walk.enter(kid)
    widgets = kids or [node]
    pages = [getattr(w.raw_get("/P"), "idnum", None) for w in widgets if "/P" in w]
    page = next((walk.pages[r] for r in pages if r in walk.pages), 0) + 1
    shown = sum(1 for w in widgets if walk.visible(w))
    field_type = str(attributes.get("/FT", ""))
    flags = int(attributes.get("/Ff", 0))
    if field_type == "/Btn" and flags & _PUSHBUTTON:
        return
    if field_type == "/Btn" and flags & _RADIO:
        options, value, conflict = _choice(node, widgets)
        walk.add(PdfField(name, "choice", options, value, page, conflict, shown))
    elif field_type == "/Btn":
        state = _name_of(node.get("/V", widgets[0].get("/AS", "/Off")))
        walk.add(PdfField(name, "checkbox", (), None if state == "Off" else "oui", page, widgets=shown))
    else:
        multiline = bool(flags & (1 << 12))
        kind = "multiline" if multiline else "text"
        value = node.get("/V")
        unreadable = value is not None and not isinstance(value, str)
        walk.add(PdfField(name, kind, (), _text(value, name), page, widgets=shown, unreadable=unreadable))


def read_pdf(path: Path) -> FilledForm:
    """The identification and fields of the PDF at ``path`` (read only, never copied), within bounds."""
    # pypdf (~0.1 s to import) only when a PDF is read: `cqp decide` on a YAML file never needs it.
    import pypdf  # noqa: PLC0415
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError  # noqa: PLC0415

    encrypted = _("{path}: the PDF is encrypted: save it without a password, then try again").format(path=path)
    try:
        if os.stat(path).st_size > MAX_PDF_BYTES:
            raise FormError(
                _("{path}: more than {limit} bytes: not a form cqpengine printed").format(
                    path=path, limit=MAX_PDF_BYTES
                )
            )
        limits = {
            name: MAX_STREAM_BYTES
            for name in (
                "maximum_declared_stream_length",
                "array_based_stream_maximum_output_length",
                "zlib_maximum_output_length",
                "lzw_maximum_output_length",
                "run_length_maximum_output_length",
                "brotli_maximum_output_length",
            )
        }
        with pypdf.apply_configuration(None, **limits, form_fields_maximum_entries=MAX_FIELD_NODES):
            reader = pypdf.PdfReader(path)
            if reader.is_encrypted:
                raise FormError(encrypted)
            info: Any = reader.metadata or {}
            root: Any = reader.trailer["/Root"].get_object()
            walk = _Walk(path, {}, set())
            for index, page in enumerate(reader.pages):
                walk.pages[getattr(page.indirect_reference, "idnum", -1)] = index
                annotations = page.get("/Annots", [])
                for annotation in annotations if isinstance(annotations, list) else []:
                    walk.annotations.add(getattr(annotation, "idnum", -1))
            form: Any = root.get("/AcroForm")
            for node in form.get_object().get("/Fields", []) if form is not None else []:
                _walk(node, "", walk, {})
            identification = [_metadata(info.get(key)) for key in ("/cqpcertification", "/cqpversion")]
            identification += [_metadata(info.get(key)) for key in ("/cqpdocument", "/cqpform")]
    except FormError:
        raise
    except (DependencyError, FileNotDecryptedError):
        raise FormError(encrypted) from None
    except RecursionError:
        raise FormError(_("{path}: its form fields are nested too deeply").format(path=path)) from None
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise FormError(
            _("{path}: not a readable PDF ({error})").format(path=path, error=type(error).__name__)
        ) from None
    certification, version, document, form_format = identification
    return FilledForm(certification, version, document, form_format, fields=walk.out)


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
            ).format(path=path, layout=shortened(form.form_format or _("none")), expected=FORM_FORMAT)
        )
    return form.certification, form.version, form.document


def is_pdf(path: Path) -> bool:
    """Whether ``path`` starts like a PDF file."""
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False
