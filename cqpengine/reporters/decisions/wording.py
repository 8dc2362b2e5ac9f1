"""French wording of the decisions: verdicts, reasons, headings (text output, JSON and documents alike).

The fixed words come from ``templates/labels.yaml`` (section ``decisions``), like every other
printed word. Every sentence a decision prints is built here, by :func:`say`, from the reason codes
and figures the rules return (:mod:`cqpengine.decisions.reasons`), so that the text output, the
JSON ``reasons`` and the filled documents say the same thing in the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from cqpengine.decisions.durations import DAYS_PER_YEAR, ceil_to, floor_to, to_years
from cqpengine.decisions.orientation import AssessedPart
from cqpengine.decisions.reasons import Reason
from cqpengine.decisions.targets import Targets
from cqpengine.documents.labels import day, days, join, labels, last_years, number, years, years_before
from cqpengine.model import Referential

__all__ = [
    "day",
    "days",
    "join",
    "last_years",
    "number",
    "say",
    "statuses",
    "years",
    "years_before",
]  # formatting helpers re-exported for templates

_DECISIONS = labels()["decisions"]

STATUSES: dict[str, str] = labels()["documents"]["dossier-vae"]["statuses"]
KINDS: dict[str, str] = _DECISIONS["kinds"]

VAE_TITLE: str = _DECISIONS["titles"]["vae"]
ORIENTATION_TITLE: str = _DECISIONS["titles"]["orientation"]
JURY_TITLE: str = _DECISIONS["titles"]["jury"]

ADMISSIBLE: str = _DECISIONS["admissible"]
NOT_ADMISSIBLE: str = _DECISIONS["not_admissible"]
ROUTES: dict[str, str] = _DECISIONS["routes"]
UNIT_CHOICES: dict[str, str] = _DECISIONS["unit_choices"]
#: On the VAE route units are neither trained nor evaluated directly: they are only mastered.
MASTERED: str = _DECISIONS["mastered"]
DELIVERIES: dict[str, str] = _DECISIONS["deliveries"]
#: Who decides: "Jury final", "Commission paritaire".
BODIES: dict[str, str] = _DECISIONS["bodies"]
#: The words of the commission paritaire's decision (title, date, deliveries…).
COMMISSION: dict[str, Any] = _DECISIONS["commission"]
#: The route each unit takes (orientation): a VAE dossier, direct evaluation, training.
UNIT_ROUTES: dict[str, str] = _DECISIONS["unit_routes"]
#: "Unités restant à acquérir : {units}" and "valable jusqu'au {day} inclus".
MISSING: str = _DECISIONS["jury"]["missing"]
UNTIL: str = _DECISIONS["jury"]["until"]


def unit_label(referential: Referential) -> str:
    """``Domaine`` or ``Bloc de compétences``: what a unit of ``referential`` is called."""
    return _unit_word(referential.generation)


def _unit_word(generation: str) -> str:
    return str(labels()["unit"][generation])


def statuses(ids: Sequence[str]) -> str:
    """``[salarie, benevole]`` → ``salariée ou bénévole``."""
    return join([STATUSES[i] for i in ids], "ou")


#: The names of a domaine's two parts, as the guide d'entretien prints them.
PART_NAMES = {"savoir_faire": "Savoir-faire", "savoirs": "Savoirs"}


def part_name(part: AssessedPart) -> str:
    """Short name of an assessed part: Savoir-faire, Savoirs, or the competence id ("" for the whole unit)."""
    if part.part is None:
        return ""
    return PART_NAMES.get(part.part, part.part)


def targeted(referential: Referential, targets: Targets) -> str:
    """``toutes les unités de la certification`` or the targeted units' numbers and ids."""
    if targets.whole:
        return str(_DECISIONS["all_targeted"])
    return join([f"{unit_label(referential)} {u.number} ({u.id})" for u in targets.units])


def _decided_by(f: Mapping[str, Any]) -> str:
    """Who decides on the targets, with the referential's words, or that the referential names nobody."""
    targets: Targets = f["targets"]
    what = targeted(f["referential"], targets)
    if targets.body is None:
        return (
            f"Unités visées : {what}. Le référentiel ne dit pas qui décide pour un candidat qui ne vise qu'une "
            "partie des unités (process.decided_by.units) : aucune décision ne peut être prise pour lui."
        )
    basis = {"dossier": ", sur dossier", "entretien": ", après un entretien"}.get(targets.basis or "", "")
    words = f" (« {targets.words} »)" if targets.words else ""
    return f"Unités visées : {what}. Qui décide : {BODIES[targets.body]}{basis}{words}."


def _assessed(f: Mapping[str, Any], verdict_: str) -> str:
    """The deciding body's own assessment of a unit (VAE route)."""
    who = (
        "La commission paritaire, au vu du dossier,"
        if f.get("body") == "commission"
        else "Le jury, au vu du dossier VAE et de l'entretien,"
    )
    kept = " ; l'acquisition antérieure reste valide" if f.get("still_valid") else ""
    return f"{who} juge l'unité {verdict_}{kept}."


def _commission_partial(f: Mapping[str, Any]) -> str:
    kept = ", ".join(f"{unit_id} (jusqu'au {day(until)})" for unit_id, until in f["kept"])
    left = f" {MISSING.format(units=', '.join(f['missing']))}." if f["missing"] else ""
    return (
        f"{f['acquired']} unité(s) acquise(s) : validation partielle, le CQP n'est délivré que par le jury final "
        f"au candidat qui en vise l'intégralité. Les unités acquises ont une validité de {years(f['years'])} : "
        f"{kept}.{left}"
    )


def verdict(admissible: bool) -> str:
    """``recevable`` or ``non recevable``."""
    return ADMISSIBLE if admissible else NOT_ADMISSIBLE


# --- reasons --------------------------------------------------------------------------------------


def _short(label: str) -> str:
    """A piece's label without the instructions to the candidate in brackets ("(Vous en trouverez…)")."""
    return label.split(" (", maxsplit=1)[0]


def _labels(labels_: Sequence[str]) -> str:
    return join([_short(label) for label in labels_], "ou")


def _names(referential: Referential | None, unit_ids: Sequence[str]) -> str:
    """``Domaine 1 (D1), Domaine 2 (D2)``: units of ``referential`` by their printed names."""
    if referential is None:
        return ", ".join(unit_ids)
    named = []
    for unit_id in unit_ids:
        unit = referential.unit(unit_id)
        named.append(f"{unit_label(referential)} {unit.number} ({unit_id})" if unit else unit_id)
    return join(named)


def _earlier(f: Mapping[str, Any]) -> str:
    """An earlier unit: ``Domaine 2 (D2) (version 2013, jury du 12/06/2019)``."""
    unit = f["earlier"]
    old_name = _names(f["old"], [unit.unit]) if f["old"] else unit.unit
    return f"{old_name} (version {unit.version}, jury du {day(unit.acquired)})"


def _applied(f: Mapping[str, Any]) -> str:
    return f"équivalence {_names(f['old'], f['sources'])} → {_names(f['new'], f['targets'])}"


def _answers(parts: Sequence[AssessedPart]) -> str:
    return " ; ".join(f"{part_name(p)} : {p.value['label']}" if p.part else str(p.value["label"]) for p in parts)


def _orientation_experience(f: Mapping[str, Any]) -> str:
    needed = f"plus de {years(f['required'])}" if f["more_than"] else f"au moins {years(f['required'])}"
    return (
        f"Expérience dans le métier : {years(floor_to(f['experience']))} ; voie de la VAE si l'expérience est de "
        f"{needed} : {'atteint' if f['reached'] else 'non atteint'}."
    )


def _orientation_formation(f: Mapping[str, Any]) -> str:
    why = []
    if not f["reached"]:
        why.append("l'expérience n'atteint pas le minimum de la voie de la VAE")
    if f["training"]:
        why.append(f"des compétences restent à développer ({', '.join(f['training'])})")
    plan = []
    if f["direct"]:
        plan.append(f"évaluation directe, sans formation, pour {', '.join(f['direct'])}")
    if f["training"]:
        plan.append(f"formation pour {', '.join(f['training'])}")
    return f"Orientation vers la voie formative et l'évaluation des compétences, car {join(why)} : {' ; '.join(plan)}."


def _quoted(opinions: Sequence[str]) -> str:
    """``« Maîtrisée » / « Non maîtrisée »``."""
    return " / ".join(f"« {label} »" for label in opinions)


def _evaluators(f: Mapping[str, Any], opening: str) -> str:
    said = _quoted(f["opinions"])
    verdict_ = (
        "pas de nouvelle acquisition, l'acquisition antérieure reste valide"
        if f["still_valid"]
        else "l'unité n'est pas acquise"
    )
    return f"{opening} ({said}) : {verdict_}."


def _jury_partial(f: Mapping[str, Any]) -> str:
    kept = ", ".join(f"{unit_id} (jusqu'au {day(until)})" for unit_id, until in f["kept"])
    return (
        f"{f['acquired']} unité(s) sur {f['units']} acquise(s) : délivrance partielle. "
        f"Les unités acquises ont une validité de {years(f['years'])} : {kept}. "
        f"{MISSING.format(units=', '.join(f['missing']))}."
    )


def _vae_experience(f: Mapping[str, Any]) -> str:
    total = f["days"]
    return (
        f"Durée de l'expérience comptée : {years(floor_to(to_years(total)))} en équivalent temps plein "
        f"({days(floor_to(total))}, à raison de {days(DAYS_PER_YEAR)} par an) ; "
        f"minimum requis : {years(f['required'])}."
    )


def _outside(f: Mapping[str, Any]) -> str:
    where = f"({years_before(f['window_years'])})" if f["window_years"] else "(expérience antérieure à la demande)"
    return f"Période entièrement hors de la fenêtre {where}."


#: Reason code → its sentence, from the reason's figures.
_SENTENCES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "referential_text": lambda f: str(f["text"]),
    # VAE: one activity
    "vae.signatures_unstated": lambda f: (
        f"La pièce « {_short(f['piece'])} » ne dit pas combien de signatures elle porte ; il en faut {f['required']}."
    ),
    "vae.signatures_short": lambda f: (
        f"La pièce « {_short(f['piece'])} » porte {f['given']} signature(s) ; il en faut {f['required']}."
    ),
    "vae.no_valid_piece": lambda f: f"Aucune pièce justificative valable pour cette activité {STATUSES[f['status']]}.",
    "vae.piece_missing": lambda f: (
        f"Pièce justificative manquante pour une activité {STATUSES[f['status']]} : {_labels(f['pieces'])}."
    ),
    "vae.kind_excluded": lambda f: (
        f"{KINDS[f['kind']].capitalize()} : ce type de période n'est pas pris en compte dans la durée d'expérience."
    ),
    "vae.kind_not_excluded": lambda f: (
        f"{KINDS[f['kind']].capitalize()} : le référentiel ne l'exclut pas de la durée d'expérience."
    ),
    "vae.nature": lambda f: f"L'activité n'est pas de la nature requise : {f['nature']}.",
    "vae.sector": lambda f: f"Secteur non pris en compte (secteurs retenus : {_labels(f['sectors'])}).",
    "vae.status": lambda f: (
        f"Activité {STATUSES[f['status']]} non prise en compte (activités retenues : {statuses(f['accepted'])})."
    ),
    "vae.no_piece_named": lambda f: (
        f"Le référentiel ne nomme pas de pièce justificative pour une activité {STATUSES[f['status']]} : "
        "les pièces fournies restent à examiner."
    ),
    "vae.outside_window": _outside,
    "vae.counted_from": lambda f: (
        f"Comptée à partir du {day(f['day'])} seulement : début de la fenêtre ({years_before(f['window_years'])})."
    ),
    "vae.ongoing": lambda f: f"Activité en cours : comptée jusqu'au {day(f['day'])}, veille de la demande.",
    "vae.counted_until": lambda f: f"Comptée jusqu'au {day(f['day'])}, veille de la demande.",
    "vae.part_time": lambda f: f"Temps partiel ({number(f['percent'])} %) : comptée au prorata.",
    # VAE: the request
    "vae.experience": _vae_experience,
    "vae.window": lambda f: (
        f"Fenêtre : {years_before(f['window_years'])}, du {day(f['first'])} au {day(f['last'])} inclus."
    ),
    "vae.no_window": lambda f: (
        "Le référentiel ne fixe pas de fenêtre : toute l'expérience antérieure à la demande est comptée "
        f"(jusqu'au {day(f['last'])} inclus)."
    ),
    "vae.overlap": lambda f: (
        f"Des périodes se chevauchent : {days(floor_to(f['days']))} ne sont pas comptés deux fois "
        "(un jour compte au plus pour un temps plein)."
    ),
    "vae.pieces_not_named": lambda f: (
        "Le référentiel ne nomme pas les pièces justificatives : leur examen reste à faire, il n'entre pas "
        "dans ce calcul."
    ),
    "vae.not_counted": lambda f: (
        f"Activité {f['number']} ({f['title']}) non comptée : " + " ".join(say(r) for r in f["reasons"])
    ),
    "vae.admissible": lambda f: "La durée minimale est atteinte : la demande est recevable.",
    "vae.not_admissible": lambda f: (
        f"Il manque {years(ceil_to(f['missing_years']))} d'expérience en équivalent temps plein : "
        "la demande n'est pas recevable."
    ),
    # orientation
    "orientation.experience": _orientation_experience,
    "orientation.unit": lambda f: (
        f"{_unit_word(f['generation'])} {f['unit'].number} ({f['unit'].id}) : {_answers(f['parts'])} : "
        f"compétences {'maîtrisées' if f['mastered'] else 'à développer'}."
    ),
    "orientation.vae": lambda f: (
        f"L'expérience atteint le minimum et {'toutes les unités' if f['whole'] else 'les unités visées'} sont "
        "maîtrisées : orientation possible vers la voie de la VAE, selon la demande du candidat, sous réserve "
        "des critères de recevabilité."
    ),
    "orientation.formation": _orientation_formation,
    # jury
    "jury.earlier_valid": lambda f: (
        f"Acquise lors du jury du {day(f['acquired'])}, valable {years(f['years'])}, jusqu'au "
        f"{day(f['until'])} inclus : toujours valide."
    ),
    "jury.earlier_expired": lambda f: (
        f"Acquise lors du jury du {day(f['acquired'])}, valable {years(f['years'])}, jusqu'au "
        f"{day(f['until'])} : validité expirée."
    ),
    "jury.evaluators_agree": lambda f: (
        f"Les deux évaluateurs jugent l'unité maîtrisée ({_quoted(f['opinions'])}) : acquise."
    ),
    "jury.evaluators_disagree": lambda f: _evaluators(f, "Les évaluateurs ne sont pas d'accord"),
    "jury.evaluators_not_mastered": lambda f: _evaluators(f, "Les évaluateurs ne jugent pas l'unité maîtrisée"),
    "jury.assessed_acquired": lambda f: _assessed(f, "acquise"),
    "jury.assessed_not_acquired": lambda f: _assessed(f, "non acquise"),
    "jury.not_evaluated": lambda f: "Unité ni évaluée ni acquise antérieurement : reste à acquérir.",
    "jury.unit": lambda f: (
        f"{_unit_word(f['generation'])} {f['unit'].number} ({f['unit'].id}) : {' '.join(say(r) for r in f['reasons'])}"
    ),
    "jury.total": lambda f: "Toutes les unités sont acquises et valides : délivrance totale du CQP.",
    "jury.partial": _jury_partial,
    "jury.none": lambda f: "Aucune unité n'est acquise : le CQP n'est pas délivré.",
    # who decides on the units a candidate targets; the commission paritaire's decision
    "decided_by": _decided_by,
    "commission.partial": _commission_partial,
    "commission.none": lambda f: "Aucune unité visée n'est acquise.",
    # units acquired under the version superseded
    "carry.none": lambda f: (
        f"{_earlier(f)} : sans équivalent dans la version {f['new'].version} ({f['rationale']}) ; "
        "elle ne peut pas être reportée."
    ),
    "carry.undeclared": lambda f: f"{_earlier(f)} : aucune équivalence déclarée ; non reportée.",
    "carry.partial": lambda f: (
        f"{_earlier(f)} : {_applied(f)} partielle ; non reportée d'office, le jury apprécie "
        f"les compétences de {_names(f['new'], f['targets'])} restant à évaluer."
    ),
    "carry.unstated": lambda f: (
        f"{_earlier(f)} : {_applied(f)} dont le référentiel ne précise pas la portée ; non reportée d'office, "
        f"le jury apprécie les compétences de {_names(f['new'], f['targets'])} restant à évaluer."
    ),
    "carry.incomplete": lambda f: (
        f"{_earlier(f)} : {_applied(f)} totale, mais elle demande aussi {_names(f['old'], f['lacking'])} ; "
        "non reportée."
    ),
    "carry.carried": lambda f: (
        f"{_earlier(f)} : {_applied(f)} totale ; compte comme {_names(f['new'], f['targets'])}, "
        f"à partir du {day(f['since'])}."
    ),
    "carry.acquired": lambda f: (
        f"Acquise par équivalence totale ({_names(f['old'], f['sources'])} → {_names(f['new'], f['targets'])}, "
        f"version {f['earlier'].version}, jury du {day(f['since'])}) : {f['rationale']}"
    ),
}


def say(reason: Reason) -> str:
    """The sentence of ``reason``, in French."""
    return _SENTENCES[reason.code](reason.figures)
