"""Fixtures shared by every test module: English messages, the real browser (see tests/browser.py), the
build of the shipped referentials made once per session (see tests/support/builds.py)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import chromium_page
from tests.support.builds import build_shipped

__all__ = ["chromium_page", "english_messages", "full_build"]


@pytest.fixture(scope="session")
def full_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every document of the shipped referentials, HTML and PDF, built once per session; read only."""
    return build_shipped(tmp_path_factory.mktemp("full-build"))


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Messages in English whatever the locale the suite runs under (``LANG=fr_FR.UTF-8`` included).

    Only ``LANGUAGE`` is set: it decides the messages' language first (see ``cqpengine.i18n``) and
    leaves the encoding of ``LANG``/``LC_ALL`` alone. Tests of French messages give their own
    environment (``CliRunner().invoke(..., env=...)`` or ``monkeypatch``).
    """
    monkeypatch.setenv("LANGUAGE", "en")
    yield
