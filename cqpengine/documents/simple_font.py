"""A simple-encoding (WinAnsi) TrueType font for form fields, made from the font the fields are printed in.

WeasyPrint gives text fields its Type0 (CID-keyed, 2-byte) font. Viewers that write a field's
appearance themselves from its ``/DA`` cannot always write with such a font: pdftk draws each
character as a blank box, qpdf boxes or nothing. A simple TrueType font with the WinAnsi encoding
(one byte a character: every letter of French) is one every form tool writes with. This module
subsets the field font's program to the WinAnsi characters with fontTools (a WeasyPrint
dependency) and describes it as such a font, with pydyf. Deterministic: same font in, same bytes out.
"""

from __future__ import annotations

import functools
import hashlib
import io
from typing import Any

#: WinAnsiEncoding's printable codes (PDF 32000-1, D.2): code → character; five codes are unused.
WIN_ANSI: dict[int, str] = {}
for _code in range(32, 256):
    try:
        WIN_ANSI[_code] = bytes([_code]).decode("cp1252")
    except UnicodeDecodeError:
        continue
FIRST_CHAR, LAST_CHAR = 32, 255
_NONSYMBOLIC = 1 << 5


def _subset_tag(program: bytes) -> str:
    """Six capital letters from the font program's digest (PDF 32000-1, 9.6.4), stable across runs."""
    digest = hashlib.sha256(program).digest()
    return "".join(chr(65 + byte % 26) for byte in digest[:6])


def win_ansi_font(program: bytes, base_name: str) -> tuple[dict[str, Any], bytes]:
    """:func:`_win_ansi_font`, made once per font program in a process (a build's forms share one font)."""
    entries, data = _win_ansi_font(program, base_name)
    return dict(entries), data


@functools.lru_cache(maxsize=4)
def _win_ansi_font(program: bytes, base_name: str) -> tuple[dict[str, Any], bytes]:
    """What the dictionaries of a WinAnsi TrueType font say, and its subset font program.

    ``program`` is a TrueType font file holding the WinAnsi characters; ``base_name`` its PostScript
    name. Returns (entries, subset program): the entries are plain values (subset name, widths of
    codes 32 to 255 in thousandths of an em, bounding box, metrics, flags) for the caller to write
    with pydyf.
    """
    from fontTools import subset  # noqa: PLC0415 - with WeasyPrint, only when a PDF is written
    from fontTools.ttLib import TTFont  # noqa: PLC0415

    options = subset.Options()
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.recalc_timestamp = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM"]
    font = TTFont(io.BytesIO(program))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(character) for character in WIN_ANSI.values()}))
    subsetter.subset(font)
    output = io.BytesIO()
    font.save(output)
    data = output.getvalue()
    units = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    missing = round(metrics[".notdef"][0] * 1000 / units) if ".notdef" in metrics else 0
    widths = [
        round(metrics[cmap[ord(WIN_ANSI[code])]][0] * 1000 / units)
        if code in WIN_ANSI and ord(WIN_ANSI[code]) in cmap
        else missing
        for code in range(FIRST_CHAR, LAST_CHAR + 1)
    ]
    head, os2, post = font["head"], font["OS/2"], font["post"]
    name = f"{_subset_tag(data)}+{base_name}"

    def scaled(value: float) -> int:
        return round(value * 1000 / float(units))

    entries = {
        "name": name,
        "widths": widths,
        "missing_width": missing,
        "bbox": [scaled(head.xMin), scaled(head.yMin), scaled(head.xMax), scaled(head.yMax)],
        "ascent": scaled(os2.sTypoAscender),
        "descent": scaled(os2.sTypoDescender),
        "cap_height": scaled(getattr(os2, "sCapHeight", os2.sTypoAscender)),
        "italic_angle": float(post.italicAngle),
        "flags": _NONSYMBOLIC,
    }
    return entries, data
