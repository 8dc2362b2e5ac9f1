"""``cqp build`` and ``cqp render``: outputs, PDF form fields, reproducibility, atomicity, failures."""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from cqpengine.cli import cli
from cqpengine.documents import DOCUMENTS
from cqpengine.documents.manifest import MANIFEST_NAME
from cqpengine.documents.rendering import Renderer
from cqpengine.output import UnsafePathError, output_path, write_atomic
from tests.support.builds import build
from tests.support.helpers import EXAMPLES, REFERENTIALS, checked
from tests.support.pdf_structure import pdf_facts


def expected_outputs(folder: Path, formats: tuple[str, ...]) -> set[str]:
    return {
        f"{ref.id}/{ref.version}/{name}.{ext}"
        for ref in checked(folder).referentials
        for name, spec in DOCUMENTS.items()
        if spec.missing(ref) is None
        for ext in formats
    }


def listing(out: Path) -> set[str]:
    """The documents in ``out`` (the build manifest aside)."""
    return {str(path.relative_to(out)) for path in out.rglob("*") if path.is_file() and path.name != MANIFEST_NAME}


@pytest.mark.slow
def test_every_available_document_is_built_in_both_formats(full_build: Path) -> None:
    assert listing(full_build) == expected_outputs(REFERENTIALS, ("html", "pdf"))


@pytest.mark.slow
def test_each_pdf_opens_with_one_form_field_per_html_input(full_build: Path) -> None:
    pdfs = sorted(full_build.rglob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        facts = pdf_facts(pdf)
        assert len(facts.pages) >= 1
        html = pdf.with_suffix(".html").read_text(encoding="utf-8")
        names = set(re.findall(r'<(?:input|textarea)[^>]* name="([^"]+)"', html))
        fields = facts.fields
        assert set(fields) == names, pdf
        buttons = " ".join(re.findall(r'<input type="(?:checkbox|radio)"[^>]*>', html))
        for name in names:
            assert fields[name].get("/FT") == ("/Btn" if f'name="{name}"' in buttons else "/Tx"), (pdf, name)
        # Every scale is one radio group (one answer only), exporting the scale's value ids.
        for name in set(re.findall(r'<input type="radio" [^>]*name="([^"]+)"', html)):
            values = re.findall(rf'<input type="radio" [^>]*name="{re.escape(name)}" value="([^"]+)"', html)
            assert int(fields[name]["/Ff"]) & (1 << 15), (pdf, name)
            assert [str(v) for v in fields[name]["/Opt"]] == values, (pdf, name)


@pytest.mark.slow
def test_livret_evaluation_finale_fields_follow_the_grid(full_build: Path) -> None:
    ref = next(r for r in checked(REFERENTIALS).referentials if r.key == "assistant-commercial@2013")
    fields = pdf_facts(full_build / "assistant-commercial/2013/livret-evaluation-finale.pdf").fields
    grid = len(ref.scale("final_grid")["values"])
    opinion = len(ref.scale("final_opinion")["values"])
    for unit in ref.units:
        # One radio group per criterion, with the grid's values; one per evaluator for the opinion.
        for item in unit.data["final_criteria"]:
            assert len(fields[f"lf.{item['id']}"]["/Opt"]) == grid
        for evaluator in ("evaluateur-1", "evaluateur-2"):
            assert len(fields[f"lf.{unit.id}.avis.{evaluator}"]["/Opt"]) == opinion


@pytest.mark.slow
def test_two_builds_give_identical_bytes(full_build: Path, tmp_path: Path) -> None:
    # One referential and two of its documents, built again beside the session's shared build.
    args = ["--doc", "guide-entretien", "--doc", "livret-suivi"]
    code, _, _ = build(tmp_path, str(REFERENTIALS / "assistant_commercial.yaml"), *args)
    assert code == 0
    again = listing(tmp_path)
    assert len(again) == 4 and again < listing(full_build)
    for name in again:
        assert (tmp_path / name).read_bytes() == (full_build / name).read_bytes(), name


def test_html_only_build_of_chosen_documents(tmp_path: Path) -> None:
    code, stdout, stderr = build(tmp_path, str(EXAMPLES), "--format", "html", "--doc", "referentiel")
    assert code == 0, stderr
    assert listing(tmp_path) == {"exemple-blocs/2024/referentiel.html", "exemple-domaines/2013/referentiel.html"}
    assert "wrote 2 files" in stdout


def test_skipped_documents_are_listed_with_their_reason(tmp_path: Path) -> None:
    code, _, stderr = build(tmp_path, str(EXAMPLES), "--format", "html")
    assert code == 0
    assert "skipped exemple-domaines@2013 livret-suivi: no formative modules for D2" in stderr
    # Not a terminal: no progress bar, so stderr is the report alone, one line per entry.
    assert all(line.startswith("skipped ") for line in stderr.splitlines()), stderr


def test_a_referential_with_errors_is_refused_and_the_others_build(tmp_path: Path) -> None:
    folder = tmp_path / "ref"
    shutil.copytree(EXAMPLES, folder)
    broken = folder / "exemple_domaines.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("min_years: 3", "min_years: 30"), encoding="utf-8")
    code, _, stderr = build(tmp_path / "out", str(folder), "--format", "html", "--doc", "referentiel")
    assert code == 1
    assert "error CQP110" in stderr
    assert f"refused {broken}" in stderr
    assert listing(tmp_path / "out") == {"exemple-blocs/2024/referentiel.html"}


def test_a_failing_document_leaves_the_others_and_earlier_outputs_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, _ = build(tmp_path, str(EXAMPLES), "--format", "html")
    assert code == 0
    before = {name: (tmp_path / name).read_bytes() for name in listing(tmp_path)}
    original = Renderer.html

    def flaky(self: Renderer, ref: object, name: str) -> str:
        if name == "dossier-vae":
            raise RuntimeError("disk on fire")
        return original(self, ref, name)  # type: ignore[arg-type]

    monkeypatch.setattr(Renderer, "html", flaky)
    code, _, stderr = build(tmp_path, str(EXAMPLES), "--format", "html", "--force")
    assert code == 1
    assert "failed exemple-domaines@2013 dossier-vae: RuntimeError: disk on fire" in stderr
    assert {name: (tmp_path / name).read_bytes() for name in listing(tmp_path)} == before


def test_write_atomic_keeps_the_old_file_when_interrupted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "doc.html"
    write_atomic(target, b"old")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.html"]


@pytest.mark.parametrize("bad", ["..", "../etc", "a/b", ".hidden", "", "x" * 80])
def test_ids_never_become_paths_unchecked(tmp_path: Path, bad: str) -> None:
    with pytest.raises(UnsafePathError):
        output_path(tmp_path, "cqp", bad, suffix=".html")


def test_render_html_to_stdout() -> None:
    result = CliRunner().invoke(cli, ["render", str(EXAMPLES / "exemple_blocs.yaml"), "--doc", "referentiel"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "Recueil d&#39;informations" in result.stdout  # from the shared library unit


@pytest.mark.slow
def test_render_pdf_to_file(tmp_path: Path) -> None:
    out = tmp_path / "fiche.pdf"
    result = CliRunner().invoke(
        cli,
        [
            "render",
            str(EXAMPLES / "exemple_domaines.yaml"),
            "--doc",
            "fiche-decision",
            "--format",
            "pdf",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.stderr
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    # candidate, date, the route (one radio group), a decision per unit (2 units), the delivery, what the
    # jury states on a partial validation, the president's signature
    assert len(reader.get_fields() or {}) == 2 + 1 + 2 + 1 + 1 + 1


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["render", str(EXAMPLES / "exemple_domaines.yaml"), "--doc", "livret-suivi"],
            1,
            "exemple-domaines@2013 has no livret-suivi: no formative modules for D2",
        ),
        (["render", str(EXAMPLES / "exemple_bibliotheque.yaml"), "--doc", "referentiel"], 2, "not a certification"),
        (["render", "nowhere.yaml", "--doc", "referentiel"], 2, "path does not exist"),
        (["render", str(EXAMPLES / "exemple_blocs.yaml"), "--doc", "nope"], 2, "Invalid value for '--doc'"),
        (["build", "nowhere"], 2, "path does not exist"),
        (["build", str(EXAMPLES), "-o", "/proc/cqp-nowhere"], 2, "cannot create the output folder /proc/cqp-nowhere"),
        (
            ["render", str(EXAMPLES / "exemple_blocs.yaml"), "--doc", "referentiel", "-o", "/proc/cqp-nowhere/x.html"],
            2,
            "cannot write /proc/cqp-nowhere/x.html",
        ),
    ],
)
def test_command_errors_are_one_line(args: list[str], code: int, message: str) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_render_refuses_a_pdf_to_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from cqpengine.commands import common

    monkeypatch.setattr(common, "stdout_is_terminal", lambda: True)
    args = ["render", str(EXAMPLES / "exemple_blocs.yaml"), "--doc", "referentiel", "--format", "pdf"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "refusing to write a PDF to a terminal" in result.stderr


def test_render_never_overwrites_its_input(tmp_path: Path) -> None:
    folder = tmp_path / "ref"
    shutil.copytree(EXAMPLES, folder)
    target = folder / "exemple_blocs.yaml"
    before = target.read_bytes()
    result = CliRunner().invoke(cli, ["render", str(target), "--doc", "referentiel", "-o", str(target)])
    assert result.exit_code == 2
    assert "refusing to overwrite the input file" in result.stderr
    assert target.read_bytes() == before


def test_render_refuses_a_referential_with_errors(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("id: x\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(path), "--doc", "referentiel"])
    assert result.exit_code == 1
    assert "error CQP010" in result.stderr


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [("ok\n{{ nope }}\n", 2, "'nope' is undefined"), ("{% if %}\n", 1, "Expected an expression")],
)
def test_errors_in_user_templates_point_at_their_line(tmp_path: Path, source: str, line: int, message: str) -> None:
    template = tmp_path / "documents" / "referentiel.html.j2"
    template.parent.mkdir()
    template.write_text(source, encoding="utf-8")
    args = ["render", str(EXAMPLES / "exemple_blocs.yaml"), "--doc", "referentiel", "--templates", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert f"{template}:{line}: template error: {message}" in result.stderr
    assert "Traceback" not in result.output


def test_a_document_now_skipped_leaves_no_stale_output(tmp_path: Path) -> None:
    folder = tmp_path / "ref"
    shutil.copytree(EXAMPLES, folder)
    out = tmp_path / "out"
    assert build(out, str(folder), "--format", "html")[0] == 0
    stale = out / "exemple-domaines" / "2013" / "livret-evaluation-finale.html"
    assert stale.is_file()
    path = folder / "exemple_domaines.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  final_grid: oui-non\n", ""), encoding="utf-8")
    code, _, stderr = build(out, str(folder), "--format", "html")
    assert code == 0
    assert not stale.exists()
    assert f"removed {stale}" in stderr


def test_build_with_a_broken_user_template_is_a_usage_error_and_builds_the_rest(tmp_path: Path) -> None:
    template = tmp_path / "tpl" / "documents" / "fiche-decision.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text("{{ nope }}\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = build(out, str(EXAMPLES), "--format", "html", "--templates", str(tmp_path / "tpl"))
    assert code == 2
    assert f"{template}:1: template error: 'nope' is undefined" in stderr
    assert "exemple-domaines/2013/referentiel.html" in listing(out)


def test_render_never_overwrites_a_referential_it_read(tmp_path: Path) -> None:
    folder = tmp_path / "ref"
    shutil.copytree(EXAMPLES, folder)
    library = folder / "exemple_bibliotheque.yaml"
    before = library.read_bytes()
    result = CliRunner().invoke(
        cli, ["render", str(folder / "exemple_blocs.yaml"), "--doc", "referentiel", "-o", str(library)]
    )
    assert result.exit_code == 2
    assert f"refusing to overwrite the input file {library}" in result.stderr
    assert library.read_bytes() == before
