"""A real browser for the tests: Debian's chromium, driven by Playwright (nothing downloaded).

``chromium_page`` yields a Playwright page, or skips when no browser is found — except under
``CI=true``, where a missing browser fails the test. Import the fixture in a test module (or a
conftest) to use it: ``from tests.support.browser import chromium_page  # noqa: F401``. One chromium is
launched for the session (``chromium``); each test gets a page of its own browser context (no
cookie, storage or cache shared with another test), closed at its teardown.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser test under CI=true: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Headless chromium, launched once for the session (closed at its end)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Python playwright is not installed (pip install '.[test]')")
    executable = CHROMIUM if CHROMIUM.is_file() else Path(shutil.which("chromium") or "")
    if not executable.is_file():
        unavailable("no chromium found (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=ARGS, timeout=30_000)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def chromium_page(chromium: Any) -> Iterator[Any]:
    """A fresh page of headless chromium, in a browser context of its own (closed at teardown)."""
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
    finally:
        context.close()
