"""Running footers of tagged PDFs as pagination artifacts (PDF/UA-1).

WeasyPrint tags the text of page margin boxes (the running footer: certification, version, page
number) with structure elements that it leaves out of the structure tree, since PDF 1.7 has no
artifact element. A screen reader then meets marked content that belongs to nothing. This finisher,
run by WeasyPrint just before it writes the file, marks that content as what it is, a pagination
artifact (``/Artifact <</Type /Pagination /Subtype /Footer>> BDC``), and drops its dangling entries
from the parent tree. Deterministic: same PDF objects in, same bytes out.
"""

from __future__ import annotations

import re
from typing import Any


def object_number(reference: Any) -> int | None:
    """The object number of a pydyf reference (``b"12 0 R"``), else None."""
    if isinstance(reference, bytes | str):
        text = reference.decode("ascii") if isinstance(reference, bytes) else reference
        parts = text.split()
        if len(parts) == 3 and parts[2] == "R" and parts[0].isdigit():
            return int(parts[0])
    return None


def _reachable(objects: list[Any], root: int) -> set[int]:
    """Numbers of the structure elements reached from the structure tree root through ``K``."""
    seen: set[int] = set()
    pending = [root]
    while pending:
        number = pending.pop()
        if number in seen:
            continue
        seen.add(number)
        kids = objects[number].get("K", ()) if isinstance(objects[number], dict) else ()
        for kid in kids if isinstance(kids, list) else (kids,):
            child = object_number(kid)
            if child is not None:
                pending.append(child)
    return seen


def footers_as_artifacts(document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: content tagged by elements outside the structure tree becomes an artifact."""
    import pydyf  # noqa: PLC0415 - WeasyPrint's PDF writer, only there when a PDF is written

    root = object_number(pdf.catalog.get("StructTreeRoot"))
    if root is None:
        return
    objects = pdf.objects
    reachable = _reachable(objects, root)
    parent_tree = objects[object_number(objects[root]["ParentTree"]) or 0]
    numbers = parent_tree["Nums"]
    pages = pdf.page_references
    for index in range(0, len(numbers), 2):
        page, entries = numbers[index], numbers[index + 1]
        if not isinstance(entries, list) or not isinstance(page, int) or page >= len(pages):
            continue
        orphans = {mcid for mcid, element in enumerate(entries) if object_number(element) not in reachable}
        if not orphans:
            continue
        page_dict = objects[object_number(pages[page]) or 0]
        stream = objects[object_number(page_dict["Contents"]) or 0].stream
        for position in range(1, len(stream) - 1):
            properties = stream[position]
            if stream[position + 1] == b"BDC" and isinstance(properties, dict) and properties.get("MCID") in orphans:
                stream[position - 1] = "/Artifact"
                stream[position] = pydyf.Dictionary({"Type": "/Pagination", "Subtype": "/Footer"})
        for mcid in orphans:
            entries[mcid] = "null"


#: The table scope of a header cell, from its HTML ``scope`` (PDF 32000-1, table 349).
_SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}


def _header_cells(box: Any, in_head: bool = False, row: Any = None) -> Any:
    """(box, in a ``thead``, its row's box) for every header cell WeasyPrint tagged under ``box``."""
    tag = getattr(box, "element_tag", None)
    in_head = in_head or tag == "thead"
    row = box if tag == "tr" else row
    if tag == "th" and getattr(box, "mark", None) is not None:
        yield box, in_head, row
    for child in box.all_children() if hasattr(box, "all_children") else ():
        yield from _header_cells(child, in_head, row)


def _scope(box: Any, in_head: bool, row: Any) -> str:
    """The scope a header cell gives: its ``scope`` attribute, else column in a head or a row of headers."""
    given = _SCOPES.get((box.element.get("scope") or "").lower())
    if given is not None:
        return given
    cells = [getattr(cell, "element_tag", None) for cell in row.children] if row is not None else []
    if in_head or all(tag == "th" for tag in cells):
        return "/Column"
    return "/Row"


def header_scopes(document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: each ``TH`` structure element says which cells it heads (``/Scope``, PDF/UA-1).

    WeasyPrint tags ``th`` as ``TH`` but drops the HTML ``scope``: screen readers and PDF/UA
    checkers (pdfua's UA-15-003) then cannot tell a row header from a column header.
    """
    import pydyf  # noqa: PLC0415 - WeasyPrint's PDF writer, only there when a PDF is written

    for page in document.pages:
        for box, in_head, row in _header_cells(page._page_box):  # the laid-out page, which WeasyPrint keeps
            attributes = box.mark.get("A")
            if not isinstance(attributes, dict):
                attributes = box.mark["A"] = pydyf.Dictionary({"O": "/Table"})
            attributes["Scope"] = _scope(box, in_head, row)


#: A ``ToUnicode`` entry (``<glyph> <UTF-16BE value>``) whose value holds a code unit a glyph may not be
#: mapped to (ISO 14289-1 §7.21.7: no U+0000, U+FEFF, U+FFFE, U+FFFF), at a whole 4-digit position.
_NOT_TEXT = re.compile(rb"> <(?:[0-9a-f]{4})*?(?:0000|feff|fffe|ffff)", re.IGNORECASE)
_CMAP_START = b"/CIDInit /ProcSet findresource begin"


def clean_unicode_maps(document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: no glyph of a ``ToUnicode`` map stands for a byte-order mark or a non-character.

    A font embedded whole for form fields gets a map of every glyph of its ``cmap``, DejaVu's
    zero-width no-break space (U+FEFF) included, which PDF/UA-1 forbids. Such glyphs are drawn by
    no text, so their entries are dropped.
    """
    for item in pdf.objects:
        stream = getattr(item, "stream", None)
        if not isinstance(stream, list) or not stream or stream[0] != _CMAP_START:
            continue
        if _NOT_TEXT.search(b"\n".join(stream)) is None:  # kept as WeasyPrint wrote it: batches of 100
            continue
        head: list[bytes] = []
        pairs: list[bytes] = []
        tail: list[bytes] = []
        for line in stream:
            if line.endswith(b"beginbfchar") or line == b"endbfchar":
                continue
            if line.startswith(b"<") and b"> <" in line:
                if _NOT_TEXT.search(line) is None:
                    pairs.append(line)
            elif pairs:
                tail.append(line)
            else:
                head.append(line)
        batches: list[bytes] = []
        for start in range(0, len(pairs), 100):
            batch = pairs[start : start + 100]
            batches.extend([f"{len(batch)} beginbfchar".encode(), *batch, b"endbfchar"])
        stream[:] = [*head, *batches, *tail]
