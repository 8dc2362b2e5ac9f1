"""How far down each page of a PDF its content goes, measured from the PDF itself (pypdf).

``content_depths(path)`` gives, per page, the lowest point reached by text or a form field, as a
fraction of the page's height from its top (0.5: the content stops at the middle of the page). The
running footer (in the bottom margin) does not count. Table borders and backgrounds are not seen,
but every table row holds text or a field, so a table's last row is. This measures what a test can:
it says that a page is half empty, not that a page break is well placed — the contact sheets in
docs/screenshots/ are looked at for that.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader

FOOTER = 20 / 25.4 * 72  # the bottom margin, where the running footer is (points)


def content_depths(path: Path | str) -> list[float]:
    """Per page, the lowest point of its content as a fraction of the page height from the top."""
    depths = []
    for page in PdfReader(path).pages:
        height = float(page.mediabox.height)
        lows: list[float] = []

        def visit(text: str, cm: list[float], tm: list[float], *_: Any, lows: list[float] = lows) -> None:
            if text.strip():
                lows.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

        page.extract_text(visitor_text=visit)
        for annotation in page.get("/Annots", []) or []:
            widget = annotation.get_object()
            if widget.get("/Subtype") == "/Widget":
                lows.append(min(float(widget["/Rect"][1]), float(widget["/Rect"][3])))
        body = [y for y in lows if y > FOOTER]
        depths.append((height - min(body)) / height if body else 0.0)
    return depths
