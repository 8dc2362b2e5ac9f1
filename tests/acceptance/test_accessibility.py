"""Accessible documents and their page model.

PDFs: every PDF of a full build is tagged PDF/UA-1 and passes the structure check of
``tests/support/pdf_structure.py`` (structure tree, every page's marked content in it, every form field in
it with a tooltip, headings in order, title, language). HTML: axe-core, run in Debian's Chromium,
reports no serious or critical violation. Pages: no page of a PDF is more than half empty except a
document's cover and its last page, and the activity of a bloc is printed on each of its rows.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from cqpengine.cli import cli
from cqpengine.documents import DOCUMENTS
from cqpengine.documents.rendering import Renderer, html_to_pdf
from tests.support.browser import unavailable
from tests.support.helpers import (
    REFERENTIALS,
    ROOT,
    checked,
    referential,
)
from tests.support.page_fill import content_depths
from tests.support.pdf_structure import pdf_facts, structure_problems

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RENDERER = Renderer()
AVAILABLE = [
    (ref, name)
    for ref in sorted(checked(REFERENTIALS).referentials, key=lambda r: r.key)
    for name, spec in DOCUMENTS.items()
    if spec.missing(ref) is None
]
IDS = [f"{ref.key}-{name}" for ref, name in AVAILABLE]


@pytest.fixture(scope="session")
def pdf_build(full_build: Path) -> Path:
    """Every PDF of the real referentials, built as a user builds them (the session's shared build)."""
    return full_build


# --- PDF structure ---------------------------------------------------------------------------


@pytest.mark.slow
def test_every_pdf_is_tagged_pdf_ua_and_passes_the_structure_check(pdf_build: Path) -> None:
    pdfs = sorted(pdf_build.rglob("*.pdf"))
    assert len(pdfs) == len(AVAILABLE)
    for pdf in pdfs:
        facts = pdf_facts(pdf)
        assert facts.problems == [], pdf
        assert facts.pdf_ua, pdf


@pytest.mark.slow  # prints PDFs (WeasyPrint)
@pytest.mark.parametrize(
    ("kind", "candidate"),
    [
        ("vae", "vae_charge_accueil"),
        ("orientation", "orientation_assistant_commercial"),
        ("jury", "jury_assistant_commercial"),
    ],
)
def test_decision_pdfs_pass_the_structure_check(tmp_path: Path, kind: str, candidate: str) -> None:
    target = tmp_path / f"{kind}.pdf"
    arguments = ["decide", kind, str(ROOT / "examples" / f"{candidate}.yaml"), "--format", "pdf", "-o", str(target)]
    result = CliRunner().invoke(cli, [*arguments, "--referentials", str(REFERENTIALS)])
    assert result.exit_code == 0, result.stderr
    assert structure_problems(target) == []


SMALL = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Essai</title>
<style>@page {{ @bottom-right {{ content: "Page " counter(page) }} }}</style></head>
<body>{body}</body></html>"""


@pytest.mark.slow  # prints PDFs (WeasyPrint)
def test_the_structure_check_fails_an_untagged_pdf(tmp_path: Path) -> None:
    from weasyprint import HTML

    path = tmp_path / "plain.pdf"
    path.write_bytes(HTML(string=SMALL.format(body="<h1>Titre</h1><p>Texte</p>")).write_pdf())
    assert "no structure tree (StructTreeRoot)" in structure_problems(path)
    assert "MarkInfo/Marked is not true" in structure_problems(path)


@pytest.mark.slow  # prints PDFs (WeasyPrint)
def test_the_running_footer_is_an_artifact_not_orphan_marked_content(tmp_path: Path) -> None:
    from weasyprint import HTML

    html = SMALL.format(body='<h1>Titre</h1><p>Texte</p><input type="text" name="champ" title="Champ">')
    orphan = tmp_path / "orphan.pdf"
    orphan.write_bytes(HTML(string=html).write_pdf(pdf_forms=True, pdf_variant="pdf/ua-1"))
    assert any("not reached by the structure tree" in problem for problem in structure_problems(orphan))
    fixed = tmp_path / "fixed.pdf"
    fixed.write_bytes(html_to_pdf(html))
    assert structure_problems(fixed) == []
    assert "Page 1" in PdfReader(fixed).pages[0].extract_text(), "the footer is still printed"


@pytest.mark.slow  # prints PDFs (WeasyPrint)
@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("<h1>A</h1><h1>B</h1>", "2 H1 headings (one is expected)"),
        ("<h1>A</h1><h3>B</h3>", "heading H3 follows H1"),
        ('<h1>A</h1><input type="text">', "has no tooltip (TU)"),
    ],
)
def test_the_structure_check_fails_headings_out_of_order_and_fields_without_tooltip(
    tmp_path: Path, body: str, problem: str
) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(html_to_pdf(SMALL.format(body=body)))
    assert any(problem in found for found in structure_problems(path))


# --- HTML structure --------------------------------------------------------------------------


@pytest.mark.parametrize(("ref", "name"), AVAILABLE, ids=IDS)
def test_html_has_language_one_h1_headings_in_order_and_scoped_headers(ref: Any, name: str) -> None:
    html = RENDERER.html(ref, name)
    assert '<html lang="fr">' in html
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
    assert levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip([0, *levels], levels, strict=False)), levels
    cells = re.findall(r"<th\b[^>]*>", html)
    assert all(re.search(r'scope="(col|row|colgroup)"', cell) for cell in cells), cells


@pytest.mark.parametrize("key", ["gestionnaire-parcours@RNCP", "charge-accueil@RNCP"])
def test_each_row_of_a_bloc_names_its_activity(key: str) -> None:
    ref = referential(key)
    names = ["referentiel", "guide-entretien"] if DOCUMENTS["guide-entretien"].missing(ref) is None else ["referentiel"]
    for name in names:
        html = RENDERER.html(ref, name)
        for unit in ref.units:
            for activity in unit.get("activities", []):
                title = re.escape(str(activity["title"]).replace("'", "&#39;"))
                rows = re.findall(rf'<th scope="row"( class="continued")?>{title}</th>', html)
                assert len(rows) >= len(activity["competences"]), (name, activity["title"])


# --- Page model ------------------------------------------------------------------------------


@pytest.mark.slow
def test_no_page_is_more_than_half_empty_except_a_cover_and_the_last(pdf_build: Path) -> None:
    """The lowest text or field of every page but the cover and the last reaches below the middle."""
    for pdf in sorted(pdf_build.rglob("*.pdf")):
        depths = pdf_facts(pdf).depths
        cover = 1 if pdf.stem != "fiche-decision" else 0
        half_empty = [number + 1 for number, depth in enumerate(depths[:-1]) if number >= cover and depth < 0.5]
        assert half_empty == [], f"{pdf.relative_to(pdf_build)}: pages {half_empty} are more than half empty"


@pytest.mark.slow
def test_the_fiche_de_decision_is_one_sheet(pdf_build: Path) -> None:
    sheets = sorted(pdf_build.rglob("fiche-decision.pdf"))
    assert sheets
    assert {str(pdf.relative_to(pdf_build)): len(pdf_facts(pdf).pages) for pdf in sheets} == {
        str(pdf.relative_to(pdf_build)): 1 for pdf in sheets
    }


@pytest.mark.slow  # prints PDFs (WeasyPrint)
def test_the_page_measure_sees_a_half_empty_page(tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    body = '<h1>A</h1><p>court</p><p style="break-before: page; margin-top: 200mm">bas</p>'
    path.write_bytes(html_to_pdf(SMALL.format(body=body)))
    first, second = content_depths(path)
    assert first < 0.2
    assert second > 0.7


@pytest.mark.slow
def test_wide_grids_are_on_landscape_pages(pdf_build: Path) -> None:
    guide = pdf_facts(pdf_build / "gestionnaire-parcours" / "RNCP" / "guide-entretien.pdf")
    assert all(page.width > page.height for page in guide.pages)
    livret = pdf_facts(pdf_build / "assistant-commercial" / "2013" / "livret-evaluation-finale.pdf")
    for page in livret.pages:
        landscape = page.width > page.height
        assert landscape == ("Fiche de synthèse" in page.text)


# --- axe-core in Chromium --------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(chromium: Any) -> Any:
    """Debian's Chromium as tests/support/browser.py launches it for the session, with axe-core at hand."""
    if not AXE.is_file():
        unavailable(f"{AXE} is missing (npm ci)")
    return chromium


@pytest.fixture(scope="session")
def axe_results(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """axe-core's violations for every HTML document of a full build, by document."""
    folder = tmp_path_factory.mktemp("axe")
    context = browser.new_context()
    page = context.new_page()
    results: dict[str, list[dict[str, Any]]] = {}
    for (ref, name), label in zip(AVAILABLE, IDS, strict=True):
        path = folder / f"{label}.html"
        path.write_text(RENDERER.html(ref, name), encoding="utf-8")
        page.goto(path.as_uri())
        page.add_script_tag(path=str(AXE))
        results[label] = page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]
    context.close()
    return results


def serious(violations: list[dict[str, Any]]) -> dict[str, str]:
    """The serious and critical violations, by rule: what they say and an example."""
    return {
        v["id"]: f"{v['help']} ({len(v['nodes'])}, e.g. {v['nodes'][0]['html'][:80]})"
        for v in violations
        if v["impact"] in ("serious", "critical")
    }


@pytest.mark.slow
@pytest.mark.browser
def test_axe_finds_no_serious_or_critical_violation(axe_results: dict[str, list[dict[str, Any]]]) -> None:
    """Every rule, the inputs' visible labels (``label-title-only``) included."""
    found = {label: rules for label, v in axe_results.items() if (rules := serious(v))}
    assert found == {}
    assert set(axe_results) == set(IDS)
