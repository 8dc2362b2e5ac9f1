"""Clumsy and hostile inputs to the exchange, credential, commission and ``new`` commands.

A missing file, a folder where a file is expected, an empty or broken file, a FIFO, an unreadable
file under /proc, a key of the wrong kind, an output onto an input: each is one line on standard
error (in French under a French locale, in English otherwise), exit 1 or 2, never a traceback nor
click's four-line usage block, and no file is written.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cqpengine.app.new import write_new
from cqpengine.cli import cli
from cqpengine.errors import UsageError
from tests.support.credentials import key_pair
from tests.support.helpers import ROOT

REFERENTIALS = ROOT / "referentials"
RNCP_SAMPLE = ROOT / "tests" / "data" / "rncp" / "rncp_sample_RNCP36612.xml"
JURY = ROOT / "examples" / "jury_assistant_commercial.yaml"
UNSET: dict[str, str | None] = dict.fromkeys(("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"))
LOCALES = {"fr": {**UNSET, "LANG": "fr_FR.UTF-8"}, "en": {**UNSET, "LANG": "C.UTF-8", "LANGUAGE": "en"}}
#: English words that a French message must not hold (click's, the JSON and XML parsers', this project's own).
ENGLISH = (
    "Expecting",
    "no element found",
    "syntax error",
    "unclosed token",
    "Invalid value",
    "does not exist",
    "is a directory",
    "not a ",
    "cannot",
    "give ",
    "no such",
    " is a ",
    "Usage",
)


@pytest.fixture(scope="session")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with keys, a signed credential, a CASE package, a FIFO and a few bad files."""
    root = tmp_path_factory.mktemp("hostile-input")
    key_pair(root / "keys")
    (root / "keys" / "junk.pem").write_text("not a key\n", encoding="utf-8")
    (root / "folder").mkdir()
    (root / "empty.yaml").write_bytes(b"")
    (root / "empty.xml").write_bytes(b"")
    (root / "empty.json").write_bytes(b"")
    (root / "broken.yaml").write_text("id: [x\n", encoding="utf-8")
    (root / "broken.json").write_text("{\n", encoding="utf-8")
    (root / "broken.xml").write_text("<FICHES\n", encoding="utf-8")
    (root / "no-version.yaml").write_text("id: x\n", encoding="utf-8")
    (root / "array.json").write_text("[]\n", encoding="utf-8")
    (root / "existing.yaml").write_text("id: x\n", encoding="utf-8")
    os.mkfifo(root / "fifo")
    (root / "public").mkdir()  # the public key where the credential of unit D1 would go
    (root / "public" / "D1.jwt").write_bytes((root / "keys" / "issuer.pub.pem").read_bytes())
    runner = CliRunner()
    issued = runner.invoke(
        cli,
        ["decide", "jury", str(JURY), "--referentials", str(REFERENTIALS)]
        + ["--credentials", str(root / "credentials"), "--key", str(root / "keys" / "issuer.pem")],
        env=LOCALES["en"],
    )
    assert issued.exit_code == 0, issued.output
    reference = root / "ac"
    reference.mkdir()
    (reference / "assistant_commercial.yaml").write_bytes((REFERENTIALS / "assistant_commercial.yaml").read_bytes())
    exported = runner.invoke(
        cli,
        ["export", "case", str(reference), "--base-uri", "https://example.org/", "-o", str(root / "package.json")],
        env=LOCALES["en"],
    )
    assert exported.exit_code == 0, exported.output
    return root


def check(place: Path, language: str, args: list[str], code: int) -> str:
    """Run ``cqp args`` (``{p}`` stands for ``place``) and check the one-line failure; return the line."""
    before = sorted(str(p) for p in place.rglob("*"))
    result = CliRunner().invoke(cli, [a.format(p=place) for a in args], env=LOCALES[language])
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    if language == "fr":
        assert lines[0].startswith("Erreur : "), lines[0]
        assert not [word for word in ENGLISH if word in lines[0]], lines[0]
    else:
        assert lines[0].startswith("Error: "), lines[0]
    if "/proc/self/mem" in args:  # the unreadable file is named, and said to be read (not written)
        assert "/proc/self/mem" in lines[0] and ("lire" in lines[0] or "read" in lines[0]), lines[0]
    assert sorted(str(p) for p in place.rglob("*")) == before, "a file was written"
    return lines[0]


LANGUAGES = pytest.mark.parametrize("language", ["fr", "en"])

IMPORT_RNCP = ["import", "rncp"]
IMPORT_CASES: dict[str, tuple[list[str], int]] = {
    "rncp-missing": ([*IMPORT_RNCP, "{p}/nope.xml", "--fiche", "RNCP36612"], 2),
    "rncp-folder": ([*IMPORT_RNCP, "{p}/folder", "--fiche", "RNCP36612"], 2),
    "rncp-empty": ([*IMPORT_RNCP, "{p}/empty.xml", "--fiche", "RNCP36612"], 2),
    "rncp-broken": ([*IMPORT_RNCP, "{p}/broken.xml", "--fiche", "RNCP36612"], 2),
    "rncp-yaml": ([*IMPORT_RNCP, "{p}/broken.yaml", "--fiche", "RNCP36612"], 2),
    "rncp-fifo": ([*IMPORT_RNCP, "{p}/fifo", "--fiche", "RNCP36612"], 2),
    "rncp-unreadable": ([*IMPORT_RNCP, "/proc/self/mem", "--fiche", "RNCP36612"], 2),
    "rncp-unknown-fiche": ([*IMPORT_RNCP, str(RNCP_SAMPLE), "--fiche", "RNCP1"], 2),
    "rncp-not-a-number": ([*IMPORT_RNCP, str(RNCP_SAMPLE), "--fiche", "../x"], 2),
    "rncp-bad-id": ([*IMPORT_RNCP, str(RNCP_SAMPLE), "--fiche", "RNCP36612", "--id", "../X"], 2),
    "rncp-over-input": ([*IMPORT_RNCP, str(RNCP_SAMPLE), "--fiche", "RNCP36612", "-o", str(RNCP_SAMPLE)], 2),
    "rncp-over-file": ([*IMPORT_RNCP, str(RNCP_SAMPLE), "--fiche", "RNCP36612", "-o", "{p}/existing.yaml"], 2),
    "rncp-onto-folder": ([*IMPORT_RNCP, str(RNCP_SAMPLE), "--fiche", "RNCP36612", "-o", "{p}/folder"], 2),
    "rncp-referentials-fifo": (
        [*IMPORT_RNCP, str(RNCP_SAMPLE), "--fiche", "RNCP36612", "--referentials", "{p}/fifo"],
        2,
    ),
    "case-missing": (["import", "case", "{p}/nope.json"], 2),
    "case-folder": (["import", "case", "{p}/folder"], 2),
    "case-empty": (["import", "case", "{p}/empty.json"], 2),
    "case-broken": (["import", "case", "{p}/broken.json"], 2),
    "case-not-a-package": (["import", "case", "{p}/array.json"], 2),
    "case-fifo": (["import", "case", "{p}/fifo"], 2),
    "case-unreadable": (["import", "case", "/proc/self/mem"], 2),
    "case-over-input": (["import", "case", "{p}/package.json", "-o", "{p}/package.json"], 2),
    "case-over-file": (["import", "case", "{p}/package.json", "-o", "{p}/existing.yaml"], 2),
}


@LANGUAGES
@pytest.mark.parametrize("case", IMPORT_CASES)
def test_import(place: Path, language: str, case: str) -> None:
    args, code = IMPORT_CASES[case]
    check(place, language, args, code)


AC = "{p}/ac/assistant_commercial.yaml"
EXPORT_CASES: dict[str, tuple[list[str], int]] = {
    "missing": (["export", "moodle", "{p}/nope.yaml"], 2),
    "fifo": (["export", "rncp", "{p}/fifo"], 2),
    "empty-folder": (["export", "moodle", "{p}/folder"], 2),
    "domaines-to-rncp": (["export", "rncp", AC], 2),
    "over-input": (["export", "moodle", AC, "-o", AC], 2),
    "onto-folder": (["export", "moodle", AC, "-o", "{p}/folder"], 2),
    "no-base-uri": (["export", "case", AC], 2),
    "no-base-uri-value": (["export", "case", AC, "--base-uri", "ftp:x"], 2),
    "unwritable": (["export", "moodle", AC, "-o", "/proc/x.csv"], 2),
}


@LANGUAGES
@pytest.mark.parametrize("case", EXPORT_CASES)
def test_export(place: Path, language: str, case: str) -> None:
    args, code = EXPORT_CASES[case]
    line = check(place, language, args, code)
    if case == "no-base-uri":
        assert "--base-uri URI" in line


@LANGUAGES
@pytest.mark.parametrize("name", ["empty.yaml", "broken.yaml", "no-version.yaml"])
def test_export_referential_with_errors(place: Path, language: str, name: str) -> None:
    """The findings first (file:line:col), then one line saying to run cqp validate; exit 1."""
    result = CliRunner().invoke(cli, ["export", "moodle", str(place / name)], env=LOCALES[language])
    assert "Traceback" not in result.output
    assert result.exit_code == 1
    *findings, last = result.stderr.splitlines()
    assert findings and all(line.startswith(f"{place / name}:1:") for line in findings)
    assert "cqp validate" in last and last.startswith("Erreur : " if language == "fr" else "Error: ")


PUB = "{p}/keys/issuer.pub.pem"
JWT = "{p}/credentials/D1.jwt"
VERIFY = ["credential", "verify"]
REFS = ["--referentials", str(REFERENTIALS)]
CREDENTIAL_CASES: dict[str, tuple[list[str], int]] = {
    "missing": ([*VERIFY, "{p}/nope.jwt", "--public-key", PUB, *REFS], 2),
    "folder": ([*VERIFY, "{p}/folder", "--public-key", PUB, *REFS], 2),
    "fifo": ([*VERIFY, "{p}/fifo", "--public-key", PUB, *REFS], 2),
    "unreadable": ([*VERIFY, "/proc/self/mem", "--public-key", PUB, *REFS], 2),
    "key-missing": ([*VERIFY, JWT, "--public-key", "{p}/keys/nope.pem", *REFS], 2),
    "key-folder": ([*VERIFY, JWT, "--public-key", "{p}/keys", *REFS], 2),
    "key-fifo": ([*VERIFY, JWT, "--public-key", "{p}/fifo", *REFS], 2),
    "key-unreadable": ([*VERIFY, JWT, "--public-key", "/proc/self/mem", *REFS], 2),
    "key-junk": ([*VERIFY, JWT, "--public-key", "{p}/keys/junk.pem", *REFS], 2),
    "key-private": ([*VERIFY, JWT, "--public-key", "{p}/keys/issuer.pem", *REFS], 2),
}


@LANGUAGES
@pytest.mark.parametrize("case", CREDENTIAL_CASES)
def test_credential_verify(place: Path, language: str, case: str) -> None:
    args, code = CREDENTIAL_CASES[case]
    line = check(place, language, args, code)
    assert "PRIVATE" not in line and "BEGIN" not in line


def _jury(*extra: str) -> list[str]:
    return ["decide", "jury", str(JURY), *REFS, *extra]


DECIDE_CASES: dict[str, tuple[list[str], int]] = {
    "commission-missing": (["decide", "commission", "{p}/nope.yaml", *REFS], 2),
    "commission-folder": (["decide", "commission", "{p}/folder", *REFS], 2),
    "commission-fifo": (["decide", "commission", "{p}/fifo", *REFS], 2),
    "jury-missing": (["decide", "jury", "{p}/nope.yaml", *REFS], 2),
    "key-without-credentials": (_jury("--key", "{p}/keys/issuer.pem"), 2),
    "key-missing": (_jury("--credentials", "{p}/out", "--key", "{p}/keys/nope.pem"), 2),
    "key-folder": (_jury("--credentials", "{p}/out", "--key", "{p}/keys"), 2),
    "key-fifo": (_jury("--credentials", "{p}/out", "--key", "{p}/fifo"), 2),
    "key-unreadable": (_jury("--credentials", "{p}/out", "--key", "/proc/self/mem"), 2),
    "key-public": (_jury("--credentials", "{p}/out", "--key", PUB), 2),
    "key-junk": (_jury("--credentials", "{p}/out", "--key", "{p}/keys/junk.pem"), 2),
    "public-key-private": (_jury("--public-key", "{p}/keys/issuer.pem"), 2),
    "public-key-missing": (_jury("--public-key", "{p}/keys/nope.pem"), 2),
    "public-key-folder": (_jury("--public-key", "{p}/keys"), 2),
    "credentials-a-file": (_jury("--credentials", "{p}/existing.yaml", "--key", "{p}/keys/issuer.pem"), 2),
    "output-over-input": (_jury("-o", str(JURY)), 2),
    "credential-over-public-key": (
        _jury("--credentials", "{p}/public", "--key", "{p}/keys/issuer.pem", "--public-key", "{p}/public/D1.jwt"),
        2,
    ),
}


@LANGUAGES
@pytest.mark.parametrize("case", DECIDE_CASES)
def test_decide(place: Path, language: str, case: str) -> None:
    args, code = DECIDE_CASES[case]
    check(place, language, args, code)


NEW_CASES: dict[str, tuple[list[str], int]] = {
    "bad-id": (["new", "certification", "../X", "--generation", "blocs", "-o", "{p}/x.yaml"], 2),
    "bad-version": (["new", "certification", "x", "--generation", "blocs", "--version", "a/b", "-o", "{p}/x.yaml"], 2),
    "over-file": (["new", "certification", "x", "--generation", "blocs", "-o", "{p}/existing.yaml"], 2),
    "onto-folder": (["new", "certification", "x", "--generation", "blocs", "-o", "{p}/folder"], 2),
    "onto-fifo": (["new", "certification", "x", "--generation", "blocs", "-o", "{p}/fifo"], 2),
    "version-unknown": (
        ["new", "version", "assistant-commercial@2031", "--from", "assistant-commercial@1999"]
        + [*REFS, "-o", "{p}/v.yaml"],
        2,
    ),
    "version-not-a-key": (
        ["new", "version", "assistant-commercial", "--from", "assistant-commercial@2013", *REFS, "-o", "{p}/v.yaml"],
        2,
    ),
    "version-other-id": (
        ["new", "version", "other@2031", "--from", "assistant-commercial@2013", *REFS, "-o", "{p}/v.yaml"],
        2,
    ),
    "version-exists": (
        ["new", "version", "assistant-commercial@2013", "--from", "assistant-commercial@2013", *REFS],
        2,
    ),
    "version-referentials-missing": (
        ["new", "version", "assistant-commercial@2031", "--from", "assistant-commercial@2013"]
        + ["--referentials", "{p}/nope", "-o", "{p}/v.yaml"],
        2,
    ),
    "version-over-input": (
        ["new", "version", "assistant-commercial@2031", "--from", "assistant-commercial@2013"]
        + ["--referentials", "{p}/ac", "-o", AC],
        2,
    ),
}


@LANGUAGES
@pytest.mark.parametrize("case", NEW_CASES)
def test_new(place: Path, language: str, case: str) -> None:
    args, code = NEW_CASES[case]
    line = check(place, language, args, code)
    if case == "version-exists":  # what to do, not only what is wrong
        assert ("autre libellé" if language == "fr" else "another label") in line


def test_a_file_made_while_a_new_one_is_written_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``cqp new`` and ``cqp import`` never replace a file, even one another program makes meanwhile."""
    target = tmp_path / "new.yaml"
    fsync = os.fsync

    def meanwhile(descriptor: int) -> None:
        fsync(descriptor)
        target.write_text("theirs\n", encoding="utf-8")

    monkeypatch.setattr(os, "fsync", meanwhile)
    with pytest.raises(UsageError, match="already exists"):
        write_new(target, "ours\n")
    assert target.read_text(encoding="utf-8") == "theirs\n"
    assert list(tmp_path.iterdir()) == [target]  # no temporary left behind
