"""Fixtures shared by every test module: English messages, the real browser (see tests/support/browser.py), the
build of the shipped referentials made once per session (see tests/support/builds.py), a click test
runner (tests/support/helpers.py) and an issuer's key pair (tests/support/credentials.py)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest

from tests.support.browser import chromium, chromium_page
from tests.support.builds import build_shipped
from tests.support.credentials import keys
from tests.support.helpers import runner

__all__ = ["chromium", "chromium_page", "compiled_templates", "english_messages", "full_build", "keys", "runner"]


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """jinja2's compiled templates kept in memory for the session, keyed by template file and source.

    ``cqp`` makes one jinja2 environment per command, so every command of every test compiled the
    same templates again (a quarter of the fast tests' time). jinja2 checks each template's source
    against the cached code's checksum: an edited or user template (``--templates``) is compiled anew.
    """

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.codes:
            bucket.bytecode_from_string(self.codes[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


@pytest.fixture(scope="session", autouse=True)
def compiled_templates() -> Iterator[MemoryBytecodeCache]:
    """Every jinja2 environment made during the session shares one in-memory bytecode cache."""
    cache = MemoryBytecodeCache()
    original = jinja2.Environment.__init__

    def init(self: jinja2.Environment, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        if self.bytecode_cache is None:
            self.bytecode_cache = cache

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jinja2.Environment, "__init__", init)
        yield cache


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
