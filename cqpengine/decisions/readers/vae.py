"""A VAE request from a schema-valid candidate file, checked against the certification's ``vae`` rules."""

from __future__ import annotations

from fractions import Fraction

from cqpengine.decisions.candidate import CandidateFile
from cqpengine.decisions.readers.common import as_date, lacks
from cqpengine.decisions.vae import Activity, EvidencePiece, VaeRequest
from cqpengine.findings import Finding
from cqpengine.i18n import N_, _
from cqpengine.model import Referential
from cqpengine.positions import JsonPath


def read_vae(candidate: CandidateFile, referential: Referential) -> tuple[VaeRequest | None, list[Finding]]:
    """The VAE request of a schema-valid file, or the findings that prevent the decision."""
    vae = referential.data.get("vae")
    if vae is None:
        return None, [lacks(candidate, referential, N_("VAE admissibility rules (vae)"))]
    data = candidate.vae
    request_date = as_date(data["request_date"])
    defined = {str(p["id"]) for rule in vae.get("evidence", {}).values() for p in rule["any_of"]}
    findings: list[Finding] = []
    activities: list[Activity] = []
    for index, item in enumerate(data["activities"]):
        where: JsonPath = ("activities", index)
        start = as_date(item["start"])
        end = as_date(item["end"]) if item.get("end") is not None else None
        if end is not None and end < start:
            findings.append(
                candidate.finding("CQP203", _("period ends before it starts ('end' before 'start')"), (*where, "end"))
            )
        if start > request_date:
            findings.append(candidate.finding("CQP207", _("'start' is after the request date"), (*where, "start")))
        kind = str(item.get("kind", "activite"))
        if kind != "activite" and vae.get("excluded_periods") is None:
            findings.append(
                candidate.finding(
                    "CQP205",
                    _(
                        "{key} does not say whether such a period counts (no vae.excluded_periods): "
                        "a training period or an internship cannot be judged from it"
                    ).format(key=referential.key),
                    (*where, "kind"),
                )
            )
        pieces: list[EvidencePiece] = []
        for number, piece in enumerate(item.get("evidence", [])):
            ident = str(piece["id"]) if isinstance(piece, dict) else str(piece)
            if vae.get("evidence") is not None and ident not in defined:
                findings.append(
                    candidate.finding(
                        "CQP204",
                        _("evidence piece not defined by {key} ({defined})").format(
                            key=referential.key, defined=", ".join(sorted(defined))
                        ),
                        (*where, "evidence", number),
                    )
                )
            signatures = piece.get("signatures") if isinstance(piece, dict) else None
            pieces.append(EvidencePiece(ident, signatures))
        activities.append(
            Activity(
                number=index + 1,
                title=str(item["title"]),
                sector=str(item["sector"]),
                status=str(item["status"]),
                matches_nature=bool(item["matches_nature"]),
                start=start,
                end=end,
                kind=str(item.get("kind", "activite")),
                time_percent=Fraction(str(item.get("time_percent", 100))),
                evidence=tuple(pieces),
                organisation=item.get("organisation"),
                description=item.get("description"),
            )
        )
    if findings:
        return None, findings
    return VaeRequest(str(data["candidate"]["name"]), request_date, tuple(activities)), []
