"""The registry of decision kinds, and decisions that return data (reason codes) worded only by the reporters."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from click.testing import CliRunner

from cqpengine.cli import cli
from cqpengine.decisions.jury import JuryDecision
from cqpengine.decisions.kinds import KINDS, kind_reading
from cqpengine.decisions.orientation import OrientationDecision
from cqpengine.decisions.vae import VaeDecision
from cqpengine.documents import DOCUMENTS
from cqpengine.forms.readers import READERS
from cqpengine.reporters.base import reporter_names
from cqpengine.reporters.decisions import wording
from tests.support.helpers import ROOT

DECISIONS = ROOT / "cqpengine" / "decisions"


def test_every_kind_names_files_and_documents_that_exist() -> None:
    assert set(KINDS) == {"vae", "orientation", "jury", "commission"}
    for name, kind in KINDS.items():
        assert kind.name == name
        assert (ROOT / "schema" / kind.schema).is_file(), kind.schema
        assert (ROOT / "templates" / kind.template).is_file(), kind.template
        for form in kind.forms:
            assert form in DOCUMENTS, form
            assert form in READERS, form  # the forms package knows how to read it back
            # The livret is the jury's unless the commission's decision is asked for.
            assert kind_reading(form) is (KINDS["jury"] if name == "commission" else kind)


def test_a_document_no_decision_reads_has_no_kind() -> None:
    read = {form for kind in KINDS.values() for form in kind.forms}
    others = [name for name in DOCUMENTS if name not in read]
    assert others  # e.g. the référentiel itself
    assert all(kind_reading(name) is None for name in others)
    assert kind_reading("no-such-document") is None


def test_each_decision_says_its_kind() -> None:
    assert (VaeDecision.kind, OrientationDecision.kind) == ("vae", "orientation")
    # A jury file's decision is the body's that decided: the jury, or the commission for some blocs.
    from datetime import date

    from cqpengine.decisions.jury import JuryFile
    from tests.support.helpers import referential

    jury = JuryFile("A", date(2024, 1, 1))
    assert JuryDecision(referential("assistant-commercial@2013"), jury, "aucune", 5, [], []).kind == "jury"


def test_cqp_decide_has_one_subcommand_per_kind() -> None:
    result = CliRunner().invoke(cli, ["decide", "--help"])
    assert result.exit_code == 0
    for name in KINDS:
        assert f"  {name} " in result.stdout


def test_decision_formats_are_registered_reporters() -> None:
    from cqpengine.commands.decide import FORMATS

    assert reporter_names("decision") == FORMATS


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, in-function and TYPE_CHECKING imports included."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_decisions_import_no_documents_forms_or_reporters() -> None:
    modules = sorted(DECISIONS.rglob("*.py"))
    assert len(modules) > 10
    for module in modules:
        upward = {
            name
            for name in _imports(module)
            if name.startswith(("cqpengine.documents", "cqpengine.forms", "cqpengine.reporters", "cqpengine.app"))
        }
        assert not upward, (module.name, upward)
        assert "labels.yaml" not in module.read_text(encoding="utf-8")


def _reason_codes() -> set[str]:
    """Every reason code written in the rules (``"vae.admissible"``…; ``f"carry.{status}"`` expanded)."""
    code = re.compile(r"(vae|orientation|jury|commission|carry)\.[a-z_]+|referential_text|decided_by")
    codes = {"carry.partial", "carry.unstated"}
    for module in DECISIONS.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and code.fullmatch(node.value):
                codes.add(node.value)
    return codes


def test_every_reason_code_has_a_sentence_and_every_sentence_a_code() -> None:
    codes = _reason_codes()
    assert len(codes) > 40
    assert codes == set(wording._SENTENCES)
