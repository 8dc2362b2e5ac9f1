"""Seeded, bounded fuzzing of the command line over mutated copies of the shipped files.

Each example takes a shipped referential or candidate file, applies one to three mutations of its
text (a tag or a hostile value put on a line, a line deleted, duplicated or re-indented, a stray
character, the file cut short) and runs ``cqp`` on it: exit 0, 1 or 2, never a traceback, and
never the candidate's name on stderr. ``derandomize=True``: the same examples on every run.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cqpengine.cli import cli
from tests.support.helpers import ROOT

REFERENTIALS = sorted((ROOT / "referentials").glob("*.yaml"))
CANDIDATES = sorted((ROOT / "examples").glob("*.yaml"))

TAGS = [
    *(f"!!{t}" for t in ("int", "float", "bool", "null", "str", "timestamp", "binary", "set", "omap", "pairs")),
    *("!!merge", "!!value", "!!seq", "!!map", "!custom", "!!python/object/apply:os.system"),
]
HOSTILE_VALUES = [
    "9" * 5000,
    "0x" + "f" * 5000,
    "1e999",
    ".nan",
    "-.inf",
    "~",
    "[]",
    "{}",
    "*nowhere",
    "&anchor value",
    '"x\\x9by"',
    '"x\\u2028y"',
    '"D1\\n"',
    '"\\t"',
    "'unterminated",
    '"unterminated',
    "|",
    "{a: [",
    "2024-02-30",
    "9999-99-99",
    "-1",
    "0",
    '""',
]
STRAY = ["\x00", "\t", "\r", ":", "-", "[", "{", "}", "&", "*", "!", "%", "@", "`", "|", "#", "\u2028", "\x85", "é"]

LINE_VALUE = re.compile(r"^(\s*(?:- )?[A-Za-z_][\w.-]*: )(\S.*)$")


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        kind = draw(st.sampled_from(["tag", "value", "delete", "duplicate", "indent", "stray", "cut"]))
        found = LINE_VALUE.match(line)
        if kind in ("tag", "value") and found:
            head, value = found.groups()
            replacement = (
                f"{draw(st.sampled_from(TAGS))} {value}" if kind == "tag" else draw(st.sampled_from(HOSTILE_VALUES))
            )
            lines[index] = head + replacement
        elif kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, line)
        elif kind == "indent":
            lines[index] = draw(st.sampled_from([" ", "  ", "\t"])) + line if draw(st.booleans()) else line.lstrip()
        elif kind == "stray":
            offset = draw(st.integers(0, len(line)))
            lines[index] = line[:offset] + draw(st.sampled_from(STRAY)) + line[offset:]
        elif kind == "cut":
            lines = lines[:index] + [line[: draw(st.integers(0, len(line)))]]
        text = "\n".join(lines)
    return text


def assert_clean(args: list[str], secrets: Sequence[str] = ()) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    for secret in secrets:
        assert secret not in result.stderr, result.stderr


def candidate_names(text: str) -> list[str]:
    """The candidate's name and each of its words (never to be seen on stderr)."""
    found = re.search(r"^  name: (.+)$", text, re.MULTILINE)
    assert found
    name = found.group(1).strip()
    return [name, *(word for word in name.split() if word != "Exemple")]


@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_mutated_candidate_files_never_crash_nor_leak_the_name(data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(CANDIDATES))
    original = source.read_text(encoding="utf-8")
    text = data.draw(mutated(original))
    kind = source.name.split("_", 1)[0]
    output_format = data.draw(st.sampled_from(["text", "json"]))
    with tempfile.TemporaryDirectory() as folder:
        candidate = Path(folder) / source.name
        candidate.write_bytes(text.encode("utf-8", "surrogatepass"))
        args = ["decide", kind, str(candidate), "--format", output_format]
        assert_clean([*args, "--referentials", str(ROOT / "referentials")], candidate_names(original))


@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_mutated_referentials_never_crash(data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(REFERENTIALS))
    text = data.draw(mutated(source.read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory() as folder:
        for path in REFERENTIALS:
            shutil.copy(path, folder)
        target = Path(folder) / source.name
        target.write_text(text, encoding="utf-8")
        assert_clean(["validate", "--format", data.draw(st.sampled_from(["text", "json"])), str(target)])
        assert_clean(["render", str(target), "--doc", data.draw(st.sampled_from(["referentiel", "dossier-vae"]))])
