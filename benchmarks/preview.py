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
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "cqp"), "serve", str(folder), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    static_port = free_port()
    static = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(static_port), "--bind", "127.0.0.1", "--directory", str(work)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(base)
        index = urllib.request.urlopen(base, timeout=20).read().decode("utf-8")
        ident = next(
            part.split("/")[2]
            for part in index.split('href="')
            if part.startswith("/doc/") and part.split("/")[3].startswith(args.doc) and source.stem.split("_")[0] in part
        )
        url = f"{base}doc/{ident}/{args.doc}"
        html = urllib.request.urlopen(url, timeout=20).read()
        (work / "page.html").write_bytes(html)
        wait_for(f"http://127.0.0.1:{static_port}/page.html")
        preview, baseline = [], []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(url, wait_until="load")
            last = loaded_at(page, 0)
            for number in range(args.saves):
                time.sleep(0.5)  # the previous reload's events settle
                saved = time.time()
                with source.open("a", encoding="utf-8") as handle:
                    handle.write(f"# sauvegarde {number}\n")
                last = loaded_at(page, max(last, saved))
                preview.append(last - saved)
            page.goto(f"http://127.0.0.1:{static_port}/page.html", wait_until="load")
            last = loaded_at(page, 0)
            for _ in range(args.saves):
                time.sleep(0.2)
                asked = time.time()
                page.evaluate("setTimeout(function () { location.reload(); }, 0)")
                last = loaded_at(page, max(last, asked))
                baseline.append(last - asked)
            browser.close()
        ours, theirs = statistics.median(preview), statistics.median(baseline)
        print(f"preview: save to reloaded page, median {ours * 1000:.0f} ms, best {min(preview) * 1000:.0f} ms")
        print(f"baseline: static reload of the same page, median {theirs * 1000:.0f} ms, best {min(baseline) * 1000:.0f} ms")
        print(f"ratio (medians): {ours / theirs:.1f}")
    finally:
        server.terminate()
        static.terminate()
        server.wait(10)
        static.wait(10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
