"""A structure check of tagged PDFs (the machine-checkable part of PDF/UA-1 that matters here), with pypdf.

``structure_problems(path)`` lists, in words, what a screen reader would miss in a PDF: no structure
tree, marked content whose MCID no structure element reaches, text drawn outside marked content, a
form field (widget annotation) the tree does not reach, a field without a tooltip (``TU``), headings
out of order, a missing document title or language. An empty list means the PDF passes.

``read_pdf(path)`` reads a PDF once for every check the suite makes of it: each page's content
stream is walked by one pypdf text extraction whose visitors collect, at the same time, the marked
content (for the structure check), the text and how far down the page it goes (see
``tests/support/page_fill.py``); the fields, widgets and metadata come from the same reader.
``pdf_facts(path)`` is ``read_pdf`` cached for the session, for the PDFs of the shared build, which
no test changes (see ``tests/conftest.py``).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject, NameObject

TEXT_OPERATORS = {b"Tj", b"TJ", b"'", b'"'}
FOOTER = 20 / 25.4 * 72  # the bottom margin, where the running footer is (points; see tests/support/page_fill.py)


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


class MarkedContent:
    """The MCIDs marked on one page and how many text operators lie outside any marked content.

    Fed the page's content stream operators one by one (``see``), those of the form XObjects the page
    draws left out: the structure check is about the page's own content stream.
    """

    def __init__(self, properties: Any) -> None:
        self.properties = properties
        self.mcids: set[int] = set()
        self.untagged = 0
        self.stack: list[bool] = []  # for each open marked-content sequence: does it tag (MCID or Artifact)?

    def see(self, operator: bytes, operands: list[Any]) -> None:
        if operator in (b"BDC", b"BMC"):
            tag = operands[0]
            props = _resolve(operands[1]) if operator == b"BDC" else None
            if isinstance(props, NameObject):
                props = _resolve(self.properties.get(props))
            tagged = tag == "/Artifact"
            if isinstance(props, DictionaryObject) and "/MCID" in props:
                self.mcids.add(int(props["/MCID"]))
                tagged = True
            self.stack.append(tagged or any(self.stack))
        elif operator == b"EMC":
            if self.stack:
                self.stack.pop()
        elif operator in TEXT_OPERATORS and not any(self.stack):
            self.untagged += 1


def _properties(page: Any) -> Any:
    return _resolve(_resolve(page.get("/Resources", {})).get("/Properties", {}))


def _headings(kinds: list[str]) -> Iterator[str]:
    levels = [int(kind[2:]) for kind in kinds if len(kind) == 3 and kind.startswith("/H") and kind[2].isdigit()]
    if levels.count(1) != 1:
        yield f"{levels.count(1)} H1 headings (one is expected)"
    previous = 0
    for level in levels:
        if level > previous + 1:
            yield f"heading H{level} follows H{previous}"
        previous = level


@dataclass(frozen=True)
class Widget:
    """A form field's widget annotation: its page (from 1), field name, type (``/Tx``, ``/Btn``), flags, box."""

    page: int
    name: str
    kind: str
    flags: int
    rect: tuple[float, float, float, float]


@dataclass
class PageFacts:
    """What the checks read of one page."""

    width: float
    height: float
    text: str
    #: The lowest point of its content as a fraction of the page height from the top (tests/support/page_fill.py).
    depth: float
    marked: MarkedContent


@dataclass
class PdfFacts:
    """What the checks read of one PDF, read once (see ``read_pdf``)."""

    reader: PdfReader
    pages: list[PageFacts]
    fields: dict[str, Any]
    widgets: list[Widget]
    #: The structure check's findings (see ``structure_problems``).
    problems: list[str]
    #: The XMP metadata declares PDF/UA (``pdfuaid:part``).
    pdf_ua: bool

    @property
    def depths(self) -> list[float]:
        return [page.depth for page in self.pages]


def _read_page(reader: PdfReader, page: Any) -> PageFacts:
    """One walk of ``page``'s content stream (pypdf's text extraction) for its text, depth and marked content."""
    marked = MarkedContent(_properties(page))
    lows: list[float] = []
    depth = [0]  # how deep in form XObjects the operator being visited is
    seen = [False]

    def before(operator: bytes, operands: list[Any], *_: Any) -> None:
        seen[0] = True
        if depth[0] == 0:
            marked.see(operator, operands)
        if operator == b"Do":
            depth[0] += 1

    def after(operator: bytes, *_: Any) -> None:
        if operator == b"Do":
            depth[0] -= 1

    def text(content: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if content.strip():
            lows.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    words = page.extract_text(visitor_operand_before=before, visitor_operand_after=after, visitor_text=text)
    contents = page.get_contents()
    if not seen[0] and contents is not None:  # pypdf skips a page without resources: walk it here
        for operands, operator in ContentStream(contents, reader).operations:
            marked.see(operator, operands)
    for annotation in page.get("/Annots", []) or []:
        widget = _resolve(annotation)
        if widget.get("/Subtype") == "/Widget":
            lows.append(min(float(widget["/Rect"][1]), float(widget["/Rect"][3])))
    height = float(page.mediabox.height)
    body = [y for y in lows if y > FOOTER]
    return PageFacts(
        width=float(page.mediabox.width),
        height=height,
        text=words,
        depth=(height - min(body)) / height if body else 0.0,
        marked=marked,
    )


def _widgets(reader: PdfReader) -> list[Widget]:
    found = []
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            widget = _resolve(annotation)
            if widget.get("/Subtype") != "/Widget":
                continue
            field = _resolve(widget.get("/Parent", widget))
            rect = tuple(float(v) for v in widget["/Rect"])
            found.append(
                Widget(number, str(field.get("/T")), str(field.get("/FT")), int(field.get("/Ff", 0)), rect)  # type: ignore[arg-type]
            )
    return found


#: The environment variable naming a folder every pytest-xdist worker of the run shares (set by
#: tests/conftest.py): the pages' facts of a PDF read by one worker are kept there for the others.
SHARED_FOLDER = "CQP_TESTS_SHARED"


def _read_pages(reader: PdfReader) -> list[PageFacts]:
    pages = [_read_page(reader, page) for page in reader.pages]
    for page in pages:
        page.marked.properties = None  # the page's resources: only needed while walking its content
    return pages


def _shared_pages(path: Path, reader: PdfReader) -> list[PageFacts]:
    """:func:`_read_pages` of ``path``, made by one worker of the run and read by the others.

    The walk of the content streams is most of a PDF's reading (about ten seconds for the shared
    build's twenty PDFs): kept in the shared folder, keyed by the file's path, time and size, under
    a lock, so that the workers reading the same PDF wait for one another instead of walking it twice.
    """
    shared = os.environ.get(SHARED_FOLDER)
    if not shared:
        return _read_pages(reader)
    status = path.stat()
    key = hashlib.sha256(f"{path.resolve()}|{status.st_mtime_ns}|{status.st_size}".encode()).hexdigest()
    folder = Path(shared, "pdf-facts")
    folder.mkdir(exist_ok=True)
    cache = folder / f"{key}.pickle"
    with (folder / f"{key}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if cache.is_file():
            pages: list[PageFacts] = pickle.loads(cache.read_bytes())  # written by this run's tests only
            return pages
        pages = _read_pages(reader)
        partial = cache.with_suffix(".part")
        partial.write_bytes(pickle.dumps(pages))
        partial.replace(cache)
        return pages


def read_pdf(path: Path, *, shared: bool = False) -> PdfFacts:
    """Everything the checks read of the PDF ``path``, each page's content stream walked once.

    ``shared``: the pages' facts may come from another worker of the run (see :func:`_shared_pages`).
    """
    reader = PdfReader(path)
    pages = _shared_pages(path, reader) if shared else _read_pages(reader)
    xmp = reader.xmp_metadata
    return PdfFacts(
        reader=reader,
        pages=pages,
        fields=reader.get_fields() or {},
        widgets=_widgets(reader),
        problems=_problems(reader, [page.marked for page in pages]),
        pdf_ua=xmp is not None and b"pdfuaid:part" in xmp.stream.get_data(),
    )


_facts: dict[tuple[Path, int, int], PdfFacts] = {}


def pdf_facts(path: Path) -> PdfFacts:
    """``read_pdf(path)``, read once per session (and again if the file changes)."""
    stat = path.stat()
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    if key not in _facts:
        _facts[key] = read_pdf(path, shared=True)
    return _facts[key]


def structure_problems(path: Path) -> list[str]:
    """What a PDF/UA reader would miss in ``path``; empty when the structure is complete."""
    return read_pdf(path).problems


def _problems(reader: PdfReader, marked: list[MarkedContent]) -> list[str]:
    """The structure check of ``reader``, given the marked content of each of its pages."""
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
        untagged = marked[number].untagged
        if untagged:
            problems.append(f"page {number + 1}: {untagged} text operators outside marked content")
        orphans = sorted(mcid for mcid in marked[number].mcids if (number, mcid) not in tree.mcids)
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
