"""Benchmark ``cqp build``: cold, with nothing changed and after one referential changed, next to WeasyPrint alone.

In one run, on a copy of the real referentials (or of the folder given), each as the best of
``--repeat`` rounds (the machine is noisy; the steps of a round run one after the other, so a
busy moment weighs on all of them):

* baseline:  WeasyPrint alone, serially, turning the very HTML of every document into its PDF
             with the same WeasyPrint options (fillable forms, metadata, PDF/UA-1), in this process,
             WeasyPrint already imported: the PDF work and nothing else;
* cold:      ``cqp build`` into an empty folder, default ``-j`` (the CPU count), as a user runs it
             (a new process: start-up, validation, HTML and PDF of every document);
* no-op:     ``cqp build`` again, nothing changed;
* touched:   ``cqp build`` after one referential file changed (a comment appended): only the
             documents made from that file are rendered again.

Each is printed as a ratio to the baseline; the no-op is also given as a share of the cold
build, and the touched build next to the touched referential's share of the documents (by
count, and by the baseline's PDF time of those documents). Usage:
``python benchmarks/build.py [PATH] [--repeat 3] [--touch teleconseiller.yaml] [-j N]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from weasyprint import HTML

from cqpengine.checking import check_paths
from cqpengine.documents import DOCUMENTS
from cqpengine.documents.building import default_workers, plan
from cqpengine.documents.environment import template_dirs
from cqpengine.documents.manifest import Digests
from cqpengine.documents.rendering import Renderer

ROOT = Path(__file__).resolve().parent.parent


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cqp_build(folder: Path, out: Path, workers: int | None) -> tuple[float, float, str]:
    """Run ``cqp build`` as a user does (a new process): its time, its CPU time (all processes), its summary."""
    command = [sys.executable, "-m", "cqpengine", "build", str(folder), "-o", str(out)]
    if workers is not None:
        command += ["-j", str(workers)]
    started, cpu = time.perf_counter(), _children_cpu()
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed, cpu = time.perf_counter() - started, _children_cpu() - cpu
    if run.returncode != 0:
        raise SystemExit(f"cqp build failed ({run.returncode}): {run.stderr.strip().splitlines()[-1:]}")
    return elapsed, cpu, run.stdout.strip()


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

        steps = ("baseline", "cold", "no-op", "touched")
        best = dict.fromkeys(steps, (float("inf"), float("inf")))  # step: (seconds, CPU seconds)
        per_page = [float("inf")] * len(pages)
        for round_ in range(args.repeat):
            measured: dict[str, tuple[float, float]] = {}
            started, cpu = time.perf_counter(), time.process_time()
            for index, html in enumerate(pages):
                page_started = time.perf_counter()
                HTML(string=html).write_pdf(pdf_forms=True, custom_metadata=True, pdf_variant="pdf/ua-1")
                per_page[index] = min(per_page[index], time.perf_counter() - page_started)
            measured["baseline"] = (time.perf_counter() - started, time.process_time() - cpu)
            out = Path(scratch) / f"out-{round_}"
            measured["cold"] = cqp_build(folder, out, args.jobs)[:2]
            seconds, cpu_seconds, summary = cqp_build(folder, out, args.jobs)
            measured["no-op"] = (seconds, cpu_seconds)
            assert summary.startswith("wrote 0 files"), summary
            with open(touched, "a", encoding="utf-8") as stream:
                stream.write(f"# benchmark round {round_}\n")
            seconds, cpu_seconds, touched_summary = cqp_build(folder, out, args.jobs)
            measured["touched"] = (seconds, cpu_seconds)
            for step, (seconds, cpu_seconds) in measured.items():
                best[step] = min(best[step], (seconds, cpu_seconds))

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
    baseline, cold, noop, after = (best[step][0] for step in steps)
    print(f"{'step':<44}{'seconds':>9}{'ratio to baseline':>19}{'CPU seconds':>13}")
    labels = ("baseline: weasyprint alone, serial, same html", "cqp build, cold", "cqp build, nothing changed")
    for label, step in zip((*labels, f"cqp build, {args.touch} changed"), steps, strict=True):
        seconds, cpu_seconds = best[step]
        print(f"{label:<44}{seconds:>9.2f}{seconds / baseline:>19.2f}{cpu_seconds:>13.2f}")
    print(f"nothing changed / cold: {noop / cold:.1%} (target at most 5 %)")
    print(f"cold / baseline: {cold / baseline:.2f} (target at most 0.6)")
    print(f"touched / cold: {after / cold:.0%} (target at most the referential's share, {share:.0%} of the documents)")


if __name__ == "__main__":
    main()
