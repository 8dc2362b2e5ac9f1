"""YAML syntax mistakes injected into real referentials: reported at the mistake, with advice."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cqpengine.loading.marks import YamlLoadError
from cqpengine.loading.yamlio import load_yaml_text
from cqpengine.positions import Mark
from tests.support.helpers import REFERENTIALS

SOURCE = (REFERENTIALS / "charge_accueil.yaml").read_text(encoding="utf-8")


def line_of(text: str, start: int = 0) -> int:
    """0-based index of the first line of SOURCE that is exactly ``text``."""
    return SOURCE.split("\n").index(text, start)


def inject(index: int, replacement: str) -> str:
    lines = SOURCE.split("\n")
    assert lines[index] != replacement
    lines[index] = replacement
    return "\n".join(lines)


def error_of(text: str) -> YamlLoadError:
    with pytest.raises(YamlLoadError) as caught:
        load_yaml_text(text, Path("charge_accueil.yaml"))
    return caught.value


def test_the_referential_loads_untouched() -> None:
    load_yaml_text(SOURCE, Path("charge_accueil.yaml"))


@pytest.mark.parametrize(
    ("line", "replacement", "column", "advice"),
    [
        # Unclosed quotes: PyYAML notices them lines later, where the next quote of the file is.
        ('version: "RNCP"', 'version: "RNCP', 10, 'the quote " opened here is never closed'),
        ('version: "RNCP"', "version: 'RNCP", 10, "the quote ' opened here is never closed"),
    ],
)
def test_unclosed_quote_is_reported_at_the_opening_quote(line: str, replacement: str, column: int, advice: str) -> None:
    index = line_of(line)
    error = error_of(inject(index, replacement))
    assert (error.code, error.mark) == ("CQP001", Mark(index + 1, column))
    assert advice in error.message
    assert "add the closing" in error.message


def test_unclosed_quote_at_the_end_of_the_file() -> None:
    text = SOURCE + 'notes: "Texte sans fin\n'
    error = error_of(text)
    assert error.mark == Mark(SOURCE.count("\n") + 1, 8)
    assert "never closed" in error.message


def test_colon_inside_a_sentence_says_to_quote_the_text() -> None:
    index = line_of("title: Chargé(e) d'accueil et de relation clients/adhérents")
    error = error_of(inject(index, "title: Chargé(e) d'accueil : relation clients/adhérents"))
    assert error.mark == Mark(index + 1, len("title: Chargé(e) d'accueil ") + 1)
    assert 'holds " : "' in error.message
    assert "put the whole text in quotes" in error.message
    assert "(YAML: mapping values are not allowed" in error.message  # PyYAML's words only as a detail


@pytest.mark.parametrize(("spaces", "kind"), [(6, "more"), (3, "differs"), (1, "differs")])
def test_mis_indented_key_is_reported_on_its_own_line(spaces: int, kind: str) -> None:
    index = line_of(
        "    presidency: Il est présidé par un de ses membres, désigné en début de séance. "
        "La présidence reviendra alternativement à un représentant employeur et un représentant salarié."
    )
    original = SOURCE.split("\n")[index]
    error = error_of(inject(index, " " * spaces + original.lstrip()))
    assert error.mark == Mark(index + 1, spaces + 1)
    assert kind in error.message
    assert "indent it like" in error.message


def test_mis_indented_first_list_item_is_reported_not_the_next_one() -> None:
    index = line_of("  - Chargé/conseiller d'accueil")
    error = error_of(inject(index, "   - Chargé/conseiller d'accueil"))
    assert error.mark == Mark(index + 1, 4)
    assert "indentation (3) differs" in error.message


def test_text_line_without_dash_or_key() -> None:
    index = line_of("  - Agent point d'accueil")
    error = error_of(inject(index, "Agent point d'accueil"))
    assert error.mark == Mark(index + 1, 1)
    assert "add the missing '- '" in error.message


@pytest.mark.parametrize("indent", ["\t", "  \t"])
def test_tab_is_named(indent: str) -> None:
    index = line_of("    members: 4")
    error = error_of(inject(index, indent + "members: 4"))
    assert error.mark == Mark(index + 1, len(indent))
    assert "a tab is used to indent this line" in error.message
    assert "spaces only" in error.message


def test_tab_inside_a_line_is_named() -> None:
    index = line_of("  - Agent point d'accueil")
    error = error_of(inject(index, "  -\tAgent point d'accueil"))
    assert error.mark == Mark(index + 1, 4)
    assert "a tab is used here" in error.message


@pytest.mark.parametrize(
    ("replacement", "column", "advice"),
    [
        ("  - [Agent point d'accueil", 5, "the [ opened here is never closed"),
        ("  - *Agent point d'accueil", 5, "a text that starts with * or & must be put in quotes"),
    ],
)
def test_text_starting_with_a_yaml_sign(replacement: str, column: int, advice: str) -> None:
    index = line_of("  - Agent point d'accueil")
    error = error_of(inject(index, replacement))
    assert (error.mark.line, error.mark.column) == (index + 1, column)
    assert advice in error.message


def test_missing_dash_is_not_reported_as_a_mere_duplicate_key() -> None:
    index = line_of("        - id: bulletins-salaire")
    error = error_of(inject(index, "          id: bulletins-salaire"))
    assert (error.code, error.mark) == ("CQP004", Mark(index + 1, 11))
    assert "a '-' seems missing at the start of this line" in error.message
    assert f"'id' is there twice, lines {index - 1} and {index + 1}" in error.message


def test_a_true_duplicate_key_keeps_its_message() -> None:
    index = line_of(
        "    presidency: Il est présidé par un de ses membres, désigné en début de séance. "
        "La présidence reviendra alternativement à un représentant employeur et un représentant salarié."
    )
    error = error_of(inject(index, "    members: 5"))
    assert error.code == "CQP004"
    assert "duplicate key 'members'" in error.message


def test_a_key_twice_in_a_list_item_is_a_duplicate_not_a_missing_dash() -> None:
    index = line_of("    title: Piloter son activité commerciale")
    error = error_of(inject(index, "    title:\n    title: Piloter son activité commerciale"))
    assert (error.code, error.mark) == ("CQP004", Mark(index + 2, 5))
    assert f"duplicate key 'title': first at line {index + 1}" in error.message


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    line=st.integers(min_value=0, max_value=SOURCE.count("\n")),
    column=st.integers(min_value=0, max_value=60),
    edit=st.sampled_from(['"', "'", ": ", "\t", " ", "- ", "", "#", "{", "[", "&a ", "*a"]),
    delete=st.booleans(),
)
def test_any_one_edit_of_a_referential_loads_or_gives_one_positioned_error(
    line: int, column: int, edit: str, delete: bool
) -> None:
    lines = SOURCE.split("\n")
    text = lines[line]
    column = min(column, len(text))
    lines[line] = text[:column] + edit + text[column + (1 if delete else 0) :]
    try:
        load_yaml_text("\n".join(lines), Path("charge_accueil.yaml"))
    except YamlLoadError as error:
        assert error.code.startswith("CQP00")
        assert 1 <= error.mark.line <= len(lines)
        assert error.message and "\n" not in error.message


@pytest.mark.parametrize(
    "text",
    [
        "candidate:\n  name: Dominique Exemple : née Martin\n",
        'candidate:\n  name: "Dominique Exemple\nrequest_date: 2024-06-01\n',
        "candidate:\n  name: Dominique\n   Exemple: x\n",
    ],
)
def test_explanations_never_quote_the_text_of_the_file(text: str) -> None:
    """Candidate files go through the same loader: a candidate's name never reaches stderr."""
    message = error_of(text).message
    assert "Dominique" not in message and "Martin" not in message and "Exemple" not in message
