"""What ``cqp --help`` and ``cqp validate FILE`` import: only what they use (the modules, not the time).

Each command runs in a fresh interpreter, as a user runs it; the modules it imported are then
listed from ``sys.modules``. ``cqp --help`` lists every command from
:data:`cqpengine.commands.helps.HELP` without importing any of them, and the version is a constant.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cqpengine import __version__
from cqpengine.cli import COMMANDS, cli
from cqpengine.commands.helps import HELP

ROOT = Path(__file__).resolve().parents[2]

#: Runs ``cqp`` with the given arguments, then prints the names of the imported modules as JSON.
PROBE = """
import json, sys
sys.argv = ["cqp", *json.loads(sys.argv[1])]
from cqpengine.cli import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\n" + json.dumps(sorted(sys.modules)))
"""

#: Libraries that ``cqp --help`` does not use.
NOT_FOR_HELP = (
    "yaml",
    "jsonschema",
    "jinja2",
    "weasyprint",
    "pypdf",
    "watchfiles",
    "importlib.metadata",
    "email",
    "zipfile",
    "cqpengine.commands.build",
    "cqpengine.loading",
    "cqpengine.model",
    "cqpengine.reporters",
)
#: Libraries that ``cqp validate FILE`` does not use (it prints no document and reads no PDF).
NOT_FOR_VALIDATE = ("jinja2", "weasyprint", "pypdf", "watchfiles", "importlib.metadata")


def probe(*args: str) -> tuple[str, set[str]]:
    """What ``cqp ARGS`` printed, and the modules and packages it imported, in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"},
    )
    return done.stdout, set(json.loads(done.stderr.rsplit("\n", 1)[1]))


def imported_by(*args: str) -> set[str]:
    """The top modules and packages imported by ``cqp ARGS`` in a fresh interpreter."""
    return probe(*args)[1]


def loaded(modules: set[str], name: str) -> bool:
    """True when ``name`` or one of its submodules is in ``modules``."""
    return any(module == name or module.startswith(name + ".") for module in modules)


def test_help_imports_no_command_nor_heavy_library() -> None:
    modules = imported_by("--help")
    assert "click" in modules  # the probe does see imports
    assert [name for name in NOT_FOR_HELP if loaded(modules, name)] == []
    assert sorted(name for name in modules if name.startswith("cqpengine.commands.")) == [
        "cqpengine.commands.helps",
        "cqpengine.commands.translated",
    ]


def test_version_imports_no_metadata() -> None:
    printed, modules = probe("--version")
    assert printed == f"cqp {__version__}\n"  # the version was asked for, and given
    assert not loaded(modules, "importlib.metadata")


def test_validate_imports_only_what_it_uses() -> None:
    modules = imported_by("validate", str(ROOT / "referentials" / "teleconseiller.yaml"))
    assert loaded(modules, "cqpengine.checking.rules") and loaded(modules, "yaml")  # it did validate
    assert [name for name in NOT_FOR_VALIDATE if loaded(modules, name)] == []
    assert not loaded(modules, "jsonschema")  # a valid file passes the quick check: no error to word


def test_help_table_lists_every_command_with_its_own_help() -> None:
    assert set(HELP) == set(COMMANDS)
    for name in COMMANDS:
        command = cli.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None and command.help == HELP[name]


@pytest.mark.parametrize("lang", ["C.UTF-8", "fr_FR.UTF-8"])
def test_help_lists_each_command_with_its_first_sentence(lang: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cqpengine", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={"LANG": lang, "PATH": "/usr/bin:/bin"},
    )
    rows = done.stdout.split("\n\n")[-1].splitlines()[1:]
    assert [row.split(None, 1)[0] for row in rows] == sorted(COMMANDS)
    french = lang.startswith("fr")
    for row, name in zip(rows, sorted(COMMANDS), strict=True):
        shown = row.split(None, 1)[1].removesuffix("...")
        assert HELP[name].startswith(shown) != french  # the start of its help, translated in French
