"""Negative examples: every file of tests/data/invalid gives exactly the findings it announces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cqpengine.checking import check_paths
from tests.support.helpers import DATA

INVALID = sorted((DATA / "invalid").glob("*.yaml"))
_EXPECT = re.compile(rb"# expect: (CQP\d{3}) (\d+):(\d+)")


def expected(path: Path) -> set[tuple[str, int, int]]:
    return {(code.decode(), int(line), int(col)) for code, line, col in _EXPECT.findall(path.read_bytes())}


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_invalid_example_gives_announced_findings(path: Path) -> None:
    announced = expected(path)
    assert announced, f"{path.name} announces no finding"
    result = check_paths([path])
    found = {(f.code, f.line, f.column) for f in result.findings}
    assert found == announced
    assert not result.ok()
    assert result.referentials == []


def test_every_load_error_class_has_a_negative_example() -> None:
    codes = {code for path in INVALID for code, _, _ in expected(path)}
    assert {"CQP001", "CQP002", "CQP003", "CQP004", "CQP005", "CQP006", "CQP010"} <= codes
