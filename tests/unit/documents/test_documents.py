"""Documents: every text of the YAML is printed, structure per generation, escaping, skips."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from markupsafe import escape

from cqpengine.documents import DOCUMENTS
from cqpengine.documents.rendering import DocumentUnavailableError, Renderer
from cqpengine.model import Referential, competences, placeholder_in
from tests.support.helpers import EXAMPLES, REFERENTIALS, checked, referential

RENDERER = Renderer()
REAL = sorted(checked(REFERENTIALS).referentials, key=lambda r: r.key)
EXAMPLE = sorted(checked(EXAMPLES).referentials, key=lambda r: r.key)


def texts(items: list[Any]) -> Iterator[str]:
    for item in items:
        yield item["text"] if isinstance(item, dict) else item


def criteria_with_indicators(ref: Referential) -> Iterator[str]:
    for unit in ref.units:
        for competence in competences(unit):
            for criterion in competence.get("criteria", []):
                yield criterion["text"]
                yield from criterion.get("indicators", [])


def expected_texts(ref: Referential, name: str) -> Iterator[str]:
    """What document ``name`` must print of ``ref``, by the issue's table."""
    yield ref.title
    for unit in ref.units:
        yield unit.title
    for unit in ref.units:
        data = unit.data
        if name in ("referentiel", "guide-entretien", "grilles-intermediaires", "dossier-vae"):
            yield from texts(competences(unit))
            yield from texts(data.get("savoirs", []))
        if name == "guide-entretien":
            yield from (q for q in data.get("questions", []) if not placeholder_in(q))
            for competence in competences(unit):
                yield from (q for q in competence.get("questions", []) if not placeholder_in(q))
        if name == "livret-suivi":
            for module in data["modules"]:
                yield from module["contents"]
                yield module["modality"]
                yield from texts(module["criteria"])
        if name == "grilles-intermediaires":
            yield from texts(data["intermediate_criteria"])
        if name == "livret-evaluation-finale":
            yield from data.get("candidate_questions", [])
            yield from texts(data.get("final_criteria", []))
            if "enterprise_modality" in data:
                yield data["enterprise_modality"]
    if name in ("referentiel", "livret-evaluation-finale") and ref.generation == "blocs":
        yield from criteria_with_indicators(ref)
    if name == "guide-entretien":
        conclusion = ref.get("orientation", {})
        for key in ("intro", "vae_actions", "formation_actions", "notes"):
            yield from conclusion.get(key, [])
        for key in ("vae_rule", "formation_rule"):
            if key in conclusion:
                yield conclusion[key]
        if "duration_rule" in ref.get("vae", {}):
            yield ref.get("vae")["duration_rule"]
    if name == "dossier-vae":
        vae = ref.get("vae")
        yield vae["experience_nature"]
        yield from vae.get("conditions", [])
        for rule in vae.get("evidence", {}).values():
            yield from (piece["label"] for piece in rule["any_of"])


def available(refs: list[Referential]) -> list[tuple[Referential, str]]:
    return [(ref, name) for ref in refs for name in DOCUMENTS if DOCUMENTS[name].missing(ref) is None]


CASES = available(REAL) + available(EXAMPLE)


@pytest.mark.parametrize(("ref", "name"), CASES, ids=[f"{r.key}-{n}" for r, n in CASES])
def test_document_prints_every_text_of_the_yaml(ref: Referential, name: str) -> None:
    html = RENDERER.html(ref, name)
    missing = [text for text in expected_texts(ref, name) if str(escape(text)) not in html]
    assert not missing, missing[:5]


@pytest.mark.parametrize(("ref", "name"), CASES, ids=[f"{r.key}-{n}" for r, n in CASES])
def test_document_is_self_contained_html_with_unique_field_names(ref: Referential, name: str) -> None:
    html = RENDERER.html(ref, name)
    assert html.startswith("<!DOCTYPE html>")
    assert "<style>" in html and "@page" in html
    assert not re.search(r"<(link|script|img)\b", html)
    # A radio group shares one name among its buttons; every other field has a name of its own.
    names = re.findall(r'<(?:input|textarea)(?![^>]*type="radio")[^>]* name="([^"]+)"', html)
    assert len(names) == len(set(names))
    assert not set(names) & set(re.findall(r'<input type="radio" [^>]*name="([^"]+)"', html))


def test_every_real_referential_gives_the_referentiel_and_the_dossier_when_it_names_evidence() -> None:
    assert len(REAL) == 5
    for ref in REAL:
        assert DOCUMENTS["referentiel"].missing(ref) is None
        assert (DOCUMENTS["dossier-vae"].missing(ref) is None) == bool(ref.get("vae", {}).get("evidence"))
    gestionnaire = referential("gestionnaire-parcours@RNCP")
    assert "no evidence to attach" in (DOCUMENTS["dossier-vae"].missing(gestionnaire) or "")


def test_assistant_commercial_gives_all_seven_documents() -> None:
    ref = referential("assistant-commercial@2013")
    given = [name for name in DOCUMENTS if DOCUMENTS[name].missing(ref) is None]
    assert given == [name for name in DOCUMENTS if name != "correspondance"]  # it supersedes no version


@pytest.mark.parametrize(
    ("key", "name", "reason"),
    [
        ("teleconseiller@2013", "livret-suivi", "no formative modules for D1, D2, D3, D4, D5"),
        (
            "charge-accueil@2013",
            "guide-entretien",
            "no scale is defined: under 'scales:', write the answer scale of the source",
        ),
        ("gestionnaire-parcours@RNCP", "fiche-decision", "no validity of partially acquired units"),
        ("gestionnaire-parcours@RNCP", "livret-evaluation-finale", "no final grid criteria for GP-B3, GP-B4, GP-B5"),
    ],
)
def test_documents_a_referential_lacks_are_skipped_with_the_reason(key: str, name: str, reason: str) -> None:
    ref = referential(key)
    assert reason in (DOCUMENTS[name].missing(ref) or "")
    with pytest.raises(DocumentUnavailableError):
        RENDERER.html(ref, name)


def sections(html: str, css: str = "unit") -> list[str]:
    parts = html.split(f'<section class="{css}">')[1:]
    return [part.split("</section>")[0] for part in parts]


def test_structure_of_a_domaines_guide() -> None:
    ref = referential("assistant-commercial@2013")
    html = RENDERER.html(ref, "guide-entretien")
    units = sections(html)
    assert len(units) == 5
    for unit, section in zip(ref.units, units, strict=True):
        assert f'<h2 id="{unit.id}">Domaine {unit.number} : ' in section
        # Savoir-faire and savoirs rows, each with the three values of the orientation scale.
        assert section.count('type="radio"') == 6
        for key in ("savoir_faire", "savoirs"):
            for value in ("pas-du-tout", "partiellement", "en-totalite"):
                assert f'name="ge.{unit.id}.{key}" value="{value}"' in section
    # The conclusion's orientation table: one row per unit, two choices each.
    assert html.count('name="ge.orientation.') == 10
    assert "Pas du tout" in html and "En totalité" in html


def test_structure_of_a_blocs_guide() -> None:
    ref = referential("gestionnaire-parcours@RNCP")
    html = RENDERER.html(ref, "guide-entretien")
    units = sections(html)
    assert [u.number for u in ref.units] == [1, 2, 3, 4, 5]
    for unit, section in zip(ref.units, units, strict=True):
        assert f'<h2 id="{unit.id}">Bloc de compétences {unit.number} : {escape(unit.title)}</h2>' in section
        for competence in competences(unit):
            # Oui / Non / Partiellement and a "complément de formation" field per competence.
            for value in ("oui", "non", "partiellement"):
                assert f'name="ge.{competence["id"]}.auto-evaluation" value="{value}"' in section
            assert f'name="ge.{competence["id"]}.complement"' in section
    assert "Assurer l&#39;accueil des clients/adhérents" in html  # the title Gestionnaire gives the shared bloc


def test_what_the_source_lacks_is_said_not_printed_as_placeholders() -> None:
    ref = referential("gestionnaire-parcours@RNCP")
    guide = RENDERER.html(ref, "guide-entretien")
    assert "XXXX" not in guide
    assert guide.count("Exemples de questions à préparer (le référentiel n&#39;en donne pas).") == 13
    referentiel = RENDERER.html(ref, "referentiel")
    blocs = sections(referentiel)
    for section in blocs[2:]:  # blocs 3 to 5: no criteria, no modality in any source
        assert "Modalités d&#39;évaluation non définies par le référentiel." in section
        assert "Critères d&#39;évaluation non définis par le référentiel." in section
    for section in blocs[:2]:
        assert "non défini" not in section


def test_structure_of_a_blocs_referentiel_with_modalities() -> None:
    ref = referential("charge-accueil@RNCP")
    html = RENDERER.html(ref, "referentiel")
    units = sections(html)
    assert len(units) == 4
    assert [unit.id for unit, section in zip(ref.units, units, strict=True) if '<tr class="long">' in section] == [
        "CA-B4"
    ]
    for unit, section in zip(ref.units, units, strict=True):
        modality = unit.data["modality"]
        assert str(escape(modality["place"])) in section
        # header + one row per competence; a row of many criteria may continue on the next page
        assert len(re.findall(r"<tr[ >]", section)) == len(competences(unit)) + 1
        if modality["evaluators_must_agree"]:
            assert "Les deux évaluateurs doivent être d&#39;accord" in section


def test_fiche_decision_fields() -> None:
    ref = referential("teleconseiller@2013")
    html = RENDERER.html(ref, "fiche-decision")
    names = re.findall(r'<(?:input|textarea)[^>]* name="([^"]+)"', html)
    # candidate, date, 2 routes, acquired / not acquired per unit, 2 deliveries, what the jury states on a
    # partial validation, president's signature
    assert len(names) == 2 + 2 + 2 * len(ref.units) + 2 + 1 + 1
    assert "les domaines de compétences obtenus ont une validité de 5 ans." in html
    assert "Décision du jury par domaine de compétences" in html


def test_referential_text_is_data_never_template_source(tmp_path: Any) -> None:
    import shutil

    folder = tmp_path / "ref"
    shutil.copytree(EXAMPLES, folder)
    path = folder / "exemple_domaines.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Technique d'entretien}", '"{{ 7 * 7 }} <script>alert(1)</script> {% raw %}"}'
        ),
        encoding="utf-8",
    )
    result = checked(folder)
    [ref] = [r for r in result.referentials if r.key == "exemple-domaines@2013"]
    html = RENDERER.html(ref, "referentiel")
    assert "{{ 7 * 7 }} &lt;script&gt;alert(1)&lt;/script&gt; {% raw %}" in html
    assert "<script>" not in html
    assert "49" not in html.split("<body")[1]


def test_footer_title_is_css_escaped() -> None:
    from cqpengine.documents.environment import css_string

    assert str(css_string('a"b</style>')) == '"a\\22 b\\3c /style\\3e "'
