"""A structure check of tagged PDFs (the machine-checkable part of PDF/UA-1 that matters here), with pypdf.

``structure_problems(path)`` lists, in words, what a screen reader would miss in a PDF: no structure
tree, marked content whose MCID no structure element reaches, text drawn outside marked content, a
form field (widget annotation) the tree does not reach, a field without a tooltip (``TU``), headings
out of order, a missing document title or language. An empty list means the PDF passes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject, NameObject

TEXT_OPERATORS = {b"Tj", b"TJ", b"'", b'"'}


@dataclass
class Tree:
    """What the structure tree reaches: MCIDs per page, annotations, the element types in order."""

    mcids: set[tuple[int, int]] = field(default_factory=set)
    objects: set[int] = field(default_factory=set)
    kinds: list[str] = field(default_factory=list)


def _resolve(node: Any) -> Any:
    return node.get_object() if isinstance(node, IndirectObject) else node


def _walk(node: Any, page: int | None, pages: dict[int, int], tree: Tree, seen: set[int]) -> None:
    """Collect what structure element ``node`` (and its kids) reaches; ``page`` is the inherited ``Pg``."""
    if isinstance(node, IndirectObject):
        if node.idnum in seen:
            return
        seen.add(node.idnum)
    node = _resolve(node)
    if isinstance(node, int):
        if page is not None:
            tree.mcids.add((page, node))
        return
    if isinstance(node, list):
        for kid in node:
            _walk(kid, page, pages, tree, seen)
        return
    if not isinstance(node, DictionaryObject):
        return
    if "/Pg" in node:
        page = pages.get(node.raw_get("/Pg").idnum, page)
    kind = node.get("/Type")
    if kind == "/MCR":
        where = pages.get(node.raw_get("/Pg").idnum, page) if "/Pg" in node else page
        if where is not None:
            tree.mcids.add((where, int(node["/MCID"])))
        return
    if kind == "/OBJR":
        tree.objects.add(node.raw_get("/Obj").idnum)
        return
    if "/S" in node:
        tree.kinds.append(str(node["/S"]))
    if "/K" in node:
        _walk(node.raw_get("/K"), page, pages, tree, seen)


def _marked_content(reader: PdfReader, number: int) -> tuple[set[int], int]:
    """The MCIDs marked on page ``number`` and how many text operators lie outside any marked content."""
    page = reader.pages[number]
    contents = page.get_contents()
    if contents is None:
        return set(), 0
    properties = _resolve(_resolve(page.get("/Resources", {})).get("/Properties", {}))
    mcids: set[int] = set()
    stack: list[bool] = []  # for each open marked-content sequence: does it tag (MCID or Artifact)?
    untagged = 0
    for operands, operator in ContentStream(contents, reader).operations:
        if operator in (b"BDC", b"BMC"):
            tag = operands[0]
            props = _resolve(operands[1]) if operator == b"BDC" else None
            if isinstance(props, NameObject):
                props = _resolve(properties.get(props))
            tagged = tag == "/Artifact"
            if isinstance(props, DictionaryObject) and "/MCID" in props:
                mcids.add(int(props["/MCID"]))
                tagged = True
            stack.append(tagged or any(stack))
        elif operator == b"EMC":
            if stack:
                stack.pop()
        elif operator in TEXT_OPERATORS and not any(stack):
            untagged += 1
    return mcids, untagged


def _headings(kinds: list[str]) -> Iterator[str]:
    levels = [int(kind[2:]) for kind in kinds if len(kind) == 3 and kind.startswith("/H") and kind[2].isdigit()]
    if levels.count(1) != 1:
        yield f"{levels.count(1)} H1 headings (one is expected)"
    previous = 0
    for level in levels:
        if level > previous + 1:
            yield f"heading H{level} follows H{previous}"
        previous = level


def structure_problems(path: Path) -> list[str]:
    """What a PDF/UA reader would miss in ``path``; empty when the structure is complete."""
    reader = PdfReader(path)
    catalog = reader.trailer["/Root"]
    problems: list[str] = []
    if not _resolve(catalog.get("/MarkInfo", {})).get("/Marked"):
        problems.append("MarkInfo/Marked is not true")
    if not str(catalog.get("/Lang", "")):
        problems.append("no document language (Lang)")
    if not _resolve(catalog.get("/ViewerPreferences", {})).get("/DisplayDocTitle"):
        problems.append("DisplayDocTitle is not set")
    if not (reader.metadata and reader.metadata.title) or reader.xmp_metadata is None:
        problems.append("no document title (Info and XMP metadata)")
    if "/StructTreeRoot" not in catalog:
        return [*problems, "no structure tree (StructTreeRoot)"]
    root = _resolve(catalog["/StructTreeRoot"])
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    tree = Tree()
    _walk(root.raw_get("/K"), None, pages, tree, set())
    for number in range(len(reader.pages)):
        marked, untagged = _marked_content(reader, number)
        if untagged:
            problems.append(f"page {number + 1}: {untagged} text operators outside marked content")
        orphans = sorted(mcid for mcid in marked if (number, mcid) not in tree.mcids)
        if orphans:
            problems.append(f"page {number + 1}: marked content {orphans} not reached by the structure tree")
        for annotation in reader.pages[number].get("/Annots", []):
            widget = _resolve(annotation)
            if widget.get("/Subtype") != "/Widget":
                continue
            name = widget.get("/T") or _resolve(widget.get("/Parent", {})).get("/T")
            if annotation.idnum not in tree.objects:
                problems.append(f"page {number + 1}: form field {name} not in the structure tree")
            if "/StructParent" not in widget:
                problems.append(f"page {number + 1}: form field {name} has no StructParent")
            tooltip = widget.get("/TU") or _resolve(widget.get("/Parent", {})).get("/TU")
            if not str(tooltip or "").strip():
                problems.append(f"page {number + 1}: form field {name} has no tooltip (TU)")
    problems.extend(_headings(tree.kinds))
    return problems
