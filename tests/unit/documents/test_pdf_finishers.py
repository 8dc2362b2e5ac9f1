"""The finishers that write what WeasyPrint leaves out: header scopes, clean Unicode maps, fields for every tool."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pikepdf
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cqpengine.documents.rendering import html_to_pdf
from cqpengine.documents.tagging import clean_unicode_maps
from cqpengine.documents.widgets import _appearance

PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Essai</title></head><body><main>
<h1>Essai</h1>{body}</main></body></html>"""


def _structure(pdf: Path, kind: str) -> list[Any]:
    with pikepdf.open(pdf) as document:
        return [
            {key: str(value) for key, value in item.get("/A", {}).items()}
            for item in document.objects
            if isinstance(item, pikepdf.Dictionary) and item.get("/S") == kind
        ]


@pytest.mark.slow
def test_header_cells_say_which_cells_they_head(tmp_path: Path) -> None:
    body = """<table><thead><tr><th>Colonne A</th><th scope="col">Colonne B</th></tr></thead>
    <tbody><tr><th>Ligne 1</th><td>x</td></tr><tr><th scope="row">Ligne 2</th><td>y</td></tr>
    <tr><th>Seule</th><th>En-têtes</th></tr></tbody></table>"""
    pdf = tmp_path / "table.pdf"
    pdf.write_bytes(html_to_pdf(PAGE.format(body=body)))
    scopes = [cell.get("/Scope") for cell in _structure(pdf, "/TH")]
    # In the head, a column; beside data cells, a row; in a row of header cells only, columns.
    assert scopes == ["/Column", "/Column", "/Row", "/Row", "/Column", "/Column"]


@pytest.mark.slow
def test_a_form_without_text_fields_still_declares_the_button_font(tmp_path: Path) -> None:
    body = '<form><label><input type="checkbox" name="oui" title="Oui"> Oui</label></form>'
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(html_to_pdf(PAGE.format(body=body)))
    with pikepdf.open(pdf) as document:
        form = document.Root.AcroForm
        assert set(form.DR.Font.keys()) == {"/ZaDb"}
        (box,) = list(form.Fields)
        assert set(box.AP.N.keys()) == {"/Yes"} and "/BC" not in box.MK


def _cmap(pairs: list[tuple[int, str]]) -> list[bytes]:
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap", b"endcodespacerange"]
    for start in range(0, len(pairs), 100):
        batch = pairs[start : start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines.extend(f"<{glyph:04x}> <{text.encode('utf-16-be').hex()}>".encode() for glyph, text in batch)
        lines.append(b"endbfchar")
    return [*lines, b"endcmap", b"end"]


#: Any text, with the four forbidden values drawn often (also next to characters that look like them in hex).
TEXT = st.text(
    st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(["\x00", "\ufeff", "\ufffe", "\uffff", "\u0fef", "\uf0ff", "\U0001feff"]),
    ),
    min_size=1,
    max_size=3,
)


@given(st.lists(st.tuples(st.integers(0, 0xFFFF), TEXT), max_size=320))
@example([(1, "\u0fef\uf0ff"), (2, "\u00fe\uff00"), (3, "a\ufeff")])  # "feff" across two values is text
def test_unicode_maps_lose_only_non_text_values(pairs: list[tuple[int, str]]) -> None:
    stream = _cmap(pairs)
    pdf = SimpleNamespace(objects=[SimpleNamespace(stream=stream), {"not": "a stream"}])
    clean_unicode_maps(None, pdf)
    bad = {"\x00", "\ufeff", "\ufffe", "\uffff"}
    kept = [(glyph, text) for glyph, text in pairs if not set(text) & bad]
    assert stream == _cmap(kept)


COLOUR = st.sampled_from(["0 g", "0.066667 0.066667 0.066667 rg", "0 0 0 1 k"])


@given(COLOUR, st.from_regex(r"[A-Z]{6}", fullmatch=True), st.integers(0, 72))
def test_default_appearance_keeps_font_size_and_colour_not_graphic_states(colour: str, font: str, size: int) -> None:
    text = f"/a1.0 gs {colour} /{font} {size} Tf"
    for given_as in (text, text.encode("latin-1"), SimpleNamespace(string=text.encode("latin-1"))):
        assert _appearance(given_as) == (font, float(size), colour)
