"""Where editors' repositories run the checks: the pre-commit hooks and the example GitHub workflow."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from cqpengine import precommit
from cqpengine.cli import cli
from tests.support.helpers import EXAMPLES, REFERENTIALS, ROOT, assert_valid_sarif

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
WORKFLOW = ROOT / "docs" / "ci" / "github-workflow.yml"
IN_CI = os.environ.get("CI") == "true"


def hooks() -> dict[str, dict[str, Any]]:
    return {hook["id"]: hook for hook in yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))}


def pre_commit(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real pre-commit of the test environment."""
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def copy_referentials(source: Path, target: Path) -> Path:
    """A ``referentials`` folder under ``target`` holding the YAML files of ``source``."""
    folder = target / "referentials"
    folder.mkdir(parents=True)
    for path in source.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    return folder


# --- the hooks manifest ------------------------------------------------------------------------------


def test_hooks_manifest_is_valid_for_pre_commit() -> None:
    result = pre_commit("validate-manifest", str(HOOKS_FILE), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_validate_hook_checks_the_whole_folder_when_a_referential_changes() -> None:
    hook = hooks()["cqp-validate"]
    assert hook["language"] == "python"
    assert hook["types_or"] == ["yaml"]
    assert re.search(hook["files"], "referentials/charge_accueil.yaml")
    assert not re.search(hook["files"], "docs/ci/github-workflow.yml")
    # Shared units and superseded versions are in other files: the folder, not the staged files.
    assert hook["pass_filenames"] is False
    assert shlex.split(hook["entry"]) + hook["args"] == ["cqp", "validate", "referentials"]


def test_documented_pre_commit_config_is_valid_and_names_the_hooks(tmp_path: Path) -> None:
    page = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- ci:pre-commit-config -->\n```yaml\n(.*?)```\n<!-- /ci:pre-commit-config -->", page, re.S)
    assert block, "docs/ci.md has no pre-commit config block"
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(block.group(1), encoding="utf-8")
    result = pre_commit("validate-config", str(config), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    named = {hook["id"] for repo in yaml.safe_load(block.group(1))["repos"] for hook in repo["hooks"]}
    assert named == set(hooks())


# --- the build-html hook -----------------------------------------------------------------------------


def test_build_html_hook_builds_into_a_folder_it_removes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "repo"
    copy_referentials(EXAMPLES, repo)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.chdir(repo)
    hook = hooks()["cqp-build-html"]
    entry = shlex.split(hook["entry"])
    assert entry[:3] == ["python", "-m", "cqpengine.precommit"]
    assert precommit.main([*entry[3:], *hook["args"]]) == 0
    assert re.search(r"wrote [1-9]\d* files to .*cqp-build-html-", capsys.readouterr().out)
    assert list(temporary.iterdir()) == []  # the documents were built, then removed
    assert sorted(p.name for p in repo.iterdir()) == ["referentials"]  # nothing left in the repository


def test_build_html_hook_fails_on_a_broken_referential(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_referentials(EXAMPLES, tmp_path)
    (folder / "casse.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert precommit.main(["build-html", "referentials"]) == 1


def test_precommit_module_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert precommit.main(["nothing"]) == 2
    assert precommit.main([]) == 2
    assert "usage: python -m cqpengine.precommit build-html" in capsys.readouterr().err


# --- the real pre-commit, installing this repository's hooks -------------------------------------------


def git(*args: str, cwd: Path) -> None:
    identity = ["-c", "user.name=Editor", "-c", "user.email=editor@localhost", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def skip_or_fail(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this test must run)")
    pytest.skip(reason)


def editors_repository(path: Path, extra: dict[str, str]) -> Path:
    """A git repository of referentials: the valid examples, plus ``extra`` (name → YAML text)."""
    folder = copy_referentials(EXAMPLES, path)
    for name, text in extra.items():
        (folder / name).write_text(text, encoding="utf-8")
    git("init", "-q", cwd=path)
    git("add", ".", cwd=path)
    git("commit", "-q", "-m", "Référentiels", cwd=path)
    return path


@pytest.mark.slow
def test_pre_commit_try_repo_fails_on_a_broken_referential_and_passes_on_a_valid_one(tmp_path: Path) -> None:
    """``pre-commit try-repo`` installs the hooks of this repository (its HEAD, plus uncommitted changes
    to tracked files) into an isolated environment from the package index, then runs its hooks.

    The two repositories are tried at once: each try installs its own environment, and they take
    the two cores rather than twice the time.
    """
    if shutil.which("git") is None:
        skip_or_fail("git is not installed")
    if not (ROOT / ".git").exists():
        skip_or_fail(f"{ROOT} is not a git checkout")
    text = (EXAMPLES / "exemple_domaines.yaml").read_text(encoding="utf-8")
    broken = text.replace("id: exemple-domaines", "id: exemple-casse").replace(
        "training_hours: {min: 280, max: 320}", "training_hours: {min: 320, max: 280}"
    )
    assert broken.count("max: 280") == 1
    valid_repo = editors_repository(tmp_path / "valid", {})
    broken_repo = editors_repository(tmp_path / "broken", {"casse.yaml": broken})
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PIP_NO_COMPILE": "1"}
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--all-files"]  # every hook
    tries = {
        repo: subprocess.Popen(command, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for repo in (valid_repo, broken_repo)
    }
    outputs = {repo: process.communicate(timeout=600)[0] for repo, process in tries.items()}
    codes = {repo: process.returncode for repo, process in tries.items()}

    assert codes[valid_repo] == 0, outputs[valid_repo]
    assert re.search(r"cqp validate \(CQP referentials\)\.+Passed", outputs[valid_repo])
    assert re.search(r"cqp build --format html \(into a temporary folder\)\.+Passed", outputs[valid_repo])

    failed = outputs[broken_repo]
    assert codes[broken_repo] == 1, failed
    assert re.search(r"cqp validate \(CQP referentials\)\.+Failed", failed)
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "max: 280" in text)
    assert (
        f"referentials/casse.yaml:{line}:19: error CQP115: training hours from 320 to 280: minimum above maximum"
        in failed
    )
    assert "exemple_domaines.yaml:" not in failed  # the valid files beside it give no finding
    assert re.search(r"cqp build --format html \(into a temporary folder\)\.+Failed", failed)
    assert "refused referentials/casse.yaml: it has validation errors" in failed


# --- the example GitHub workflow ---------------------------------------------------------------------


def workflow() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def cqp_commands() -> list[list[str]]:
    """Every ``cqp …`` command of the workflow's run steps, cut at the first shell operator."""
    commands = []
    for job in workflow()["jobs"].values():
        for step in job["steps"]:
            for line in step.get("run", "").splitlines():
                lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
                lexer.whitespace_split = True
                tokens = list(lexer)
                if tokens and tokens[0] == "cqp":
                    cut = next((i for i, t in enumerate(tokens) if set(t) <= set("|&;<>()")), len(tokens))
                    commands.append(tokens[1:cut])
    return commands


def test_workflow_matches_the_github_workflow_schema() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_installs_cqpengine_and_is_referenced_from_the_docs() -> None:
    data = workflow()
    assert data["env"]["CQPENGINE"].startswith("cqpengine")
    runs = [step.get("run", "") for job in data["jobs"].values() for step in job["steps"]]
    assert 'pip install "$CQPENGINE"' in runs
    page = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "(ci/github-workflow.yml)" in page and '--8<-- "docs/ci/github-workflow.yml"' in page


def test_workflow_cqp_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commands = cqp_commands()
    assert [args[0] for args in commands] == ["validate", "build", "validate"]
    copy_referentials(REFERENTIALS, tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for args in commands:
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
        if "--format" in args and args[args.index("--format") + 1] == "sarif":
            assert_valid_sarif(json.loads(result.stdout))
        if "github" in args:
            assert result.stdout.startswith("::warning file=referentials/")
    assert any((tmp_path / "build" / "html").rglob("referentiel.html"))
