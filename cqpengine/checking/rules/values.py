"""Rules on values: VAE years, scales, ranges, gaps, active versions, documents and placeholders."""

from __future__ import annotations

from collections.abc import Iterator

from cqpengine.checking.rules import RuleContext, rule
from cqpengine.checking.writing import strings
from cqpengine.findings import Finding
from cqpengine.i18n import _
from cqpengine.model import (
    certification_data,
    placeholder_in,
)
from cqpengine.positions import JsonPath
from cqpengine.suggest import did_you_mean


@rule("CQP110")
def vae_years(context: RuleContext) -> Iterator[Finding]:
    vae = context.referential.data.get("vae") if context.referential is not None else None
    if not vae or vae.get("window_years") is None:
        return
    if vae["min_years"] > vae["window_years"]:
        yield context.location(("vae", "min_years")).finding(
            "CQP110",
            _("minimum of {years} years cannot fit in a window of {window} years").format(
                years=vae["min_years"], window=vae["window_years"]
            ),
        )


@rule("CQP111")
def undefined_scales(context: RuleContext) -> Iterator[Finding]:
    if context.referential is None:
        return
    data = context.referential.data
    scales = data["scales"]
    for document_name, scale_id in data["document_scales"].items():
        if scale_id not in scales:
            hint = did_you_mean(str(scale_id), scales) if scales else _(" (no scale is defined under 'scales')")
            yield context.location(("document_scales", document_name)).finding(
                "CQP111",
                _("{document} uses scale {scale!r}, which is not defined").format(
                    document=document_name, scale=scale_id
                )
                + hint,
            )


@rule("CQP118")
def unusable_scales(context: RuleContext) -> Iterator[Finding]:
    if context.referential is None:
        return
    data = context.referential.data
    scales = data["scales"]
    document_scales = data["document_scales"]
    used = (
        ("orientation", document_scales.get("orientation")),
        ("final_opinion", document_scales.get("final_opinion")),
        ("final_grid", document_scales.get("final_grid")),
        ("jury", document_scales.get("jury")),
    )
    for document_name, scale_id in used:
        if scale_id is None or scale_id not in scales:
            continue
        meanings = {value["meaning"] for value in scales[scale_id]["values"]}
        if "acquired" not in meanings or meanings == {"acquired"}:
            yield context.location(("document_scales", document_name)).finding(
                "CQP118",
                _("{document} scale {scale!r} needs a value meaning 'acquired' and one that does not").format(
                    document=document_name, scale=scale_id
                ),
            )


@rule("CQP115")
def inverted_ranges(context: RuleContext) -> Iterator[Finding]:
    if context.referential is None:
        return
    hours = context.referential.data["process"].get("training_hours")
    if hours and hours["min"] > hours["max"]:
        yield context.location(("process", "training_hours")).finding(
            "CQP115",
            _("training hours from {min} to {max}: minimum above maximum").format(min=hours["min"], max=hours["max"]),
        )
    for unit in context.referential.units:
        situations = unit.bloc.get("modality", {}).get("situations") if unit.bloc is not None else None
        if not situations:
            continue
        if situations["min"] > situations["max"]:
            yield unit.definition.finding(
                "CQP115",
                _("situations from {min} to {max}: minimum above maximum").format(
                    min=situations["min"], max=situations["max"]
                ),
                sub=("modality", "situations"),
            )
        if situations.get("simulated_difficult", 0) > situations["max"]:
            yield unit.definition.finding(
                "CQP115",
                _("more simulated difficult situations than situations in all"),
                sub=("modality", "situations", "simulated_difficult"),
            )


@rule("CQP119")
def dangling_gaps(context: RuleContext) -> Iterator[Finding]:
    if context.referential is None:
        return
    unit_ids = {unit.id for unit in context.referential.units}
    for g, gap in enumerate(context.referential.data.get("gaps", [])):
        for u, unit_id in enumerate(gap.get("units", [])):
            if unit_id not in unit_ids:
                yield context.location(("gaps", g, "units", u)).finding(
                    "CQP119",
                    _("documented gap names unit {unit!r}, which this certification does not have").format(unit=unit_id)
                    + did_you_mean(unit_id, unit_ids),
                )


@rule("CQP117")
def several_active_versions(context: RuleContext) -> Iterator[Finding]:
    if context.referential is None or context.referential.data["status"] != "active":
        return
    data = context.referential.data
    # Other versions may have schema errors: their status and version are read with care.
    others = [
        doc
        for doc in context.workspace.versions_of(data["id"])
        if doc is not context.file and certification_data(doc).get("status") == "active"
    ]
    if others:
        listed = ", ".join(f"{certification_data(doc).get('version')} ({doc.path})" for doc in others)
        yield context.location(("status",)).finding(
            "CQP117",
            _(
                "other active versions of {id}: {versions}; only one version is in force: write "
                "'status: superseded' in the older one"
            ).format(id=data["id"], versions=listed),
        )


@rule("CQP113")
def duplicate_documents(context: RuleContext) -> Iterator[Finding]:
    key = context.file.key
    if key is None:
        return
    same = context.workspace.all_with_key(key)
    if len(same) > 1 and same[0] is not context.file:
        yield context.location(("id",)).finding(
            "CQP113", _("{key} is already defined in {file}").format(key=key, file=same[0].path)
        )


@rule("CQP112")
def placeholders(context: RuleContext) -> Iterator[Finding]:
    for path, text in strings(context.file.data):
        if path and path[-1] in ("note", "reason", "rationale"):
            continue
        placeholder = placeholder_in(text)
        if placeholder:
            shown = placeholder if len(placeholder) <= 20 else placeholder[:20] + "…"
            yield context.location(path).finding(
                "CQP112",
                _("placeholder text {text!r} left in content").format(text=shown),
                gap=_placeholder_gap(context, path),
            )


def _placeholder_gap(context: RuleContext, path: JsonPath) -> str | None:
    """The reason the certification gives for the placeholders of the unit at ``path`` (``gaps:``), if any."""
    referential = context.referential
    if referential is None or referential.file is not context.file or len(path) < 2 or path[0] != "units":
        return None
    units = context.file.data.get("units")
    unit = units[path[1]] if isinstance(units, list) and isinstance(path[1], int) and path[1] < len(units) else None
    unit_id = unit.get("id") if isinstance(unit, dict) else None
    index = referential.documented_gap("placeholder", unit_id) if isinstance(unit_id, str) else None
    return None if index is None else referential.data["gaps"][index]["reason"]
