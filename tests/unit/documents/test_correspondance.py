"""The tableau de correspondance, and the PROJET mark on every page of a draft version's documents."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from cqpengine.checking import check_paths
from cqpengine.documents import DOCUMENTS
from cqpengine.documents.rendering import DocumentUnavailableError, Renderer, html_to_pdf
from tests.support.helpers import referential
from tests.support.new_version import NEW_B4_TITLE, write_split_version


def test_charge_accueil_rncp_has_its_correspondance_table() -> None:
    html = Renderer().html(referential("charge-accueil@RNCP"), "correspondance")
    assert "Tableau de correspondance" in html and "Version 2013 → version RNCP" in html
    assert "Domaine 4 : Organiser ses activités" in html
    assert "Bloc de compétences 3 : Organiser ses activités et mobiliser les systèmes informatisés" in html
    # No source says whether an equivalence is total or partial: the table says so, and what it means.
    assert html.count("<td>non précisée</td>") == 5
    assert "<td>partielle</td>" not in html and "<td>totale</td>" not in html
    assert "Équivalence non précisée : le référentiel ne dit pas si l&#39;équivalence est totale ou partielle" in html
    # The referential documents that no source gives the correspondence: the table says so.
    assert "Aucun document de la branche ne donne cette correspondance" in html
    # Bloc 2 has no counterpart in 2013: to be acquired; and the validity of partial acquisitions.
    assert "Bloc de compétences 2 : Piloter son activité commerciale" in html.split("Unités nouvelles")[1]
    assert "reste valable 5 ans à compter de la date de ce jury" in html


def test_a_version_that_supersedes_nothing_skips_it() -> None:
    reason = DOCUMENTS["correspondance"].missing(referential("teleconseiller@2013"))
    assert reason is not None and "supersedes no earlier version" in reason
    with pytest.raises(DocumentUnavailableError):
        Renderer().html(referential("teleconseiller@2013"), "correspondance")


@pytest.fixture(scope="session")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_split_version(tmp_path_factory.mktemp("draft") / "referentials")


def _draft(path: Path):  # type: ignore[no-untyped-def]
    return next(r for r in check_paths([path]).referentials if r.key == "charge-accueil@2025")


def test_a_split_version_names_each_side_with_its_own_title(draft: Path) -> None:
    html = Renderer().html(_draft(draft), "correspondance")
    row = html.split("Bloc de compétences 4 : Mettre en œuvre les actions commerciales")[1].split("</tr>")[0]
    assert f"Bloc de compétences 4 : {NEW_B4_TITLE}" in row
    assert "Bloc de compétences 5 : Assurer le suivi de la relation commerciale" in row
    # A stated coverage is printed, with what it means; no gap declared, no such note.
    assert "<td>totale</td>" in html and "Équivalence totale : pendant sa validité" in html
    assert "Aucun document de la branche ne donne cette correspondance" not in html


def test_drafts_carry_the_projet_mark_and_others_do_not(draft: Path) -> None:
    html = Renderer().html(_draft(draft), "referentiel")
    assert '<div class="draft-mark" aria-hidden="true">PROJET</div>' in html and "@top-center" in html
    active = Renderer().html(referential("charge-accueil@RNCP"), "referentiel")
    assert "draft-mark" not in active and "PROJET" not in active


def test_referentiel_cover_shows_codes_and_targeted_jobs() -> None:
    html = Renderer().html(referential("charge-accueil@RNCP"), "referentiel")
    cover = html.split('<section class="cover">')[1].split("</section>")[0]
    assert "313t" in cover and "Instruction de dossiers" in cover and "Conseiller agence" in cover
    assert "RNCP" not in cover.split("Version")[0].replace("Chargé", "")  # no RNCP number: none in the sources


@pytest.mark.slow
def test_every_pdf_page_of_a_draft_says_projet(draft: Path) -> None:
    from pypdf import PdfReader

    pdf = html_to_pdf(Renderer().html(_draft(draft), "referentiel"))
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) > 3
    assert all("PROJET" in page.extract_text() for page in pages)


@pytest.mark.browser
def test_a_draft_printed_from_the_browser_says_projet_on_every_page(draft: Path, chromium_page: Any) -> None:
    from pypdf import PdfReader

    chromium_page.set_content(Renderer().html(_draft(draft), "referentiel"))
    pages = PdfReader(io.BytesIO(chromium_page.pdf(format="A4"))).pages
    assert len(pages) > 3
    assert all("PROJET" in page.extract_text() for page in pages)
