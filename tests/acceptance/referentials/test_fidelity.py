"""Fidelity: every content text of the referentials is found, word for word, in its source document(s).

The sources are the seeds of ``../shared/seeds`` beside the checkout (see its README). Both sides are
normalised so that the damage of the PDF-to-text extractions does not matter: accents folded (NFKD),
lower case, every character that is not a letter or a digit removed (spaces, punctuation, quotes,
bullets, words split by stray spaces). On the source side the HTML tags of the extractions and the
bullet glyphs of 000 read as letters ("AE", "R", "q", "è" before an item) are removed first. Each
normalised text must then be a substring of the normalised text of one of its file's seeds.

The editors' own words are not checked: ids, codes, enumerations, ``note`` (editor's notes; the
``note`` of a VAE piece of evidence is copied from the source and is checked), ``source``, and the
``gaps``, ``equivalences`` and ``document_scales`` sections (ids, and the encoders' reasons and rationales).

Texts the editors deliberately repaired (typos, sentences joined across a page break, a lead-in
folded into its items) are listed in ``REPAIRS`` with the source's own words: only the repaired words
are excused, the rest of the text is checked as strictly as any other.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.helpers import REFERENTIALS, ROOT

SEEDS = ROOT.parent / "shared" / "seeds"

if not SEEDS.is_dir():
    pytest.skip(
        f"source documents not found at {SEEDS} (the seeds live beside the checkout, in ../shared/seeds; "
        "a bare clone does not have them)",
        allow_module_level=True,
    )

S000 = "000_d18f1793457a91d2.txt"  # CQP Téléconseiller(ère) 2013 guide (noisy extraction), Partie 1 + 2
S001 = "001_32df001763ce74e7.txt"  # CQP Assistant(e) commercial(e) full guide, Partie 1 + 2
S002 = "002_d97434e13399dba9.txt"  # CQP Gestionnaire Parcours, guide d'entretien in 5 blocs
S003 = "003_d903f7ccd782f019.txt"  # CQP Chargé(e) d'accueil 2013, dossier de recevabilité VAE
S004 = "004_ac0104bb75e4ceb6.txt"  # CQP Chargé(e) d'accueil RNCP, référentiel de certification

#: The seeds each referential file is encoded from (the same as its ``source`` list declares).
SEED_FILES: dict[str, tuple[str, ...]] = {
    "assistant_commercial.yaml": (S001,),
    "blocs_relation_clients.yaml": (S004, S002),
    "charge_accueil.yaml": (S004, S002, S001, S003),
    "charge_accueil_2013.yaml": (S003, S001),
    "gestionnaire_parcours.yaml": (S002, S004),
    "teleconseiller.yaml": (S000,),
}

#: Sections holding no source text: ids of scales, gap records, equivalence mappings.
SKIPPED_SECTIONS = frozenset({"gaps", "equivalences", "document_scales"})
#: Keys whose values are the editors' words, ids or enumerations, not texts of the sources.
SKIPPED_KEYS = frozenset(
    {
        "id",
        "ref",
        "code",
        "kind",
        "generation",
        "status",
        "version",
        "effective_date",
        "source",
        "note",
        "reason",
        "rationale",
        "meaning",
        "methods",
        "kinds",
        "scope",
        "activity_statuses",
        "vae_threshold",
    }
)

Texts = list[tuple[str, str]]  # (JSON path, YAML text)


@dataclass(frozen=True)
class Repair:
    """A text the editors repaired, and how to revert the repair to find the source's words.

    ``text`` is the YAML text or a distinctive fragment of it. Each edit of ``reverted`` replaces YAML
    words by the source's words; a ``|`` in the source's words cuts the text there (a page break, a
    table row boundary, a lead-in), and each piece must then be found in the sources on its own.
    """

    files: tuple[str, ...]
    text: str
    reverted: tuple[tuple[str, str], ...]


AC = ("assistant_commercial.yaml",)
AC_TC = ("assistant_commercial.yaml", "teleconseiller.yaml")
CA = ("charge_accueil.yaml",)
CA_BOTH = ("charge_accueil.yaml", "charge_accueil_2013.yaml")
CA13 = ("charge_accueil_2013.yaml",)
GP = ("gestionnaire_parcours.yaml",)
LIB = ("blocs_relation_clients.yaml",)

REPAIRS: tuple[Repair, ...] = (
    # The jury interview's format, a whole sentence as the livrets print it: the livret d'évaluation finale's
    # start "Cet entretien est organisé" before the words of Partie 1 § 2.5 for this CQP ("autour d'…").
    Repair(
        ("assistant_commercial.yaml", *CA_BOTH),
        "Cet entretien est organisé autour",
        (("Cet entretien est organisé autour", "Cet entretien est organisé|autour"),),
    ),
    # The same start for the Téléconseiller(ère), whose truncated 000 lacks the livret d'évaluation finale: the
    # start is the branch's wording in 001 (same guide model); only "autour d'…" is 000's (Partie 1 § 2.5).
    Repair(
        ("teleconseiller.yaml",),
        "Cet entretien est organisé autour",
        (("Cet entretien est organisé autour", "autour"),),
    ),
    # 001/000 § 3.2 "(attestations employeurs, associations, ou bulletins de salaire)": the shared noun is repeated.
    Repair(
        AC_TC, "attestations associations", (("attestations associations", "attestations employeurs, associations"),)
    ),
    # 001 livret d'évaluation finale, D1: typo "Après de quels types de cibles" corrected to "Auprès".
    Repair(AC, "Auprès de quels types de cibles", (("Auprès de", "Après de"),)),
    # 001 livret d'évaluation finale, D2: stray "vous" removed from "Quels éléments vous avez-vous pu …".
    Repair(AC, "Quels éléments avez-vous pu mettre en avant", (("éléments avez-vous", "éléments vous avez-vous"),)),
    # 001 livret d'évaluation finale, modalités: one merged cell (Domaines 2-5) split over the rows of D2 and D5.
    Repair(AC, "en fonction des plannings des assistants commerciaux. Une fois", (("Une fois", "|Une fois"),)),
    # 003 déclaration sur l'honneur: the lead-in "M'engage, conformément au décret …, à" is shared by two commitments.
    Repair(CA_BOTH, "à ne pas déposer plus de trois demandes", (("2002, à ne pas", "2002, à|ne pas"),)),
    # 003 "La VAE, mode d'emploi": the phase heading "2/ Dossier VAE :" is folded into each of its items.
    Repair(CA13, "Dossier VAE : Entretien avec le jury", (("Dossier VAE :", "Dossier VAE :|"),)),
    Repair(CA13, "Dossier VAE : Délibération du jury", (("Dossier VAE :", "Dossier VAE :|"),)),
    # 004 Bloc 2, modalités: the cell runs on into the next table row ("Les évaluateurs remplissent …").
    Repair(
        CA,
        "Un entretien est organisé avec les évaluateurs.",
        (("Les évaluateurs remplissent", "|Les évaluateurs remplissent"),),
    ),
    # 004 Bloc 4: "de manière honnête, impartiale et professionnel": agreement with "manière" corrected.
    Repair(CA, "impartiale et professionnelle", (("et professionnelle et", "et professionnel et"),)),
    # 002: two passages joined ("Première partie de l'entretien" and the last line of "Orienter le candidat").
    Repair(GP, "Une commission paritaire validera ensuite", (("du bloc. Si le candidat", "du bloc.|Si le candidat"),)),
    # 002 § B: the lead-in "Le centre de formation sera chargé, dans le cadre de cet entretien :" folded into its item.
    Repair(GP, "d'effectuer un premier examen de l'expérience", (("entretien, d'effectuer", "entretien|d'effectuer"),)),
    # 002 bloc 4: activity cell cut by a page break ("Participation à la conduite" / "d'actions d'amélioration").
    Repair(GP, "Participation à la conduite d'actions d'amélioration", (("conduite d'actions", "conduite|d'actions"),)),
    # 002 bloc 4: competence cell cut by the same page break ("… réguliers, en" / "repérant, …").
    Repair(GP, "reportings réguliers, en repérant", (("en repérant", "en|repérant"),)),
    # Not a repair: the editors' name of the library, made of the source's "Blocs de compétences" and the titles
    # of the two CQP (004, 002); only those words are checked.
    Repair(
        LIB,
        "Blocs de compétences communs aux CQP",
        (("compétences communs aux CQP", "compétences|"), ("adhérents et Gestionnaire", "adhérents|Gestionnaire")),
    ),
    # 002 bloc 1: typo "en face en face" corrected to "en face à face".
    Repair(LIB, "Comment accueillez-vous les clients/adhérents", (("en face à face ou", "en face en face ou"),)),
    # 004 BLOC 1: "Le candidat établi des relations": verb ending corrected to "établit".
    Repair(LIB, "Le candidat établit des relations de qualité", (("établit", "établi"),)),
    # 004 BLOC 1: typo "face à fac" corrected to "face à face".
    Repair(LIB, "(tél, mail, face à face, tchat, etc.)", (("face à face, tchat", "face à fac, tchat"),)),
    # 002 bloc 1: question cut by a table row boundary ("… de la demande dont" / "vous avez besoin …").
    Repair(LIB, "de la demande dont vous avez besoin", (("dont vous avez", "dont|vous avez"),)),
    # 004 BLOC 1: indicator cut by a page break ("les besoins de" / "l'interlocuteur sont identifiés …").
    Repair(
        LIB,
        "les besoins de l'interlocuteur sont identifiés",
        (("besoins de l'interlocuteur", "besoins de|l'interlocuteur"),),
    ),
    # 002 bloc 1: question cut by a page break ("Donnez des exemples" / "d'intégration de ces obligations …").
    Repair(LIB, "Donnez des exemples d'intégration", (("exemples d'intégration", "exemples|d'intégration"),)),
    # 004 BLOC 3: "l'outil informatique adaptée": agreement corrected to "adapté".
    Repair(LIB, "l'outil informatique adapté en fonction", (("adapté en fonction", "adaptée en fonction"),)),
    # 004 BLOC 3: "pertinentes et correspondant à la demande": participle corrected to the verb "correspondent".
    Repair(LIB, "pertinentes et correspondent à la demande", (("correspondent", "correspondant"),)),
    # 004 BLOC 3, modalités: the cell runs on into the next table row ("Les évaluateurs remplissent …").
    Repair(
        LIB,
        "Observation en situation réelle ou à défaut",
        (("Les évaluateurs remplissent", "|Les évaluateurs remplissent"),),
    ),
)

_HTML_TAG = re.compile(r"<[^>]*>")
#: Bullet glyphs of 000 extracted as letters ("AE", "R", "q", "è"), standing alone before a capitalised item.
_LETTER_BULLET = re.compile(r"(?<!\S)(?:AE|R|q|è)\s+(?=[A-ZÀ-Ý])")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def normalise(text: str) -> str:
    """Lower case, accents folded, only ASCII letters and digits kept (œ and æ spelt out)."""
    spelt = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKD", spelt).casefold())


def normalise_source(raw: str) -> str:
    """``normalise`` after removing the extraction's HTML tags and letter-like bullets."""
    return normalise(_LETTER_BULLET.sub(" ", _HTML_TAG.sub(" ", raw)))


@cache
def seed(name: str) -> str:
    return normalise_source((SEEDS / name).read_text(encoding="utf-8"))


def sources_of(file: str) -> list[str]:
    return [seed(name) for name in SEED_FILES[file]]


def content_texts(node: Any, path: str = "$") -> Iterator[tuple[str, str]]:
    """(JSON path, text) of every French content text of a referential, the editors' words left out."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in SKIPPED_SECTIONS and path == "$":
                continue
            if key == "note" and ".vae.evidence." in f"{path}.":
                yield from content_texts(value, f"{path}.{key}")  # a source text (003), not an editor's note
            elif key not in SKIPPED_KEYS:
                yield from content_texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from content_texts(item, f"{path}[{index}]")
    elif isinstance(node, str):
        yield path, node


def found(text: str, sources: Sequence[str]) -> bool:
    wanted = normalise(text)
    return any(wanted in source for source in sources)


def reverted_pieces(text: str, repair: Repair) -> list[str] | None:
    """The source's words for ``text`` under ``repair``, cut at each ``|``; None if an edit does not apply."""
    for yaml_words, source_words in repair.reverted:
        if yaml_words not in text:
            return None
        text = text.replace(yaml_words, source_words, 1)
    return [piece for piece in text.split("|") if normalise(piece)]


def repaired(text: str, sources: Sequence[str], repair: Repair) -> bool:
    pieces = reverted_pieces(text, repair)
    return pieces is not None and all(found(piece, sources) for piece in pieces)


def unfaithful(texts: Texts, sources: Sequence[str], repairs: Sequence[Repair] = ()) -> Texts:
    """The texts found in none of the sources, unless one of ``repairs`` (matching the text) explains them."""
    return [
        (path, text)
        for path, text in texts
        if not found(text, sources)
        and not any(repair.text in text and repaired(text, sources, repair) for repair in repairs)
    ]


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: keeps the module fast


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # a safe loader


@cache
def data_of(file: str) -> Any:
    return load(REFERENTIALS / file)


@cache
def texts_of(file: str) -> Texts:
    return list(content_texts(data_of(file)))


def repairs_of(file: str) -> list[Repair]:
    return [repair for repair in REPAIRS if file in repair.files]


FILES = sorted(SEED_FILES)


def test_every_referential_file_has_its_seeds() -> None:
    assert sorted(path.name for path in REFERENTIALS.glob("*.yaml")) == FILES
    for names in SEED_FILES.values():
        for name in names:
            assert (SEEDS / name).is_file(), name


@pytest.mark.parametrize("file", FILES)
def test_seeds_are_the_declared_sources(file: str) -> None:
    declared = {
        match for entry in data_of(file)["source"] for match in re.findall(r"\b\d{3}_[0-9a-f]{16}\.txt\b", entry)
    }
    assert declared == set(SEED_FILES[file])


@pytest.mark.parametrize("file", FILES)
def test_texts_come_from_the_sources(file: str) -> None:
    texts = texts_of(file)
    assert len(texts) > 20  # the walk did reach the units
    bad = unfaithful(texts, sources_of(file), repairs_of(file))
    assert not bad, f"{file}: texts not found in {SEED_FILES[file]}:\n" + "\n".join(
        f"  {path}: {text!r}" for path, text in bad
    )


def test_every_repair_is_needed_and_explains_its_text() -> None:
    for repair in REPAIRS:
        matches = [(file, text) for file in repair.files for _, text in texts_of(file) if repair.text in text]
        assert matches, f"no text holds {repair.text!r} in {repair.files}"
        for file, text in matches:
            sources = sources_of(file)
            assert not found(text, sources), f"{file}: {text!r} is verbatim, drop it from REPAIRS"
            assert repaired(text, sources, repair), f"{file}: reverting {repair.reverted} does not give the source"


# --- self-checks: the comparison can fail ------------------------------------------------------------


def test_extraction_damage_is_ignored() -> None:
    source = normalise_source("<p>AE Mettre en  oe uvre l' accueil , « DÉFINI » par l'entre prise.</p>")
    assert unfaithful([("$.a", "Mettre en œuvre l'accueil défini par l'entreprise")], [source]) == []


def test_a_changed_word_is_reported() -> None:
    sources = sources_of("assistant_commercial.yaml")
    title = "Informer les entreprises et les particuliers sur les produits de la mutuelle"
    assert unfaithful([("$.t", title)], sources) == []
    altered = title.replace("particuliers", "professionnels")
    assert unfaithful([("$.t", altered)], sources) == [("$.t", altered)]


def test_a_repair_excuses_only_its_own_words() -> None:
    sources = sources_of("assistant_commercial.yaml")
    repairs = repairs_of("assistant_commercial.yaml")
    question = "Auprès de quels types de cibles avez-vous eu l'occasion d'intervenir"
    assert unfaithful([("$.q", question)], sources) == [("$.q", question)]
    assert unfaithful([("$.q", question)], sources, repairs) == []
    altered = question.replace("cibles", "clients")
    assert unfaithful([("$.q", altered)], sources, repairs) == [("$.q", altered)]


def test_a_corrupted_copy_of_a_referential_fails(tmp_path: Path) -> None:
    original = (REFERENTIALS / "assistant_commercial.yaml").read_text(encoding="utf-8")
    corrupted = original.replace("Les publics cibles", "Les publics visés", 1)
    assert corrupted != original
    copy = tmp_path / "assistant_commercial.yaml"
    copy.write_text(corrupted, encoding="utf-8")
    texts = list(content_texts(load(copy)))
    bad = unfaithful(texts, sources_of("assistant_commercial.yaml"), repairs_of("assistant_commercial.yaml"))
    assert bad == [("$.units[4].savoirs[1].text", "Les publics visés")]
