"""Filled-form data as a candidate file: findings placed at the field each value came from, by JSON path."""

from __future__ import annotations

from pathlib import Path

from cqpengine.decisions.kinds import KINDS
from cqpengine.forms.candidate import form_candidate
from cqpengine.forms.extraction import Extraction
from tests.support.helpers import referential

PDF = Path("filled.pdf")


def _extraction() -> Extraction:
    out = Extraction("orientation", PDF, referential("gestionnaire-parcours@RNCP"), document="guide-entretien")
    out.data = {
        "certification": {"id": "gestionnaire-parcours", "version": "RNCP"},
        "candidate": {"name": "Someone"},
        "experience_years": 2,
        "self_assessment": {"GP-B1": {"C1.1": "acquis"}},
    }
    out.source(("candidate", "name"), "ge.candidat.nom")
    out.source(("self_assessment", "GP-B1", "C1.1"), "ge.C1.1.auto-evaluation")
    return out


def test_a_finding_about_a_value_is_at_its_field() -> None:
    candidate = form_candidate(_extraction())
    finding = candidate.finding("CQP204", "off the scale", ("self_assessment", "GP-B1", "C1.1"))
    assert (finding.file, finding.line, finding.column, finding.path) == ("filled.pdf", 1, 1, "ge.C1.1.auto-evaluation")


def test_a_finding_below_a_value_is_at_the_nearest_field_above_even_with_dotted_ids() -> None:
    candidate = form_candidate(_extraction())
    finding = candidate.finding("CQP202", "no such part", ("self_assessment", "GP-B1", "C1.1", "deeper"), key=True)
    assert finding.path == "ge.C1.1.auto-evaluation"


def test_a_finding_where_no_field_gave_a_value_keeps_its_json_path() -> None:
    candidate = form_candidate(_extraction())
    finding = candidate.finding("CQP201", "unknown certification", ("certification", "id"))
    assert (finding.line, finding.path) == (1, "$.certification.id")


def test_schema_errors_of_the_data_are_placed_the_same_way() -> None:
    extraction = _extraction()
    extraction.data["candidate"]["name"] = 12  # not text: no form gives that, the schema still says where
    findings = form_candidate(extraction).schema_findings(KINDS["orientation"].schema)
    assert [f.path for f in findings] == ["ge.candidat.nom"]
    assert "12" not in findings[0].message


def test_valid_data_has_no_schema_error() -> None:
    assert form_candidate(_extraction()).schema_findings(KINDS["orientation"].schema) == []
