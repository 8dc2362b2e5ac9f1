"""Helpers of the form tests: fill a printed PDF as a person would, decide (blank PDFs: tests/support/builds.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pypdf
import yaml
from click.testing import CliRunner, Result
from pypdf.generic import NameObject

from cqpengine.cli import cli
from cqpengine.documents.rendering import Renderer, html_to_pdf
from tests.support.helpers import REFERENTIALS, referential

RENDERER = Renderer()

#: A candidate name that must never appear on stderr or in any file but the requested output.
SECRET_NAME = "Zéphyrine Quasimodo-Secret"


def assert_no_name(text: str) -> None:
    """Neither the candidate's first name nor surname is in ``text`` (the forms hold them apart)."""
    for part in SECRET_NAME.split():
        assert part not in text, text


def print_pdf(key: str, document: str, target: Path) -> Path:
    """The blank PDF of ``document`` of the referential ``key``, as cqp build prints it.

    For scripts outside the suite (benchmarks/); tests take the blank forms from the session's
    shared build (``full_build``, see tests/support/builds.py).
    """
    target.write_bytes(html_to_pdf(RENDERER.html(referential(key), document)))
    return target


def _radio_options(reader: pypdf.PdfReader) -> dict[str, list[str]]:
    fields = reader.get_fields() or {}
    return {name: [str(o) for o in f.get("/Opt", [])] for name, f in fields.items() if f.get("/Opt")}


def fill_with_pypdf(source: Path, target: Path, values: dict[str, str]) -> Path:
    """``source`` filled with ``values`` (a choice given by its value id, a checkbox by ``oui``)."""
    reader = pypdf.PdfReader(source)
    options = _radio_options(reader)
    writer = pypdf.PdfWriter(clone_from=reader)
    converted: dict[str, str] = {}
    for name, value in values.items():
        if name in options:
            converted[name] = f"/{options[name].index(value)}"  # the state a viewer ticks
        elif value == "oui" and name not in options and _is_checkbox(reader, name):
            converted[name] = "/Yes"  # the on-state cqpengine prints
        else:
            converted[name] = value
    for page in writer.pages:
        writer.update_page_form_field_values(page, converted, auto_regenerate=False)
    with open(target, "wb") as stream:
        writer.write(stream)
    return target


def _is_checkbox(reader: pypdf.PdfReader, name: str) -> bool:
    field = (reader.get_fields() or {}).get(name)
    return field is not None and field.get("/FT") == "/Btn"


def tick_twice(source: Path, target: Path, name: str) -> Path:
    """``source`` where a (non-conforming) tool switched on two buttons of the radio group ``name``."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(source))
    for reference in writer._root_object["/AcroForm"]["/Fields"]:
        field = reference.get_object()
        if field.get("/T") == name:
            for index, kid in enumerate(field["/Kids"][:2]):
                kid.get_object()[NameObject("/AS")] = NameObject(f"/{index}")
    with open(target, "wb") as stream:
        writer.write(stream)
    return target


def fill_with_pikepdf(source: Path, target: Path, values: dict[str, str], *, by_export_value: bool = False) -> Path:
    """``source`` filled with ``values`` through qpdf (pikepdf), without pypdf.

    A radio group's value is written as the button's index (as the PDF's own states name them), or
    ``by_export_value`` as the export value itself, as some viewers write it.
    """
    import pikepdf

    with pikepdf.open(source) as pdf:
        for field in pdf.Root.AcroForm.Fields:
            name = str(field.get("/T", ""))
            if name not in values:
                continue
            value = values[name]
            if "/Opt" in field:
                index = [str(o) for o in field.Opt].index(value)
                field.V = pikepdf.Name(f"/{value}" if by_export_value else f"/{index}")
                for number, kid in enumerate(field.Kids):
                    kid.AS = pikepdf.Name(f"/{index}" if number == index else "/Off")
            elif field.get("/FT") == "/Btn":
                field.V = pikepdf.Name("/Yes")
                field.AS = pikepdf.Name("/Yes")
            else:
                field.V = pikepdf.String(value)
        pdf.save(target)
    return target


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--referentials", str(REFERENTIALS)] if args[0] != "fields" else list(args))


def decision_json(kind: str, path: Path) -> tuple[int, Any]:
    """``cqp decide KIND PATH --format json``: exit code and the decision (or the stderr lines)."""
    result = CliRunner().invoke(
        cli, ["decide", kind, str(path), "--format", "json", "--referentials", str(REFERENTIALS)]
    )
    if result.exit_code == 0:
        return 0, json.loads(result.stdout)
    return result.exit_code, result.stderr


def write_candidate(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
