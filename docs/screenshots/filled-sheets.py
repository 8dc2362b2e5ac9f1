"""Contact sheets of forms filled with PyMuPDF and with pdftk-java, as Poppler (pdftoppm) draws them.

For the guide d'entretien (both generations), the livret d'évaluation finale and the dossier VAE of
a build, fills each form with the values of the round-trip tests, once with each tool, and draws the
pages that hold a typed field: one sheet per form, a row per tool, in
``docs/screenshots/filled-<label>-<form>.png``. Needs pdftk, pdftoppm and ImageMagick's ``montage``
and ``convert``. Run from the repository root: ``python docs/screenshots/filled-sheets.py BUILD LABEL``
(BUILD: the output folder of ``cqp build``; LABEL: ``before`` or ``after``).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.acceptance.test_real_tools import FILLERS, FORMS
from tests.support.viewers import text_fields

HERE = Path(__file__).resolve().parent
DPI = 45


def sheet(build: Path, label: str, form: str, work: Path) -> Path:
    built, _, case = FORMS[form]
    values, _ = case()
    rows = []
    for tool, fill in FILLERS.items():
        pdf = fill(build / built, work / f"{form}-{tool}.pdf", values)
        fields = text_fields(pdf)
        pages = sorted({fields[name][0] + 1 for name in values if name in fields})
        images = []
        for page in pages:
            stem = work / f"{form}-{tool}-{page}"
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    str(DPI),
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-singlefile",
                    "-png",
                    str(pdf),
                    str(stem),
                ],
                check=True,
                stderr=subprocess.DEVNULL,
            )
            images.append(f"{stem}.png")
        row = work / f"row-{form}-{tool}.png"
        subprocess.run(
            ["montage", *images, "-tile", "x1", "-geometry", "+3+3", "-background", "#aaa", str(row)], check=True
        )
        subprocess.run(
            ["convert", str(row), "-background", "white", "-gravity", "north", "-splice", "0x22", "-gravity",
             "northwest", "-pointsize", "16", "-annotate", "+4+2", f"{form}: {tool}, drawn by Poppler", str(row)],
            check=True,
        )  # fmt: skip
        rows.append(str(row))
    target = HERE / f"filled-{label}-{form}.png"
    subprocess.run(
        ["convert", *rows, "-background", "white", "-gravity", "northwest", "-append", "-colors", "32", "-strip",
         f"PNG8:{target}"],
        check=True,
    )  # fmt: skip
    return target


def main() -> None:
    build, label = Path(sys.argv[1]), sys.argv[2]
    with tempfile.TemporaryDirectory() as folder:
        for form in FORMS:
            print(sheet(build, label, form, Path(folder)))


if __name__ == "__main__":
    main()
