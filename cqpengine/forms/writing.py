"""The last touch WeasyPrint's PDF forms need before they can be filled and read back.

WeasyPrint (≥ 63) turns HTML radio buttons sharing a name into one PDF radio field whose kids are
the buttons' widgets, with the ``value`` attributes as export values (``/Opt``). It also gives
each kid its own ``/T`` and lists it in ``/AcroForm /Fields``, which makes every button a field of
its own as well (named ``name.name``) for a viewer that follows the hierarchy. The finisher below
leaves each button a plain widget of its group, as the PDF specification (12.7.4.2.4) describes.
It uses only pydyf, WeasyPrint's own PDF writer.
"""

from __future__ import annotations

from typing import Any


def radio_widgets_as_kids(document: Any, pdf: Any) -> None:
    """WeasyPrint ``finisher``: radio buttons are widgets of their group, not fields beside it."""
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
