"""The French editors' guide shows real outputs: its journeys are replayed and their lines found in it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cqpengine.cli import cli
from tests.support.helpers import REFERENTIALS, ROOT

GUIDE = (ROOT / "docs" / "guide-redaction.md").read_text(encoding="utf-8")
FRENCH = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "fr_FR.UTF-8"}


def output_lines(*args: str) -> list[str]:
    result = CliRunner().invoke(cli, list(args), env=FRENCH)
    return [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REFERENTIALS, tmp_path / "referentials")
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def assert_in_guide(lines: list[str]) -> None:
    assert lines
    for line in lines:
        assert line in GUIDE, line


def test_revising_a_cqp(project: Path) -> None:
    assert_in_guide(output_lines("validate"))
    path = Path("referentials/charge_accueil.yaml")
    replace(
        path,
        "    title: Piloter son activité commerciale\n",
        "    title: Piloter son activité commerciale : résultats et suivi\n",
    )
    assert_in_guide(output_lines("validate", str(path)))
    quoted = '    title: "Piloter son activité commerciale : résultats et suivi"\n'
    replace(path, "    title: Piloter son activité commerciale : résultats et suivi\n", quoted)
    replace(path, "                  - Le candidat est réactif", "                   - Le candidat est réactif")
    assert_in_guide(output_lines("validate", str(path)))
    replace(path, "                   - Le candidat est réactif", "                  - Le candidat est réactif")
    replace(path, 'version: "RNCP"', "version: 2024.10")
    assert_in_guide(output_lines("validate", str(path)))
    replace(path, "version: 2024.10", 'version: "RNCP"')
    assert_in_guide(output_lines("validate", str(path)))
    assert_in_guide(output_lines("build", str(path), "--doc", "referentiel", "--doc", "guide-entretien"))


def test_publishing_a_version(project: Path) -> None:
    assert_in_guide(output_lines("new", "version", "charge-accueil@2027", "--from", "charge-accueil@RNCP"))
    assert_in_guide(output_lines("validate"))
    assert_in_guide(output_lines("diff", "charge-accueil@RNCP", "charge-accueil@2027")[:9])
    new = Path("referentials/charge_accueil_2027.yaml")
    replace(new, "outils et méthodes mis à disposition", "outils numériques mis à disposition")
    replace(new, "status: draft                   # draft tant que la version est en préparation", "status: active")
    replace(new, "supersedes:\n", 'effective_date: "2027-01-01"\nsupersedes:\n')
    assert_in_guide(output_lines("validate"))
    replace(Path("referentials/charge_accueil.yaml"), "status: active", "status: superseded")
    assert_in_guide(output_lines("validate"))
    diff = output_lines("diff", "charge-accueil")
    assert diff[0] in GUIDE and diff[-1] in GUIDE and diff[-2] in GUIDE
    # The review page for the commission, and the tableau de correspondance.
    review = ("diff", "charge-accueil@RNCP", "charge-accueil@2027", "--format", "html", "-o", "revue.html")
    assert f"$ cqp {' '.join(review)}\n```" in GUIDE
    assert output_lines(*review) == []
    assert "Revue des modifications du référentiel" in Path("revue.html").read_text(encoding="utf-8")
    assert "$ cqp build referentials/charge_accueil_2027.yaml --doc correspondance\n" in GUIDE
    assert_in_guide(output_lines("build", "referentials/charge_accueil_2027.yaml", "--doc", "correspondance"))
    assert "`build/charge-accueil/2027/correspondance.html`" in GUIDE
    correspondance = Path("build/charge-accueil/2027/correspondance.html").read_text(encoding="utf-8")
    assert "Tableau de correspondance" in correspondance and "non précisée" in correspondance


def test_creating_a_cqp(project: Path) -> None:
    new = ("new", "certification", "conseiller-prevoyance", "--generation", "blocs")
    assert_in_guide(output_lines(*new, "--title", "Conseiller(ère) en prévoyance", "--version", "2026"))
    assert_in_guide(output_lines("validate", "referentials/conseiller_prevoyance.yaml"))
    assert_in_guide(output_lines(*new))
    assert_in_guide(output_lines("build", "referentials/conseiller_prevoyance.yaml", "--format", "html"))


def test_previewing_documents(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lines `cqp serve` prints as it starts and when Ctrl-C stops it (the server itself: test_serve.py)."""
    import cqpengine.app.serve

    ports: list[int] = []

    class Stopped:
        url = "http://127.0.0.1:8000/"

        def __init__(self, paths: list[Path], port: int, template_dirs: list[Path]) -> None:
            self.paths = paths
            ports.append(port)

        def serve_forever(self, poll_interval: float) -> None:
            raise KeyboardInterrupt

        def server_close(self) -> None:
            pass

    monkeypatch.setattr(cqpengine.app.serve, "serve", Stopped)
    assert_in_guide(output_lines("serve"))
    assert ports == [8000]
    assert "`cqp serve --port 8001`" in GUIDE
