"""``cqp export moodle``: the CSV Moodle's competency framework importer reads.

The header is quoted from Moodle's source: ``admin/tool/lpimportcsv/classes/framework_importer.php``
(``list_required_headers()``, commit 5181476e254d166db11bde3769745c95246ecc7e of moodle/moodle),
whose strings are those of ``admin/tool/lpimportcsv/lang/en/tool_lpimportcsv.php`` (commit
29765e6e3b9e210de89a0a03d4929ef2a5a0ef7a)::

    $string['parentidnumber'] = 'Parent ID number';
    $string['idnumber'] = 'ID number';
    $string['shortname'] = 'Short name';
    $string['description'] = 'Description';
    $string['descriptionformat'] = 'Description format';
    $string['scalevalues'] = 'Scale values';
    $string['scaleconfiguration'] = 'Scale configuration';
    $string['ruletype'] = 'Rule type (optional)';
    $string['ruleoutcome'] = 'Rule outcome (optional)';
    $string['ruleconfig'] = 'Rule config (optional)';
    $string['relatedidnumbers'] = 'Cross-referenced competency ID numbers';
    $string['exportid'] = 'Exported ID (optional)';
    $string['isframework'] = 'Is framework';
    $string['taxonomy'] = 'Taxonomy';

The test reads the file as the importer does: the framework is the row whose ``Is framework`` is
set, every other row a competency keyed by its ``ID number``, its children those whose ``Parent ID
number`` is its ID number (``add_children``), the scale configuration the JSON whose first element
takes the scale's id (``get_scale_configuration``).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

from cqpengine.exchange.moodle import HEADER
from cqpengine.model import competences
from tests.support.helpers import REFERENTIALS, cqp, referential

MOODLE_HEADER = [
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
]


def _import_like_moodle(data: bytes) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    frameworks = [row for row in rows if row["Is framework"]]
    assert len(frameworks) == 1
    flat: dict[str, dict[str, Any]] = {}
    for row in rows:
        if not row["Is framework"]:
            assert row["ID number"] not in flat, row["ID number"]
            flat[row["ID number"]] = {**row, "children": []}
    for competency in flat.values():
        parent = competency["Parent ID number"]
        if parent:
            flat[parent]["children"].append(competency["ID number"])
    return frameworks[0], flat


def test_the_header_is_moodles() -> None:
    assert list(HEADER) == MOODLE_HEADER
    data = cqp("export", "moodle", REFERENTIALS / "assistant_commercial.yaml").stdout_bytes
    assert next(csv.reader(io.StringIO(data.decode("utf-8")))) == MOODLE_HEADER


def test_one_row_per_framework_unit_and_competence() -> None:
    result = cqp("export", "moodle", REFERENTIALS / "assistant_commercial.yaml")
    assert result.exit_code == 0, result.output
    framework, flat = _import_like_moodle(result.stdout_bytes)
    ref = referential("assistant-commercial@2013")
    assert framework["ID number"] == "assistant-commercial@2013"
    assert framework["Short name"] == ref.title
    top = [key for key, row in flat.items() if not row["Parent ID number"]]
    assert top == [unit.id for unit in ref.units]
    for unit in ref.units:
        assert flat[unit.id]["children"] == [c["id"] for c in competences(unit)]
        for competence in competences(unit):
            assert flat[competence["id"]]["Description"] == competence["text"]
            assert len(flat[competence["id"]]["Short name"]) <= 100
    assert len(flat) == len(ref.units) + sum(len(competences(u)) for u in ref.units)


def test_scale_from_the_final_opinion() -> None:
    framework, _flat = _import_like_moodle(
        cqp("export", "moodle", REFERENTIALS / "assistant_commercial.yaml").stdout_bytes
    )
    values = framework["Scale values"].split(",")
    configuration = json.loads(framework["Scale configuration"])
    assert "scaleid" in configuration[0]
    levels = configuration[1:]
    assert [level["id"] for level in levels] == list(range(1, len(values) + 1))
    assert sum(level["scaledefault"] for level in levels) == 1
    proficient = [values[level["id"] - 1] for level in levels if level["proficient"]]
    scale = referential("assistant-commercial@2013").scale("final_opinion")
    assert scale is not None
    assert proficient == [v["label"] for v in scale["values"] if v["meaning"] == "acquired"]
    assert values[0] == next(v["label"] for v in scale["values"] if v["meaning"] == "not_acquired")


def test_a_version_without_scale_is_skipped_and_said(tmp_path: Path) -> None:
    alone = cqp("export", "moodle", REFERENTIALS / "charge_accueil.yaml")
    assert alone.exit_code == 2
    assert "no final-opinion scale" in alone.output
    out = tmp_path / "moodle"
    several = cqp("export", "moodle", REFERENTIALS, "-o", out)
    assert several.exit_code == 0, several.output
    assert [p.name for p in out.iterdir()] == ["assistant-commercial@2013.csv"]
    assert "skipped: charge-accueil@RNCP has no final-opinion scale" in several.output


def test_a_blocs_version_gives_its_blocs_and_their_competences(tmp_path: Path) -> None:
    folder = tmp_path / "referentials"
    shutil.copytree(REFERENTIALS, folder)
    path = folder / "charge_accueil.yaml"
    scale = (
        "scales:\n  avis:\n    values:\n"
        "      - {id: oui, label: Acquis, meaning: acquired}\n"
        "      - {id: non, label: Non acquis, meaning: not_acquired}\n"
        "document_scales:\n  final_opinion: avis\n"
    )
    text = path.read_text(encoding="utf-8").replace("scales: {}\ndocument_scales: {}\n", scale)
    path.write_text(text, encoding="utf-8")
    result = cqp("export", "moodle", path)
    assert result.exit_code == 0, result.output
    framework, flat = _import_like_moodle(result.stdout_bytes)
    assert framework["Scale values"] == "Non acquis,Acquis"
    ref = referential("charge-accueil@RNCP", folder)
    assert [key for key, row in flat.items() if not row["Parent ID number"]] == [
        "RC-ACCUEIL",
        "CA-B2",
        "RC-ORGANISATION",
        "CA-B4",
    ]
    assert flat["CA-B2"]["children"] == ["CA-B2.A1.C1", "CA-B2.A1.C2", "CA-B2.A2.C1", "CA-B2.A3.C1"]
    assert flat["CA-B2"]["Short name"] == "Bloc 2 : Piloter son activité commerciale"
    assert len(flat) == len(ref.units) + sum(len(competences(u)) for u in ref.units)
