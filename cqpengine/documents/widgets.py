"""The last touch WeasyPrint's PDF forms need before they can be filled and read back.

WeasyPrint (≥ 63) turns HTML radio buttons sharing a name into one PDF radio field whose kids are
the buttons' widgets, with the ``value`` attributes as export values (``/Opt``). It also gives
each kid its own ``/T`` and lists it in ``/AcroForm /Fields``, which makes every button a field of
its own as well (named ``name.name``) for a viewer that follows the hierarchy. The finisher below
leaves each button a plain widget of its group, as the PDF specification (12.7.4.2.4) describes.
It also makes a multi-line field of a table cell marked ``fill-cell`` cover the whole cell, however
tall the row grows (CSS cannot stretch a field to the height of its row). It uses only WeasyPrint's
layout and pydyf, its PDF writer.
"""

from __future__ import annotations

from typing import Any

from cqpengine.documents.tagging import object_number


def _fill_cells(box: Any, cell: Any = None) -> Any:
    """(cell box, field box) for every form field inside a ``fill-cell`` table cell under ``box``."""
    element = getattr(box, "element", None)
    if element is not None and box.element_tag == "td" and "fill-cell" in (element.get("class") or "").split():
        cell = box
    if cell is not None and getattr(box, "widget_annotation", None) is not None:
        yield cell, box
    for child in box.all_children():
        yield from _fill_cells(child, cell)


def _stretch(cell: Any, field: Any) -> None:
    """Give ``field``'s widget the rectangle of ``cell``'s padding box (same page transformation)."""
    import pydyf  # noqa: PLC0415 - WeasyPrint's PDF writer, there whenever a PDF is written

    widget = field.widget_annotation
    x0, y0, x1, y1 = (float(v) for v in widget["Rect"])
    if not field.width or not field.height:
        return
    scale_x, scale_y = (x1 - x0) / field.width, (y1 - y0) / field.height
    origin_x, origin_y = x0 - scale_x * field.content_box_x(), y0 - scale_y * field.content_box_y()
    left, top = cell.padding_box_x(), cell.padding_box_y()
    right, bottom = left + cell.padding_width(), top + cell.padding_height()
    widget["Rect"] = pydyf.Array(
        [origin_x + scale_x * left, origin_y + scale_y * top, origin_x + scale_x * right, origin_y + scale_y * bottom]
    )


def radio_widgets_as_kids(document: Any, pdf: Any) -> None:
    """WeasyPrint ``finisher``: radio buttons are widgets of their group, not fields beside it;
    a field of a ``fill-cell`` covers its cell."""
    for page in document.pages:
        for cell, field in _fill_cells(page._page_box):  # the laid-out page, which WeasyPrint keeps
            _stretch(cell, field)
    form = pdf.catalog.get("AcroForm")
    if form is None:
        return
    kids = set()
    for item in pdf.objects:
        if isinstance(item, dict) and item.get("Subtype") == "/Widget" and "Parent" in item:
            item.pop("T", None)
            item.pop("TU", None)
            kids.add(getattr(item, "reference"))  # noqa: B009 - pydyf's Dictionary, typed as a dict
    fields = form["Fields"]
    fields[:] = [reference for reference in fields if reference not in kids]


#: The name every viewer may give the fields' font in ``/DA``: MuPDF rewrites any other to it.
FIELD_FONT = "Helv"
#: The name of ZapfDingbats in ``/DA``: the symbol font viewers draw a button's mark with (``/MK /CA``).
SYMBOL_FONT = "ZaDb"
#: The mark of a chosen radio button (a disc) and of a ticked checkbox (a tick) in ZapfDingbats.
_MARKS = {"radio": "l", "checkbox": "4"}
#: A multi-line field lower than this many lines (of its font size) writes in a size that fits (auto, 0).
_FITTING_LINES = 5
_LEADING = 1.3


def _resolve(objects: list[Any], value: Any) -> Any:
    """The object a pydyf reference (``b"12 0 R"``) points to, else the value itself."""
    number = object_number(value)
    return objects[number] if number is not None else value


def _appearance(da: Any) -> tuple[str, float, str]:
    """(font name, size, colour operators) of a default appearance string, ``gs`` operators left out."""
    value = getattr(da, "string", da)  # a pydyf String holds its bytes or text
    text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
    tokens = text.split()
    font, size, colour = "", 11.0, "0 g"
    for index, token in enumerate(tokens):
        if token == "Tf" and index >= 2:
            font, size = tokens[index - 2].lstrip("/"), float(tokens[index - 1])
        elif token in ("g", "rg", "k"):
            arity = {"g": 1, "rg": 3, "k": 4}[token]
            colour = " ".join(tokens[index - arity : index + 1])
    return font, size, colour


def _field_font(pdf: Any, font_name: str) -> Any:
    """A WinAnsi TrueType font object (added to ``pdf``) made from the Type0 font ``font_name`` of ``/DR``."""
    import pydyf  # noqa: PLC0415 - WeasyPrint's PDF writer, there whenever a PDF is written

    from cqpengine.documents.simple_font import FIRST_CHAR, LAST_CHAR, win_ansi_font  # noqa: PLC0415

    objects = pdf.objects
    resources = _resolve(objects, pdf.catalog["AcroForm"]["DR"])
    type0 = _resolve(objects, _resolve(objects, resources["Font"])[font_name])
    descendant = _resolve(objects, _resolve(objects, type0["DescendantFonts"])[0])
    descriptor = _resolve(objects, descendant["FontDescriptor"])
    program = b"".join(_resolve(objects, descriptor["FontFile2"]).stream)
    base = str(descriptor["FontName"]).lstrip("/").split("+", 1)[-1]
    entries, subset = win_ansi_font(program, base)
    font_file = pydyf.Stream([subset], pydyf.Dictionary({"Length1": len(subset)}), compress=True)
    pdf.add_object(font_file)
    new_descriptor = pydyf.Dictionary(
        {
            "Type": "/FontDescriptor",
            "FontName": f"/{entries['name']}",
            "Flags": entries["flags"],
            "FontBBox": pydyf.Array(entries["bbox"]),
            "ItalicAngle": entries["italic_angle"],
            "Ascent": entries["ascent"],
            "Descent": entries["descent"],
            "CapHeight": entries["cap_height"],
            "StemV": 80,
            "MissingWidth": entries["missing_width"],
            "FontFile2": font_file.reference,
        }
    )
    pdf.add_object(new_descriptor)
    font = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": "/TrueType",
            "BaseFont": f"/{entries['name']}",
            "FirstChar": FIRST_CHAR,
            "LastChar": LAST_CHAR,
            "Widths": pydyf.Array(entries["widths"]),
            "Encoding": "/WinAnsiEncoding",
            "FontDescriptor": new_descriptor.reference,
        }
    )
    pdf.add_object(font)
    return font


def fields_for_every_viewer(document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: fields any form tool can write and any viewer can show.

    Text fields write with a simple-encoding (WinAnsi) subset of their font, declared in the form's
    resources (``/DR``) as ``/Helv``, the name MuPDF gives it (pdftk and qpdf cannot write with
    WeasyPrint's 2-byte font; Poppler finds no ``/Helv`` otherwise). A small multi-line field writes
    in a size that fits (0, auto). Buttons carry no border colour (the page draws their border;
    MuPDF would draw a second one) but their mark in ZapfDingbats (``/ZaDb``, in ``/DR`` too), with
    which Poppler draws the choice a viewer made; a checkbox's on-state is ``/Yes``, the name most
    tools expect. ``NeedAppearances`` stays: no text field carries an appearance of its own.
    """
    import pydyf  # noqa: PLC0415 - WeasyPrint's PDF writer, there whenever a PDF is written

    form = pdf.catalog.get("AcroForm")
    if form is None:
        return
    widgets = [item for item in pdf.objects if isinstance(item, dict) and item.get("Subtype") == "/Widget"]
    texts = [widget for widget in widgets if widget.get("FT") == "/Tx"]
    fonts = pydyf.Dictionary({SYMBOL_FONT: _symbol_font(pdf).reference})
    if texts:
        source, _, _ = _appearance(texts[0]["DA"])
        fonts[FIELD_FONT] = _field_font(pdf, source).reference
    form["DR"] = pydyf.Dictionary({"Font": fonts})
    for widget in texts:
        _, size, colour = _appearance(widget["DA"])
        height = abs(float(widget["Rect"][3]) - float(widget["Rect"][1]))
        multiline = int(widget.get("Ff", 0)) & (1 << 12)
        if multiline and height < _FITTING_LINES * size * _LEADING:
            size = 0
        widget["DA"] = pydyf.String(f"{colour} /{FIELD_FONT} {size:g} Tf")
    for widget in widgets:
        if widget.get("FT") != "/Btn":
            continue
        colour = widget.get("MK", {}).get("BC", [0])
        kind = "radio" if "Parent" in widget else "checkbox"
        # No border colour (MuPDF would ring the button twice) but a mark Poppler can draw the choice with.
        widget["MK"] = pydyf.Dictionary({"CA": pydyf.String(_MARKS[kind])})
        operator = {1: "g", 3: "rg", 4: "k"}.get(len(colour), "g")
        widget["DA"] = pydyf.String(f"{' '.join(f'{float(v):g}' for v in colour)} {operator} /{SYMBOL_FONT} 0 Tf")
        normal = widget.get("AP", {}).get("N")
        if kind == "checkbox" and isinstance(normal, dict) and "on" in normal:
            normal["Yes"] = normal.pop("on")
            for key in ("AS", "V"):
                if widget.get(key) == "/on":
                    widget[key] = "/Yes"


def _symbol_font(pdf: Any) -> Any:
    """ZapfDingbats, one of the 14 fonts every viewer has, for the marks viewers draw in buttons.

    It is not embedded: no content of the PDF is drawn with it; only a viewer that writes a
    button's appearance again uses it (MuPDF names it in the ``/DA`` it writes).
    """
    import pydyf  # noqa: PLC0415 - WeasyPrint's PDF writer, there whenever a PDF is written

    font = pydyf.Dictionary({"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/ZapfDingbats"})
    pdf.add_object(font)
    return font
