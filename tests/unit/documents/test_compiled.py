"""Compiled templates kept between runs: used only while valid and private, never a reason for a build to fail."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import jinja2
import pytest

from cqpengine.documents import compiled
from cqpengine.documents.environment import build_environment
from cqpengine.documents.rendering import Renderer
from tests.support.helpers import EXAMPLES, checked


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv(compiled.CACHE_HOME, str(home))
    return home


@pytest.fixture
def compilations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates jinja2 compiles from their source."""
    names: list[str] = []
    real = jinja2.Environment.compile

    def compile_and_count(self: jinja2.Environment, source: str, name: str | None = None, *args, **kwargs):  # type: ignore[no-untyped-def]
        names.append(str(name))
        return real(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_and_count)
    return names


def _documents() -> list[str]:
    """The HTML of two documents of each example referential, rendered by a new environment."""
    renderer = Renderer()
    return [
        renderer.html(referential, name)
        for referential in checked(EXAMPLES).referentials
        for name in ("referentiel", "fiche-decision")
    ]


def test_a_later_run_renders_the_same_html_without_compiling(cache_home: Path, compilations: list[str]) -> None:
    first = _documents()
    assert compilations  # the first run compiles, and keeps what it compiled
    (folder,) = cache_home.joinpath("cqpengine").iterdir()
    assert folder.name.startswith("templates-") and any(folder.iterdir())
    assert folder.stat().st_mode & 0o777 == 0o700
    compilations.clear()
    assert _documents() == first
    assert compilations == []


def test_an_edited_template_is_compiled_again(tmp_path: Path, cache_home: Path, compilations: list[str]) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    page = templates / "page.html.j2"
    page.write_text("avant {{ x }}", encoding="utf-8")
    assert build_environment([templates]).get_template("page.html.j2").render(x=1) == "avant 1"
    page.write_text("après {{ x }}", encoding="utf-8")
    compilations.clear()
    assert build_environment([templates]).get_template("page.html.j2").render(x=1) == "après 1"
    assert compilations == ["page.html.j2"]


def test_a_damaged_cache_file_is_compiled_again(cache_home: Path, compilations: list[str]) -> None:
    first = _documents()
    for path in cache_home.rglob("*.cache"):
        path.write_bytes(jinja2.bccache.bc_magic + os.urandom(64))  # jinja2's header, then noise
    compilations.clear()
    assert _documents() == first
    assert compilations  # compiled from the source, and written again
    compilations.clear()
    assert _documents() == first and compilations == []


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o757])
def test_a_cache_folder_others_may_write_into_is_not_used(cache_home: Path, compilations: list[str], mode: int) -> None:
    first = _documents()
    (folder,) = cache_home.joinpath("cqpengine").iterdir()
    folder.chmod(mode)
    assert build_environment().bytecode_cache is None
    compilations.clear()
    assert _documents() == first and compilations  # compiled, not read from a folder another could change


def test_a_cache_folder_that_is_a_link_is_not_used(tmp_path: Path, cache_home: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    cache_home.joinpath("cqpengine").mkdir(parents=True)
    environment = build_environment()
    assert environment.bytecode_cache is not None
    folder = Path(environment.bytecode_cache.directory)  # type: ignore[attr-defined]
    folder.rmdir()
    folder.symlink_to(elsewhere)
    assert build_environment().bytecode_cache is None


def test_no_cache_where_none_can_be_made_and_the_build_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compilations: list[str]
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("", encoding="utf-8")
    monkeypatch.setenv(compiled.CACHE_HOME, str(a_file))  # the cache folder would be inside a file
    assert build_environment().bytecode_cache is None
    assert _documents() and compilations


def test_a_cache_that_cannot_be_written_is_only_a_miss(
    cache_home: Path, compilations: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", full_disk)  # how jinja2 writes a cache file
    first = _documents()
    assert compilations and not list(cache_home.rglob("*.cache"))
    compilations.clear()
    assert _documents() == first and compilations  # compiled again, without an error


def test_the_folder_depends_on_the_settings_compiled_code_depends_on() -> None:
    assert compiled.cache_key("autoescape=True") != compiled.cache_key("autoescape=False")
    assert compiled.cache_key("autoescape=True") == compiled.cache_key("autoescape=True")


def test_a_relative_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(compiled.CACHE_HOME, "relative/folder")
    assert compiled.cache_home() == Path.home() / ".cache" / "cqpengine"
