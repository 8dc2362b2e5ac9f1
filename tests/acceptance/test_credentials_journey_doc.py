"""docs/credentials.md shows real outputs: its journey is replayed in French, every line it shows is found.

The page's candidate files (its YAML blocks that start with ``certification:``) are written in a
folder holding the test referentials ``tests/data/commission/``; each of its shell blocks is run
command by command (``cqp …``; the keys ``openssl`` makes are made with ``cryptography``), and every
line the page shows under them (``…`` marks lines left out) must be in what the commands print.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cqpengine.cli import cli
from tests.support.credentials import KeyPair, assert_every_credential_valid, key_pair
from tests.support.helpers import DATA, ROOT

PAGE = (ROOT / "docs" / "credentials.md").read_text(encoding="utf-8")
FRENCH = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "fr_FR.UTF-8"}


def blocks(text: str) -> list[tuple[str, str]]:
    """The fenced blocks of a Markdown text: (language, content)."""
    return [(m["lang"], m["body"]) for m in re.finditer(r"^```(?P<lang>\w*)\n(?P<body>.*?)^```$", text, re.S | re.M)]


CANDIDATES = [body for lang, body in blocks(PAGE) if lang == "yaml" and body.startswith("certification:")]
SHELL = [body for lang, body in blocks(PAGE) if lang == "" and body.startswith("$ ")]

pytestmark = pytest.mark.slow


@pytest.fixture
def journey(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, KeyPair]:
    shutil.copytree(DATA / "commission", tmp_path / "referentials")
    names = ["entretien.yaml", "commission.yaml", "jury.yaml"]
    assert len(CANDIDATES) == len(names)
    for name, text in zip(names, CANDIDATES, strict=True):
        (tmp_path / name).write_text(text, encoding="utf-8")
    keys = key_pair(tmp_path, "cle")
    keys.private.rename(tmp_path / "cle-privee.pem")
    keys.public.rename(tmp_path / "cle-publique.pem")
    monkeypatch.chdir(tmp_path)
    return tmp_path, keys


def test_the_page_shows_what_the_commands_print(journey: tuple[Path, KeyPair]) -> None:
    folder, keys = journey
    assert len(SHELL) >= 5
    for block in SHELL:
        printed: list[str] = []
        shown: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                args = shlex.split(line[2:])
                if args[0] == "openssl":  # the keys are made by the fixture
                    continue
                assert args[0] == "cqp", line
                result = CliRunner().invoke(cli, args[1:], env=FRENCH)
                assert result.exit_code in (0, 1), (line, result.output)
                printed.extend((result.stdout + result.stderr).splitlines())
            elif line.strip() and line.strip() != "…":
                shown.append(line)
        missing = [line for line in shown if line not in printed]
        assert missing == [], (block, printed)
    # The commission's credential of C3: of the official schema, and signed.
    assert assert_every_credential_valid(folder / "attestations", keys.public_key) == 2
