"""``cqp new``: skeletons that validate and build every document, new versions that change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cqpengine.checking import check_paths
from cqpengine.cli import cli
from cqpengine.documents import DOCUMENTS
from tests.support.helpers import REFERENTIALS, ROOT, checked


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("generation", ["blocs", "domaines"])
def test_new_certification_validates_and_builds_every_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, generation: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "referentials").mkdir()
    code, out, _err = run(
        "new", "certification", "mon-cqp", "--generation", generation, "--title", "Mon CQP : essai", "--version", "2026"
    )
    assert code == 0, out
    written = Path("referentials/mon_cqp.yaml")
    assert f"wrote {written}: certification mon-cqp@2026 ({generation}), status draft" in out
    assert "next: replace each 'XXXX …' text" in out and f"cqp validate {written}" in out
    text = written.read_text(encoding="utf-8")
    assert "status: draft" in text and 'title: "Mon CQP : essai"' in text
    assert "# Remplacez chaque texte « XXXX … »" in text  # French comments for the editor

    result = check_paths([written])
    assert result.errors == 0
    assert result.warnings > 10
    assert {f.code for f in result.findings} == {"CQP112"}  # only placeholders, as warnings
    code, _out, _err = run("validate", str(written))
    assert code == 0

    code, out, err = run("build", str(written), "-o", "out", "--format", "html")
    assert code == 0, err
    [skeleton] = result.referentials
    expected = {name for name, spec in DOCUMENTS.items() if spec.belongs_to(skeleton)}
    # Every document of the generation, but the correspondence table: a first version has no earlier one.
    assert len(expected) == {"blocs": 5, "domaines": 7}[generation]
    assert {path.stem for path in Path("out/mon-cqp/2026").iterdir()} == expected
    assert "skipped" not in err
    assert f"wrote {len(expected)} files" in out and "skipped 0 documents" in out
    # The placeholders are left out of the documents.
    assert "XXXX" not in (Path("out/mon-cqp/2026") / "referentiel.html").read_text(encoding="utf-8")


def test_blocs_have_no_livret_de_suivi_rather_than_one_skipped_for_lack_of_modules(tmp_path: Path) -> None:
    blocs = next(ref for ref in checked(REFERENTIALS).referentials if ref.key == "charge-accueil@RNCP")
    assert (
        DOCUMENTS["livret-suivi"].missing(blocs) == "the blocs generation has no livret-suivi (its sources have none)"
    )
    code, _out, err = run("build", str(REFERENTIALS / "charge_accueil.yaml"), "-o", str(tmp_path), "--format", "html")
    assert code == 0, err
    assert "livret-suivi" not in err and "grilles-intermediaires" not in err
    assert "formative modules" not in err


def test_new_certification_without_title_leaves_a_placeholder(tmp_path: Path) -> None:
    output = tmp_path / "x.yaml"
    code, _out, _err = run("new", "certification", "autre-cqp", "--generation", "blocs", "-o", str(output))
    assert code == 0
    assert "title: XXXX Intitulé du CQP" in output.read_text(encoding="utf-8")
    assert "$schema=" in output.read_text(encoding="utf-8").splitlines()[0]


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    output = tmp_path / "x.yaml"
    output.write_text("à garder\n", encoding="utf-8")
    code, _out, err = run("new", "certification", "autre-cqp", "--generation", "blocs", "-o", str(output))
    assert code == 2
    assert f"{output} already exists" in err
    assert output.read_text(encoding="utf-8") == "à garder\n"


@pytest.mark.parametrize("bad", ["Mon_CQP", "1cqp", "cqp/../x", "cqp\n"])
def test_new_refuses_a_bad_id(tmp_path: Path, bad: str) -> None:
    code, _out, err = run("new", "certification", bad, "--generation", "blocs", "-o", str(tmp_path / "x.yaml"))
    assert code == 2
    assert "is not a valid certification id" in err
    assert not (tmp_path / "x.yaml").exists()


CERTIFICATIONS = sorted(ref.key for ref in checked(REFERENTIALS).referentials)


@pytest.mark.parametrize("old", CERTIFICATIONS)
def test_new_version_validates_and_changes_no_content(tmp_path: Path, old: str) -> None:
    folder = tmp_path / "referentials"
    shutil.copytree(REFERENTIALS, folder)
    identifier = old.partition("@")[0]
    new = f"{identifier}@2030"
    code, out, err = run("new", "version", new, "--from", old, "--referentials", str(folder))
    assert code == 0, err
    written = folder / f"{identifier.replace('-', '_')}_2030.yaml"
    assert f"wrote {written}: {new}, status draft, supersedes {old}" in out
    assert f"cqp diff {old} {new}" in out

    result = check_paths([folder])
    assert result.errors == 0, [f.format_text() for f in result.findings if f.severity == "error"]
    assert not [
        f
        for f in result.findings
        if Path(f.file) == written and f.code != "CQP112" and "documented gap" not in f.message
    ]
    newer = next(ref for ref in result.referentials if ref.key == new)
    older = next(ref for ref in result.referentials if ref.key == old)
    assert newer.get("status") == "draft"
    assert newer.get("supersedes") == {"version": older.version}
    assert [u.id for u in newer.units] == [u.id for u in older.units]

    code, out, err = run("diff", old, new, "--referentials", str(folder))
    assert code == 0, err
    assert_only_identity_and_metadata(out, [unit.id for unit in older.units])


#: What a new version changes of its own: its metadata, and the gap documented in the old version's
#: equivalences (the new version's are new).
#: (as the review names them, in the commission's words).
METADATA = ("Version", "Statut", "Version remplacée", "Date d'effet", "Lacunes documentées › équivalences")


def assert_only_identity_and_metadata(out: str, units: list[str]) -> None:
    """The text of ``cqp diff``: each unit mapped onto itself, and changes of the version's own metadata only."""
    mapped = set()
    for line in out.splitlines()[1:]:
        stripped = line.strip()
        if "→" in stripped and not stripped.startswith(("~", "+", "-", "changed", "added", "removed")):
            before, after = stripped.split("→", 1)
            same = [unit for unit in units if unit in before and unit in after]
            assert same, line  # an equivalence that is not an identity
            mapped.update(same)
        elif stripped.startswith(("~", "+", "-", "changed", "added", "removed")):
            assert any(word in stripped.split(":")[0] for word in METADATA), line  # a content change
        else:  # headings, reasons, "no other difference"
            assert stripped.endswith(":") or stripped.startswith("because:") or "no other difference" in stripped, line
    assert mapped == set(units)
    assert "units only in" not in out


def test_new_version_of_an_unknown_version_suggests_the_known_ones() -> None:
    code, _out, err = run(
        "new", "version", "charge-accueil@2030", "--from", "charge-accueil@RNPC", "--referentials", str(REFERENTIALS)
    )
    assert code == 2
    assert "unknown version charge-accueil@RNPC (did you mean 'charge-accueil@RNCP'" in err


def test_new_version_names_the_files_it_could_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "referentials"
    shutil.copytree(REFERENTIALS, folder)
    broken = folder / "teleconseiller.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "id: [\n", encoding="utf-8")
    code, _out, err = run(
        "new", "version", "teleconseiller@2030", "--from", "teleconseiller@2013", "--referentials", str(folder)
    )
    assert code == 2
    assert "unknown version teleconseiller@2013" in err and f"; files with errors: {broken}" in err


def test_new_version_refuses_an_existing_version() -> None:
    code, _out, err = run(
        "new", "version", "charge-accueil@2013", "--from", "charge-accueil@RNCP", "--referentials", str(REFERENTIALS)
    )
    assert code == 2
    assert "charge-accueil@2013 already exists" in err


def test_skeleton_points_the_editor_at_the_schema(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    shutil.copy(ROOT / "schema" / "referential.schema.json", tmp_path / "schema")
    output = tmp_path / "referentials" / "essai.yaml"
    assert run("new", "certification", "essai", "--generation", "domaines", "-o", str(output))[0] == 0
    first = output.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/referential.schema.json"
