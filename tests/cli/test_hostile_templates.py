"""Errors in a user's templates (``--templates``): exit 2 at ``file:line`` in render, build and decide.

Recursion through include, macro or extends, an unclosed raw block, a bad operand, a missing
include, a file that is not UTF-8: each is the user's to fix, reported at its place, never an
internal error or a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cqpengine.cli import cli
from tests.support.helpers import EXAMPLES, ROOT

REFERENTIAL = EXAMPLES / "exemple_blocs.yaml"
REFS = ["--referentials", str(ROOT / "referentials")]

#: name → (files of the templates folder, the file:line the error must name; in a cycle, any of its places).
BROKEN: dict[str, tuple[dict[str, bytes], tuple[str, int] | list[tuple[str, int]]]] = {
    "include-itself": ({"{doc}": b'<p>\n{% include "{doc}" %}\n'}, ("{doc}", 2)),
    "include-cycle": (
        {"{doc}": b'{% include "a.j2" %}\n', "a.j2": b'x\n{% include "b.j2" %}\n', "b.j2": b'{% include "a.j2" %}\n'},
        [("a.j2", 2), ("b.j2", 1)],
    ),
    "macro-recursion": ({"{doc}": b"{% macro m() %}{{ m() }}{% endmacro %}\n\n{{ m() }}\n"}, ("{doc}", 1)),
    "extends-itself": ({"layout.html.j2": b'{% extends "layout.html.j2" %}\n'}, ("layout.html.j2", 1)),
    "unclosed-raw": ({"{doc}": b"<p>\n{% raw %}\nnever closed\n"}, ("{doc}", 2)),
    "unclosed-block": ({"{doc}": b"<p>\n\n{% if true %}\n"}, ("{doc}", 3)),
    "bad-operand": ({"{doc}": b'<p>\n\n{{ 1 + "a" }}\n'}, ("{doc}", 3)),
    "division-by-zero": ({"{doc}": b"{{ 1 // 0 }}\n"}, ("{doc}", 1)),
    "missing-include": ({"{doc}": b'<p>\n{% include "nowhere.j2" %}\n'}, ("{doc}", 2)),
    "undefined-name": ({"{doc}": b"<p>\n{{ nothing.here }}\n"}, ("{doc}", 2)),
    "not-utf8": ({"{doc}": b"<p>\n\n\xff\xfe\n"}, ("{doc}", 3)),
    "filter-misuse": ({"{doc}": b"<p>\n{{ ref | years }}\n"}, ("{doc}", 2)),
}

#: command → the template a run of it renders first, and its arguments.
COMMANDS: dict[str, tuple[str, list[str]]] = {
    "render": ("documents/referentiel.html.j2", ["render", str(REFERENTIAL), "--doc", "referentiel"]),
    "build": ("documents/referentiel.html.j2", ["build", str(EXAMPLES), "--doc", "referentiel", "--format", "html"]),
    "decide": (
        "decisions/jury.html.j2",
        ["decide", "jury", str(ROOT / "examples" / "jury_assistant_commercial.yaml"), "--format", "html", *REFS],
    ),
}


def write_templates(folder: Path, files: dict[str, bytes], doc: str) -> None:
    for name, content in files.items():
        path = folder / name.replace("{doc}", doc)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.replace(b"{doc}", doc.encode()))


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", list(BROKEN))
def test_an_error_in_a_users_template_is_exit_2_at_its_line(tmp_path: Path, command: str, case: str) -> None:
    doc, args = COMMANDS[command]
    files, places = BROKEN[case]
    templates = tmp_path / "templates"
    write_templates(templates, files, doc)
    extra = ["-o", str(tmp_path / "out")] if command == "build" else []
    result = CliRunner().invoke(cli, [*args, *extra, "--templates", str(templates)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    expected = "|".join(
        re.escape(f"{templates / where.replace('{doc}', doc)}:{line}: template error: ")
        for where, line in (places if isinstance(places, list) else [places])
    )
    assert re.search(rf"(^|\s)({expected})", result.stderr), result.stderr
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("Error: ") and len(error) < 300


def test_recursion_says_what_to_do(tmp_path: Path) -> None:
    write_templates(tmp_path, BROKEN["macro-recursion"][0], "documents/referentiel.html.j2")
    result = CliRunner().invoke(cli, ["render", str(REFERENTIAL), "--doc", "referentiel", "--templates", str(tmp_path)])
    assert "without end (recursion): break the cycle" in result.stderr


def test_an_error_in_python_code_outside_templates_stays_internal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cqpengine.documents import rendering

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(rendering.Renderer, "render", broken)
    result = CliRunner().invoke(cli, ["render", str(REFERENTIAL), "--doc", "referentiel"])
    assert result.exit_code == 3
    assert "internal error: RuntimeError: a bug" in result.stderr
