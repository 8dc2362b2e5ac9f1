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
