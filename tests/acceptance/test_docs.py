"""The documentation: the MkDocs site builds strictly, includes the example files rather than copies,
and the README keeps the two blocks `.ci/run` reads, with links that lead somewhere."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import click
import pytest

from cqpengine.cli import cli
from tests.support.helpers import ROOT

DOCS = ROOT / "docs"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def text_of(page: Path) -> str:
    """The text a reader sees on a built page (tags removed, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `mkdocs build --strict` makes it (from the repository root: snippet paths are relative to it)."""
    out = tmp_path_factory.mktemp("site")
    command = ["build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(out)]
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_the_site_builds_strictly_with_every_page(site: Path) -> None:
    pages = {path.relative_to(DOCS).with_suffix("") for path in DOCS.rglob("*.md")}
    for page in pages:
        built = site / page / "index.html" if page.name != "index" else site / page.parent / "index.html"
        assert built.is_file(), page
    assert (site / "ci" / "github-workflow.yml").read_bytes() == (DOCS / "ci" / "github-workflow.yml").read_bytes()


def test_decision_examples_are_included_not_copied(site: Path) -> None:
    source = (DOCS / "decisions.md").read_text(encoding="utf-8")
    built = text_of(site / "decisions" / "index.html")
    assert EXAMPLES
    for example in EXAMPLES:
        content = example.read_text(encoding="utf-8").strip()
        assert f'--8<-- "examples/{example.name}"' in source, example.name
        assert content not in source, f"{example.name} is copied into docs/decisions.md: include it by snippet"
        assert content in built, example.name


def test_the_install_page_and_the_tests_page_show_the_readme_commands(site: Path) -> None:
    for page in ("install", "development/tests"):
        built = text_of(site / page / "index.html")
        assert ". .venv/bin/activate && pip install '.[test]'" in built, page
    assert "pip install . && cqp build" in text_of(site / "install" / "index.html")
    assert "--8<--" not in text_of(site / "install" / "index.html")


def ci_run_block(tag: str) -> str:
    """What `.ci/run` reads from the README for `tag`, with `.ci/run`'s own awk."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    function = re.search(r"^block\(\) \{\n.*?^\}\n", script, re.S | re.M)
    assert function, ".ci/run has no block() function"
    result = subprocess.run(
        ["bash", "-c", function.group(0) + f"block {tag}"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout


def test_ci_run_still_reads_the_readme_set_up_and_test_commands() -> None:
    assert ci_run_block("setup") == "python3 -m venv .venv && . .venv/bin/activate && pip install . && cqp build\n"
    assert ci_run_block("test").startswith(". .venv/bin/activate && pip install '.[test]' && ")
    assert ci_run_block("test").rstrip().endswith("python -m pytest -n auto")


def test_readme_is_short_and_its_links_lead_somewhere() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150, "the README stays short: move the detail into docs/"
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme)
    local = [target for target in targets if "://" not in target]
    assert "docs/guide-redaction.md" in local
    for target in local:
        assert (ROOT / target).exists(), target


def options(command: click.Command, context: click.Context) -> list[list[str]]:
    """Every option of ``command`` and of its subcommands, as the spellings of each (``-o``, ``--output``)."""
    found = [param.opts for param in command.params if isinstance(param, click.Option) and "--help" not in param.opts]
    if isinstance(command, click.Group):
        for name in command.list_commands(context):
            subcommand = command.get_command(context, name)
            assert subcommand is not None
            found += options(subcommand, context)
    return found


def test_every_command_has_its_page_naming_each_of_its_options() -> None:
    context = click.Context(cli)
    names = cli.list_commands(context)
    assert "validate" in names
    for name in names:
        command = cli.get_command(context, name)
        assert command is not None
        page = DOCS / "commands" / f"{name}.md"
        assert page.is_file(), f"cqp {name} has no page docs/commands/{name}.md"
        text = page.read_text(encoding="utf-8")
        assert text.startswith(f"# `cqp {name}`\n"), page
        for spellings in options(command, context):
            assert any(re.search(rf"(?<![\w-]){re.escape(spelling)}(?![\w-])", text) for spelling in spellings), (
                f"docs/commands/{name}.md does not mention {spellings[-1]}"
            )


def test_the_architecture_page_lists_the_layers_of_the_contract() -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        contracts = tomllib.load(handle)["tool"]["importlinter"]["contracts"]
    [layers] = [contract["layers"] for contract in contracts if contract["type"] == "layers"]
    page = (DOCS / "development" / "architecture.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- layers:begin -->\n```text\n(.*?)```\n<!-- layers:end -->", page, re.S)
    assert block, "docs/development/architecture.md has no layers block"
    assert block.group(1).splitlines() == layers
