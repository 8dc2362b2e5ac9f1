"""Every word a person reads is theirs (issue 19): messages in the editor's words, at the right place,
and no machine trace in the printed documents nor in the review diff.

Messages are checked in French and in English, each at its exact line and column; the French text
must carry no regular expression, no JSON type name and no English kind. The documents of every
shipped referential and of both skeletons (filled with test content) are built once for the module,
and their text (PDF and HTML) is searched for escaped entities, commands, placeholders and English
enum values.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cqpengine.checking.schema import PATTERN_WORDS
from cqpengine.cli import cli
from cqpengine.places import editor_place
from tests.support.builds import once_per_run
from tests.support.helpers import REFERENTIALS, ROOT
from tests.support.new_version import write_split_version

UNSET: dict[str, str | None] = dict.fromkeys(("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"))
FRENCH = {**UNSET, "LANG": "fr_FR.UTF-8"}
ENGLISH = {**UNSET, "LANG": "en_GB.UTF-8"}
FILE = "charge_accueil.yaml"

#: What must never reach a French message: a regex, a JSON type name, an English kind, a JSON path.
REGEX = re.compile(r"\^|\$\)|\[0-9\]|\{[0-9],|\(\?|\\[dws]")
JSON_TYPES = re.compile(r"\b(integer|string|object|array|boolean|null|number)\b")
ENGLISH_KINDS = re.compile(r"\b(competence|criterion|activity|unit|error|warning|pattern|missing)\b")


def run(env: dict[str, str | None], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the shipped referentials, for one mistake."""
    target = tmp_path / "referentials"
    shutil.copytree(REFERENTIALS, target)
    return target


def edit_line(folder: Path, find: str, replace: str, *, nth: int = 1) -> int:
    """Replace ``find`` by ``replace`` on the ``nth`` line holding it; return that line's number (1-based)."""
    path = folder / FILE
    lines = path.read_text(encoding="utf-8").split("\n")
    numbers = [i for i, line in enumerate(lines) if find in line]
    index = numbers[nth - 1]
    lines[index] = lines[index].replace(find, replace, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def error_lines(folder: Path, env: dict[str, str | None]) -> list[str]:
    code, out, _err = run(env, "validate", str(folder))
    assert code == 1, out
    return [line for line in out.splitlines() if f"{FILE}:" in line and " CQP" in line and "CQP1" + "07" not in line]


def message_of(line: str) -> str:
    """The message of a finding's text line, without its file, severity, code and place."""
    message = line.split(" CQP", 1)[1].split(": ", 1)[1]
    return re.sub(r" \[(?:at|à :) .*\]$", "", message)


def assert_editor_words(line: str) -> None:
    message = message_of(line)
    assert not REGEX.search(message), line
    assert not JSON_TYPES.search(message), line
    assert not ENGLISH_KINDS.search(message), line
    assert "$." not in line and "[at " not in line, line


#: (name, find, replace, nth, code, column, French words, English words): one mistake per message class.
CASES: list[tuple[str, str, str, int, str, int, str, str]] = [
    (
        "pattern (a French date)",
        "# Pas de date d'effet : 004 n'en donne aucune.",
        "effective_date: 01/01/2027",
        1,
        "CQP010",
        17,
        "écrivez la date sous la forme AAAA-MM-JJ, par exemple 2027-01-01",
        "write the date as YYYY-MM-DD, for example 2027-01-01",
    ),
    (
        "type (minutes with their unit)",
        "interview_minutes: 15",
        "interview_minutes: 20 minutes",
        1,
        "CQP010",
        26,
        "n'est pas un nombre entier : écrivez le nombre seul, sans unité ni texte, par exemple 20",
        "is not a whole number: write the number alone, without unit or text, for example 20",
    ),
    (
        "enum (a status in French)",
        "status: active",
        "status: actif",
        1,
        "CQP010",
        9,
        "écrivez draft (en cours de rédaction), active (en vigueur), superseded",
        "write draft (en cours de rédaction), active (en vigueur), superseded",
    ),
    (
        "additionalProperties (a misspelt key)",
        "generation: blocs",
        "generation: blocs\ncolour: red",
        1,
        "CQP010",
        1,
        "clé 'colour' inconnue ici : corrigez-la ou retirez-la",
        "unknown key 'colour' here: correct or remove it",
    ),
    (
        "required (a key removed)",
        "title: Chargé(e) d'accueil",
        "titre: Chargé(e) d'accueil",
        1,
        "CQP010",
        1,
        "la clé 'title' (Intitulé) manque ici : ajoutez-la, « title: … »",
        "the key 'title' (Intitulé) is missing here: add it, 'title: …'",
    ),
    (
        "minimum (a bound)",
        "interview_minutes: 15",
        "interview_minutes: -5",
        1,
        "CQP010",
        26,
        "écrivez un nombre d'au moins",
        "write a number of at least",
    ),
    (
        "CQP108 (the number that is wrong)",
        "number: 3",
        "number: 7",
        1,
        "CQP108",
        13,
        "le numéro 7 dépasse ce nombre ; écrivez 3 ici",
        "number 7 is beyond the count; write 3 here",
    ),
    (
        "CQP117 (two active versions)",
        "status: superseded",
        "status: active",
        1,
        "CQP117",
        9,
        "écrivez « status: superseded » dans la plus ancienne",
        "write 'status: superseded' in the older one",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_each_message_class_in_the_editors_words(folder: Path, case: tuple[str, ...]) -> None:
    _name, find, replace, nth, code, column, french, english = case
    target = FILE
    if code == "CQP117":  # the 2013 version set active again
        target = "charge_accueil_2013.yaml"
        path = folder / target
        path.write_text(path.read_text(encoding="utf-8").replace(find, replace, 1), encoding="utf-8")
        # Reported on the version that was already active, at its status.
        line = (folder / FILE).read_text(encoding="utf-8").split("\n").index("status: active") + 1
    else:
        line = edit_line(folder, find, replace, nth=int(nth))
        if "\n" in replace:
            line += 1
        if code == "CQP010" and replace.startswith("titre"):
            line = 11  # a missing key: at the mapping that lacks it
    for env, words in ((FRENCH, french), (ENGLISH, english)):
        _code, out, _err = run(env, "validate", str(folder))
        found = [text for text in out.splitlines() if f" {code}: " in text and words in text]
        assert found, out
        assert found[0].split(f" {code}")[0].endswith(f"{line}:{column}: " + ("erreur" if env is FRENCH else "error"))
        if env is FRENCH:
            assert_editor_words(found[0])


def test_places_are_named_as_the_editor_sees_them_and_the_json_keeps_the_path(folder: Path) -> None:
    line = edit_line(folder, "interview_minutes: 15", "interview_minutes: 20 minutes")
    _code, out, _err = run(FRENCH, "validate", str(folder))
    [found] = [text for text in out.splitlines() if "CQP010" in text]
    assert found.startswith(f"{folder / FILE}:{line}:26: erreur CQP010: ")
    assert found.endswith(" [à : bloc 2 (CA-B2) › modality › interview_minutes]")
    _code, out, _err = run(FRENCH, "validate", "--format", "json", str(folder))
    [finding] = [f for f in json.loads(out) if f["code"] == "CQP010"]
    assert finding["path"] == "$.units[1].modality.interview_minutes"
    assert (finding["line"], finding["column"]) == (line, 26)


def test_a_duplicate_id_names_its_kind_in_french(folder: Path) -> None:
    line = edit_line(folder, "- id: CA-B2.A1.C2.K1", "- id: CA-B2.A1.C1.K1")
    for env, words in ((FRENCH, "(critère)"), (ENGLISH, "(criterion)")):
        lines = [text for text in error_lines(folder, env) if "CQP101" in text]
        assert lines and lines[0].startswith(f"{folder / FILE}:{line}:21: ") and words in lines[0], lines
        if env is FRENCH:
            assert_editor_words(lines[0])


def test_a_typo_in_a_ref_gives_one_finding_not_its_knock_ons(folder: Path) -> None:
    line = edit_line(folder, "ref: blocs-relation-clients#RC-ACCUEIL", "ref: blocs-relation-clients#RC-ACUEIL")
    for env in (FRENCH, ENGLISH):
        lines = error_lines(folder, env)
        assert len(lines) == 1, lines
        assert lines[0].startswith(f"{folder / FILE}:{line}:10: ") and " CQP102: " in lines[0]
        assert "'RC-ACCUEIL'" in lines[0]  # the fix, suggested once


def test_a_real_equivalence_to_an_unknown_unit_is_still_reported(folder: Path) -> None:
    line = edit_line(folder, "to: [RC-ACCUEIL]", "to: [CA-B9]")
    lines = error_lines(folder, FRENCH)
    assert [text.split(": ")[0] for text in lines] == [f"{folder / FILE}:{line}:12"]
    assert "CQP104" in lines[0]


def test_bloc_without_modality_says_what_to_write(folder: Path) -> None:
    data = yaml.safe_load((folder / FILE).read_text(encoding="utf-8"))
    del data["units"][1]["modality"]
    (folder / FILE).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for env, words in (
        (FRENCH, "ajoutez « modality: » au bloc"),
        (ENGLISH, "add 'modality:' to the bloc"),
    ):
        lines = [text for text in error_lines(folder, env) if "CQP109" in text]
        assert lines and words in lines[0] and "gaps:" in lines[0], lines
        if env is FRENCH:
            assert_editor_words(lines[0])


@pytest.mark.parametrize("pasted", ["→ ", "• ", "- ", "\u2013 "])
def test_a_pasted_arrow_or_bullet_is_warned_and_printed_once(folder: Path, tmp_path: Path, pasted: str) -> None:
    find = "- Le candidat est réactif dans son organisation"
    line = edit_line(folder, find, f'- "{pasted}Le candidat est réactif dans son organisation', nth=1)
    path = folder / FILE
    text = path.read_text(encoding="utf-8").split("\n")
    text[line - 1] += '"'
    path.write_text("\n".join(text), encoding="utf-8")
    column = text[line - 1].index('"') + 1
    for env, words in ((FRENCH, "retirez donc"), (ENGLISH, "so remove")):
        _code, out, _err = run(env, "validate", "--show-warnings", str(path))
        found = [t for t in out.splitlines() if " CQP123: " in t]
        assert len(found) == 1 and found[0].startswith(f"{path}:{line}:{column}: ") and words in found[0], out
    code, _out, err = run(ENGLISH, "build", str(path), "-o", str(tmp_path / "out"), "--doc", "referentiel")
    assert code == 0, err
    page = (tmp_path / "out" / "charge-accueil" / "RNCP" / "referentiel.html").read_text(encoding="utf-8")
    assert "<li>Le candidat est réactif dans son organisation" in page


def test_a_tab_inside_a_text_is_warned(folder: Path) -> None:
    line = edit_line(folder, "text: L'organisation des activités sur", "text: \"L'organisation\\tdes activités sur")
    path = folder / FILE
    text = path.read_text(encoding="utf-8").split("\n")
    text[line - 1] += '"'
    path.write_text("\n".join(text), encoding="utf-8")
    _code, out, _err = run(FRENCH, "validate", "--show-warnings", str(path))
    found = [t for t in out.splitlines() if " CQP123: " in t]
    assert len(found) == 1 and found[0].startswith(f"{path}:{line}:") and "remplacez-la par une espace" in found[0]


def test_skip_reasons_say_what_to_write(folder: Path, tmp_path: Path) -> None:
    # A scale defined but not named for the document (assistant-commercial has its scales).
    path = folder / "assistant_commercial.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\n  final_grid: [\w-]+", "", text, count=1), encoding="utf-8")
    _code, _out, err = run(FRENCH, "build", str(path), "-o", str(tmp_path / "out"), "--doc", "livret-evaluation-finale")
    assert "sous « document_scales: », écrivez « final_grid: » suivi de l'identifiant" in err, err
    # No scale at all (charge-accueil@RNCP): define one, then name it.
    _code, _out, err = run(FRENCH, "build", str(folder / FILE), "-o", str(tmp_path / "out"), "--doc", "guide-entretien")
    assert "aucune échelle n'est définie : sous « scales: », écrivez l'échelle de réponse de la source" in err, err


# --- the review diff -------------------------------------------------------------------------------------------

#: Raw keys and values of the referential format that a commission must not read.
RAW_WORDS = re.compile(
    r"\b(draft|active|superseded|withdrawn|observation_reelle|situation_reconstituee|True|False|"
    r"status|modality|methods|evaluators_must_agree|indicators|what|reason|gaps|text|title|supersedes)\b"
)


@pytest.fixture(scope="session")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """charge-accueil@2025: a competence moved, status draft, a criterion with indicators added, a modality changed."""
    folder = tmp_path_factory.mktemp("review") / "referentials"
    path = write_split_version(folder)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    b2 = next(unit for unit in data["units"] if unit.get("id") == "CA-B2")
    b2["activities"][0]["competences"][0]["criteria"].append(
        {
            "id": "CA-B2.A1.C1.K9",
            "text": "Les délais sont tenus.",
            "indicators": ["Le candidat respecte les échéances.", "Le candidat prévient en cas de retard."],
        }
    )
    b2["modality"]["methods"] = ["entretien", "observation_reelle"]
    b2["modality"]["evaluators_must_agree"] = not b2["modality"].get("evaluators_must_agree", False)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def diff(folder: Path, *args: str) -> str:
    result = CliRunner().invoke(
        cli, ["diff", "charge-accueil@RNCP", "charge-accueil@2025", *args], env=FRENCH, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def page_text(markup: str) -> str:
    markup = re.sub(r"<(style|script)\b.*?</\1>", "", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def test_the_text_diff_is_in_a_commissions_words(reviewed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(reviewed.parent)
    text = diff(reviewed)
    lines = text.splitlines()[1:]
    assert lines
    for line in lines:
        content = re.sub(r"\b[A-Z]{2}-[A-Z0-9.]+\b", "", line)  # ids stay as they are
        assert not RAW_WORDS.search(content), line
    assert "  ~ Statut : en vigueur → projet en cours de rédaction" in lines
    assert "  ~ Modalités d'évaluation › Méthodes :" in lines and "      + Observation en situation réelle" in lines
    assert any(line.startswith("  ~ Modalités d'évaluation › Accord des deux évaluateurs : ") for line in lines)
    assert "  + critère CA-B2.A1.C1.K9 : Les délais sont tenus." in lines
    assert "        → Le candidat respecte les échéances." in lines
    assert any("compétence CA-B2.A1.C2, déplacement de Bloc 2 › Organisation vers Bloc 4" in line for line in lines)
    assert "déplacé" not in text


def test_the_html_diff_is_in_a_commissions_words(reviewed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(reviewed.parent)
    words = page_text(diff(reviewed, "--format", "html"))
    body = re.sub(r"\b[A-Z]{2}-[A-Z0-9.]+\b", "", words)
    assert not RAW_WORDS.search(body), RAW_WORDS.search(body)
    assert "en vigueur" in words and "Observation en situation réelle" in words
    assert "Le candidat prévient en cas de retard." in words  # the added criterion's indicators
    assert "Déplacement depuis Bloc 2 › Organisation" in words
    assert not re.search(r"&#\d+;|&amp;|&lt;|&gt;|&quot;", words)


def test_the_json_diff_carries_the_indicators_of_an_added_criterion(
    reviewed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(reviewed.parent)
    data = json.loads(diff(reviewed, "--format", "json"))
    [unit] = [u for u in data["units"] if u["unit"] == "CA-B2"]
    [added] = [i for i in unit["items"] if i["id"] == "CA-B2.A1.C1.K9"]
    assert added["kind"] == "added"
    assert added["details"]["indicators"] == [
        "Le candidat respecte les échéances.",
        "Le candidat prévient en cas de retard.",
    ]


# --- the printed documents -------------------------------------------------------------------------------------

#: Machine traces a printed document must not carry.
ESCAPED = re.compile(r"&#x?[0-9a-fA-F]+;|&(?:amp|lt|gt|quot|apos);")
COMMAND = re.compile(r"\bcqp [a-z]")
PLACEHOLDER = re.compile(r"X{4,}|\bTODO\b|\bTBD\b")
ENUM_VALUES = re.compile(
    r"\b(draft|superseded|withdrawn|observation_reelle|situation_reconstituee|acquired|not_acquired|"
    r"True|False|unit-library|same_certification|more_than|at_least)\b"
    r"|[(:] ?active\b"  # "active" is French too ("une écoute active"): only as a status
)


def _filled_skeleton(folder: Path, generation: str) -> None:
    """``cqp new certification`` of ``generation``, every "XXXX …" replaced by test content."""
    path = folder / f"essai_{generation}.yaml"
    code, out, err = run(
        ENGLISH, "new", "certification", f"essai-{generation}", "--generation", generation, "-o", str(path)
    )
    assert code == 0, out + err
    path.write_text(path.read_text(encoding="utf-8").replace("XXXX ", ""), encoding="utf-8")


def _build_with_skeletons(root: Path) -> None:
    folder = root / "referentials"
    shutil.copytree(REFERENTIALS, folder)
    for generation in ("blocs", "domaines"):
        _filled_skeleton(folder, generation)
    code, out, err = run(ENGLISH, "build", str(folder), "-o", str(root / "out"))
    assert code == 0, out + err


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """Every document of every shipped referential and of both filled skeletons, built once per run (HTML and PDF)."""
    return once_per_run(tmp_path_factory, worker_id, "words-build", _build_with_skeletons) / "out"


@pytest.fixture(scope="session")
def documents(built: Path) -> list[tuple[Path, str]]:
    """The text of every built document: HTML as a browser shows it, PDF as MuPDF extracts it (a reader's view)."""
    texts = [(path, page_text(path.read_text(encoding="utf-8"))) for path in sorted(built.rglob("*.html"))]
    for path in sorted(built.rglob("*.pdf")):
        with pymupdf.open(path) as pdf:  # twenty times faster than pypdf's extraction, the same words
            texts.append((path, "\n".join(page.get_text() for page in pdf)))
    return texts


@pytest.mark.parametrize(
    ("name", "pattern"),
    [("escaped entity", ESCAPED), ("command", COMMAND), ("placeholder", PLACEHOLDER), ("enum value", ENUM_VALUES)],
)
def test_documents_carry_no_machine_trace(
    built: Path, documents: list[tuple[Path, str]], name: str, pattern: re.Pattern[str]
) -> None:
    folders = {path.parent.parent.name for path, _text in documents}
    assert folders >= {"essai-blocs", "essai-domaines", "charge-accueil", "assistant-commercial"}
    assert {path.suffix for path, _text in documents} == {".html", ".pdf"}
    found = [(path.relative_to(built), m.group(0)) for path, text in documents for m in [pattern.search(text)] if m]
    assert not found, f"{name}: {found[:5]}"


def test_the_jury_frame_reads_as_french(built: Path) -> None:
    page = page_text((built / "assistant-commercial" / "2013" / "livret-evaluation-finale.html").read_text("utf-8"))
    assert "À renseigner par le jury avant la décision :" in page
    # Each domaine's line for a unit acquired earlier (the referential's own text says "l'adhérent" anyway).
    assert page.count("acquis lors d'un jury précédent, le :") == 5
    assert "Cet entretien est organisé autour d'un entretien d'une durée de 20 minutes" in page


def test_a_scale_label_is_printed_and_a_placeholder_leaves_no_heading(tmp_path: Path) -> None:
    folder = tmp_path / "referentials"
    folder.mkdir()
    _filled_skeleton(folder, "blocs")
    path = folder / "essai_blocs.yaml"
    text = path.read_text(encoding="utf-8").replace("place: Lieu de l'évaluation", "place: TODO", 1)
    path.write_text(text, encoding="utf-8")
    code, _out, err = run(ENGLISH, "build", str(path), "-o", str(tmp_path / "out"), "--format", "html")
    assert code == 0, err
    built = tmp_path / "out" / "essai-blocs"
    [version] = list(built.iterdir())
    guide = page_text((version / "guide-entretien.html").read_text(encoding="utf-8"))
    assert "Intitulé de la colonne du guide d'entretien" in guide
    referentiel = page_text((version / "referentiel.html").read_text(encoding="utf-8"))
    # Bloc 2's heading and its value; bloc 1's placeholder leaves no heading.
    assert referentiel.count("Lieu de l'évaluation") == 2 and "TODO" not in referentiel
    text = path.read_text(encoding="utf-8").replace("  - Finalité du métier", "  - XXXX", 1)
    path.write_text(text, encoding="utf-8")
    code, _out, err = run(ENGLISH, "build", str(path), "-o", str(tmp_path / "out"), "--format", "html")
    assert code == 0, err
    assert "Finalité du métier" not in page_text((version / "referentiel.html").read_text(encoding="utf-8"))


# --- places ----------------------------------------------------------------------------------------------------

PATHS = st.lists(st.one_of(st.integers(min_value=0, max_value=5), st.sampled_from(["units", "criteria", "x", "id"])))
DATA = st.recursive(
    st.one_of(st.none(), st.text(max_size=5), st.integers()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["id", "ref", "number", "units", "x"]), inner)
    ),
    max_leaves=20,
)


@given(path=PATHS, data=DATA)
def test_a_place_is_named_for_any_path_and_data(path: list[str | int], data: object) -> None:
    place = editor_place(tuple(path), data)
    assert "$" not in place and "[" not in place
    assert len(place.split(" › ")) <= max(len(path), 1)


def test_a_place_names_units_by_number_and_items_by_id() -> None:
    data = {
        "generation": "blocs",
        "units": [
            {"ref": "lib#B1", "number": 1},
            {"id": "B2", "number": 2, "activities": [{"id": "B2.A1", "competences": [{"id": "B2.A1.C1"}]}]},
        ],
    }
    path = ("units", 1, "activities", 0, "competences", 0, "criteria", 2, "text")
    assert editor_place(path, data) == "bloc 2 (B2) › competence B2.A1.C1 › criterion no. 3 › text"
    assert editor_place(("units", 0, "ref"), data) == "bloc 1 (lib#B1) › ref"
    assert editor_place(("targeted_jobs", 0)) == "targeted_jobs › item no. 1"


@pytest.mark.parametrize("generation", ["blocs", "domaines"])
def test_every_text_of_a_skeleton_is_printed_in_some_document(tmp_path: Path, generation: str) -> None:
    """Each "XXXX …" of the skeleton, made unique, is found in a built document (only sources are not printed)."""
    folder = tmp_path / "referentials"
    folder.mkdir()
    path = folder / "essai.yaml"
    code, out, err = run(ENGLISH, "new", "certification", "essai", "--generation", generation, "-o", str(path))
    assert code == 0, out + err
    count = iter(range(1, 1000))
    text = re.sub(r"XXXX ", lambda _match: f"M{next(count):03d}Q ", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    code, _out, err = run(ENGLISH, "build", str(path), "-o", str(tmp_path / "out"), "--format", "html")
    assert code == 0, err
    printed = " ".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.html"))
    data = yaml.safe_load(text)
    sources = " ".join(data["source"])
    markers = {m for m in re.findall(r"M\d{3}Q", yaml.safe_dump(data, allow_unicode=True)) if m not in sources}
    assert markers and not sorted(m for m in markers if m not in printed)


def test_every_pattern_of_the_shipped_schemas_is_worded() -> None:
    """No regular expression ever reaches a message: each ``pattern`` has its words (what to write)."""

    def patterns(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                yield node["pattern"]
            for child in node.values():
                yield from patterns(child)
        elif isinstance(node, list):
            for child in node:
                yield from patterns(child)

    used = {
        p for path in (ROOT / "schema").glob("*.schema.json") for p in patterns(json.loads(path.read_text("utf-8")))
    }
    assert used and not sorted(used - set(PATTERN_WORDS))
