"""Benchmark the live preview: from a file's save to the reloaded page's ``load`` event, in Chromium.

``cqp serve`` runs on a copy of the shipped referentials; Debian's chromium (driven by Playwright,
nothing downloaded) shows one document. Each of ``--saves`` times, the script appends a comment to
that document's referential file and measures, on the machine's clock, from just before the write
to the page's ``load`` event after its reload (``performance.timeOrigin`` + the navigation's
``loadEventEnd``). The baseline, measured in the same run and the same browser: the same HTML,
saved as a static file and served by Python's ``http.server``, reloaded by the page itself — what
the browser alone costs to show that page again. Prints the median and the best of each, and their
ratio. Usage: ``python benchmarks/preview.py [--saves 10] [--file teleconseiller.yaml]
[--doc referentiel]``.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
LOADED = "performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventEnd"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def loaded_at(page: Any, previous: float) -> float:
    """Epoch seconds of the page's newest ``load`` event, once it is newer than ``previous``."""
    page.wait_for_function(f"({LOADED}) / 1000 > {previous} && document.readyState === 'complete'", timeout=20_000)
    return float(page.evaluate(LOADED)) / 1000


def reloads(page: Any, trigger: Callable[[int], None], count: int, pause: float) -> list[float]:
    """Seconds from each ``trigger(number)`` to the reloaded page's ``load`` event."""
    last = loaded_at(page, 0)
    times = []
    for number in range(count):
        time.sleep(pause)  # the previous reload's events settle
        started = time.time()
        trigger(number)
        last = loaded_at(page, max(last, started))
        times.append(last - started)
    return times


def document_url(base: str, source: Path, doc: str) -> str:
    """The preview's address of document ``doc`` made from the referential file ``source``."""
    index = urllib.request.urlopen(base, timeout=20).read().decode("utf-8")
    stem = source.stem.split("_")[0]
    for part in index.split('href="'):
        pieces = part.split("/")
        if part.startswith("/doc/") and pieces[3].startswith(doc) and stem in pieces[2]:
            return f"{base}doc/{pieces[2]}/{doc}"
    raise SystemExit(f"no document {doc} for {source.name} in the preview's index")


def background(*command: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def report(name: str, times: list[float]) -> float:
    median = statistics.median(times)
    print(f"{name}: median {median * 1000:.0f} ms, best {min(times) * 1000:.0f} ms")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--file", default="teleconseiller.yaml")
    parser.add_argument("--doc", default="referentiel")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cqp-preview-"))
    folder = work / "referentials"
    shutil.copytree(ROOT / "referentials", folder)
    source = folder / args.file
    port, static_port = free_port(), free_port()
    server = background(str(Path(sys.executable).parent / "cqp"), "serve", str(folder), "--port", str(port))
    static = background(
        sys.executable, "-m", "http.server", str(static_port), "--bind", "127.0.0.1", "--directory", str(work)
    )

    def save(number: int) -> None:
        with source.open("a", encoding="utf-8") as handle:
            handle.write(f"# sauvegarde {number}\n")

    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(base)
        url = document_url(base, source, args.doc)
        (work / "page.html").write_bytes(urllib.request.urlopen(url, timeout=20).read())
        wait_for(f"http://127.0.0.1:{static_port}/page.html")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(url, wait_until="load")
            preview = reloads(page, save, args.saves, 0.5)
            page.goto(f"http://127.0.0.1:{static_port}/page.html", wait_until="load")
            baseline = reloads(page, lambda _: page.evaluate("setTimeout(() => location.reload(), 0)"), args.saves, 0.2)
            browser.close()
        ours = report("preview: save to reloaded page", preview)
        theirs = report("baseline: static reload of the same page", baseline)
        print(f"ratio (medians): {ours / theirs:.1f}")
    finally:
        for process in (server, static):
            process.terminate()
            process.wait(10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
