"""Moodle competency frameworks: the CSV that Moodle's ``tool_lpimportcsv`` imports.

:func:`framework_csv` writes one framework per certification version: a framework row (``Is
framework`` = 1, the scale's values and configuration), then a row per unit and, under it, a row
per competence (a bloc's competences, a domaine's savoir-faire), each ``ID number`` the
referential's own id, its parent the unit's. The header and the order of the columns are those of
``framework_importer::list_required_headers()`` (the English strings of
``lang/en/tool_lpimportcsv.php``), which Moodle's own exporter also writes; the scale is the
referential's final-opinion scale (``document_scales.final_opinion``, else the final grid's),
lowest value first, its ``acquired`` values proficient.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from cqpengine.exchange import ExchangeError
from cqpengine.i18n import _
from cqpengine.model import Referential, competences

#: The columns of Moodle's importer, in its order (``framework_importer::list_required_headers``).
HEADER = (
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
)
#: Moodle's ``FORMAT_PLAIN``: descriptions are plain text.
FORMAT_PLAIN = "2"
#: The longest ``Short name`` and ``ID number`` Moodle keeps (it shortens longer ones itself).
MAX_SHORT = 100
#: Moodle's taxonomy of each level: units, then competences.
TAXONOMIES = "domain,competency"
#: Lowest first, as Moodle orders scale items.
_ORDER = {"not_acquired": 0, "partial": 1, "acquired": 2}


def short(text: str) -> str:
    """``text`` cut to Moodle's 100 characters at a word, with an ellipsis when cut."""
    if len(text) <= MAX_SHORT:
        return text
    cut = text[: MAX_SHORT - 1].rsplit(" ", 1)[0]
    return cut + "…"


def _scale(referential: Referential) -> tuple[str, str]:
    """Moodle's ``Scale values`` and ``Scale configuration`` from the referential's final-opinion scale."""
    scale = referential.scale("final_opinion") or referential.scale("final_grid") or referential.scale("jury")
    if scale is None:
        raise ExchangeError(
            _(
                "{key} has no final-opinion scale (document_scales.final_opinion): "
                "a Moodle framework needs one; define it to export"
            ).format(key=referential.key)
        )
    values = sorted(scale["values"], key=lambda value: _ORDER[value["meaning"]])
    labels = [value["label"].replace(",", " ") for value in values]
    configuration: list[dict[str, Any]] = [{"scaleid": "0"}]
    for position, value in enumerate(values, 1):
        configuration.append(
            {"id": position, "scaledefault": int(position == 1), "proficient": int(value["meaning"] == "acquired")}
        )
    return ",".join(labels), json.dumps(configuration, separators=(",", ":"))


def framework_rows(referential: Referential) -> list[list[str]]:
    """The rows of one framework: the framework, then each unit followed by its competences."""
    scale_values, scale_configuration = _scale(referential)
    framework_id = referential.key
    rows = [
        [
            "",
            framework_id,
            short(referential.title),
            referential.title,
            FORMAT_PLAIN,
            scale_values,
            scale_configuration,
            "",
            "",
            "",
            "",
            "",
            "1",
            TAXONOMIES,
        ]
    ]
    word = "Bloc" if referential.generation == "blocs" else "Domaine"
    for unit in referential.units:
        title = f"{word} {unit.number} : {unit.title}"
        rows.append(["", unit.id, short(title), title, FORMAT_PLAIN, "", "", "", "0", "null", "", "", "", ""])
        for competence in competences(unit):
            text = competence["text"]
            rows.append(
                [unit.id, competence["id"], short(text), text, FORMAT_PLAIN, "", "", "", "0", "null", "", "", "", ""]
            )
    return rows


def framework_csv(referential: Referential) -> bytes:
    """The CSV file of one framework, header first, UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(framework_rows(referential))
    return buffer.getvalue().encode("utf-8")
