"""The fields of each filled document → the candidate data of the decision it gives.

Each reader fills :attr:`Extraction.data <cqpengine.forms.extraction.Extraction.data>` in the
candidate format, notes which form field each value came from, and names what the form does
not hold as findings.
"""

from __future__ import annotations

from typing import Any

from cqpengine.forms.extraction import Extraction
from cqpengine.forms.values import PERCENT, YEARS, number
from cqpengine.i18n import _
from cqpengine.model import Referential, competences
from cqpengine.positions import JsonPath


def _certification(referential: Referential) -> dict[str, str]:
    return {"id": referential.id, "version": referential.version}


def read_guide(out: Extraction) -> None:
    referential = out.referential
    data = out.data
    data["certification"] = _certification(referential)
    data["candidate"] = {"name": out.text("ge.candidat.nom", ("candidate", "name"), required=_("the candidate's name"))}
    interview_date = out.day("ge.date", ("interview_date",))
    if interview_date:
        data["interview_date"] = interview_date
    interviewer = out.text("ge.intervenant.nom", ("interviewer",))
    if interviewer:
        data["interviewer"] = interviewer
    years = out.text("ge.experience", ("experience_years",), required=_("the years of experience in the job"))
    if years is not None:
        value = number(years, YEARS)
        if value is None:
            out.finding(
                "CQP209",
                "ge.experience",
                _("field {name!r} is not a number of years (e.g. 4,5)").format(name="ge.experience"),
            )
        data["experience_years"] = value
    targeted = _targeted(out, "ge")
    assessment: dict[str, dict[str, str | None]] = {}
    for unit in referential.units:
        if targeted and unit.id not in targeted:  # the interview covers the targeted blocs only
            continue
        parts: dict[str, str | None] = {}
        if referential.generation == "domaines":
            names = [(key, f"ge.{unit.id}.{key}") for key in ("savoir_faire", "savoirs") if unit.get(key)]
        else:
            names = [(str(c["id"]), f"ge.{c['id']}.auto-evaluation") for c in competences(unit)]
        for part, name in names:
            parts[part] = out.choice(
                name, ("self_assessment", unit.id, part), required=_("tick the candidate's answer on the scale")
            )
        assessment[unit.id] = parts
    data["self_assessment"] = assessment


def _targeted(out: Extraction, prefix: str) -> list[str]:
    """The blocs ticked as targeted (``<prefix>.<unit>.vise``), put in the data; none ticked: every unit."""
    ticked = [unit.id for unit in out.referential.units if out.text(f"{prefix}.{unit.id}.vise") == "oui"]
    if ticked:
        out.data["targeted_units"] = ticked
        for index, unit_id in enumerate(ticked):
            out.source(("targeted_units", index), f"{prefix}.{unit_id}.vise")
        out.source(("targeted_units",), f"{prefix}.{ticked[0]}.vise")
    return ticked


def read_livret(out: Extraction) -> None:
    referential = out.referential
    data = out.data
    data["certification"] = _certification(referential)
    data["candidate"] = {"name": out.text("lf.candidat.nom", ("candidate", "name"), required=_("the candidate's name"))}
    _targeted(out, "lf")
    data["jury_date"] = out.day(
        "lf.jury.date", ("jury_date",), required=_("the date of the jury (Cadre réservé au jury)")
    )
    data["route"] = "formation"
    evaluations: dict[str, list[str | None]] = {}
    earlier: dict[str, str] = {}
    for unit in referential.units:
        names = [f"lf.{unit.id}.avis.evaluateur-{n}" for n in (1, 2)]
        opinions = [out.choice(name, None) for name in names]
        if any(opinions):
            for index, (name, opinion) in enumerate(zip(names, opinions, strict=True)):
                if opinion is None and not any(f.path == name for f in out.findings):
                    out.finding(
                        "CQP209",
                        name,
                        _("field {name!r} is empty: both evaluators give their opinion on a unit evaluated").format(
                            name=name
                        ),
                    )
                else:
                    out.source(("evaluations", unit.id, index), name)
            out.source(("evaluations", unit.id), names[0])
            evaluations[unit.id] = opinions
        name = f"lf.jury.{unit.id}.acquis-le"
        written = out.text(name)
        if written is not None and written.strip().endswith(".jwt"):  # a credential, verified before deciding
            earlier[unit.id] = written.strip()
            out.source(("acquired_earlier", unit.id), name)
            continue
        acquired = out.day(name, ("acquired_earlier", unit.id))
        if acquired:
            earlier[unit.id] = acquired
    if evaluations:
        data["evaluations"] = evaluations
    if earlier:
        data["acquired_earlier"] = earlier


def _job_is_blank(out: Extraction, job: str) -> bool:
    form = out.form
    return form is not None and all(f.value is None for name, f in form.fields.items() if name.startswith(job + "."))


def _job(out: Extraction, job: str, where: JsonPath, vae: Any) -> dict[str, Any]:
    """One filled "Emploi n" table of the dossier as an activity of the candidate file."""
    referential = out.referential
    activity: dict[str, Any] = {"title": out.text(f"{job}.intitule", (*where, "title"), required=_("the job title"))}
    organisation = out.text(f"{job}.employeur", (*where, "organisation"))
    if organisation:
        activity["organisation"] = organisation
    description = out.text(f"{job}.activites", (*where, "description"))
    if description:
        activity["description"] = description
    if vae.get("sectors"):
        activity["sector"] = out.choice(f"{job}.secteur", (*where, "sector"), required=_("tick the sector"))
    else:
        out.finding(
            "CQP209",
            f"{job}.domaine",
            _("{referential} names no sector: give the activity's sector id").format(referential=referential.key),
        )
    activity["status"] = out.choice(f"{job}.statut", (*where, "status"), required=_("tick the status"))
    nature = out.choice(
        f"{job}.nature",
        (*where, "matches_nature"),
        required=_("the centre's judgement: does this activity match the nature of the experience required?"),
    )
    activity["matches_nature"] = None if nature is None else nature == "oui"
    activity["start"] = out.day(f"{job}.debut", (*where, "start"), required=_("the first day of the activity"))
    end = out.day(f"{job}.fin", (*where, "end"))
    if end:
        activity["end"] = end
    full_time = out.choice(f"{job}.temps-complet", (*where, "time_percent"), required=_("tick Oui or Non"))
    if full_time == "non":
        share = out.text(
            f"{job}.temps-partiel", (*where, "time_percent"), required=_("the share of full time, as a percentage")
        )
        value = number(share, PERCENT) if share else None
        if share and value is None:
            out.finding(
                "CQP209",
                f"{job}.temps-partiel",
                _("field {name!r} is not a percentage of full time (e.g. 50 %)").format(name=f"{job}.temps-partiel"),
            )
        activity["time_percent"] = value
    evidence: list[Any] = []
    for rule in vae.get("evidence", {}).values():
        for piece in rule["any_of"]:
            ident = str(piece["id"])
            if out.form is None or out.form.value(f"{job}.piece.{ident}") is None:
                continue
            index = len(evidence)
            out.source((*where, "evidence", index), f"{job}.piece.{ident}")
            if piece.get("signatures"):
                count = out.text(f"{job}.signatures.{ident}", None)
                signatures = number(count, PERCENT) if count else None
                if isinstance(signatures, int):
                    evidence.append({"id": ident, "signatures": signatures})
                    continue
                if count:
                    out.finding(
                        "CQP209",
                        f"{job}.signatures.{ident}",
                        _("field {name!r} is not a number").format(name=f"{job}.signatures.{ident}"),
                    )
            evidence.append(ident)
    if evidence:
        activity["evidence"] = evidence
    return activity


def read_dossier(out: Extraction) -> None:
    referential = out.referential
    vae = referential.data.get("vae", {})
    data = out.data
    data["certification"] = _certification(referential)
    name = out.text("vae.candidat.nom", ("candidate", "name"), required=_("the candidate's name"))
    first = out.text("vae.candidat.prenom", None)
    data["candidate"] = {"name": f"{first} {name}" if first and name else name}
    data["request_date"] = out.day("vae.demande.date", ("request_date",), required=_("the date of the request"))
    activities: list[dict[str, Any]] = []
    count = 0
    while out.form is not None and f"vae.emploi-{count + 1}.intitule" in out.form.fields:
        count += 1
        job = f"vae.emploi-{count}"
        if _job_is_blank(out, job):
            continue
        where: JsonPath = ("activities", len(activities))
        activity = _job(out, job, where, vae)
        activities.append(activity)
    if not activities:
        out.finding("CQP209", "vae.emploi-1.intitule", _("no job filled in: describe at least one (Emploi 1)"))
    data["activities"] = activities


#: Printed document → the reader of its filled form.
READERS = {"guide-entretien": read_guide, "livret-evaluation-finale": read_livret, "dossier-vae": read_dossier}
