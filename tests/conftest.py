"""Fixtures shared by every test module: English messages, the real browser (see tests/browser.py)."""

from collections.abc import Iterator

import pytest

from tests.browser import chromium_page

__all__ = ["chromium_page", "english_messages"]


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Messages in English whatever the locale the suite runs under (``LANG=fr_FR.UTF-8`` included).

    Only ``LANGUAGE`` is set: it decides the messages' language first (see ``cqpengine.i18n``) and
    leaves the encoding of ``LANG``/``LC_ALL`` alone. Tests of French messages give their own
    environment (``CliRunner().invoke(..., env=...)`` or ``monkeypatch``).
    """
    monkeypatch.setenv("LANGUAGE", "en")
    yield
