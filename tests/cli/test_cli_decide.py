"""``cqp decide`` through click: exit codes, JSON fields, error lines, outputs, HTML and PDF."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cqpengine.cli import cli
from tests.support.decisions import EXAMPLES_DIR, REFERENTIALS_DIR, write_yaml

REFS = ["--referentials", str(REFERENTIALS_DIR)]
VAE = EXAMPLES_DIR / "vae_charge_accueil.yaml"
ORIENTATION = EXAMPLES_DIR / "orientation_assistant_commercial.yaml"
JURY = EXAMPLES_DIR / "jury_assistant_commercial.yaml"


def run_json(runner: CliRunner, kind: str, path: Path) -> dict[str, object]:
    result = runner.invoke(cli, ["decide", kind, str(path), "--format", "json", *REFS])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_vae_json_carries_verdict_figures_and_reasons(runner: CliRunner) -> None:
    data = run_json(runner, "vae", VAE)
    assert data["admissible"] is True
    assert data["required_years"] == 3
    assert data["window_years"] == 12
    assert data["experience_years"] == 5.06
    assert data["experience_days"] == 1850.5
    assert isinstance(data["reasons"], list) and data["reasons"]
    assert "Camille" not in json.dumps(data)


def test_orientation_json_carries_route_and_units(runner: CliRunner) -> None:
    data = run_json(runner, "orientation", ORIENTATION)
    assert data["route"] == "formation"
    assert data["units"] == {"D1": "direct", "D2": "direct", "D3": "formation", "D4": "direct", "D5": "formation"}
    gestionnaire = run_json(runner, "orientation", EXAMPLES_DIR / "orientation_gestionnaire.yaml")
    assert gestionnaire["route"] == "vae"


def test_jury_json_carries_delivery_acquired_and_missing(runner: CliRunner) -> None:
    data = run_json(runner, "jury", JURY)
    assert data["delivery"] == "partielle"
    assert data["acquired"] == {"D1": "2029-06-20", "D3": "2026-06-15", "D4": "2029-06-20"}
    assert data["missing"] == ["D2", "D5"]


def test_text_output_is_for_people(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["decide", "vae", str(VAE), *REFS])
    assert result.exit_code == 0, result.output
    assert "Verdict : RECEVABLE" in result.stdout
    assert "Candidat : Camille Exemple" in result.stdout
    assert "Fenêtre : 12 ans, du 15/03/2012 au 14/03/2024 inclus" in result.stdout


def test_errors_use_the_validate_format_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    text = JURY.read_text(encoding="utf-8").replace("D4: [maitrisee, maitrisee]", "D9: [maitrisee, maitrisee]")
    path = write_yaml(tmp_path, "jury.yaml", text)
    result = runner.invoke(cli, ["decide", "jury", str(path), "--format", "json", *REFS])
    assert result.exit_code == 1
    assert result.stdout == ""
    line = result.stderr.splitlines()[0]
    assert line.startswith(f"{path}:15:3: error CQP202: assistant-commercial@2013 has no such unit")
    assert line.endswith("[at evaluations › D9]")
    assert "Traceback" not in result.output
    assert "Alex" not in result.output


def test_an_unknown_key_of_a_candidate_file_is_located_not_quoted(runner: CliRunner, tmp_path: Path) -> None:
    # Someone typed the candidate's name as a key: it must reach neither stderr nor the JSON path.
    text = JURY.read_text(encoding="utf-8").replace("candidate:\n", "candidate:\n  Dupont Alexis: oui\n  nmae: x\n", 1)
    assert "Dupont Alexis" in text
    path = write_yaml(tmp_path, "jury.yaml", text)
    result = runner.invoke(cli, ["decide", "jury", str(path), *REFS])
    assert result.exit_code == 1
    assert "Dupont" not in result.output and "Alexis" not in result.output
    lines = [line for line in result.stderr.splitlines() if "unknown property" in line]
    line = next(i for i, text_line in enumerate(text.splitlines(), 1) if "Dupont Alexis" in text_line)
    assert lines[0] == (
        f"{path}:{line}:3: error CQP010: unknown property here: correct or remove it (allowed here: name, identifier) "
        "[at candidate]"
    )
    assert lines[1].endswith("(allowed here: name, identifier) (did you mean 'name'?) [at candidate]")


def test_malformed_candidate_file_is_one_line_not_a_traceback(runner: CliRunner, tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "bad.yaml", "certification: [unclosed\n")
    result = runner.invoke(cli, ["decide", "orientation", str(path), *REFS])
    assert result.exit_code == 1
    assert f"{path}:1:16: error CQP001: the [ opened here is never closed" in result.stderr  # at the mistake
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["decide", "vae", "nowhere.yaml"],
        ["decide", "vae", str(VAE), "--format", "docx"],
        ["decide", "vae", str(VAE), "--referentials", "no/such/folder"],
        ["decide", "nothing", str(VAE)],
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_pdf_to_a_terminal_is_refused(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from cqpengine.commands import common

    monkeypatch.setattr(common, "stdout_is_terminal", lambda: True)
    result = runner.invoke(cli, ["decide", "jury", str(JURY), "--format", "pdf", *REFS])
    assert result.exit_code == 2
    assert "terminal" in result.stderr
    assert result.stdout == ""


def test_output_file_holds_the_decision_and_nothing_else_is_written(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "out" / "decision.json"
    result = runner.invoke(cli, ["decide", "jury", str(JURY), "--format", "json", "-o", str(target), *REFS])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert json.loads(target.read_text(encoding="utf-8"))["delivery"] == "partielle"
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["decision.json"]


def test_html_document_prints_the_reasoning(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "vae.html"
    result = runner.invoke(cli, ["decide", "vae", str(VAE), "--format", "html", "-o", str(target), *REFS])
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Camille Exemple" in html
    assert "Demande recevable" in html
    assert "La durée minimale est atteinte : la demande est recevable." in html
    assert "Des périodes se chevauchent" in html
    assert "☒ oui" in html and "☒ non" in html  # counted and rejected activities
    assert "1 850,5" in html  # the total, in full-time-equivalent days


def test_html_escapes_what_the_candidate_file_says(runner: CliRunner, tmp_path: Path) -> None:
    text = ORIENTATION.read_text(encoding="utf-8").replace("name: Alex Exemple", "name: <script>x</script>")
    path = write_yaml(tmp_path, "orientation.yaml", text)
    result = runner.invoke(cli, ["decide", "orientation", str(path), "--format", "html", *REFS])
    assert result.exit_code == 0, result.output
    assert "<script>" not in result.stdout
    assert "&lt;script&gt;" in result.stdout


def test_orientation_and_jury_html(runner: CliRunner) -> None:
    orientation = runner.invoke(cli, ["decide", "orientation", str(ORIENTATION), "--format", "html", *REFS])
    assert orientation.exit_code == 0, orientation.output
    assert "Le candidat doit suivre la formation" in orientation.stdout
    assert "☒ Voie formative et évaluation des compétences" in orientation.stdout
    jury = runner.invoke(cli, ["decide", "jury", str(JURY), "--format", "html", *REFS])
    assert jury.exit_code == 0, jury.output
    assert "☒ Délivrance partielle du CQP" in jury.stdout
    assert "valable jusqu&#39;au 15/06/2026 inclus" in jury.stdout


@pytest.mark.slow
def test_pdf_of_the_fiche_de_decision(runner: CliRunner, tmp_path: Path) -> None:
    from pypdf import PdfReader

    target = tmp_path / "fiche.pdf"
    result = runner.invoke(cli, ["decide", "jury", str(JURY), "--format", "pdf", "-o", str(target), *REFS])
    assert result.exit_code == 0, result.output
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Fiche de décision du jury" in text
    assert "Délivrance partielle du CQP" in text
    assert "Unités restant à acquérir : D2, D5" in " ".join(text.split())


def test_rules_list_includes_the_candidate_codes(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--list-rules"])
    assert "CQP201" in result.stdout and "CQP207" in result.stdout


def test_docs_include_every_example() -> None:
    """docs/decisions.md includes each example file by snippet (tests/acceptance/test_docs.py checks the built page)."""
    from tests.support.helpers import ROOT

    page = (ROOT / "docs" / "decisions.md").read_text(encoding="utf-8")
    examples = sorted(EXAMPLES_DIR.glob("*.yaml"))
    assert examples
    for example in examples:
        assert f'--8<-- "examples/{example.name}"' in page, example.name


def test_templates_option_overrides_a_decision_document(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "jury.html.j2").write_text("livraison {{ decision.delivery }}\n", encoding="utf-8")
    args = ["decide", "jury", str(JURY), "--format", "html", "--templates", str(tmp_path), *REFS]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == "livraison partielle"


def test_output_never_overwrites_the_candidate_file(runner: CliRunner, tmp_path: Path) -> None:
    candidate = tmp_path / "candidate.yaml"
    candidate.write_bytes(VAE.read_bytes())
    for output in (str(candidate), ""):
        result = runner.invoke(cli, ["decide", "vae", str(candidate), "-o", output, *REFS])
        assert result.exit_code == 2, result.output
    assert candidate.read_bytes() == VAE.read_bytes()


def test_a_referential_with_errors_is_named_not_blamed_on_the_candidate(runner: CliRunner, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "ref"
    shutil.copytree(REFERENTIALS_DIR, folder)
    broken = folder / "charge_accueil_2013.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("  min_years: 3\n", "  min_years: 30\n"), "utf-8")
    result = runner.invoke(cli, ["decide", "vae", str(VAE), "--referentials", str(folder)])
    assert result.exit_code == 1
    assert f"error CQP201: charge-accueil@2013 cannot be used: its referential {broken} has errors" in result.stderr


def test_output_never_overwrites_a_referential(runner: CliRunner, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "ref"
    shutil.copytree(REFERENTIALS_DIR, folder)
    target = folder / "charge_accueil_2013.yaml"
    before = target.read_bytes()
    result = runner.invoke(cli, ["decide", "vae", str(VAE), "--referentials", str(folder), "-o", str(target)])
    assert result.exit_code == 2
    assert target.read_bytes() == before


def test_an_unreadable_referential_is_named_when_the_certification_is_not_found(
    runner: CliRunner, tmp_path: Path
) -> None:
    import shutil

    folder = tmp_path / "ref"
    shutil.copytree(REFERENTIALS_DIR, folder)
    broken = folder / "charge_accueil_2013.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "x: [\n", encoding="utf-8")
    result = runner.invoke(cli, ["decide", "vae", str(VAE), "--referentials", str(folder)])
    assert result.exit_code == 1
    assert f"referential files that could not be read: {broken}" in result.stderr


def test_jury_files_must_match_their_route(runner: CliRunner, tmp_path: Path) -> None:
    vae = EXAMPLES_DIR / "jury_vae_charge_accueil.yaml"
    result = runner.invoke(cli, ["decide", "jury", str(vae), "--format", "json", *REFS])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["missing"] == ["D3"]
    mixed = tmp_path / "mixed.yaml"
    mixed.write_text(vae.read_text(encoding="utf-8") + "evaluations:\n  D1: [maitrisee, maitrisee]\n", "utf-8")
    result = runner.invoke(cli, ["decide", "jury", str(mixed), *REFS])
    assert result.exit_code == 1
    assert "error CQP208: on the VAE route there are no evaluators in the company" in result.stderr
    training = tmp_path / "training.yaml"
    training.write_text(vae.read_text(encoding="utf-8").replace("route: vae", "route: formation"), "utf-8")
    result = runner.invoke(cli, ["decide", "jury", str(training), *REFS])
    assert result.exit_code == 1
    assert "missing required property 'evaluations'" in result.stderr


def test_a_training_period_for_a_referential_silent_on_them_is_not_guessed(runner: CliRunner, tmp_path: Path) -> None:
    # 001 does not say which periods are excluded (only 003, for Chargé(e) d'accueil, quotes the decree).
    path = tmp_path / "stage.yaml"
    path.write_text(
        "certification: {id: assistant-commercial}\ncandidate: {name: Test}\nrequest_date: 2024-03-15\n"
        "activities:\n  - title: Stage\n    sector: mutualite\n    status: salarie\n    kind: stage\n"
        "    matches_nature: true\n    start: 2018-01-01\n    end: 2022-12-31\n"
        "    evidence: [attestations-employeurs]\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["decide", "vae", str(path), *REFS])
    assert result.exit_code == 1
    assert f"{path}:8:11: error CQP205: assistant-commercial@2013 does not say whether such a period counts" in (
        result.stderr
    )
