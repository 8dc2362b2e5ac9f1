"""The form fields of every document: one answer per scale, names from ids, labels, sizes, the reference."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import pytest

from cqpengine.documents import DOCUMENTS
from cqpengine.forms.fields import (
    bare_positions,
    html_fields,
    id_kinds,
    name_pattern,
    printed_fields,
    reference_markdown,
)
from tests.support.builds import built
from tests.support.forms import RENDERER, SECRET_NAME, fill_with_pypdf, run
from tests.support.helpers import REFERENTIALS, ROOT, checked, referential
from tests.support.pdf_structure import pdf_facts

REAL = checked(REFERENTIALS).referentials
CASES = [(r, name) for r in REAL for name, spec in DOCUMENTS.items() if spec.missing(r) is None]
IDS = [f"{r.key}-{n}" for r, n in CASES]


@pytest.mark.parametrize(("ref", "name"), CASES, ids=IDS)
def test_no_scale_allows_two_answers_in_html(ref: object, name: str) -> None:
    html = RENDERER.html(ref, name)  # type: ignore[arg-type]
    for scale in re.findall(r'<span class="scale[^"]*"[^>]*>(.*?)</span>\s*(?:</td>|</span>|<)', html, re.S):
        assert 'type="checkbox"' not in scale
    # A checkbox is only ever a single mark (a piece attached, activities practised, a bloc targeted), never a scale.
    for field in html_fields(html):
        if field.kind == "checkbox":
            assert field.name.rsplit(".", 1)[-1] in ("exerce", "vise") or ".piece." in field.name, field.name
        if field.kind == "choice":
            assert len(field.values) == len(set(field.values)) >= 2, field.name


@pytest.mark.parametrize(("ref", "name"), CASES, ids=IDS)
def test_names_are_built_from_ids_and_every_input_has_its_label(ref: object, name: str) -> None:
    html = RENDERER.html(ref, name)  # type: ignore[arg-type]
    names = [field.name for field in html_fields(html)]
    assert len(names) == len(set(names))
    assert [n for n in names if bare_positions(n)] == []
    # No name is a dotted prefix of another: a viewer may read dots as a hierarchy.
    assert [(a, b) for a in names for b in names if b.startswith(a + ".")] == []
    ids = set(re.findall(r' id="([^"]+)"', html))
    labels_for = set(re.findall(r'<label[^>]* for="([^"]+)"', html))
    for tag in re.findall(r"<(?:input|textarea)\b[^>]*>", html):
        ident = re.search(r' id="([^"]+)"', tag)
        assert ident, tag
        labelled = re.search(r' aria-labelledby="([^"]+)"', tag)
        assert ident.group(1) in labels_for or (labelled and set(labelled.group(1).split()) <= ids), tag
        assert re.search(r' title="[^"]+"', tag), tag  # the PDF tooltip: the label's words, never the name


def test_name_patterns() -> None:
    kinds = id_kinds(referential("assistant-commercial@2013"))
    assert name_pattern("lf.D2.avis.evaluateur-1", kinds) == "lf.{unit}.avis.evaluateur-1"
    assert name_pattern("lf.D1.CF2", kinds) == "lf.{criterion}"
    assert name_pattern("vae.emploi-3.fin", kinds) == "vae.emploi-{n}.fin"
    assert bare_positions("lf.synthese.D1.1") == ["1"] and bare_positions("vae.emploi-1.fin") == []


def test_documented_field_reference_lists_every_field_of_every_document() -> None:
    page = (ROOT / "docs" / "field-reference.md").read_text(encoding="utf-8")
    section = page.split("<!-- fields:begin -->\n", 1)[1].split("<!-- fields:end -->", 1)[0]
    assert section.strip() == reference_markdown(printed_fields(REAL, RENDERER)).strip(), (
        "regenerate with: python -m cqpengine.forms.reference"
    )


def test_cqp_fields_lists_names_never_values(tmp_path: Path) -> None:
    html = tmp_path / "fiche.html"
    html.write_text(RENDERER.html(referential("assistant-commercial@2013"), "fiche-decision"), encoding="utf-8")
    result = run("fields", str(html))
    assert result.exit_code == 0
    assert "fd.D1.decision\tchoice\tacquis | non-acquis" in result.stdout.splitlines()
    assert run("fields", str(ROOT / "README.md")).exit_code == 2


@pytest.mark.slow
def test_pdf_fields_are_radio_groups_of_value_ids_sized_for_writing(full_build: Path, tmp_path: Path) -> None:
    for key, document in (
        ("assistant-commercial@2013", "livret-evaluation-finale"),
        ("charge-accueil@2013", "dossier-vae"),
        ("gestionnaire-parcours@RNCP", "guide-entretien"),
    ):
        pdf = built(full_build, key, document)
        facts = pdf_facts(pdf)
        printed = {f.name: f for f in html_fields(RENDERER.html(referential(key), document))}
        fields = facts.fields
        assert set(fields) == set(printed)  # one PDF field per HTML field, radio buttons inside their group
        metadata = facts.reader.metadata
        assert metadata is not None and metadata["/cqpdocument"] == document
        for name, field in fields.items():
            if printed[name].kind == "choice":
                assert int(field["/Ff"]) & (1 << 15) and [str(o) for o in field["/Opt"]] == list(printed[name].values)
        assert facts.widgets
        for widget in facts.widgets:
            rect = widget.rect
            if widget.kind == "/Tx":
                assert abs(rect[3] - rect[1]) >= 14.4, widget.name  # 12 pt text and its line height
                assert abs(rect[2] - rect[0]) >= 39, widget.name  # room for a date or a figure at least
                if widget.flags & (1 << 12):
                    assert abs(rect[3] - rect[1]) >= 28, widget.name
        # One answer at a time: ticking a second value replaces the first.
        name = next(n for n, f in printed.items() if f.kind == "choice")
        first, second = printed[name].values[:2]
        once = fill_with_pypdf(pdf, tmp_path / "once.pdf", {name: first})
        twice = fill_with_pypdf(once, tmp_path / "twice.pdf", {name: second})
        from cqpengine.forms.reading import read_pdf

        read = read_pdf(twice).fields[name]
        assert (read.value, read.conflict) == (second, False)


@pytest.mark.slow
def test_pdfs_not_ours_other_layouts_and_altered_forms_are_refused(full_build: Path, tmp_path: Path) -> None:
    blank = tmp_path / "livret.pdf"
    shutil.copyfile(built(full_build, "assistant-commercial@2013", "livret-evaluation-finale"), blank)
    foreign = tmp_path / "foreign.pdf"
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.write(foreign)
    other = tmp_path / "other.pdf"
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(blank))
    writer.add_metadata({"/cqpform": "1"})
    writer.write(other)
    altered = tmp_path / "altered.pdf"
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(blank))
    fields = writer._root_object["/AcroForm"]["/Fields"]
    del fields[-1]
    writer.write(altered)
    not_pdf = tmp_path / "fake.pdf"
    not_pdf.write_bytes(b"%PDF-1.7\nnot really")
    cases = {
        foreign: "not a document printed by cqpengine",
        other: "printed by another version of cqpengine",
        altered: "1 missing (e.g. lf.jury.D5.acquis-le)",
        not_pdf: "not a readable PDF",
    }
    for path, words in cases.items():
        result = run("decide", "jury", str(path))
        assert result.exit_code == 2 and words in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    wrong = run("decide", "orientation", str(blank))
    assert wrong.exit_code == 2 and "cqp decide jury" in wrong.stderr
    filled = fill_with_pypdf(blank, tmp_path / "filled.pdf", {"lf.candidat.nom": SECRET_NAME})
    for command in (["decide", "jury", str(filled)], ["extract", str(filled)], ["fields", str(filled)]):
        result = run(*command)
        assert SECRET_NAME not in result.stderr
        assert command[0] != "fields" or SECRET_NAME not in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["livret.pdf", "foreign.pdf", "other.pdf", "altered.pdf", "fake.pdf", "filled.pdf"]
    )  # read, never copied
