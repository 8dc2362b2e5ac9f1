"""Running footers of tagged PDFs as pagination artifacts (PDF/UA-1).

WeasyPrint tags the text of page margin boxes (the running footer: certification, version, page
number) with structure elements that it leaves out of the structure tree, since PDF 1.7 has no
artifact element. A screen reader then meets marked content that belongs to nothing. This finisher,
run by WeasyPrint just before it writes the file, marks that content as what it is, a pagination
artifact (``/Artifact <</Type /Pagination /Subtype /Footer>> BDC``), and drops its dangling entries
from the parent tree. Deterministic: same PDF objects in, same bytes out.
"""

from __future__ import annotations

from typing import Any


def _number(reference: Any) -> int | None:
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
            child = _number(kid)
            if child is not None:
                pending.append(child)
    return seen


def footers_as_artifacts(document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: content tagged by elements outside the structure tree becomes an artifact."""
    import pydyf  # noqa: PLC0415 - WeasyPrint's PDF writer, only there when a PDF is written

    root = _number(pdf.catalog.get("StructTreeRoot"))
    if root is None:
        return
    objects = pdf.objects
    reachable = _reachable(objects, root)
    parent_tree = objects[_number(objects[root]["ParentTree"]) or 0]
    numbers = parent_tree["Nums"]
    pages = pdf.page_references
    for index in range(0, len(numbers), 2):
        page, entries = numbers[index], numbers[index + 1]
        if not isinstance(entries, list) or not isinstance(page, int) or page >= len(pages):
            continue
        orphans = {mcid for mcid, element in enumerate(entries) if _number(element) not in reachable}
        if not orphans:
            continue
        page_dict = objects[_number(pages[page]) or 0]
        stream = objects[_number(page_dict["Contents"]) or 0].stream
        for position in range(1, len(stream) - 1):
            properties = stream[position]
            if stream[position + 1] == b"BDC" and isinstance(properties, dict) and properties.get("MCID") in orphans:
                stream[position - 1] = "/Artifact"
                stream[position] = pydyf.Dictionary({"Type": "/Pagination", "Subtype": "/Footer"})
        for mcid in orphans:
            entries[mcid] = "null"
