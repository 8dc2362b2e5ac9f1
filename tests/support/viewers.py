"""Filling a printed form as other tools do (PyMuPDF, pdftk-java, qpdf), and looking at it as Poppler draws it.

``fill_with_pymupdf`` fills as MuPDF viewers do (SumatraPDF…): each widget's value, then MuPDF's
own appearance stream. ``fill_with_pdftk`` fills through an XFDF file, as centres script pdftk;
pdftk writes the appearances itself and drops ``NeedAppearances``; so does ``fill_with_qpdf``
(qpdf's ``--generate-appearances``, through pikepdf). ``typed_text_shows`` renders a
page with Poppler's ``pdftoppm`` and tells whether dark pixels are inside a field's rectangle.

A missing tool skips the test, except under ``CI=true`` where it fails it (see tests/support/browser.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest

#: Resolution at which pages are rendered to look for the typed text (pixels per inch).
DPI = 60


def require_tool(name: str, package: str) -> str:
    """The path of the command ``name``, or skip (fail under ``CI=true``) naming the Debian package."""
    found = shutil.which(name)
    if found is None:
        reason = f"{name} not found (apt-get install {package})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"external tool missing under CI=true: {reason}")
        pytest.skip(reason)
    return found


def require_module(name: str) -> Any:
    """The Python module ``name``, or skip (fail under ``CI=true``): it comes with ``.[test]``."""
    try:
        return __import__(name)
    except ImportError:
        reason = f"Python module {name} is not installed (pip install '.[test]')"
        if os.environ.get("CI") == "true":
            pytest.fail(f"external tool missing under CI=true: {reason}")
        pytest.skip(reason)


def _options(source: Path) -> dict[str, list[str]]:
    """Radio groups of ``source`` and their export values, in order (read with pypdf)."""
    import pypdf

    fields = pypdf.PdfReader(source).get_fields() or {}
    return {name: [str(o) for o in f.get("/Opt", [])] for name, f in fields.items() if f.get("/Opt")}


def fill_with_pymupdf(source: Path, target: Path, values: dict[str, str]) -> Path:
    """``source`` filled with PyMuPDF (a choice by its value id, a checkbox by ``oui``)."""
    fitz = require_module("pymupdf")
    options = _options(source)
    document = fitz.open(source)
    try:
        for page in document:
            for widget in page.widgets():
                name = widget.field_name
                if name not in values:
                    continue
                value = values[name]
                if name in options:
                    index = options[name].index(value)
                    if widget.on_state() != str(index):
                        continue
                    widget.field_value = True
                elif widget.field_type == fitz.PDF_WIDGET_TYPE_CHECKBOX:
                    widget.field_value = widget.on_state() if value == "oui" else "Off"
                else:
                    widget.field_value = value
                widget.update()
        document.save(target, garbage=0, deflate=True)
    finally:
        document.close()
    return target


def fill_with_pdftk(source: Path, target: Path, values: dict[str, str]) -> Path:
    """``source`` filled by ``pdftk fill_form`` from an XFDF file (UTF-8: accents kept)."""
    pdftk = require_tool("pdftk", "pdftk-java")
    options = _options(source)
    checkboxes = _checkbox_states(source)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<xfdf xmlns="http://ns.adobe.com/xfdf/" xml:space="preserve">']
    lines.append("<fields>")
    for name, given in values.items():
        value = given
        if name in options:
            value = str(options[name].index(given))
        elif name in checkboxes:
            value = checkboxes[name] if given == "oui" else "Off"
        lines.append(f"<field name={quoteattr(name)}><value>{escape(value)}</value></field>")
    lines.append("</fields></xfdf>")
    data = target.with_suffix(".xfdf")
    data.write_text("\n".join(lines), encoding="utf-8")
    subprocess.run([pdftk, str(source), "fill_form", str(data), "output", str(target)], check=True, timeout=120)
    data.unlink()
    return target


def _checkbox_states(source: Path) -> dict[str, str]:
    """Each checkbox of ``source`` and the name of its on-state (``Yes`` in a form printed by cqpengine)."""
    import pypdf

    states = {}
    for name, field in (pypdf.PdfReader(source).get_fields() or {}).items():
        if field.get("/FT") == "/Btn" and not field.get("/Opt"):
            on = [str(state)[1:] for state in field.get("/_States_", []) if str(state) != "/Off"]
            states[name] = on[0] if on else "Yes"
    return states


def text_fields(pdf: Path) -> dict[str, tuple[int, tuple[float, float, float, float], float]]:
    """Each text field of ``pdf``: (page index, rectangle in points from the bottom left, page height)."""
    import pypdf

    reader = pypdf.PdfReader(pdf)
    found = {}
    for index, page in enumerate(reader.pages):
        height = float(page.mediabox.height)
        for annotation in page.get("/Annots", []) or []:
            widget = annotation.get_object()
            if widget.get("/FT") == "/Tx" and "/T" in widget:
                x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
                found[str(widget["/T"])] = (index, (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), height)
    return found


def render_pages(pdf: Path, folder: Path, pages: set[int], dpi: int = DPI) -> dict[int, Path]:
    """The pages ``pages`` (0-based) of ``pdf`` drawn by Poppler (``pdftoppm``), as greyscale PGM files."""
    pdftoppm = require_tool("pdftoppm", "poppler-utils")
    folder.mkdir(parents=True, exist_ok=True)
    drawn = {}
    for page in sorted(pages):
        stem = folder / f"page-{page}"
        number = str(page + 1)
        command = [pdftoppm, "-r", str(dpi), "-gray", "-f", number, "-l", number, "-singlefile", str(pdf), str(stem)]
        subprocess.run(command, check=True, timeout=120, stderr=subprocess.DEVNULL)
        drawn[page] = stem.with_suffix(".pgm")
    return drawn


def dark_pixels(image: Path, box: tuple[float, float, float, float], page_height: float, dpi: int = DPI) -> int:
    """How many dark pixels a page image has inside ``box`` (points), its border (2 pt) left out."""
    from PIL import Image

    scale = dpi / 72
    x0, y0, x1, y1 = box
    inset = 2
    with Image.open(image) as picture:
        crop = picture.crop(
            (
                round((x0 + inset) * scale),
                round((page_height - y1 + inset) * scale),
                round((x1 - inset) * scale),
                round((page_height - y0 - inset) * scale),
            )
        )
        return sum(count for level, count in enumerate(crop.histogram()) if level < 128)


def fill_with_qpdf(source: Path, target: Path, values: dict[str, str]) -> Path:
    """``source`` filled through qpdf (pikepdf), qpdf writing the appearances (``--generate-appearances``).

    ``NeedAppearances`` is then dropped, as qpdf does, so that a viewer shows qpdf's appearances
    rather than its own.
    """
    from tests.support.forms import fill_with_pikepdf

    pikepdf = require_module("pikepdf")
    filled = fill_with_pikepdf(source, target.with_suffix(".values.pdf"), values)
    with pikepdf.open(filled) as pdf:
        pdf.generate_appearance_streams()
        if "/NeedAppearances" in pdf.Root.AcroForm:
            del pdf.Root.AcroForm["/NeedAppearances"]
        pdf.save(target)
    filled.unlink()
    return target
