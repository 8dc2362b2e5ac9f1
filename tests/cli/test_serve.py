"""``cqp serve``: documents served from the current files, reloaded in a real browser on save."""

from __future__ import annotations

import os
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cqpengine.app.serve import PreviewServer, serve
from tests.support.new_version import write_split_version


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[PreviewServer, Path]]:
    folder = tmp_path / "referentials"
    path = write_split_version(folder)
    server = serve([folder], 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield server, path
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_serves_on_localhost_only_an_index_and_documents(served: tuple[PreviewServer, Path]) -> None:
    server, _ = served
    assert server.server_address[0] == "127.0.0.1"
    status, index = _get(server.url)
    assert status == 200 and "/doc/charge-accueil@2025/referentiel" in index and "(projet)" in index
    assert "supersedes no earlier version" in index  # a skipped document says why
    status, page = _get(server.url + "doc/charge-accueil@2025/referentiel")
    assert status == 200 and "Prospecter et vendre" in page and 'new EventSource("/events")' in page


@pytest.mark.parametrize(
    "path",
    ["doc/charge-accueil@2025/..%2F..%2Fetc%2Fpasswd", "doc/..%2Fcharge_accueil.yaml/referentiel", "../../etc/passwd"],
)
def test_nothing_from_the_request_reaches_the_file_system(served: tuple[PreviewServer, Path], path: str) -> None:
    status, page = _get(served[0].url + path)
    assert "root:" not in page and "id: charge-accueil" not in page
    assert status in (200, 404)


@pytest.mark.browser
def test_the_open_page_follows_edits_and_errors(served: tuple[PreviewServer, Path], chromium_page: Any) -> None:
    server, path = served
    page = chromium_page
    page.goto(server.url + "doc/charge-accueil@2025/referentiel")
    page.wait_for_selector("text=Prospecter et vendre les produits et services")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Prospecter et vendre", "Démarcher et vendre"), encoding="utf-8")
    page.wait_for_selector("text=Démarcher et vendre les produits et services", timeout=15_000)
    # An error: the page shows it, file:line:col and message, instead of the document.
    broken = path.read_text(encoding="utf-8").replace("status: draft", "status: brouillon")
    path.write_text(broken, encoding="utf-8")
    error = page.wait_for_selector(".error", timeout=15_000)
    assert re.search(r"charge_accueil_2025\.yaml:\d+:\d+: error CQP010: ", error.inner_text()), error.inner_text()
    # Fixed: the document is back, without a manual reload.
    path.write_text(broken.replace("status: brouillon", "status: draft"), encoding="utf-8")
    page.wait_for_selector("text=Démarcher et vendre les produits et services", timeout=15_000)
    assert not page.query_selector(".error")


def test_another_host_name_is_refused(served: tuple[PreviewServer, Path]) -> None:
    request = urllib.request.Request(served[0].url, headers={"Host": "evil.example:80"})
    try:
        urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        assert error.code == 403
    else:
        raise AssertionError("a foreign Host header was served")


def test_the_page_shows_errors_then_recovers(served: tuple[PreviewServer, Path]) -> None:
    server, path = served
    url = server.url + "doc/charge-accueil@2025/referentiel"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: draft", "status: [draft"), encoding="utf-8")
    status, page = _get(url)
    assert status == 200 and 'class="error"' in page and "charge_accueil_2025.yaml:" in page and "CQP001" in page
    path.write_text(text, encoding="utf-8")
    assert "Prospecter et vendre" in _get(url)[1]


def test_cli_serve_refuses_a_missing_path() -> None:
    from click.testing import CliRunner

    from cqpengine.cli import cli

    result = CliRunner().invoke(cli, ["serve", "nowhere"])
    assert result.exit_code == 2 and "path does not exist: nowhere" in result.stderr


@pytest.mark.browser
def test_the_page_keeps_its_place_after_an_error_is_fixed(
    served: tuple[PreviewServer, Path], chromium_page: Any
) -> None:
    server, path = served
    page = chromium_page
    page.goto(server.url + "doc/charge-accueil@2025/referentiel")
    page.wait_for_selector("text=Prospecter et vendre les produits et services")
    page.evaluate("window.scrollTo(0, 1500)")
    page.wait_for_function("Math.abs(window.scrollY - 1500) < 2")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: draft", "status: brouillon"), encoding="utf-8")
    page.wait_for_selector(".error", timeout=15_000)
    assert page.evaluate("window.scrollY") == 0  # the short page of errors
    path.write_text(text.replace("Prospecter et vendre", "Démarcher et vendre"), encoding="utf-8")
    page.wait_for_selector("text=Démarcher et vendre les produits et services", timeout=15_000)
    page.wait_for_function("Math.abs(window.scrollY - 1500) < 2", timeout=5_000)
    assert not page.query_selector(".error")


def test_templates_are_compiled_once_and_follow_edits_and_new_files(tmp_path: Path) -> None:
    folder = tmp_path / "referentials"
    write_split_version(folder)
    templates = tmp_path / "templates"
    (templates / "serve").mkdir(parents=True)
    server = serve([folder], 0, [templates])
    try:
        first = server.renderer()
        assert server.renderer() is first  # one environment: its compiled templates are reused
        shadow = templates / "serve" / "page.html.j2"
        shadow.write_text("first {{ title }}", encoding="utf-8")
        assert server.page("T") == "first T"  # a template that appears stands in for the shipped one
        assert server.renderer() is not first
        shadow.write_text("second edit {{ title }}", encoding="utf-8")  # another size, whatever the clock
        os.utime(shadow, (shadow.stat().st_mtime + 5,) * 2)
        assert server.page("T") == "second edit T"  # an edited template is read again
        shadow.unlink()
        assert "first" not in server.page("T")  # and the shipped one is back when it goes
    finally:
        server.server_close()
