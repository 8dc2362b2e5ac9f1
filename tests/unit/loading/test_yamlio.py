"""The YAML loader: safe types, positions, and a clear error for each kind of bad input."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from cqpengine.loading.marks import YamlLoadError
from cqpengine.loading.yamlio import load_yaml_file, load_yaml_text, require_mapping
from cqpengine.positions import Mark


def load(text: str) -> object:
    return load_yaml_text(text, Path("t.yaml")).data


def error_of(text: str) -> YamlLoadError:
    with pytest.raises(YamlLoadError) as caught:
        require_mapping(load_yaml_text(text, Path("t.yaml")), "a test")
    return caught.value


def test_plain_data_and_dates_stay_strings() -> None:
    assert load("a: 1\nb: [x, 2.5, true, null]\nd: 2021-09-01\n") == {
        "a": 1,
        "b": ["x", 2.5, True, None],
        "d": "2021-09-01",
    }


def test_positions_of_values_and_keys() -> None:
    doc = load_yaml_text("top:\n  items:\n    - id: A\n    - id: B\n", Path("t.yaml"))
    assert doc.mark_for(("top", "items", 1, "id")) == Mark(4, 11)
    assert doc.mark_for(("top", "items", 1, "id"), key=True) == Mark(4, 7)
    # A path that does not exist falls back to its nearest ancestor.
    assert doc.mark_for(("top", "items", 1, "missing")) == Mark(4, 7)


def test_merge_keys_are_supported() -> None:
    assert load("base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n") == {"base": {"x": 1}, "d": {"x": 1, "y": 2}}


def test_duplicate_key_reports_both_lines() -> None:
    error = error_of("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert error.code == "CQP004"
    assert error.mark == Mark(4, 3)
    assert "first at line 3, again at line 4" in error.message


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['true']\n",
        "a: !!python/name:os.system\n",
        "a: !custom 1\n",
    ],
)
def test_foreign_tags_are_rejected(text: str) -> None:
    error = error_of(text)
    assert error.code == "CQP005"
    assert error.mark == Mark(1, 4)


def test_malformed_yaml_points_at_the_problem() -> None:
    error = error_of("a: 1\n b: 2\n")
    assert error.code == "CQP001"
    assert error.mark.line == 2


@pytest.mark.parametrize(
    ("text", "code"), [("", "CQP002"), ("# nothing\n", "CQP002"), ("- a\n", "CQP002"), ("42\n", "CQP002")]
)
def test_empty_or_non_mapping_top_level(text: str, code: str) -> None:
    assert error_of(text).code == code


def test_several_documents_are_rejected() -> None:
    assert error_of("a: 1\n---\nb: 2\n").code == "CQP001"


def test_non_text_keys_are_rejected() -> None:
    error = error_of("on: 1\n")
    assert error.code == "CQP002"
    assert "quote it" in error.message


def test_recursive_alias_is_rejected() -> None:
    assert error_of("a: &a [*a]\n").code == "CQP006"


def billion_laughs(levels: int) -> str:
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        refs = ",".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_rejected_before_anything_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    # Rejected by the inspection of the composed graph, whose cost is linear in the file (each node is
    # sized once); nothing is constructed, and memory stays bounded. No timing: CI machines are noisy.
    from cqpengine.loading import yamlio

    def never(*args: object) -> None:
        raise AssertionError("the document must be rejected before construction")

    monkeypatch.setattr(yamlio._Loader, "construct_document", never)
    text = billion_laughs(12)  # 9**12 ≈ 2.8e11 nodes once expanded
    tracemalloc.start()
    error = error_of(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert error.code == "CQP006"
    assert peak < 20 * 1024 * 1024


def test_moderate_alias_use_is_accepted() -> None:
    # Three levels expand to about a thousand nodes: well under the limit.
    assert len(load(billion_laughs(3))) == 3


def test_binary_and_non_utf8_files(tmp_path: Path) -> None:
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"a: 1\n\x00\x01")
    latin = tmp_path / "l.yaml"
    latin.write_bytes("a: é\n".encode("latin-1"))
    for path, mark in ((binary, Mark(2, 1)), (latin, Mark(1, 4))):
        with pytest.raises(YamlLoadError) as caught:
            load_yaml_file(path)
        assert caught.value.code == "CQP003"
        assert caught.value.mark == mark


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffa: é\n".encode())
    assert load_yaml_file(path).data == {"a": "é"}


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 50_000 + "]" * 50_000 + "\n",
        "a: " + "{b: " * 30_000 + "1" + "}" * 30_000 + "\n",
        "a:\n  " + "- " * 30_000 + "x\n",
        "a:" + "".join("\n" + " " * i + "b:" for i in range(1, 1_200)) + "\n",
    ],
    ids=["flow-sequences", "flow-mappings", "block-sequences", "block-mappings"],
)
def test_deep_nesting_is_one_error_not_a_crash(tmp_path: Path, text: str) -> None:
    # In a subprocess: PyYAML's C composer crashes the interpreter on such files if they reach it.
    import subprocess
    import sys

    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    code = (
        "import sys\nfrom pathlib import Path\nfrom cqpengine.loading.yamlio import load_yaml_file, YamlLoadError\n"
        "try:\n    load_yaml_file(Path(sys.argv[1]))\nexcept YamlLoadError as e:\n    print(e.code, e.message)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("CQP006 collections nested more than 500 levels deep")


def test_moderate_nesting_is_accepted() -> None:
    assert load("a: " + "[" * 300 + "]" * 300 + "\n") is not None


def test_oversized_file_is_rejected_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: [" + "1," * 600_000 + "1]\n", encoding="utf-8")
    with pytest.raises(YamlLoadError) as caught:
        load_yaml_file(path)
    assert caught.value.code == "CQP006"
    assert "more than the 1048576 bytes allowed" in caught.value.message


@pytest.mark.parametrize(
    ("text", "mark", "message"),
    [
        ("id: x\ntitle: a\x0cb\n", Mark(2, 9), "character U+000C is not allowed (a control character)"),
        ("id: x\ntitle: a\u2028b\nnext: 1\n", Mark(2, 9), "character U+2028 is not allowed (a line separator"),
        ("id: x\r\n\r\ntitle: a\x85b\r\n", Mark(3, 9), "character U+0085 is not allowed"),
        ('id: x\ntitle: "a\\x07b"\n', Mark(2, 8), "text holds the control character U+0007"),
    ],
)
def test_control_characters_and_invisible_line_breaks_are_one_error_at_their_place(
    text: str, mark: Mark, message: str
) -> None:
    error = error_of(text)
    assert error.code == "CQP003"
    assert error.mark == mark
    assert error.message.startswith(message)
    assert "\n" not in error.message


def test_tabs_newlines_and_crlf_are_fine() -> None:
    assert load('a: "tab\\there"\r\nb: |\r\n  two\r\n  lines\r\n') == {"a": "tab\there", "b": "two\nlines\n"}
