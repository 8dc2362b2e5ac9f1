"""``--format github`` and ``--format sarif``: escaping, paths, the SARIF 2.1.0 schema, stable output."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cqpengine.cli import cli
from cqpengine.findings import CATALOG, Finding, Severity
from cqpengine.reporters import FORMATS
from cqpengine.reporters.github import annotation_path, escape_data, escape_property, format_github, workflow_command
from cqpengine.reporters.paths import file_uri
from cqpengine.reporters.sarif import FINGERPRINT
from tests.support.helpers import DATA, EXAMPLES, REFERENTIALS, ROOT, assert_valid_sarif

CANDIDATES = ROOT / "examples"


# --- GitHub workflow commands ----------------------------------------------------------------------


def unescape(text: str, *, prop: bool) -> str:
    """What the Actions runner does to a message (``prop=False``) or a property value."""
    text = text.replace("%0D", "\r").replace("%0A", "\n")
    if prop:
        text = text.replace("%3A", ":").replace("%2C", ",")
    return text.replace("%25", "%")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Split ``::name k=v,k=v::message`` the way the runner does, then unescape each part."""
    match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match.group(2).split(","))
    return (
        match.group(1),
        {key: unescape(value, prop=True) for key, value in properties.items()},
        unescape(match.group(3), prop=False),
    )


def test_github_escapes_percent_colon_comma_and_line_breaks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    finding = Finding(
        file="referentials/a,b:c%d.yaml",
        line=3,
        column=7,
        severity=Severity.ERROR,
        code="CQP010",
        message="100% sure: one, two\r\nthree",
        path="$.units[0]",
    )
    line = format_github([finding], environ={})
    assert line == (
        "::error file=referentials/a%2Cb%3Ac%25d.yaml,line=3,col=7,title=CQP010%3A does not match the JSON Schema"
        "::100%25 sure: one, two%0D%0Athree [at $.units[0]]\n"
    )
    command, properties, message = parse_command(line.rstrip("\n"))
    assert command == "error"
    assert properties == {
        "file": "referentials/a,b:c%d.yaml",
        "line": "3",
        "col": "7",
        "title": "CQP010: does not match the JSON Schema",
    }
    assert message == "100% sure: one, two\r\nthree [at $.units[0]]"


@given(st.text(), st.text())
def test_github_escaping_round_trips(value: str, message: str) -> None:
    line = workflow_command("warning", {"title": value, "file": value}, message)
    assert "\n" not in line and "\r" not in line
    _, properties, parsed = parse_command(line)
    assert properties == {"title": value, "file": value}
    assert parsed == message


def test_escape_data_leaves_colon_and_comma_in_messages() -> None:
    assert escape_data("a: b, c%") == "a: b, c%25"
    assert escape_property("a: b, c%") == "a%3A b%2C c%25"


def test_validate_github_one_command_per_finding(runner: CliRunner) -> None:
    folder = DATA / "invalid"
    as_json = json.loads(runner.invoke(cli, ["validate", "--format", "json", str(folder)]).stdout)
    result = runner.invoke(cli, ["validate", "--format", "github", str(folder)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(as_json) > 10
    for line, finding in zip(lines, as_json, strict=True):
        command, properties, message = parse_command(line)
        assert command == "error"
        assert Path(properties["file"]).resolve() == Path(finding["file"]).resolve()
        assert (properties["line"], properties["col"]) == (str(finding["line"]), str(finding["column"]))
        assert properties["title"].startswith(finding["code"] + ": ")
        assert message.startswith(finding["message"])
    assert "files checked" in result.stderr


def test_validate_github_warnings_are_warning_commands(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--format", "github", str(REFERENTIALS)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("::warning file=") for line in lines)
    assert any("title=CQP112%3A placeholder text" in line for line in lines)


def test_github_paths_are_relative_to_the_workspace(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    workspace = tmp_path / "repo"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    inside = str(workspace / "referentials" / "a.yaml")
    assert annotation_path(inside, {"GITHUB_WORKSPACE": str(workspace)}) == "referentials/a.yaml"
    assert annotation_path("a.yaml", {"GITHUB_WORKSPACE": str(workspace)}) == "a.yaml"  # outside: cwd-relative
    assert annotation_path(inside, {}) == (workspace / "referentials" / "a.yaml").as_posix()


# --- SARIF -------------------------------------------------------------------------------------------


def sarif_of(runner: CliRunner, *paths: Path, exit_code: int = 1) -> dict[str, Any]:
    result = runner.invoke(cli, ["validate", "--format", "sarif", *map(str, paths)])
    assert result.exit_code == exit_code, result.output
    assert "files checked" not in result.stderr  # the stream is one JSON document
    log: dict[str, Any] = json.loads(result.stdout)
    return log


def test_sarif_of_every_invalid_example_matches_the_schema(runner: CliRunner) -> None:
    log = sarif_of(runner, DATA / "invalid")
    assert_valid_sarif(log)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    results = log["runs"][0]["results"]
    as_json = json.loads(runner.invoke(cli, ["validate", "--format", "json", str(DATA / "invalid")]).stdout)
    assert [r["ruleId"] for r in results] == [f["code"] for f in as_json]


def test_sarif_rules_are_the_list_rules_catalog(runner: CliRunner) -> None:
    log = sarif_of(runner, REFERENTIALS, exit_code=0)
    assert_valid_sarif(log)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    listed = [line.split()[0] for line in runner.invoke(cli, ["validate", "--list-rules"]).stdout.splitlines()]
    assert [rule["id"] for rule in rules] == listed == list(CATALOG)
    assert log["runs"][0]["tool"]["driver"]["informationUri"].startswith("https://")
    for rule in rules:
        summary = CATALOG[rule["id"]].summary
        assert rule["shortDescription"]["text"] == summary
        assert rule["defaultConfiguration"]["level"] == str(CATALOG[rule["id"]].severity)
        # What GitHub code scanning requires of every rule (sarif-multitool's GH2012).
        assert rule["fullDescription"]["text"].startswith(summary) and rule["fullDescription"]["text"] != summary
        assert summary in rule["help"]["text"] and f"**{rule['id']}**" in rule["help"]["markdown"]
    results = log["runs"][0]["results"]
    assert results and {r["level"] for r in results} == {"warning"}
    for entry in results:
        assert rules[entry["ruleIndex"]]["id"] == entry["ruleId"]
        region = entry["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_sarif_locations_point_at_the_yaml_node(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    log = sarif_of(runner, Path("tests/data/invalid/schema_wrong_type.yaml"))
    first = log["runs"][0]["results"][0]
    assert first["ruleId"] == "CQP010"
    assert first["level"] == "error"
    assert first["message"]["text"] == (
        "unknown key 'process_typo' here: correct or remove it (did you mean 'process'?) [at $.process_typo]"
    )
    location = first["locations"][0]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "tests/data/invalid/schema_wrong_type.yaml"},
        "region": {"startLine": 12, "startColumn": 1},
    }
    assert location["logicalLocations"] == [{"fullyQualifiedName": "$.process_typo"}]


def test_sarif_uris_are_relative_and_percent_encoded(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "référentiels 100%#"
    folder.mkdir()
    shutil.copy(DATA / "invalid" / "schema_wrong_type.yaml", folder / "cas é.yaml")
    monkeypatch.chdir(tmp_path)
    log = sarif_of(runner, Path("référentiels 100%#"))
    assert_valid_sarif(log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "r%C3%A9f%C3%A9rentiels%20100%25%23/cas%20%C3%A9.yaml"
    assert [unquote(part) for part in uri.split("/")] == ["référentiels 100%#", "cas é.yaml"]
    # A file outside the working directory is named by an absolute file: URI.
    monkeypatch.chdir(DATA)
    outside = file_uri(str(folder / "cas é.yaml"))
    assert outside == (folder / "cas é.yaml").as_uri()


def test_sarif_is_stable_and_fingerprints_survive_moved_lines(runner: CliRunner, tmp_path: Path) -> None:
    source = DATA / "invalid" / "schema_wrong_type.yaml"
    target = tmp_path / "cas.yaml"
    shutil.copy(source, target)
    first = runner.invoke(cli, ["validate", "--format", "sarif", str(target)]).stdout
    assert runner.invoke(cli, ["validate", "--format", "sarif", str(target)]).stdout == first
    target.write_text("# deux lignes\n# de plus\n" + source.read_text(encoding="utf-8"), encoding="utf-8")
    moved = json.loads(runner.invoke(cli, ["validate", "--format", "sarif", str(target)]).stdout)
    before = json.loads(first)["runs"][0]["results"]
    after = moved["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] + 2 for r in before] == [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after
    ]
    assert [r["partialFingerprints"][FINGERPRINT] for r in before] == [
        r["partialFingerprints"][FINGERPRINT] for r in after
    ]
    assert len({r["partialFingerprints"][FINGERPRINT] for r in before}) == len(before)


def test_documented_gaps_are_suppressed_with_their_reason_and_other_findings_are_not(
    runner: CliRunner, tmp_path: Path
) -> None:
    # The shipped referentials: every warning is a documented gap (or a placeholder the certification
    # documents), each a suppression whose justification is the reason written in `gaps:`.
    log = sarif_of(runner, REFERENTIALS, exit_code=0)
    results = log["runs"][0]["results"]
    reasons = {
        gap["reason"]
        for path in REFERENTIALS.glob("*.yaml")
        for gap in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("gaps", [])
    }
    assert results and all(len(r["suppressions"]) == 1 for r in results)
    assert {r["suppressions"][0]["kind"] for r in results} == {"inSource"}
    assert {r["suppressions"][0]["justification"] for r in results} <= reasons
    # The same placeholder without the gap that documents it is an alert: no suppression.
    source = REFERENTIALS / "gestionnaire_parcours.yaml"
    text = source.read_text(encoding="utf-8")
    assert "  - what: placeholder\n" in text
    undocumented = tmp_path / "gestionnaire_parcours.yaml"
    undocumented.write_text(text.replace("  - what: placeholder\n", "  - what: modules\n", 1), encoding="utf-8")
    shutil.copy(REFERENTIALS / "blocs_relation_clients.yaml", tmp_path)
    placeholders = [r for r in sarif_of(runner, tmp_path, exit_code=0)["runs"][0]["results"] if r["ruleId"] == "CQP112"]
    assert placeholders and not any("suppressions" in r for r in placeholders)


def test_sarif_of_a_valid_folder_is_a_run_without_results(runner: CliRunner) -> None:
    log = sarif_of(runner, EXAMPLES, exit_code=0)
    assert_valid_sarif(log)
    assert log["runs"][0]["results"] == []


# --- cqp decide --findings-format ----------------------------------------------------------------------

REFS = ["--referentials", str(REFERENTIALS)]


def broken_jury(tmp_path: Path) -> Path:
    text = (CANDIDATES / "jury_assistant_commercial.yaml").read_text(encoding="utf-8")
    path = tmp_path / "jury.yaml"
    path.write_text(text.replace("D4: [maitrisee, maitrisee]", "D9: [maitrisee, maitrisee]"), encoding="utf-8")
    return path


def test_decide_findings_as_sarif_alone_on_stderr(runner: CliRunner, tmp_path: Path) -> None:
    path = broken_jury(tmp_path)
    result = runner.invoke(cli, ["decide", "jury", str(path), "--findings-format", "sarif", *REFS])
    assert result.exit_code == 1
    assert result.stdout == ""
    log = json.loads(result.stderr)  # nothing but the document
    assert_valid_sarif(log)
    [entry] = log["runs"][0]["results"]
    assert entry["ruleId"] == "CQP202"
    assert entry["locations"][0]["physicalLocation"]["region"] == {"startLine": 15, "startColumn": 3}
    assert "Alex" not in result.stderr


def test_decide_findings_as_github_commands(runner: CliRunner, tmp_path: Path) -> None:
    path = broken_jury(tmp_path)
    result = runner.invoke(cli, ["decide", "jury", str(path), "--findings-format", "github", *REFS])
    assert result.exit_code == 1
    command, properties, message = parse_command(result.stderr.splitlines()[0])
    assert (command, properties["line"], properties["col"]) == ("error", "15", "3")
    assert message.startswith("assistant-commercial@2013 has no such unit")


@pytest.mark.parametrize("findings_format", ["sarif", "json"])
def test_decide_without_error_gives_an_empty_report(runner: CliRunner, findings_format: str) -> None:
    jury = str(CANDIDATES / "jury_assistant_commercial.yaml")
    args = ["decide", "jury", jury, "--format", "json", "--findings-format", findings_format, *REFS]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["delivery"] == "partielle"
    report = json.loads(result.stderr)
    if findings_format == "json":
        assert report == []
    else:
        assert_valid_sarif(report)
        assert report["runs"][0]["results"] == []


def test_validate_and_decide_offer_the_same_formats(runner: CliRunner) -> None:
    for args in (["validate", "--help"], ["decide", "jury", "--help"]):
        assert "[" + "|".join(FORMATS) + "]" in runner.invoke(cli, args).stdout.replace("\n", "")
    result = runner.invoke(cli, ["validate", "--format", "xml"])
    assert result.exit_code == 2
