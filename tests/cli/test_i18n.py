"""Messages in French under a French locale, English otherwise; the catalog complete and compiled."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import click
import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from cqpengine import i18n
from cqpengine.cli import cli
from cqpengine.commands.translated import Command
from tests.support.helpers import REFERENTIALS, ROOT

PO = ROOT / "cqpengine" / "locale" / "fr" / "LC_MESSAGES" / "cqpengine.po"
MO = PO.with_suffix(".mo")
UNSET: dict[str, str | None] = dict.fromkeys(("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"))
FRENCH = {**UNSET, "LANG": "fr_FR.UTF-8"}
ENGLISH = {**UNSET, "LANG": "en_GB.UTF-8"}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_CA"}, "fr"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "fr_FR.UTF-8"}, "fr"),  # LC_ALL wins over LANG
        ({"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),  # so does LC_MESSAGES
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "fr:en"}, "fr"),
    ],
)
def test_language_follows_the_locale(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str) -> None:
    for name in UNSET:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert i18n.language() == expected
    # click's own words follow the same variables, through gettext's default domain.
    _code, out, _err = invoke({**UNSET, **env}, "--help")
    assert ("Utilisation :" in out) == (expected == "fr") and ("Usage:" in out) == (expected == "en")


def invoke(env: dict[str, str | None], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A copy of the referentials where charge_accueil.yaml has an unclosed quote and a misspelt scale."""
    folder = tmp_path / "referentials"
    shutil.copytree(REFERENTIALS, folder)
    path = folder / "charge_accueil.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('version: "RNCP"', 'version: "RNCP', 1), encoding="utf-8")
    other = folder / "gestionnaire_parcours.yaml"
    text = other.read_text(encoding="utf-8").replace("orientation: oui-non-partiellement", "orientation: oui-non", 1)
    other.write_text(text, encoding="utf-8")
    return folder


def test_validate_in_french_and_in_english(broken: Path) -> None:
    code, out, err = invoke(FRENCH, "validate", str(broken))
    assert code == 1
    assert (
        'erreur CQP001: le guillemet " ouvert ici n\'est jamais fermé : ajoutez le " fermant à la fin du texte' in out
    )
    assert "(YAML : while parsing a block mapping" in out  # PyYAML's own words as a detail
    assert "erreur CQP111: orientation utilise l'échelle 'oui-non', qui n'est pas définie" in out
    assert "non affichés : " in err and "lacunes documentées" in err
    assert "6 fichiers vérifiés : 2 erreurs, " in err
    assert "échec de la validation" in err

    code, out, err = invoke(ENGLISH, "validate", str(broken))
    assert code == 1
    assert 'error CQP001: the quote " opened here is never closed: add the closing " at the end of the text' in out
    assert "error CQP111: orientation uses scale 'oui-non', which is not defined" in out
    assert "6 files checked: 2 errors, " in err


def test_build_summary_and_skips_in_french(tmp_path: Path) -> None:
    code, out, err = invoke(FRENCH, "build", str(REFERENTIALS), "-o", str(tmp_path), "--format", "html")
    assert code == 0, err
    assert re.search(
        r"^écrit \d+ fichier\(s\) dans .* pour 5 référentiel\(s\), \d+ à jour ; "
        r"\d+ document\(s\) non produit\(s\), 0 en échec",
        out,
    )
    assert "non produit teleconseiller@2013 livret-suivi : pas de modules de formation pour D1, D2, D3, D4, D5" in err


def test_new_in_french(tmp_path: Path) -> None:
    output = tmp_path / "essai.yaml"
    code, out, _err = invoke(FRENCH, "new", "certification", "essai", "--generation", "blocs", "-o", str(output))
    assert code == 0
    assert f"écrit {output} : certification essai@" in out
    assert "ensuite : remplacez chaque texte « XXXX … »" in out
    code, _out, err = invoke(FRENCH, "new", "certification", "essai", "--generation", "blocs", "-o", str(output))
    assert code == 2
    assert f"{output} existe déjà" in err


def test_usage_errors_in_french(tmp_path: Path) -> None:
    code, _out, err = invoke(FRENCH, "validate", str(tmp_path))
    assert code == 2
    assert "aucun fichier de référentiel (*.yaml, *.yml) trouvé" in err


def test_help_in_french_and_in_english() -> None:
    # English first: click makes the --help option once, in the language of the moment, and keeps it.
    _code, english, _err = invoke(ENGLISH, "build", "--help")
    code, out, _err = invoke(FRENCH, "build", "--help")
    assert code == 0
    assert out.startswith("Utilisation : ") and "build [OPTIONS] [PATHS]..." in out.splitlines()[0]
    assert "Produire les documents des référentiels" in out and "Refaire tous les documents" in out
    words = " ".join(out.split())  # as wrapped to the terminal's width
    assert "[par défaut : build]" in words and "Afficher cette aide et quitter." in words
    _code, listing, _err = invoke(FRENCH, "--help")
    assert "Commandes:" in listing and "validate Vérifier des référentiels" in " ".join(listing.split())
    assert english.startswith("Usage: ") and "Render every document" in english
    # The texts were shown in French, not changed: the command still holds its English ones.
    _code, again, _err = invoke(ENGLISH, "build", "--help")
    assert again == english


def test_click_errors_in_french(tmp_path: Path) -> None:
    code, _out, err = invoke(FRENCH, "build", "-j", "0")
    assert code == 2
    assert "Erreur : Valeur invalide pour '-j' / '--jobs' : 0 n'est pas dans l'intervalle x>=1." in err
    assert "Aide : '" in err and " build --help'." in err
    _code, _out, err = invoke(FRENCH, "valdate")
    assert "Erreur : Commande inconnue : 'valdate'." in err
    _code, _out, err = invoke(FRENCH, "render", str(tmp_path / "x.yaml"), "--doc", "guide")
    assert "document inconnu : 'guide'" in err


def _commands(group: click.Group, ctx: click.Context) -> list[click.Command]:
    found: list[click.Command] = [group]
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        found.extend(_commands(command, ctx) if isinstance(command, click.Group) else [command])
    return found


def test_every_help_text_is_in_the_catalog() -> None:
    """A help text written without N_() would stay English: each command's and option's is a message."""
    messages = {msgid for msgid, _string in catalog()}
    commands = _commands(cli, click.Context(cli))
    assert len(commands) > 10
    for command in commands:
        assert isinstance(command, Command), f"{command.name}: declare it with cls=Command (or Group)"
        texts = [command.help, command.short_help, command.epilog]
        texts += [param.help for param in command.params if isinstance(param, click.Option)]
        for text in texts:
            assert text is None or text in messages, f"{command.name}: {text!r} is not in the catalog"


CLICK_PO = PO.with_name("cqpengine-click.po")


def test_click_catalog_translates_every_message_of_the_installed_click() -> None:
    """click's own messages: re-extract them when click changes (see docs/development/translations.md)."""
    folder = Path(click.__file__).parent
    extracted = {
        message if isinstance(message, str) else tuple(message)
        for name in ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")
        for _line, message, _comments, _context in extract("python", (folder / f"{name}.py").open("rb"))
    }
    with CLICK_PO.open("rb") as handle:
        translations = [(m.id, m.string) for m in read_po(handle) if m.id and not m.fuzzy]
    assert extracted == {m if isinstance(m, str) else tuple(m) for m, _s in translations}
    for msgid, msgstr in translations:
        ids = (msgid,) if isinstance(msgid, str) else tuple(msgid)
        strings = (msgstr,) if isinstance(msgstr, str) else tuple(msgstr)
        assert all(strings), f"no French translation for {msgid!r}"
        for index, string in enumerate(strings):  # French: the singular, then the plural
            assert fields(string) == fields(ids[min(index, len(ids) - 1)]), (msgid, string)
    with CLICK_PO.open("rb") as handle:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(handle))
    assert CLICK_PO.with_suffix(".mo").read_bytes() == compiled.getvalue(), (
        "run pybabel compile (see docs/development/translations.md)"
    )


def catalog() -> list[tuple[str | tuple[str, ...], str | tuple[str, ...]]]:
    with PO.open("rb") as handle:
        return [(m.id, m.string) for m in read_po(handle) if m.id and not m.fuzzy]


def fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w*)[^}]*\}", text))


def test_every_message_has_a_french_translation_with_the_same_fields() -> None:
    entries = catalog()
    assert len(entries) > 100
    for msgid, msgstr in entries:
        ids = (msgid,) if isinstance(msgid, str) else tuple(msgid)
        strings = (msgstr,) if isinstance(msgstr, str) else tuple(msgstr)
        assert all(strings), f"no French translation for {msgid!r}"
        for string in strings:
            assert fields(string) == fields(ids[-1]), (msgid, string)


def test_the_catalog_holds_every_message_of_the_code() -> None:
    """Messages wrapped in _(), ngettext() or N_() must be in the .po.

    pybabel extract, then update: see docs/development/translations.md.
    """
    method_map = [("**.py", "python")]
    extracted = {
        message if isinstance(message, str) else tuple(message)
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "cqpengine"), method_map, keywords={**DEFAULT_KEYWORDS, "N_": None}
        )
    }
    translated = {msgid if isinstance(msgid, str) else tuple(msgid) for msgid, _ in catalog()}
    assert extracted - translated == set(), "run pybabel extract/update and translate the new messages"
    assert translated - extracted == set(), "messages no longer in the code: run pybabel update"


def test_the_compiled_catalog_is_up_to_date() -> None:
    with PO.open("rb") as handle:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(handle))
    assert MO.read_bytes() == compiled.getvalue(), "run: pybabel compile -d cqpengine/locale -D cqpengine"


def test_rule_list_in_french_keeps_the_codes() -> None:
    code, out, _err = invoke(FRENCH, "validate", "--list-rules")
    assert code == 0
    assert "CQP112  warning  texte à compléter laissé dans le contenu (XXXX, TODO, … seul)" in out
    _code, english, _err = invoke(ENGLISH, "validate", "--list-rules")
    assert "CQP112  warning  placeholder text left in content (XXXX, TODO, … alone)" in english
    assert [line[:6] for line in out.splitlines()] == [line[:6] for line in english.splitlines()]


#: What a command line gets wrong, the words of the error in French and in English, the command named.
USAGE_ERRORS = [
    (["decide", "vae"], "Argument manquant 'FILE'.", "Missing argument 'FILE'.", "cqp decide vae"),
    (["new", "certification"], "Argument manquant 'ID'.", "Missing argument 'ID'.", "cqp new certification"),
    (["render", "x.yaml", "--bad"], "Option inconnue : '--bad'.", "No such option '--bad'.", "cqp render"),
    (["decidez"], "Commande inconnue : 'decidez'.", "No such command 'decidez'.", "cqp"),
    (
        ["render", str(ROOT / "referentials" / "teleconseiller.yaml")],
        "Option manquante '--doc'. Choisir parmi : referentiel, guide-entretien,",
        "Missing option '--doc'. Choose from: referentiel, guide-entretien,",
        "cqp render",
    ),
    (["--bad"], "Option inconnue : '--bad'.", "No such option '--bad'.", "cqp"),
    (
        ["build", "-j", "0"],
        "Valeur invalide pour '-j' / '--jobs' : 0 n'est pas dans l'intervalle x>=1.",
        "Invalid value for '-j' / '--jobs': 0 is not in the range x>=1.",
        "cqp build",
    ),
]


@pytest.mark.parametrize(("args", "french", "english", "command"), USAGE_ERRORS)
def test_a_mistaken_command_line_is_one_line_with_the_usage_and_where_the_help_is(
    args: list[str], french: str, english: str, command: str
) -> None:
    for env, words, help_hint in (
        (FRENCH, f"Erreur : {french}", f"Aide : '{command} --help'."),
        (ENGLISH, f"Error: {english}", f"Try '{command} --help' for help."),
    ):
        result = CliRunner().invoke(cli, args, env=env, prog_name="cqp")
        assert result.exit_code == 2
        assert result.stdout == ""
        [line] = result.stderr.splitlines()
        assert line.startswith(words) and line.endswith(help_hint), line
        assert f" {command} [OPTIONS]" in line  # the usage, to see at once what was expected


def test_a_group_without_its_command_still_shows_its_help() -> None:
    result = CliRunner().invoke(cli, ["decide"], env=FRENCH, prog_name="cqp")
    assert result.exit_code == 2
    assert "Utilisation : cqp decide [OPTIONS] COMMAND [ARGS]..." in result.output and "vae" in result.output
