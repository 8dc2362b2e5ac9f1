"""The editors' guide shows ``cqp import rncp`` as it runs: its lines are replayed and found in it."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.acceptance.test_guide import assert_in_guide, output_lines, project
from tests.support.exchange import FICHES

__all__ = ["project"]


def test_starting_from_the_rncp_fiche(project: Path) -> None:
    shutil.copy(FICHES["RNCP36612"], project / "FICHES.xml")
    draft = "referentials/assistant_rh.yaml"
    assert_in_guide(output_lines("import", "rncp", "FICHES.xml", "--fiche", "RNCP36612", "-o", draft))
    assert_in_guide(output_lines("validate", draft))
    assert_in_guide(output_lines("import", "rncp", "FICHES.xml", "--fiche", "RNCP36613"))
