"""The layers of cqpengine, as pyproject.toml's import-linter contracts declare them, hold.

``lint-imports`` checks that no module imports from a layer above its own (in-function imports
included) and that no package's modules import each other in a cycle. The other tests show each
contract can fail: the same check on a copy of the package with one upward import, or with one
import that closes a cycle, breaks it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.helpers import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the package ``cqpengine`` found in ``folder``, with ``folder``'s pyproject.toml."""
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_layers_hold() -> None:
    done = _lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 2 kept, 0 broken." in done.stdout


def _copy_with(tmp_path: Path, module: str, function: str) -> Path:
    """A copy of the package and its pyproject.toml in ``tmp_path``, ``function`` appended to ``module``."""
    shutil.copytree(ROOT / "cqpengine", tmp_path / "cqpengine", ignore=shutil.ignore_patterns("__pycache__", "_data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    path = tmp_path / "cqpengine" / module
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + function, encoding="utf-8")
    return tmp_path


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    # An in-function import counts as much as one at the top of the module.
    upward = "def _upward() -> None:\n    from cqpengine.commands import common\n"
    done = _lint_imports(_copy_with(tmp_path, "loading/yamlio.py", upward))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "cqpengine.loading is not allowed to import cqpengine.commands" in done.stdout
    assert "cqpengine.loading.yamlio -> cqpengine.commands.common" in done.stdout


def test_an_import_cycle_between_siblings_breaks_the_contract(tmp_path: Path) -> None:
    # yamlio imports marks; marks importing yamlio back (in a function: no import error) closes a cycle.
    back = "def _back() -> None:\n    from cqpengine.loading import yamlio\n"
    done = _lint_imports(_copy_with(tmp_path, "loading/marks.py", back))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Contracts: 1 kept, 1 broken." in done.stdout
    assert "in cqpengine.loading." in done.stdout and "- .marks -> .yamlio (1 import)" in done.stdout
