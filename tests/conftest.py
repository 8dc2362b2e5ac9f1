"""Fixtures shared by every test module: English messages, the real browser (see tests/browser.py),
one full build of the shipped referentials."""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import chromium_page

__all__ = ["chromium_page", "english_messages", "full_build"]

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def full_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of ``cqp build`` of every shipped referential (HTML and PDF), built once per session.

    Tests read it and never write into it.
    """
    out = tmp_path_factory.mktemp("full-build")
    result = subprocess.run(
        [sys.executable, "-m", "cqpengine", "build", "-o", str(out), str(ROOT / "referentials")],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Messages in English whatever the locale the suite runs under (``LANG=fr_FR.UTF-8`` included).

    Only ``LANGUAGE`` is set: it decides the messages' language first (see ``cqpengine.i18n``) and
    leaves the encoding of ``LANG``/``LC_ALL`` alone. Tests of French messages give their own
    environment (``CliRunner().invoke(..., env=...)`` or ``monkeypatch``).
    """
    monkeypatch.setenv("LANGUAGE", "en")
    yield
