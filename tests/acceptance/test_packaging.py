"""The wheel: built from the checkout, installed in a fresh venv, ``cqp`` works outside the repo."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.support.helpers import ROOT

pytestmark = pytest.mark.slow


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; dependencies come from the test environment."""
    work = tmp_path_factory.mktemp("wheel")
    built = run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", work / "dist", ROOT, cwd=work)
    assert built.returncode == 0, built.stderr
    [wheel] = (work / "dist").glob("cqpengine-*.whl")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bin_dir = env_dir / "bin"
    site = Path(
        run(
            bin_dir / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=work
        ).stdout.strip()
    )
    pip = run(sys.executable, "-m", "pip", "--python", bin_dir / "python", "install", "--no-deps", wheel, cwd=work)
    assert pip.returncode == 0, pip.stderr
    assert (bin_dir / "cqp").exists(), pip.stdout
    # Only now let the new venv see this environment's dependencies (and not its cqpengine, which
    # the venv's own site-packages shadows).
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz_test_dependencies.pth").write_text("\n".join(sorted(here)) + "\n", encoding="utf-8")
    return env_dir


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONNOUSERSITE"] = "1"
    return env


def test_installed_package_is_the_wheel_not_the_checkout(installed: Path, tmp_path: Path) -> None:
    result = run(
        installed / "bin" / "python", "-c", "import cqpengine; print(cqpengine.__file__)", cwd=tmp_path, env=clean_env()
    )
    assert result.returncode == 0, result.stderr
    assert str(installed) in result.stdout


def test_cqp_version_outside_the_repo(installed: Path, tmp_path: Path) -> None:
    result = run(installed / "bin" / "cqp", "--version", cwd=tmp_path, env=clean_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("cqp 0.")


def test_validate_falls_back_to_the_shipped_referentials(installed: Path, tmp_path: Path) -> None:
    result = run(installed / "bin" / "cqp", "validate", cwd=tmp_path, env=clean_env())
    assert "using the referentials shipped with cqpengine" in result.stderr
    assert str(installed) in result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stderr


def test_wheel_ships_schema_templates_and_referentials(installed: Path, tmp_path: Path) -> None:
    code = (
        "from cqpengine.resources import data_dir\n"
        "for name in ('schema', 'templates', 'referentials'):\n"
        "    print(name, data_dir(name), len(list(data_dir(name).iterdir())))\n"
    )
    result = run(installed / "bin" / "python", "-c", code, cwd=tmp_path, env=clean_env())
    assert result.returncode == 0, result.stderr
    for line in result.stdout.splitlines():
        _, where, count = line.split()
        assert str(installed) in where
        assert int(count) > 0


def test_installed_cqp_new_writes_a_skeleton_that_validates(installed: Path, tmp_path: Path) -> None:
    new = run(
        installed / "bin" / "cqp",
        "new",
        "certification",
        "essai",
        "--generation",
        "domaines",
        cwd=tmp_path,
        env=clean_env(),
    )
    assert new.returncode == 0, new.stderr
    result = run(installed / "bin" / "cqp", "validate", "essai.yaml", cwd=tmp_path, env=clean_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_installed_cqp_speaks_french_under_a_french_locale(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text('id: x\ntitle: "sans fin\n', encoding="utf-8")
    result = run(
        installed / "bin" / "cqp",
        "validate",
        "bad.yaml",
        cwd=tmp_path,
        env={**clean_env(), "LANG": "fr_FR.UTF-8", "LC_ALL": "", "LANGUAGE": "", "LC_MESSAGES": ""},
    )
    assert result.returncode == 1
    assert "jamais fermé" in result.stdout, result.stdout
    # Both catalogs ship: the help texts, and click's own words around them.
    french = {**clean_env(), "LANG": "fr_FR.UTF-8", "LC_ALL": "", "LANGUAGE": "", "LC_MESSAGES": ""}
    result = run(installed / "bin" / "cqp", "build", "--help", cwd=tmp_path, env=french)
    assert result.stdout.startswith("Utilisation : cqp build"), result.stdout
    assert "Produire les documents des référentiels" in result.stdout
