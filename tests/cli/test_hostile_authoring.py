"""Hostile inputs of ``cqp diff --against``, the word diff, ``cqp new`` and ``cqp fields`` (issue 21, 11 to 15)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cqpengine.loading import gitrev
from cqpengine.loading.text import MAX_FILE_BYTES
from cqpengine.loading.yamlio import load_yaml_file
from cqpengine.resources import data_dir
from cqpengine.versions import words
from tests.support.helpers import REFERENTIALS, cqp


def git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
    )


# --- 11. the size of a blob is checked before it is read ------------------------------------------


def test_a_large_blob_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(tmp_path, "init", "-q")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (MAX_FILE_BYTES + 10) + b"\n")
    git(tmp_path, "add", "big.yaml")
    git(tmp_path, "commit", "-qm", "big")
    calls: list[tuple[str, ...]] = []
    real = gitrev._git

    def recording(folder: Path, *args: str) -> Any:
        calls.append(args)
        return real(folder, *args)

    monkeypatch.setattr(gitrev, "_git", recording)
    with pytest.raises(gitrev.GitError, match="more than"):
        gitrev.file_at_revision("HEAD", big)
    assert not [args for args in calls if args[0] in ("show", "cat-file") and "-s" not in args]


# --- 15b. diff --against on a linked file -----------------------------------------------------------


def test_diff_against_follows_a_link_to_the_committed_file(tmp_path: Path) -> None:
    repository = tmp_path / "repo"
    shutil.copytree(REFERENTIALS, repository / "referentials")
    git(repository, "init", "-q")
    git(repository, "add", ".")
    git(repository, "commit", "-qm", "referentials")
    real = repository / "referentials" / "assistant_commercial.yaml"
    committed = real.read_text(encoding="utf-8")
    assert "\ntitle: Assistant(e) commercial(e)\n" in committed
    real.write_text(committed.replace("\ntitle: Assistant(e) commercial(e)\n", "\ntitle: Assistante\n"), "utf-8")
    link = tmp_path / "lien.yaml"
    link.symlink_to(real)
    result = cqp("diff", "--against", "HEAD", str(link))
    assert result.exit_code == 0, result.stderr
    # The link's target as committed, against the target as it is now: the one change, both sides.
    assert "      - Assistant(e) commercial(e)\n      + Assistante\n" in result.stdout, result.stdout


# --- 12. the word diff is bounded -------------------------------------------------------------------


def test_the_word_diff_of_long_texts_stays_within_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    fed: list[int] = []
    real = words.difflib.SequenceMatcher

    class Counting(real):  # type: ignore[misc,valid-type]
        def __init__(self, isjunk: Any, a: Any = "", b: Any = "", autojunk: bool = True) -> None:
            fed.append(len(a) + len(b))
            if len(a) * len(b) > 50_000_000:
                raise AssertionError(f"a quadratic diff of {len(a)} by {len(b)} tokens")
            super().__init__(isjunk, a, b, autojunk)

    monkeypatch.setattr(words.difflib, "SequenceMatcher", Counting)
    old = " ".join(f"mot{i % 97}" for i in range(20_000))
    new = " ".join(f"mot{i % 89}" for i in range(20_000))
    pieces = words.word_diff(old, new)
    assert "".join(text for op, text in pieces if op != "+") == old
    assert "".join(text for op, text in pieces if op != "-") == new
    words.similar(old, new)
    words.line_diff([old, "a"], [new, "b"])
    # A small edit of a long text is still shown word by word (common start and end kept).
    edited = words.word_diff(old, old.replace("mot5 ", "MOT5 ", 1))
    assert ("-", "mot5") in edited and ("+", "MOT5") in edited


def test_the_word_diff_of_short_texts_is_exact() -> None:
    assert words.word_diff("un deux trois", "un quatre trois") == [
        ("=", "un "),
        ("-", "deux"),
        ("+", "quatre"),
        ("=", " trois"),
    ]


# --- 13. cqp new never writes into the shipped templates or schema ---------------------------------


@pytest.mark.parametrize("folder", ["templates", "schema"])
def test_new_refuses_the_shipped_templates_and_schema_folders(folder: str) -> None:
    target = data_dir(folder) / "hostile_new.yaml"
    try:
        result = cqp("new", "certification", "hostile-new", "--generation", "blocs", "-o", str(target))
        assert result.exit_code == 2, result.stderr
        assert not target.exists()
        version = cqp(
            "new", "version", "charge-accueil@2031", "--from", "charge-accueil@RNCP",
            "--referentials", str(REFERENTIALS), "-o", str(target),
        )  # fmt: skip
        assert version.exit_code == 2, version.stderr
        assert not target.exists()
    finally:
        target.unlink(missing_ok=True)


# --- 14. cqp fields escapes control characters --------------------------------------------------------


def test_fields_prints_control_characters_as_escapes(tmp_path: Path) -> None:
    page = tmp_path / "form.html"
    page.write_text(
        '<input name="x&#10;::error::forged\x1b[2J" type="text"><input name="y" type="radio" value="a&#13;b">',
        encoding="utf-8",
    )
    result = cqp("fields", str(page))
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\r" not in result.stdout
    assert result.stdout.count("\n") == 2 and "\\n::error::forged\\x1b[2J" in result.stdout


# --- 15. cqp new version finds the top-level keys from the parsed document ---------------------------


def test_new_version_keeps_a_title_continued_on_a_line_like_a_key(tmp_path: Path) -> None:
    folder = tmp_path / "referentials"
    shutil.copytree(REFERENTIALS, folder)
    source = folder / "charge_accueil.yaml"
    text = source.read_text(encoding="utf-8")
    title = "title: Chargé(e) d'accueil et de relation clients/adhérents\n"
    assert title in text
    source.write_text(
        text.replace(title, 'title: "Chargé(e) d\'accueil et de relation\nstatus: clients/adhérents"\n'),
        encoding="utf-8",
    )
    target = folder / "charge_accueil_2031.yaml"
    result = cqp(
        "new", "version", "charge-accueil@2031", "--from", "charge-accueil@RNCP", "--referentials", str(folder)
    )
    assert result.exit_code == 0, result.stderr
    data = load_yaml_file(target).data
    assert data["status"] == "draft" and data["version"] == "2031"
    assert data["title"] == "Chargé(e) d'accueil et de relation status: clients/adhérents"
    assert cqp("validate", str(folder)).exit_code in (0, 1)


@settings(max_examples=200, deadline=None)
@given(
    before=st.lists(st.sampled_from("abcd "), max_size=12),
    after=st.lists(st.sampled_from("abcd "), max_size=12),
    budget=st.integers(0, 30),
)
def test_bounded_opcodes_rebuild_both_sides(before: list[str], after: list[str], budget: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(words, "MAX_DIFF_TOKENS", budget)
        codes = words.bounded_opcodes(before, after)
    old: list[str] = []
    new: list[str] = []
    for tag, i1, i2, j1, j2 in codes:
        assert tag in ("equal", "replace", "delete", "insert")
        if tag == "equal":
            assert before[i1:i2] == after[j1:j2]
        old += before[i1:i2]
        new += after[j1:j2]
    assert (old, new) == (before, after)  # in order, nothing left out, nothing twice
    if before == after:
        assert all(code[0] == "equal" for code in codes)
