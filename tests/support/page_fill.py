"""How far down each page of a PDF its content goes, measured from the PDF itself (pypdf).

``content_depths(path)`` gives, per page, the lowest point reached by text or a form field, as a
fraction of the page's height from its top (0.5: the content stops at the middle of the page). The
running footer (in the bottom margin) does not count. Table borders and backgrounds are not seen,
but every table row holds text or a field, so a table's last row is. This measures what a test can:
it says that a page is half empty, not that a page break is well placed — the contact sheets in
docs/screenshots/ are looked at for that.

The measure is taken in the one walk of each page that ``tests/support/pdf_structure.py`` makes for all its
checks (``read_pdf``); ``content_depths`` reads the file afresh.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.pdf_structure import FOOTER, read_pdf

__all__ = ["FOOTER", "content_depths"]


def content_depths(path: Path | str) -> list[float]:
    """Per page, the lowest point of its content as a fraction of the page height from the top."""
    return read_pdf(Path(path)).depths
