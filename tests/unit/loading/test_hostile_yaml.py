"""Hostile YAML scalars: explicit core tags on any text, over-long integers, control characters in ids.

Each error is one finding at ``line:col`` (exit 1), never an internal error, and never quotes the
value: in a candidate file it may be the candidate's name.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cqpengine.cli import cli
from cqpengine.loading.marks import YamlLoadError
from cqpengine.loading.yamlio import MAX_INT_DIGITS, load_yaml_text
from tests.support.helpers import EXAMPLES, ROOT

CANDIDATE = ROOT / "examples" / "vae_charge_accueil.yaml"
NAME = "Camille Exemple"
#: Every tag of the YAML 1.1 type repository that PyYAML knows, and a few made-up ones.
CORE_TAGS = ["int", "float", "bool", "null", "timestamp", "binary", "set", "omap", "pairs", "merge", "value", "yaml"]


def load(text: str) -> object:
    return load_yaml_text(text, Path("t.yaml")).data


def error_of(text: str) -> YamlLoadError:
    with pytest.raises(YamlLoadError) as caught:
        load(text)
    return caught.value


def candidate_with(tmp_path: Path, old: str, new: str) -> Path:
    text = CANDIDATE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "candidate.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("tag", CORE_TAGS)
def test_a_core_tag_on_a_name_is_one_finding_that_never_quotes_it(runner: CliRunner, tmp_path: Path, tag: str) -> None:
    candidate = candidate_with(tmp_path, f"name: {NAME}", f"name: !!{tag} {NAME}")
    result = runner.invoke(cli, ["decide", "vae", str(candidate), "--referentials", str(ROOT / "referentials")])
    assert result.exit_code == 1, result.output
    assert NAME not in result.stderr and "Camille" not in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.output
    [finding] = [line for line in result.stderr.splitlines() if " error CQP" in line]
    assert re.match(rf"{re.escape(str(candidate))}:11:9: error CQP00[15]: ", finding), finding
    assert result.stdout == ""


@pytest.mark.parametrize(
    "text",
    [
        "!!int Camille",
        "!!int ''",
        "!!int 0x",
        "!!int 0b_",
        "!!int 12.5",
        "!!float Camille",
        "!!float 1,5",
        "!!bool Camille",
        "!!bool 1",
        "!!null Camille",
        "!!timestamp Camille",
        "!!timestamp 2024-03-15",
        "!!binary Q2FtaWxsZQ==",
        "!!set {Camille: null}",
        "!!omap [{Camille: 1}]",
        "!!pairs [{Camille: 1}]",
        "!!merge Camille",
        "!!value Camille",
        "!!yaml Camille",
        "!!str {Camille: 1}",
        "!!map Camille",
        "!!seq Camille",
        "!Camille x",
        "!!Camille x",
    ],
)
def test_a_tag_that_does_not_fit_is_a_loading_error_at_its_node(text: str) -> None:
    error = error_of(f"a: 1\nb: {text}\n")
    assert error.code in {"CQP001", "CQP005"}
    assert (error.mark.line, error.mark.column) == (2, 4)
    assert "Camille" not in error.message


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("!!int 12", 12),
        ('!!int "12"', 12),
        ("!!int 0x1F", 31),
        ("!!float 2.5", 2.5),
        ("!!float 1", 1.0),
        ("!!float 1e3", 1000.0),
        ("!!bool yes", True),
        ("!!bool False", False),
        ("!!null ~", None),
        ("!!null", None),
        ("!!str 2024-03-15", "2024-03-15"),
        ("!!seq [1]", [1]),
        ("!!map {x: 1}", {"x": 1}),
    ],
)
def test_a_tag_that_fits_gives_json_data(text: str, value: object) -> None:
    data = load(f"b: {text}\n")
    assert data == {"b": value}
    assert json.loads(json.dumps(data)) == data


def test_fitting_tags_in_a_candidate_file_give_a_decision_the_json_output_carries(
    runner: CliRunner, tmp_path: Path
) -> None:
    candidate = candidate_with(tmp_path, "time_percent: 50", "time_percent: !!float 50")
    candidate.write_text(
        candidate.read_text(encoding="utf-8").replace("matches_nature: true", "matches_nature: !!bool yes"),
        encoding="utf-8",
    )
    result = runner.invoke(
        cli, ["decide", "vae", str(candidate), "--format", "json", "--referentials", str(ROOT / "referentials")]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["admissible"] is True


@pytest.mark.parametrize("tag", CORE_TAGS)
def test_a_core_tag_in_a_referential_is_one_finding(runner: CliRunner, tmp_path: Path, tag: str) -> None:
    assert_one_tag_finding(runner, tmp_path, f"!!{tag} Secret Title")


@pytest.mark.parametrize(
    "value",
    ["!!timestamp 2024-03-15", "!!binary U2VjcmV0", "!!set {Secret: null}", "!!omap [{Secret: 1}]", "!!pairs [{a: 1}]"],
)
def test_a_fitting_tag_whose_data_json_cannot_hold_is_refused(runner: CliRunner, tmp_path: Path, value: str) -> None:
    # Dates, bytes, sets and ordered pairs have no JSON form: refused rather than turned into text,
    # so that a value is never silently something other than what the file says.
    assert_one_tag_finding(runner, tmp_path, value)


def assert_one_tag_finding(runner: CliRunner, tmp_path: Path, value: str) -> None:
    source = EXAMPLES / "exemple_domaines.yaml"
    text = source.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    (tmp_path / source.name).write_text(text.replace(title, f"title: {value}", 1), encoding="utf-8")
    result = runner.invoke(cli, ["validate", "--format", "json", str(tmp_path)])
    assert result.exit_code == 1, result.output
    [finding] = json.loads(result.stdout)
    assert finding["code"] in {"CQP001", "CQP005"}
    assert finding["line"] == text[: text.index(title)].count("\n") + 1 and finding["column"] == 8
    assert "Secret" not in result.output


def test_an_integer_longer_than_the_limit_is_one_finding() -> None:
    error = error_of("a: " + "9" * 5000 + "\n")
    assert error.code == "CQP006"
    assert "9999" not in error.message
    assert load("a: " + "9" * MAX_INT_DIGITS + "\n") == {"a": int("9" * MAX_INT_DIGITS)}
    assert error_of("a: !!int 0x" + "f" * 5000 + "\n").code == "CQP006"


def test_an_over_long_integer_beside_the_file_checked_is_no_internal_error(runner: CliRunner, tmp_path: Path) -> None:
    for source in EXAMPLES.glob("*.yaml"):
        shutil.copy(source, tmp_path)
    (tmp_path / "huge.yaml").write_text("id: huge\nversion: '1'\nn: " + "9" * 5000 + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(tmp_path / "exemple_domaines.yaml")])
    assert result.exit_code == 0, result.output
    folder = runner.invoke(cli, ["validate", "--format", "json", str(tmp_path)])
    assert folder.exit_code == 1
    assert [f["code"] for f in json.loads(folder.stdout)] == ["CQP006"]


def test_a_top_level_value_is_described_not_quoted() -> None:
    with pytest.raises(YamlLoadError) as caught:
        from cqpengine.loading.yamlio import require_mapping

        require_mapping(load_yaml_text(f"{NAME}\n", Path("t.yaml")), "a candidate")
    assert NAME not in caught.value.message
    assert "a single value (text)" in caught.value.message
