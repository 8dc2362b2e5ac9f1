"""The YAML an import writes gives back every text exactly, through the referential loader."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cqpengine.exchange.yamltext import clean_text, dump, section
from cqpengine.loading.yamlio import load_yaml_text


@given(st.lists(st.text(max_size=200), min_size=1, max_size=5))
def test_texts_come_back_word_for_word(texts: list[str]) -> None:
    cleaned = [clean_text(text) for text in texts]
    cleaned = [text for text in cleaned if text] or ["x"]
    document = load_yaml_text(section(["un commentaire"], {"texts": cleaned, "version": "2013"}), Path("t.yaml"))
    assert document.data == {"texts": cleaned, "version": "2013"}


def test_texts_are_never_folded() -> None:
    text = "mot " * 100 + "fin"
    assert dump({"text": text}).count("\n") == 1


def test_clean_text_replaces_what_a_referential_refuses() -> None:
    assert clean_text(" a\x0bb\u2028c\x85 ") == "a b c"


def test_a_line_break_in_a_comment_never_becomes_data() -> None:
    text = section(["fichier x\nid: pirate\r\nversion: '1'\u2028z"], {"id": "vrai"})
    assert load_yaml_text(text, Path("t.yaml")).data == {"id": "vrai"}
