"""Benchmark ``cqp build``: the engine's overhead next to WeasyPrint alone on the same HTML.

In one run, on the real referentials (or the folder given):

* html:       check + render every available document to HTML and write it (``--format html``);
* pdf:        the same, plus the PDF of each (``--format all``);
* weasyprint: WeasyPrint alone turning the very same HTML strings into PDFs.

Each figure is the best of ``--repeat`` runs (the machine is noisy). The ratio
pdf / weasyprint is the engine's overhead on a full build; html / weasyprint shows how small the
engine's own part is. Usage: ``python benchmarks/build.py [PATH] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

from timing import best_of  # benchmarks/timing.py, beside this script
from weasyprint import HTML

from cqpengine.checking import check_paths
from cqpengine.documents import DOCUMENTS
from cqpengine.documents.building import build, plan
from cqpengine.documents.rendering import Renderer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=Path(__file__).resolve().parent.parent / "referentials")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    def engine(formats: tuple[str, ...]) -> Callable[[], object]:
        def run() -> object:
            with tempfile.TemporaryDirectory() as out:
                result = check_paths([args.path])
                report = build(plan(result.referentials, ()), Path(out), formats, Renderer())
                assert not report.failed, report.failed
                return report

        return run

    result = check_paths([args.path])
    renderer = Renderer()
    pages = [
        renderer.html(job.referential, job.document)
        for job in plan(result.referentials, ())
        if DOCUMENTS[job.document].missing(job.referential) is None
    ]

    def weasyprint_alone() -> None:
        for html in pages:
            HTML(string=html).write_pdf(pdf_forms=True)

    html_time = best_of(args.repeat, engine(("html",)))
    pdf_time = best_of(args.repeat, engine(("html", "pdf")))
    weasy_time = best_of(args.repeat, weasyprint_alone)
    print(f"documents: {len(pages)} from {len(result.referentials)} referentials")
    print(f"{'step':<28}{'seconds':>9}{'ratio to weasyprint':>22}")
    for label, seconds in (
        ("html build (cqp)", html_time),
        ("html + pdf build (cqp)", pdf_time),
        ("weasyprint alone, same html", weasy_time),
    ):
        print(f"{label:<28}{seconds:>9.2f}{seconds / weasy_time:>22.2f}")


if __name__ == "__main__":
    main()
