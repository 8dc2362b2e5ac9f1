"""What the exchange tests share: the vendored fiches and schema, importing a fiche."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.helpers import DATA, cqp

RNCP = DATA / "rncp"
FICHES = {number: RNCP / f"rncp_sample_{number}.xml" for number in ("RNCP36612", "RNCP40344")}
CASE_SCHEMA: dict[str, Any] = json.loads(
    (DATA / "case" / "case_v1p1_cfpackage-jsonschema1.official.json").read_text(encoding="utf-8")
)
XSD = Path(__file__).resolve().parents[2] / "schema" / "rncp-fiche-fragment.xsd"


def import_fiche(number: str, folder: Path, *extra: str | Path) -> Path:
    """``cqp import rncp`` of a vendored fiche into ``folder``; the file written."""
    output = folder / f"{number}.yaml"
    result = cqp("import", "rncp", FICHES[number], "--fiche", number, "-o", output, *extra)
    assert result.exit_code == 0, result.output
    return output
