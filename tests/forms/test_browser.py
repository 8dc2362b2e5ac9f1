"""The HTML forms in a real browser (Debian's Chromium through Playwright): one answer per scale.

Skipped when Playwright or Chromium is missing, except under ``CI=true`` where that is a failure.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.forms.support import RENDERER
from tests.helpers import referential

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
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


@pytest.fixture(scope="module")
def browser() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("Playwright is not installed")
        pytest.skip("Playwright is not installed")
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        if os.environ.get("CI") == "true":
            pytest.fail(f"no browser at {CHROMIUM}")
        pytest.skip(f"no browser at {CHROMIUM}")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.mark.parametrize(
    ("key", "document"),
    [
        ("assistant-commercial@2013", "livret-evaluation-finale"),
        ("gestionnaire-parcours@RNCP", "guide-entretien"),
        ("charge-accueil@2013", "dossier-vae"),
        ("assistant-commercial@2013", "fiche-decision"),
    ],
)
def test_a_person_ticks_one_answer_per_scale_by_its_label(
    browser: Any, tmp_path: Path, key: str, document: str
) -> None:
    page_file = tmp_path / f"{document}.html"
    page_file.write_text(RENDERER.html(referential(key), document), encoding="utf-8")
    page = browser.new_page()
    page.goto(page_file.as_uri())
    groups = page.eval_on_selector_all("input[type=radio]", "els => [...new Set(els.map(e => e.name))]")
    assert groups
    for name in groups[:12]:
        radios = page.locator(f'input[type=radio][name="{name}"]')
        assert radios.count() >= 2
        for index in range(radios.count()):
            radio = radios.nth(index)
            # Click the visible label tied to the button (or the button, in a table whose headers name it).
            label = page.locator(f'label[for="{radio.get_attribute("id")}"]')
            (label.first if label.count() else radio).click()
            checked = page.eval_on_selector_all(
                f'input[type=radio][name="{name}"]', "els => els.filter(e => e.checked).map(e => e.value)"
            )
            assert checked == [radio.get_attribute("value")], name
    page.close()
