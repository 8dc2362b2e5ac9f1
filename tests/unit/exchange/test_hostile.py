"""Hostile inputs of ``cqp import``: each one line on standard error, exit 2, in bounded time and memory.

Every case runs ``cqp`` in a subprocess whose address space and CPU time are capped (``resource``):
an entity expansion, a fetched external entity or DTD, a deep nesting or a huge text that got
through would exhaust them and fail the test with a crash instead of the one line asked for.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from cqpengine.exchange import case, xml

CQP = [sys.executable, "-m", "cqpengine"]
#: Address space and CPU seconds each command may use: far below what an expansion would take.
MEMORY = 1024 * 1024 * 1024
CPU_SECONDS = 60

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE FICHES [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<FICHES><FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE><INTITULE>&lol9;</INTITULE></FICHE></FICHES>
"""


def _fiche(text: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<FICHES><FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE>'
        f"<INTITULE>Titre</INTITULE><BLOCS_COMPETENCES><BLOC_COMPETENCES><CODE>RNCP1BC01</CODE>"
        f"<LIBELLE>Bloc</LIBELLE><LISTE_COMPETENCES>{text}</LISTE_COMPETENCES></BLOC_COMPETENCES>"
        "</BLOCS_COMPETENCES></FICHE></FICHES>\n"
    )


XML_CASES: dict[str, tuple[bytes, str]] = {
    "billion-laughs": (BILLION_LAUGHS.encode(), "document type"),
    "external-entity": (
        b'<?xml version="1.0"?>\n<!DOCTYPE FICHES [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<FICHES>&e;</FICHES>',
        "document type",
    ),
    "external-dtd": (
        b'<?xml version="1.0"?>\n<!DOCTYPE FICHES SYSTEM "http://127.0.0.1:9/flux.dtd">\n<FICHES/>',
        "document type",
    ),
    "undeclared-entity": (b"<FICHES>&lol9;</FICHES>", "malformed XML: undefined entity"),
    "deep-nesting": (b"<FICHES>" + b"<a>" * 200_000 + b"</a>" * 200_000 + b"</FICHES>", "nested deeper than 32"),
    "huge-text": (_fiche("x" * (xml.MAX_TEXT_CHARS + 10)).encode(), "a text longer than"),
    "many-elements": (b"<FICHES>" + b"<a/>" * 2_000_000 + b"</FICHES>", "more than 200000 elements at once"),
    "many-texts": (
        b"<FICHES><X>" + (b"<a>" + b"x" * 1_000_000 + b"</a>") * 70 + b"</X></FICHES>",
        "characters of text at once",
    ),
    "wrong-encoding": (_fiche("Comp\xe9tence").encode("latin-1"), "malformed XML: not well-formed"),
    "unknown-encoding": (b'<?xml version="1.0" encoding="x-klingon"?>\n<FICHES/>', "unreadable encoding"),
    "not-xml": (b"%PDF-1.7\n", "malformed XML"),
}

JSON_CASES: dict[str, tuple[bytes, str]] = {
    "deep-nesting": (b"[" * 100_000 + b"]" * 100_000, "nested deeper than 64"),
    "deep-objects": (b'{"a":' * 100 + b"1" + b"}" * 100, "nested deeper than 64"),
    "wrong-encoding": ('{"CFDocument": "Compétence"}'.encode("latin-1"), "not UTF-8"),
    "malformed": (b'{"CFDocument": ', "invalid JSON"),
    "not-a-package": (b"[1, 2]", "not a CASE package"),
    "huge-text": (json.dumps({"CFDocument": {"title": "x" * 10_000_000}}).encode(), "CFDocument extensions"),
}


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def run_limited(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANGUAGE": "en"}
    return subprocess.run(
        [*CQP, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, preexec_fn=_limits, check=False
    )


def assert_one_line(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0], lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", list(XML_CASES))
def test_hostile_xml_is_one_line_exit_2(name: str, tmp_path: Path) -> None:
    data, expected = XML_CASES[name]
    source = tmp_path / "FICHES.xml"
    source.write_bytes(data)
    assert_one_line(run_limited(["import", "rncp", str(source), "--fiche", "RNCP1"], tmp_path), expected)


@pytest.mark.parametrize("name", list(JSON_CASES))
def test_hostile_json_is_one_line_exit_2(name: str, tmp_path: Path) -> None:
    data, expected = JSON_CASES[name]
    source = tmp_path / "package.json"
    source.write_bytes(data)
    assert_one_line(run_limited(["import", "case", str(source)], tmp_path), expected)


@pytest.mark.parametrize(("command", "limit"), [("rncp", xml.MAX_XML_BYTES), ("case", case.MAX_JSON_BYTES)])
def test_a_file_over_the_size_limit_is_refused_unread(command: str, limit: int, tmp_path: Path) -> None:
    source = tmp_path / "big"
    with source.open("wb") as stream:  # sparse: no disk used, and never read
        stream.truncate(limit + 1)
    args = ["import", command, str(source)] + (["--fiche", "RNCP1"] if command == "rncp" else [])
    assert_one_line(run_limited(args, tmp_path), f"larger than {limit // (1024 * 1024)} MB")


def test_the_limits_hold_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cqpengine.exchange import ExchangeError

    source = tmp_path / "FICHES.xml"
    source.write_bytes(_fiche("compétence").encode())
    xml.parse_xml(source)
    with pytest.raises(ExchangeError, match="larger than 0 MB"):
        xml.parse_xml(source, max_bytes=100)
    monkeypatch.setattr(xml, "MAX_DEPTH", 3)
    with pytest.raises(ExchangeError, match=r"FICHES.xml:2:\d+: XML refused: elements nested deeper than 3"):
        xml.parse_xml(source)


def test_the_refusal_is_french_under_a_french_locale(tmp_path: Path) -> None:
    source = tmp_path / "FICHES.xml"
    source.write_bytes(BILLION_LAUGHS.encode())
    env = {**os.environ, "LANG": "fr_FR.UTF-8", "LANGUAGE": "fr"}
    result = subprocess.run(
        [*CQP, "import", "rncp", str(source), "--fiche", "RNCP1"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"Erreur : {source}:2:")
    assert result.stderr.endswith(": XML refusé : il déclare un type de document (<!DOCTYPE>), qui n'est jamais lu\n")
