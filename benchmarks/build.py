"""Benchmark ``cqp build``: cold, with nothing changed and after one referential changed, next to WeasyPrint alone.

In one run, on a copy of the real referentials (or of the folder given), ``--repeat`` rounds (the
machine is noisy; the steps of a round run one after the other, so a busy moment weighs on all of
them), each of:

* baseline:  WeasyPrint alone, serially, turning the very HTML of every document into its PDF
             with the same WeasyPrint options (fillable forms, metadata, PDF/UA-1), in a new
             process, WeasyPrint already imported and the fonts loaded (one PDF made untimed): the
             PDF work and nothing else;
* first:     ``cqp build`` into an empty folder with an empty cache folder (``XDG_CACHE_HOME``):
             the very first build on a machine, which compiles the templates;
* cold:      ``cqp build`` into an empty folder, default ``-j`` (the CPU count), as a user runs it
             (a new process: start-up, validation, HTML and PDF of every document), the templates
             compiled by an earlier build (see ``cqpengine/documents/compiled.py``);
* no-op:     ``cqp build`` again, nothing changed;
* touched:   ``cqp build`` after one referential file changed (a comment appended): only the
             documents made from that file are rendered again.

Each step's time and CPU time (all its processes) is a ratio to the baseline's in the same round;
the ratios of every round are printed, then their best and median. The no-op is also given as a
share of the cold build, and the touched build next to the touched referential's share of the
documents (by count, and by the baseline's PDF time of those documents). Usage:
``python benchmarks/build.py [PATH] [--repeat 3] [--touch teleconseiller.yaml] [-j N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cqpengine.checking import check_paths
from cqpengine.documents import DOCUMENTS
from cqpengine.documents.building import plan
from cqpengine.documents.environment import template_dirs
from cqpengine.documents.manifest import Digests
from cqpengine.documents.pool import default_workers
from cqpengine.documents.rendering import Renderer

ROOT = Path(__file__).resolve().parent.parent


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cqp_build(folder: Path, out: Path, workers: int | None, cache: Path | None = None) -> tuple[float, float, str]:
    """Run ``cqp build`` as a user does (a new process): its time, its CPU time (all processes), its summary.

    ``cache``: the cache folder to give it (``XDG_CACHE_HOME``), else the user's.
    """
    command = [sys.executable, "-m", "cqpengine", "build", str(folder), "-o", str(out)]
    if workers is not None:
        command += ["-j", str(workers)]
    environment = dict(os.environ) if cache is None else {**os.environ, "XDG_CACHE_HOME": str(cache)}
    started, cpu = time.perf_counter(), _children_cpu()
    run = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
    elapsed, cpu = time.perf_counter() - started, _children_cpu() - cpu
    if run.returncode != 0:
        raise SystemExit(f"cqp build failed ({run.returncode}): {run.stderr.strip().splitlines()[-1:]}")
    return elapsed, cpu, run.stdout.strip()


#: The baseline's process: WeasyPrint loaded and one PDF made (untimed: the system's fonts loaded),
#: then every page turned into its PDF, timed; prints the time, the CPU time and each page's time.
BASELINE = """
import json, sys, time
from weasyprint import HTML
pages = [open(name, encoding="utf-8").read() for name in sys.argv[1:]]
options = dict(pdf_forms=True, custom_metadata=True, pdf_variant="pdf/ua-1")
HTML(string=min(pages, key=len)).write_pdf(**options)
times = []
started, cpu = time.perf_counter(), time.process_time()
for page in pages:
    page_started = time.perf_counter()
    HTML(string=page).write_pdf(**options)
    times.append(time.perf_counter() - page_started)
print(json.dumps([time.perf_counter() - started, time.process_time() - cpu, times]))
"""


def baseline(page_files: list[Path]) -> tuple[float, float, list[float]]:
    """WeasyPrint alone in a new process, as the builds run: (seconds, CPU seconds, each page's seconds).

    A new process each round, as each ``cqp build`` is: measured in this one, WeasyPrint's caches
    would make every round after the first faster than any real run.
    """
    run = subprocess.run(
        [sys.executable, "-c", BASELINE, *map(str, page_files)], capture_output=True, text=True, check=True
    )
    seconds, cpu_seconds, times = json.loads(run.stdout)
    return seconds, cpu_seconds, times


def one_round(
    pages: list[Path], per_page: list[float], folder: Path, out: Path, touched: Path, workers: int | None, number: int
) -> tuple[dict[str, tuple[float, float]], str]:
    """The five steps, one after the other: each step's (seconds, CPU seconds), and the touched build's summary.

    ``per_page`` keeps the fastest baseline time of each page.
    """
    measured: dict[str, tuple[float, float]] = {}
    seconds, cpu_seconds, times = baseline(pages)
    per_page[:] = [min(best, now) for best, now in zip(per_page, times, strict=True)]
    measured["baseline"] = (seconds, cpu_seconds)
    with tempfile.TemporaryDirectory(prefix="cqp-bench-cache-") as cache:
        measured["first"] = cqp_build(folder, out.with_name(f"{out.name}-first"), workers, Path(cache))[:2]
    measured["cold"] = cqp_build(folder, out, workers)[:2]
    seconds, cpu_seconds, summary = cqp_build(folder, out, workers)
    measured["no-op"] = (seconds, cpu_seconds)
    assert summary.startswith("wrote 0 files"), summary
    with open(touched, "a", encoding="utf-8") as stream:
        stream.write(f"# benchmark round {number}\n")
    seconds, cpu_seconds, touched_summary = cqp_build(folder, out, workers)
    measured["touched"] = (seconds, cpu_seconds)
    return measured, touched_summary


STEPS = ("baseline", "first", "cold", "no-op", "touched")
LABELS = {
    "baseline": "baseline: weasyprint alone, serial, same html",
    "first": "cqp build, first on the machine",
    "cold": "cqp build, cold",
    "no-op": "cqp build, nothing changed",
}
#: The most each step may take, as a ratio to the baseline (time, CPU time); None: no target.
TARGETS: dict[str, tuple[float | None, float | None]] = {"first": (0.55, 1.05), "cold": (0.55, 1.05)}


def _ratios(rounds: list[dict[str, tuple[float, float]]], step: str, which: int) -> list[float]:
    return [measured[step][which] / measured["baseline"][which] for measured in rounds]


def report(rounds: list[dict[str, tuple[float, float]]], touch: str, share: float) -> None:
    """The steps' best times, then each step's ratios to the baseline round by round, their best and median."""
    best = {step: min(measured[step] for measured in rounds) for step in STEPS}
    print(f"{'step (best of the rounds)':<44}{'seconds':>9}{'CPU seconds':>13}")
    for step in STEPS:
        seconds, cpu_seconds = best[step]
        print(f"{LABELS.get(step, f'cqp build, {touch} changed'):<44}{seconds:>9.2f}{cpu_seconds:>13.2f}")
    print("ratio to the baseline of the same round: round by round | best | median | target")
    for step in ("first", "cold", "touched"):
        for which, kind in enumerate(("time", "CPU")):
            ratios = _ratios(rounds, step, which)
            target = TARGETS.get(step, (share, None))[which]
            print(
                f"  {step:<8}{kind:<5}{' '.join(f'{ratio:.3f}' for ratio in ratios)} | {min(ratios):.3f} | "
                f"{statistics.median(ratios):.3f} | {'at most ' + format(target, '.2f') if target else '-'}"
            )
    noop = [measured["no-op"][0] / measured["cold"][0] for measured in rounds]
    print(f"nothing changed / cold: best {min(noop):.1%}, median {statistics.median(noop):.1%} (target at most 5 %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=ROOT / "referentials")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--touch", default="teleconseiller.yaml", help="File name of the referential to change.")
    parser.add_argument("-j", "--jobs", type=int, default=None, help="Passed to cqp build (default: its own).")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cqp-bench-") as scratch:
        folder = Path(scratch) / "referentials"
        shutil.copytree(args.path, folder)
        touched = folder / args.touch
        if not touched.is_file():
            raise SystemExit(f"no {args.touch} in {args.path}")

        result = check_paths([folder])
        renderer = Renderer()
        jobs = [
            job for job in plan(result.referentials, ()) if DOCUMENTS[job.document].missing(job.referential) is None
        ]
        pages = [renderer.html(job.referential, job.document) for job in jobs]
        digests = Digests(template_dirs(), result.referentials, result.failed_keys)
        holds = [touched.resolve() in digests.sources(job.referential) for job in jobs]

        page_files = []
        for index, html in enumerate(pages):
            page_files.append(Path(scratch) / f"page-{index}.html")
            page_files[-1].write_text(html, encoding="utf-8")
        per_page = [float("inf")] * len(pages)
        rounds: list[dict[str, tuple[float, float]]] = []
        for number in range(args.repeat):
            out = Path(scratch) / f"out-{number}"
            measured, touched_summary = one_round(page_files, per_page, folder, out, touched, args.jobs, number)
            rounds.append(measured)

    share = sum(holds) / len(jobs)
    time_share = sum(s for s, held in zip(per_page, holds, strict=True) if held) / sum(per_page)
    print(
        f"documents: {len(jobs)} (HTML + PDF each) from {len(result.referentials)} referentials; "
        f"cqp build -j {args.jobs or default_workers()} on {os.cpu_count()} CPUs; best of {args.repeat}"
    )
    print(
        f"touched {args.touch}: {sum(holds)} documents are made from it ({share:.0%} of them, "
        f"{time_share:.0%} of the PDF time); its build said: {touched_summary}"
    )
    report(rounds, args.touch, share)


if __name__ == "__main__":
    main()
