"""Fixtures shared by every test module: English messages, the real browser (see tests/support/browser.py), the
build of the shipped referentials made once per session (see tests/support/builds.py), a click test
runner (tests/support/helpers.py) and an issuer's key pair (tests/support/credentials.py)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import chromium, chromium_page
from tests.support.builds import shared_build
from tests.support.credentials import keys
from tests.support.helpers import runner
from tests.support.pdf_structure import SHARED_FOLDER

__all__ = ["chromium", "chromium_page", "compiled_templates", "english_messages", "full_build", "keys", "runner"]


@pytest.fixture(scope="session", autouse=True)
def compiled_templates(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Path]:
    """The compiled templates of the run, kept in a folder of its own (not the user's cache).

    ``cqp`` keeps the code compiled from templates in the user's cache folder
    (``cqpengine/documents/compiled.py``): the tests' commands, and the ``cqp`` they start, share
    one for the run (the pytest-xdist workers too: jinja2 writes each file whole), found through
    ``XDG_CACHE_HOME``. The folder above it is the one the run's workers share
    (``CQP_TESTS_SHARED``: what one worker read of a built PDF, the others reuse).
    """
    base = tmp_path_factory.getbasetemp()
    folder = (base if worker_id == "master" else base.parent) / "cache"
    folder.mkdir(exist_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        patch.setenv(SHARED_FOLDER, str(folder.parent))  # see tests/support/pdf_structure.py
        yield folder


@pytest.fixture(scope="session")
def full_build(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """Every document of the shipped referentials, HTML and PDF, built once per run; read only."""
    return shared_build(tmp_path_factory, worker_id)


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Messages in English whatever the locale the suite runs under (``LANG=fr_FR.UTF-8`` included).

    Only ``LANGUAGE`` is set: it decides the messages' language first (see ``cqpengine.i18n``) and
    leaves the encoding of ``LANG``/``LC_ALL`` alone. Tests of French messages give their own
    environment (``CliRunner().invoke(..., env=...)`` or ``monkeypatch``).
    """
    monkeypatch.setenv("LANGUAGE", "en")
    yield
