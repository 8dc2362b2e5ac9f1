"""Values that become path components or one-line messages: no line break, no control character.

JSON Schema ``pattern`` is an ECMA-262 regex, where ``$`` is the end of the text; Python's
``re.search`` lets ``$`` match before a final line break, so ``"2013\\n"`` would pass
``^[0-9]+$`` and become a folder name. Every pattern of the shipped schemas is checked with
ECMA-262 anchoring, and no finding or message prints the raw control character.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cqpengine.checking.schema import ecma_pattern
from cqpengine.cli import cli
from cqpengine.loading.marks import YamlLoadError
from cqpengine.loading.yamlio import load_yaml_text
from cqpengine.output import UnsafePathError, output_path, safe_component
from tests.support.helpers import EXAMPLES, ROOT

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def schema_patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return own + [p for value in node.values() for p in schema_patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in schema_patterns(value)]
    return []


PATTERNS = sorted(
    {p for path in (ROOT / "schema").glob("*.schema.json") for p in schema_patterns(json.loads(path.read_text()))}
)


def test_the_schemas_have_anchored_patterns() -> None:
    assert len(PATTERNS) >= 8
    assert all(p.startswith("^") and p.endswith("$") for p in PATTERNS)


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=20, deadline=None, derandomize=True)
@given(data=st.data())
def test_every_schema_pattern_refuses_a_final_line_break(pattern: str, data: st.DataObject) -> None:
    value = data.draw(st.from_regex(re.compile(pattern.replace("$", r"\Z")), fullmatch=True))
    assert ecma_pattern(pattern).search(value)
    assert re.search(pattern, value + "\n"), "Python's own $ lets the line break through"
    for suffix in ("\n", "\r\n", "\t", "\r"):
        assert not ecma_pattern(pattern).search(value + suffix)


def test_a_dollar_inside_a_class_or_escaped_stays_a_character() -> None:
    assert ecma_pattern(r"^[$]a\$$").search("$a$")
    assert not ecma_pattern(r"^[$]a\$$").search("$a$\n")


def test_a_path_component_ending_in_a_line_break_is_refused(tmp_path: Path) -> None:
    for value in ("2013\n", "2013\r", "a\tb", "RNCP\n"):
        with pytest.raises(UnsafePathError):
            safe_component(value)
        with pytest.raises(UnsafePathError):
            output_path(tmp_path, "x", value, suffix=".html")
    assert safe_component("RNCP") == "RNCP"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('version: "2013"', 'version: "2013\\n"'),
        ("id: exemple-domaines", 'id: "exemple-domaines\\n"'),
        ("  - id: D1\n", '  - id: "D1\\n"\n'),
        ("id: D1\n", 'id: "D1\\t"\n'),
    ],
)
def test_an_id_or_version_with_a_line_break_is_a_schema_error_not_a_folder(
    runner: CliRunner, tmp_path: Path, old: str, new: str
) -> None:
    source = EXAMPLES / "exemple_domaines.yaml"
    text = source.read_text(encoding="utf-8")
    assert old in text
    folder = tmp_path / "refs"
    folder.mkdir()
    (folder / source.name).write_text(text.replace(old, new, 1), encoding="utf-8")
    result = runner.invoke(cli, ["build", str(folder), "-o", str(tmp_path / "out"), "--format", "html"])
    assert result.exit_code == 1, result.output
    assert "CQP010" in result.stderr
    assert not CONTROL.search(result.output.replace("\n", "")), result.output
    for line in result.output.splitlines():
        assert not line.startswith((" ", "livret", "grilles")), "a value broke a one-line message"
    made = [p.name for p in (tmp_path / "out").rglob("*")]
    assert not any(CONTROL.search(name) or "\n" in name for name in made), made


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('version: "2013"', 'version: "2013\\n"'),
        ("id: charge-accueil", 'id: "charge-accueil\\n"'),
        ("request_date: 2024-03-15", 'request_date: "2024-03-15\\n"'),
        ("sector: mutualite", 'sector: "mutualite\\n"'),
    ],
)
def test_a_candidate_value_with_a_line_break_is_a_finding(
    runner: CliRunner, tmp_path: Path, old: str, new: str
) -> None:
    text = (ROOT / "examples" / "vae_charge_accueil.yaml").read_text(encoding="utf-8")
    assert old in text
    candidate = tmp_path / "c.yaml"
    candidate.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = runner.invoke(cli, ["decide", "vae", str(candidate), "--referentials", str(ROOT / "referentials")])
    assert result.exit_code == 1, result.output
    assert "CQP010" in result.stderr or "CQP204" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("escape", ["\\x9b", "\\u2028", "\\u2029", "\\x85", "\\x1b", "\\x7f"])
def test_a_control_character_written_as_an_escape_is_refused_and_named_not_printed(escape: str) -> None:
    for text in (f'a: "x{escape}y"\n', f'"k{escape}": 1\n'):
        with pytest.raises(YamlLoadError) as caught:
            load_yaml_text(text, Path("t.yaml"))
        assert caught.value.code == "CQP003"
        assert re.search(r"U\+[0-9A-F]{4}", caught.value.message)
        assert not CONTROL.search(caught.value.message)


def test_multi_line_text_stays_allowed() -> None:
    assert load_yaml_text('a: "ligne 1\\nligne 2\\ttab"\n', Path("t.yaml")).data == {"a": "ligne 1\nligne 2\ttab"}


#: A file name that would split a finding in two, pose as a GitHub Actions command and drive the terminal.
HOSTILE_NAME = "a\n::error file=x::faux\x1b[2J\u2028.yaml"


def test_a_file_name_with_control_characters_stays_on_its_line(tmp_path: Path) -> None:
    (tmp_path / HOSTILE_NAME).write_text("id: x\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    escaped = "a\\n::error file=x::faux\\x1b[2J\\u2028.yaml"
    findings = [line for line in result.output.splitlines() if "CQP010" in line]
    assert findings and all(line.startswith(f"{tmp_path}/{escaped}:") for line in findings)
    assert not any(line.startswith("::") for line in result.output.splitlines())
    assert "\x1b" not in result.output and "\u2028" not in result.output
    # The same in a usage error, and in the report of a build.
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "nope\x1b[2J")])
    assert result.exit_code == 2 and "nope\\x1b[2J" in result.stderr and "\x1b" not in result.stderr
    result = CliRunner().invoke(cli, ["build", str(tmp_path), "--format", "html", "-o", str(tmp_path / "out")])
    assert f"refused {tmp_path}/{escaped}: it has validation errors" in result.stderr
    assert "\x1b" not in result.output
