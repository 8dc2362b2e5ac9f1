"""The referentials folder as a whole: valid, and --strict fails only on documented warnings."""

from __future__ import annotations

import hashlib
import re

from click.testing import CliRunner

from cqpengine.cli import cli
from cqpengine.findings import Severity
from tests.support.helpers import REFERENTIALS, checked


def test_folder_validates_and_every_certification_resolves() -> None:
    result = checked(REFERENTIALS)
    assert result.errors == 0
    assert sorted(r.key for r in result.referentials) == [
        "assistant-commercial@2013",
        "charge-accueil@2013",
        "charge-accueil@RNCP",
        "gestionnaire-parcours@RNCP",
        "teleconseiller@2013",
    ]


def test_warnings_are_only_documented_gaps_and_placeholders() -> None:
    for finding in checked(REFERENTIALS).findings:
        assert finding.severity is Severity.WARNING
        documented = finding.code in ("CQP107", "CQP109", "CQP121") and re.search(
            r"\(documented gap, line \d+\)$", finding.message
        )
        placeholder = finding.code == "CQP112" and "'XXXXXXXXXX'" in finding.message
        assert documented or placeholder, finding.format_text()


def test_cli_exit_codes_on_the_real_referentials() -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["validate", str(REFERENTIALS)]).exit_code == 0
    strict = runner.invoke(cli, ["validate", "--strict", str(REFERENTIALS)])
    assert strict.exit_code == 1
    assert " error " not in strict.stdout


#: First 16 hex digits of the SHA-256 of each (lower-case) name of a person in the sources' contact
#: lists (section 4 of Partie 1): the test finds them without the project ever holding the names.
CONTACT_NAME_DIGESTS = frozenset(
    [
        "04f16a8a230d8dd8",
        "0c436f942f94caf2",
        "28d9669b626e41b7",
        "3642ad5e4e845ab4",
        "3e65cd998c10abfb",
        "6374f5d8c2d3a9a5",
        "8e1edf01022480bf",
        "a6451931ec038151",
        "aee1af227e381920",
        "d85647d35d468ffe",
        "dd9a0ff3da4050cf",
        "e28fbbbbc99b1955",
        "f60dc27c0ff1aef3",
        "f723eefdef63de8d",
    ]
)


def test_no_personal_contact_details_anywhere_in_the_project() -> None:
    # The sources' contact lists (people's names, phones, e-mails) must not be copied anywhere.
    skipped = {".git", ".venv", "build", "dist", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
    skipped.add("node_modules")  # axe-core, installed by npm ci
    suffixes = {".yaml", ".yml", ".py", ".md", ".json", ".j2", ".css", ".toml", ".txt"}
    root = REFERENTIALS.parent
    files = [
        path
        for path in root.rglob("*")
        if path.suffix in suffixes and path.is_file() and not skipped & set(path.relative_to(root).parts)
    ]
    assert len(files) > 50
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace")  # tests/data/invalid holds a non-UTF-8 file
        # example.com, .net and .org are reserved for examples (RFC 2606): the vendored Open Badges schema
        # writes a@example.com in a description.
        assert not re.search(r"[\w.-]+@(?!example\.)[\w-]+\.(fr|net|com|org)\b", text), path
        assert not re.search(r"\b0[1-9]( ?\d\d){4}\b", text), path
        words = set(re.findall(r"[a-zà-ÿ]+", text.lower()))
        found = {word for word in words if hashlib.sha256(word.encode()).hexdigest()[:16] in CONTACT_NAME_DIGESTS}
        assert not found, (path, found)
