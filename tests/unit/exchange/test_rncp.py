"""``cqp import rncp`` and ``cqp export rncp``: the real fiches in, their blocs back out.

Both vendored fiches import to drafts that validate (documented gaps and placeholders as warnings)
and build the référentiel; the competences are the fiche's, word for word, one per item of
``LISTE_COMPETENCES`` (the split is also property-tested); exporting a draft gives the fiche's
blocs back, and the fragment validates against ``schema/rncp-fiche-fragment.xsd``.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from cqpengine.checking import check_paths
from cqpengine.exchange import ExchangeError
from cqpengine.exchange.rncp import (
    Bloc,
    Fiche,
    closest,
    draft_referential,
    export_fiche,
    methods_named,
    read_fiche,
    slug,
    split_items,
)
from cqpengine.exchange.yamltext import clean_text
from tests.support.exchange import FICHES, XSD, import_fiche
from tests.support.helpers import REFERENTIALS, cqp


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _source_blocs(number: str) -> list[dict[str, str]]:
    root = ElementTree.parse(FICHES[number]).getroot()
    return [
        {child.tag: (child.text or "").strip() for child in bloc}
        for bloc in root.iterfind("FICHE/BLOCS_COMPETENCES/BLOC_COMPETENCES")
    ]


# --- splitting LISTE_COMPETENCES ------------------------------------------------------------------

_WORD = st.text(st.sampled_from("abcdéèàçœABCÉ0123456789,.;:'’()/%"), min_size=1, max_size=8).filter(
    lambda w: w not in {"o", "-", "–"}
)
_ITEM = st.lists(_WORD, min_size=1, max_size=12).map(" ".join)
_SEPARATOR = st.sampled_from(["   ", "    ", "     ", "\n", "\r\n", " \n  ", "    * ", "\n- ", "  o ", " • ", "\t\t\t"])


@given(st.lists(_ITEM, min_size=1, max_size=10), st.data())
def test_split_gives_back_each_item_word_for_word(items: list[str], data: st.DataObject) -> None:
    text = items[0]
    for item in items[1:]:
        text += data.draw(_SEPARATOR) + item
    lead = data.draw(st.sampled_from(["", "* ", "o ", "- ", "  "]))
    assert split_items(lead + text) == items


@given(st.text(max_size=300))
def test_split_keeps_only_text_of_the_source(text: str) -> None:
    for item in split_items(text):
        assert item and item in text and item == item.strip()


def test_split_of_the_real_lists() -> None:
    first = _source_blocs("RNCP36612")[0]["LISTE_COMPETENCES"]
    items = split_items(first)
    assert len(items) == 9
    assert items[0].startswith("Réaliser une veille règlementaire")
    assert items[-1].endswith("afin de garantir la bonne information des salariés.")
    # Nothing but separators is dropped.
    assert _normalised(" ".join(items)) == _normalised(first)


def test_a_bulleted_jury_composition_splits_on_its_bullets() -> None:
    text = "Le jury est composé de :         * 1 docteur vétérinaire      * 1 auxiliaire      * 1 expert"
    assert split_items(text) == ["Le jury est composé de :", "1 docteur vétérinaire", "1 auxiliaire", "1 expert"]


def test_a_single_or_double_space_does_not_split() -> None:
    assert split_items("Accueillir  le client, puis o orienter") == ["Accueillir  le client, puis o orienter"]


# --- reading fiches ------------------------------------------------------------------------------


def test_read_fiche_takes_codes_level_certifiers_and_correspondences() -> None:
    fiche = read_fiche(FICHES["RNCP40344"], "RNCP40344")
    assert (fiche.number, fiche.title, fiche.level) == ("RNCP40344", "Auxiliaire spécialisé vétérinaire", 4)
    assert fiche.nsf == (("212t", "Soins des animaux, soins vétérinaires"),)
    assert ("A1504", "Santé animale") in fiche.rome
    assert fiche.certifiers == ("ANIMAL PRO FORMATION", "SNVEL")
    assert fiche.former == ("RNCP37507",)
    assert [bloc.code for bloc in fiche.blocs] == [f"RNCP40344BC0{n}" for n in range(1, 5)]
    assert len(fiche.correspondences) == 8


def test_an_unknown_number_lists_the_fiches_closest_first(tmp_path: Path) -> None:
    both = tmp_path / "FICHES.xml"
    fiches = [ElementTree.parse(path).getroot().find("FICHE") for path in FICHES.values()]
    root = ElementTree.Element("FICHES")
    root.extend(f for f in fiches if f is not None)
    ElementTree.ElementTree(root).write(both, encoding="utf-8")
    with pytest.raises(ExchangeError, match=r"no fiche RNCP40300; it holds \(closest first\): RNCP40344, RNCP36612"):
        read_fiche(both, "RNCP40300")
    assert read_fiche(both, "RNCP36612").title == "Assistant en ressources humaines"
    assert closest("RNCP3661", ["RNCP40344", "RNCP36612"]) == ["RNCP36612", "RNCP40344"]


def test_a_file_holding_one_fiche_is_read(tmp_path: Path) -> None:
    fiche = ElementTree.parse(FICHES["RNCP36612"]).getroot().find("FICHE")
    assert fiche is not None
    single = tmp_path / "fiche.xml"
    ElementTree.ElementTree(fiche).write(single, encoding="utf-8")
    assert len(read_fiche(single, "RNCP36612").blocs) == 4


def test_another_root_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.xml"
    other.write_text("<html><body/></html>", encoding="utf-8")
    with pytest.raises(ExchangeError, match="not an RNCP flux"):
        read_fiche(other, "RNCP1")


def test_slug_and_methods() -> None:
    assert slug("Auxiliaire spécialisé vétérinaire") == "auxiliaire-specialise-veterinaire"
    assert slug("2nd titre") == "cqp-2nd-titre"
    assert len(slug("mot " * 40)) <= 64
    assert methods_named("Mises en situations reconstituées (jeux de rôle)    Entretien avec le jury") == [
        "situation_reconstituee",
        "entretien",
    ]
    assert methods_named("Productions écrites") == []


# --- the command --------------------------------------------------------------------------------


@pytest.mark.parametrize("number", list(FICHES))
def test_imported_fiche_validates_with_the_fiche_competences_word_for_word(number: str, tmp_path: Path) -> None:
    output = import_fiche(number, tmp_path)
    assert cqp("validate", output).exit_code == 0
    result = check_paths([output])
    assert result.errors == 0 and result.warnings > 0
    data = yaml.safe_load(output.read_text(encoding="utf-8"))
    assert data["codes"]["rncp"] == number and data["status"] == "draft"
    assert {gap["what"] for gap in data["gaps"]} >= {"criteria", "questions", "vae", "decided_by", "placeholder"}
    for unit, source in zip(data["units"], _source_blocs(number), strict=True):
        assert unit["title"] == source["LIBELLE"]
        texts = [c["text"] for activity in unit["activities"] for c in activity["competences"]]
        assert texts == split_items(source["LISTE_COMPETENCES"])
        assert all(text in source["LISTE_COMPETENCES"] for text in texts)
        assert unit["modality"]["description"] == source["MODALITES_EVALUATION"]
    assert output.read_text(encoding="utf-8").startswith("# Brouillon créé par « cqp import rncp »")


@pytest.mark.slow
@pytest.mark.parametrize("number", list(FICHES))
def test_imported_fiche_builds_the_referentiel_in_html_and_pdf(number: str, tmp_path: Path) -> None:
    output = import_fiche(number, tmp_path / "in")
    built = tmp_path / "build"
    result = cqp("build", output, "--doc", "referentiel", "--format", "all", "-j", "1", "-o", built)
    assert result.exit_code == 0, result.output
    html = next(built.glob("*/*/referentiel.html")).read_text(encoding="utf-8")
    first = split_items(_source_blocs(number)[0]["LISTE_COMPETENCES"])[0]
    assert first.replace("'", "&#39;") in html
    fiche = read_fiche(FICHES[number], number)
    assert f"<dt>Niveau de qualification</dt><dd>{fiche.level}</dd>" in html
    assert f"<dt>Code ROME</dt><dd>{fiche.rome[0][0]} {fiche.rome[0][1]}</dd>" in html
    assert f"<dt>Organisme certificateur</dt><dd>{fiche.certifiers[0]}</dd>" in html
    assert next(built.glob("*/*/referentiel.pdf")).read_bytes().startswith(b"%PDF-")


def test_import_refuses_to_overwrite(tmp_path: Path) -> None:
    output = import_fiche("RNCP36612", tmp_path)
    before = output.read_bytes()
    result = cqp("import", "rncp", FICHES["RNCP36612"], "--fiche", "RNCP36612", "-o", output)
    assert result.exit_code == 2 and "already exists" in result.output
    assert output.read_bytes() == before


def test_import_to_stdout_and_options(tmp_path: Path) -> None:
    result = cqp("import", "rncp", FICHES["RNCP36612"], "--fiche", "36612", "--id", "assistant-rh", "--version", "2024")
    assert result.exit_code == 0
    data = yaml.safe_load(result.stdout)
    assert (data["id"], data["version"]) == ("assistant-rh", "2024")
    bad = cqp("import", "rncp", FICHES["RNCP36612"], "--fiche", "RNCP36612", "--id", "Assistant RH")
    assert bad.exit_code == 2 and "--id 'Assistant RH'" in bad.output
    assert cqp("import", "rncp", FICHES["RNCP36612"], "--fiche", "abc").exit_code == 2


def test_unknown_fiche_is_one_line_exit_2() -> None:
    result = cqp("import", "rncp", FICHES["RNCP36612"], "--fiche", "RNCP36613")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"Error: {FICHES['RNCP36612']} has no fiche RNCP36613; it holds (closest first): RNCP36612"
    ]


# --- export and round trip ------------------------------------------------------------------------


def _validate_fragment(data: bytes) -> etree._Element:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.fromstring(data)
    schema.assertValid(document)
    return document


@pytest.mark.parametrize("number", list(FICHES))
def test_export_gives_back_the_blocs_of_the_fiche(number: str, tmp_path: Path) -> None:
    output = import_fiche(number, tmp_path)
    result = cqp("export", "rncp", output)
    assert result.exit_code == 0, result.output
    document = _validate_fragment(result.stdout_bytes)
    exported = [
        {child.tag: child.text or "" for child in bloc}
        for bloc in document.iterfind("FICHE/BLOCS_COMPETENCES/BLOC_COMPETENCES")
    ]
    assert document.findtext("FICHE/NUMERO_FICHE") == number
    source = _source_blocs(number)
    assert len(exported) == len(source)
    for mine, theirs in zip(exported, source, strict=True):
        for tag in ("CODE", "LIBELLE", "LISTE_COMPETENCES", "MODALITES_EVALUATION"):
            assert _normalised(mine[tag]) == _normalised(theirs[tag]), tag
        assert split_items(mine["LISTE_COMPETENCES"]) == split_items(theirs["LISTE_COMPETENCES"])


def test_the_schema_refuses_a_wrong_fragment(tmp_path: Path) -> None:
    output = import_fiche("RNCP36612", tmp_path)
    good = cqp("export", "rncp", output).stdout_bytes
    _validate_fragment(good)
    with pytest.raises(etree.DocumentInvalid):
        _validate_fragment(good.replace(b"RNCP36612BC01", b"RNCP36612-BC1"))
    with pytest.raises(etree.DocumentInvalid):
        _validate_fragment(good.replace(b"<INTITULE>", b"<TITRE>").replace(b"</INTITULE>", b"</TITRE>"))


def _older_version(tmp_path: Path) -> Path:
    """A referential standing for RNCP37507, the certification RNCP40344 replaces."""
    folder = tmp_path / "referentials"
    older = import_fiche("RNCP40344", tmp_path / "scratch", "--version", "RNCP37507")
    folder.mkdir()
    text = older.read_text(encoding="utf-8").replace("rncp: RNCP40344", "rncp: RNCP37507")
    (folder / "older.yaml").write_text(text, encoding="utf-8")
    return folder


def test_an_older_version_present_is_superseded_with_the_correspondences(tmp_path: Path) -> None:
    folder = _older_version(tmp_path)
    newer = folder / "newer.yaml"
    result = cqp("import", "rncp", FICHES["RNCP40344"], "--fiche", "RNCP40344", "--referentials", folder, "-o", newer)
    assert result.exit_code == 0, result.output
    assert "supersedes auxiliaire-specialise-veterinaire@RNCP37507" in result.output
    data = yaml.safe_load(newer.read_text(encoding="utf-8"))
    assert data["supersedes"] == {"version": "RNCP37507"}
    assert sorted((m["from"], m["to"]) for m in data["equivalences"]["mappings"]) == [
        ([f"B{n}"], [f"B{n}"]) for n in range(1, 5)
    ]
    assert data["equivalences"]["no_equivalent"] == []
    assert cqp("validate", folder).exit_code == 0
    exported = cqp("export", "rncp", newer)
    assert exported.exit_code == 0, exported.output
    document = _validate_fragment(exported.stdout_bytes)
    pairs = {
        (c.findtext("SOURCE/BLOC_COMPETENCES/CODE"), c.findtext("DESTINATION/BLOC_COMPETENCES/CODE"))
        for c in document.iterfind("FICHE/CORRESPONDANCES/CORRESPONDANCE")
    }
    assert pairs == {(f"RNCP40344BC0{n}", f"RNCP37507BC0{n}") for n in range(1, 5)}


def test_an_older_version_in_a_broken_file_is_not_silently_missed(tmp_path: Path) -> None:
    folder = _older_version(tmp_path)
    older = folder / "older.yaml"
    older.write_text(older.read_text(encoding="utf-8") + "units: [\n", encoding="utf-8")  # unclosed
    newer = tmp_path / "newer.yaml"
    result = cqp("import", "rncp", FICHES["RNCP40344"], "--fiche", "RNCP40344", "--referentials", folder, "-o", newer)
    assert result.exit_code == 0, result.output
    assert "supersedes" not in yaml.safe_load(newer.read_text(encoding="utf-8"))
    assert f"not looked into for the version it supersedes, having errors: {older} (run 'cqp validate'" in (
        result.output
    )


def test_an_absent_older_version_stays_in_comments(tmp_path: Path) -> None:
    output = import_fiche("RNCP40344", tmp_path)
    text = output.read_text(encoding="utf-8")
    assert "supersedes" not in yaml.safe_load(text)
    assert "#   RNCP40344BC04 → RNCP37507BC04 (RNCP37507)" in text


def test_export_refuses_what_the_flux_cannot_hold() -> None:
    no_number = cqp("export", "rncp", REFERENTIALS)
    assert no_number.exit_code == 2
    assert "charge-accueil@RNCP has no RNCP number" in no_number.output
    assert "domaines generation" in no_number.output


def test_export_never_writes_over_an_input(tmp_path: Path) -> None:
    output = import_fiche("RNCP36612", tmp_path)
    before = output.read_bytes()
    result = cqp("export", "rncp", output, "-o", output)
    assert result.exit_code == 2 and "refusing to overwrite the input file" in result.output
    assert output.read_bytes() == before
    written = tmp_path / "fiche.xml"
    assert cqp("export", "rncp", output, "-o", written).exit_code == 0
    _validate_fragment(written.read_bytes())


def test_export_refuses_a_referential_with_errors(tmp_path: Path) -> None:
    output = import_fiche("RNCP36612", tmp_path)
    output.write_text(
        output.read_text(encoding="utf-8").replace("status: draft", "status: brouillon"), encoding="utf-8"
    )
    result = cqp("export", "rncp", output)
    assert result.exit_code == 1
    assert "validation errors: run cqp validate" in result.output


def test_a_large_export_is_read_fiche_by_fiche(tmp_path: Path) -> None:
    # 60 000 small fiches: more elements than are ever held at once, since the others are dropped.
    other = "<FICHE><NUMERO_FICHE>RNCP9{n:06d}</NUMERO_FICHE><INTITULE>Autre</INTITULE><BLOCS_COMPETENCES/></FICHE>"
    wanted = ElementTree.tostring(ElementTree.parse(FICHES["RNCP36612"]).getroot().find("FICHE"), encoding="unicode")
    source = tmp_path / "FICHES.xml"
    source.write_text(
        "<FICHES>" + "".join(other.format(n=n) for n in range(60_000)) + wanted + "</FICHES>", encoding="utf-8"
    )
    from cqpengine.exchange import xml

    assert xml.MAX_HELD_ELEMENTS < 60_000 * 4
    fiche = read_fiche(source, "RNCP36612")
    assert len(fiche.blocs) == 4


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=_TEXT,
    blocs=st.lists(st.tuples(_TEXT, st.lists(_TEXT, max_size=4), _TEXT), min_size=1, max_size=3),
)
def test_any_fiche_drafts_a_referential_without_errors(
    title: str, blocs: list[tuple[str, list[str], str]], tmp_path: Path
) -> None:
    fiche = Fiche(
        number="RNCP1",
        title=clean_text(title),
        blocs=tuple(
            Bloc(f"RNCP1BC{n:02d}", clean_text(name), "    ".join(items), modality)
            for n, (name, items, modality) in enumerate(blocs, 1)
        ),
    )
    path = tmp_path / "draft.yaml"
    path.write_text(draft_referential(fiche, source_name="f.xml", certification_id="cqp-x", version="1"), "utf-8")
    result = check_paths([path])
    assert result.errors == 0, [f.message for f in result.findings if f.severity == "error"]
    assert [len(u.bloc["activities"][0]["competences"]) for u in result.referentials[0].units if u.bloc] == [
        max(1, len([item for item in split_items("    ".join(items)) if clean_text(item)]))
        for _name, items, _modality in blocs
    ]
    exported = _validate_fragment(export_fiche(result.referentials[0]))
    assert len(exported.findall("FICHE/BLOCS_COMPETENCES/BLOC_COMPETENCES")) == len(blocs)
