"""The HTML forms in a real browser (Debian's Chromium, ``chromium_page`` of tests/support/browser.py): a
person ticks each answer of a scale by its label, and only one answer stays ticked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.forms import RENDERER
from tests.support.helpers import referential

pytestmark = pytest.mark.slow


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
    chromium_page: Any, tmp_path: Path, key: str, document: str
) -> None:
    page_file = tmp_path / f"{document}.html"
    page_file.write_text(RENDERER.html(referential(key), document), encoding="utf-8")
    page = chromium_page
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
