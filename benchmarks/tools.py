"""Benchmark the steps an editor waits for against the tools a user would pick instead.

Each figure is a ratio to a baseline measured in the same run, round by round (A then B, A then B…),
so that a busy machine weighs on both sides of a ratio. Each command runs as a whole process, as a
user runs it; a round's time is the median of ``--runs`` runs of each command; the script prints,
for each comparison, the ratio of every round, then the best and the median of the rounds, on wall
time and on CPU time (user + system of the child process, less disturbed by other load).

* ``start-up``: ``cqp --help`` against ``python -c "import click, yaml"`` (the least a click + YAML
  tool imports);
* ``validate-6``: ``cqp validate`` of the shipped referentials against ``check-jsonschema
  --schemafile schema/referential.schema.json`` on the same files and schema;
* ``validate-240``: the same on 240 files: 40 copies of the six shipped files, ids renamed.

Usage: ``python benchmarks/tools.py [--rounds 3] [--runs 5] [--only start-up validate-6 …]``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "referential.schema.json"
BIN = Path(sys.executable).parent


def run_once(command: Sequence[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``command`` (CPU: user + system of the child)."""
    before = os.times()
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def median_of(runs: int, command: Sequence[str], cwd: Path) -> tuple[float, float]:
    walls, cpus = zip(*(run_once(command, cwd) for _ in range(runs)), strict=True)
    return statistics.median(walls), statistics.median(cpus)


def copies(target: Path, count: int) -> None:
    """``count`` copies of the shipped referentials in ``target``, each copy's ids suffixed ``-k``."""
    sources = sorted((ROOT / "referentials").glob("*.yaml"))
    for k in range(count):
        for source in sources:
            text = source.read_text(encoding="utf-8")
            text = re.sub(r"(?m)^id: (\S+)", rf"id: \1-{k}", text)
            text = text.replace("ref: blocs-relation-clients#", f"ref: blocs-relation-clients-{k}#")
            text = text.replace("$schema=../schema/", f"$schema={SCHEMA.parent}/")
            (target / f"{source.stem}-{k}.yaml").write_text(text, encoding="utf-8")


def comparisons(work: Path) -> dict[str, tuple[list[str], list[str], Path]]:
    cqp = str(BIN / "cqp")
    six = work / "six"
    many = work / "many"
    six.mkdir()
    many.mkdir()
    copies(six, 1)
    copies(many, 40)
    check = [str(BIN / "check-jsonschema"), "--schemafile", str(SCHEMA)]
    return {
        "start-up": ([cqp, "--help"], [sys.executable, "-c", "import click, yaml"], work),
        "validate-6": ([cqp, "validate", str(six)], [*check, *map(str, sorted(six.glob("*.yaml")))], work),
        "validate-240": ([cqp, "validate", str(many)], [*check, *map(str, sorted(many.glob("*.yaml")))], work),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cqp-bench-"))
    try:
        table = comparisons(work)
        for name, (ours, theirs, cwd) in table.items():
            if args.only and name not in args.only:
                continue
            subprocess.run(ours, cwd=cwd, capture_output=True, check=False)  # warm the file cache
            subprocess.run(theirs, cwd=cwd, capture_output=True, check=False)
            wall_ratios, cpu_ratios = [], []
            for _ in range(args.rounds):
                our_wall, our_cpu = median_of(args.runs, ours, cwd)
                their_wall, their_cpu = median_of(args.runs, theirs, cwd)
                wall_ratios.append(our_wall / their_wall)
                cpu_ratios.append(our_cpu / their_cpu)
                print(f"{name}: cqp {our_wall * 1000:.0f} ms, baseline {their_wall * 1000:.0f} ms (wall)", flush=True)
            for what, ratios in (("wall", wall_ratios), ("cpu", cpu_ratios)):
                rounds = ", ".join(f"{r:.2f}" for r in ratios)
                print(f"{name} {what}: rounds {rounds}; best {min(ratios):.2f}, median {statistics.median(ratios):.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
