"""``cqp validate`` through click: exit codes, text and JSON output, --strict, --list-rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cqpengine.cli import cli
from cqpengine.findings import CATALOG
from tests.support.helpers import DATA, EXAMPLES


def test_valid_examples_exit_0(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "3 files checked: 0 errors, 0 warnings" in result.stderr


def test_findings_exit_1_with_one_line_each(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(DATA / "invalid")])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    announced = sum(path.read_bytes().count(b"# expect:") for path in (DATA / "invalid").glob("*.yaml"))
    assert len(lines) == announced
    assert all(" error CQP0" in line for line in lines)
    assert "Traceback" not in result.output
    assert (
        f"{DATA / 'invalid' / 'yaml_duplicate_key.yaml'}:5:1: error CQP004: "
        "duplicate key 'title': first at line 4, again at line 5; keep only one"
    ) in lines


def test_missing_path_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "path does not exist" in result.stderr
    assert "Traceback" not in result.output


def test_folder_without_yaml_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "no referential files" in result.stderr


def test_unknown_option_is_a_usage_error(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["validate", "--bogus"]).exit_code == 2


def test_json_output_carries_every_field(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--format", "json", str(DATA / "invalid" / "schema_wrong_type.yaml")])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert findings[0] == {
        "file": str(DATA / "invalid" / "schema_wrong_type.yaml"),
        "line": 12,
        "column": 1,
        "severity": "error",
        "code": "CQP010",
        "message": "unknown key 'process_typo' here: correct or remove it (did you mean 'process'?)",
        "path": "$.process_typo",
    }
    assert [f["line"] for f in findings] == [12, 14, 15]


def test_json_output_of_a_valid_folder_is_an_empty_array(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--format", "json", str(EXAMPLES)])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_strict_fails_on_warnings_only(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "ref"
    shutil.copytree(EXAMPLES, folder)
    path = folder / "exemple_domaines.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Technique d'entretien}", "XXXXXXXX}"), encoding="utf-8")
    lenient = runner.invoke(cli, ["validate", str(folder)])
    strict = runner.invoke(cli, ["validate", "--strict", str(folder)])
    assert lenient.exit_code == 0
    assert strict.exit_code == 1
    assert "warning CQP112" in strict.stdout


def test_list_rules_prints_every_code(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--list-rules"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == list(CATALOG)


def test_default_path_is_local_referentials(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "referentials")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0
    assert "3 files checked" in result.stderr
    assert "shipped" not in result.stderr


def test_default_falls_back_to_shipped_referentials(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["validate"])
    assert "using the referentials shipped with cqpengine" in result.stderr
    assert result.exit_code == 0, result.output
    assert "6 files checked: 0 errors" in result.stderr


def test_internal_errors_exit_3_in_one_line(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from cqpengine import checking

    def explode(paths: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.delenv("CQP_DEBUG", raising=False)
    monkeypatch.setattr(checking, "check_paths", explode)
    result = runner.invoke(cli, ["validate", str(EXAMPLES)])
    assert result.exit_code == 3
    assert "internal error: RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.output


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("cqp ")


def test_help_imports_no_heavy_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from cqpengine.cli import cli\n"
        "try:\n"
        "    cli(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('jinja2', 'weasyprint', 'jsonschema', 'pypdf') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in result.stdout
    for command in ("build", "render", "validate"):
        assert command in result.stdout


def test_the_same_file_named_twice_is_checked_once(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES.parent)
    result = runner.invoke(
        cli, ["validate", "examples", "./examples/../examples/exemple_blocs.yaml", str(EXAMPLES / "exemple_blocs.yaml")]
    )
    assert result.exit_code == 0, result.output
    assert "3 files checked: 0 errors" in result.stderr


@pytest.mark.parametrize(
    "command", [["validate", "{}"], ["render", "{}", "--doc", "referentiel"], ["decide", "vae", "{}"]]
)
def test_a_fifo_is_refused_not_read(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = runner.invoke(cli, [part.format(fifo) for part in command])
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr


def test_the_documented_sample_finding_is_real(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support.helpers import ROOT

    page = (ROOT / "docs" / "commands" / "validate.md").read_text(encoding="utf-8")
    [sample] = [line for line in page.splitlines() if line.startswith("referentials/") and " CQP" in line]
    monkeypatch.chdir(ROOT)
    result = runner.invoke(cli, ["validate", "--show-warnings", "referentials"], catch_exceptions=False)
    assert sample in result.stdout.splitlines()


def test_known_warnings_are_counted_unless_asked_and_errors_come_first(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from tests.support.helpers import REFERENTIALS

    folder = tmp_path / "referentials"
    shutil.copytree(REFERENTIALS, folder)
    path = folder / "teleconseiller.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('version: "2013"', "version: 2013", 1), encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(folder)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # One's own error is the first line, not buried under the known gaps and placeholders.
    assert lines[0].startswith(f"{path}:") and " error CQP011: 2013 is read by YAML as the number 2013" in lines[0]
    assert not [line for line in lines if " warning CQP112" in line or "documented gap" in line]
    assert (
        "not shown: 12 documented gaps (CQP107 ×8, CQP109 ×3, CQP121 ×1), 13 placeholders (CQP112); "
        "see them with --show-warnings"
    ) in result.stderr
    shown = runner.invoke(cli, ["validate", "--show-warnings", str(folder)])
    assert shown.stdout.splitlines()[0] == lines[0]
    assert len(shown.stdout.splitlines()) == len(lines) + 25  # the broken file's own gaps are not checked
    assert all(" error " in line for line in shown.stdout.splitlines()[: len(lines)])
    assert "not shown" not in shown.stderr
    # --strict still fails on them, and lists them; JSON lists every finding.
    assert runner.invoke(cli, ["validate", "--strict", str(REFERENTIALS)]).exit_code == 1
    assert len(runner.invoke(cli, ["validate", "--strict", str(REFERENTIALS)]).stdout.splitlines()) == 30
    import json

    assert len(json.loads(runner.invoke(cli, ["validate", "--format", "json", str(REFERENTIALS)]).stdout)) == 30
