"""Silent YAML mistakes injected into a real referential: folded lines and text read as numbers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cqpengine.checking import check_paths
from cqpengine.findings import CATALOG, Finding, Severity
from tests.support.helpers import REFERENTIALS

NAME = "charge_accueil.yaml"
SOURCE = (REFERENTIALS / NAME).read_text(encoding="utf-8")
LINES = SOURCE.split("\n")


def check_with(tmp_path: Path, index: int, replacement: str) -> list[Finding]:
    """Check a copy of the referentials where line ``index`` of charge_accueil.yaml is replaced."""
    folder = tmp_path / "referentials"
    shutil.copytree(REFERENTIALS, folder)
    lines = list(LINES)
    lines[index] = replacement
    (folder / NAME).write_text("\n".join(lines), encoding="utf-8")
    findings = check_paths([folder / NAME]).findings
    # Its documented gap (who decides on some blocs alone, CQP121) is a warning of every check: left out.
    return [f for f in findings if Path(f.file).name == NAME and f.code != "CQP121"]


def test_the_rules_are_listed() -> None:
    assert CATALOG["CQP012"].severity is Severity.WARNING
    assert CATALOG["CQP011"].severity is Severity.ERROR


def test_indicator_indented_one_space_too_far_is_a_warning(tmp_path: Path) -> None:
    index = LINES.index(
        "                  - Le candidat est réactif dans son organisation en cas de changements ou d'interférences."
    )
    findings = check_with(tmp_path, index, " " + LINES[index])
    assert [(f.code, f.severity, f.line, f.column) for f in findings] == [("CQP012", "warning", index + 1, 20)]
    assert "looks like a new list item" in findings[0].message
    assert f"starts at line {index}" in findings[0].message


def test_arrow_indicator_folded_into_the_text_above(tmp_path: Path) -> None:
    index = LINES.index(
        "                  - Le candidat est réactif dans son organisation en cas de changements ou d'interférences."
    )
    findings = check_with(tmp_path, index, "                    → Le candidat est réactif")
    assert [(f.code, f.line, f.column) for f in findings] == [("CQP012", index + 1, 21)]


def test_key_folded_into_the_text_above(tmp_path: Path) -> None:
    index = LINES.index("title: Chargé(e) d'accueil et de relation clients/adhérents")
    findings = check_with(tmp_path, index, LINES[index] + "\n  generation:blocs")
    assert [(f.code, f.line) for f in findings] == [("CQP012", index + 2)]
    assert "looks like a key" in findings[0].message


def test_real_referentials_have_no_folded_item() -> None:
    assert not [f for f in check_paths([REFERENTIALS]).findings if f.code == "CQP012"]


@pytest.mark.parametrize(
    ("line", "replacement", "expected"),
    [
        (
            'version: "RNCP"',
            "version: 2025.10",
            '2025.10 is read by YAML as the number 2025.1, not as text: put it in quotes, "2025.10"',
        ),
        ('version: "RNCP"', "version: 2025", "2025 is read by YAML as the number 2025"),
        (
            "title: Chargé(e) d'accueil et de relation clients/adhérents",
            "title: yes",
            'yes is read by YAML as the value true, not as text: put it in quotes, "yes"',
        ),
        (
            "title: Chargé(e) d'accueil et de relation clients/adhérents",
            "title: 1.0e+3",
            "1.0e+3 is read by YAML as the number 1000.0",
        ),
        (
            "title: Chargé(e) d'accueil et de relation clients/adhérents",
            "title:",
            "a text is expected here but nothing is written",
        ),
    ],
)
def test_text_read_as_a_number_says_to_quote_it_as_written(
    tmp_path: Path, line: str, replacement: str, expected: str
) -> None:
    index = LINES.index(line)
    findings = [f for f in check_with(tmp_path, index, replacement) if f.code.startswith("CQP01")]
    assert [(f.code, f.line) for f in findings] == [("CQP011", index + 1)]  # one finding, not a CQP010 too
    assert expected in findings[0].message


def test_list_item_holding_a_colon_says_to_quote_it_not_that_it_is_a_mapping(tmp_path: Path) -> None:
    index = LINES.index("  - Agent point d'accueil")
    findings = [f for f in check_with(tmp_path, index, "  - Agent point d'accueil : agence") if f.severity == "error"]
    assert [(f.code, f.line, f.column) for f in findings] == [("CQP011", index + 1, 5)]
    assert findings[0].message == (
        'this text holds " : ", which YAML reads as "key: value": put the whole text in quotes, '
        '"Agent point d\'accueil : agence"'
    )
