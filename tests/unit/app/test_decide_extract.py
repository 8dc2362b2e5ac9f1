"""The decide and extract use cases: typed options in, a result out, a UsageError for what is not ours."""

from __future__ import annotations

from pathlib import Path

import pytest

from cqpengine.app.decide import DecideOptions, decide
from cqpengine.app.extract import ExtractOptions, extract
from cqpengine.checking import check_paths
from cqpengine.errors import UsageError
from cqpengine.model import Referential
from tests.support.decisions import EXAMPLES_DIR, REFERENTIALS_DIR


@pytest.fixture(scope="session")
def referentials() -> list[Referential]:
    return list(check_paths([REFERENTIALS_DIR]).referentials)


def test_decide_returns_the_decision_and_no_finding(referentials: list[Referential]) -> None:
    result = decide(DecideOptions("vae", EXAMPLES_DIR / "vae_charge_accueil.yaml", referentials))
    assert result.decision is not None and result.decision.kind == "vae"
    assert result.findings == []


def test_decide_returns_the_findings_and_no_decision(referentials: list[Referential]) -> None:
    result = decide(DecideOptions("jury", EXAMPLES_DIR / "vae_charge_accueil.yaml", referentials))
    assert result.decision is None and result.findings
    assert all(f.file.endswith("vae_charge_accueil.yaml") for f in result.findings)


def test_a_pdf_cqpengine_did_not_print_is_a_usage_error(referentials: list[Referential], tmp_path: Path) -> None:
    pdf = tmp_path / "other.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(UsageError):
        decide(DecideOptions("vae", pdf, referentials))
    with pytest.raises(UsageError):
        extract(ExtractOptions(pdf, referentials))


def test_extract_refuses_what_is_not_a_pdf(referentials: list[Referential]) -> None:
    with pytest.raises(UsageError, match="not a PDF"):
        extract(ExtractOptions(EXAMPLES_DIR / "vae_charge_accueil.yaml", referentials))
