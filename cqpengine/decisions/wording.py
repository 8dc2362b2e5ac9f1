"""French wording of the decisions: verdicts, reasons, headings (text output and documents alike).

The fixed words come from ``templates/labels.yaml`` (section ``decisions``), like every other
printed word. Every sentence a decision prints is built here from referential data and figures, so that the
text output, the JSON ``reasons`` and the filled documents say the same thing in the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cqpengine.documents.labels import day, days, join, labels, last_years, number, years, years_before

if TYPE_CHECKING:
    from cqpengine.decisions.targets import Targets
    from cqpengine.model import Referential

__all__ = [
    "day",
    "days",
    "join",
    "last_years",
    "number",
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
#: The words of the commission paritaire's decision (title, date, deliveries…).
COMMISSION: dict[str, Any] = _DECISIONS["commission"]
#: Who decides: "Jury final", "Commission paritaire".
BODIES: dict[str, str] = _DECISIONS["bodies"]
#: The route each unit takes (orientation): a VAE dossier, direct evaluation, training.
UNIT_ROUTES: dict[str, str] = _DECISIONS["unit_routes"]
#: "Unités restant à acquérir : {units}" and "valable jusqu'au {day} inclus".
MISSING: str = _DECISIONS["jury"]["missing"]
UNTIL: str = _DECISIONS["jury"]["until"]


def unit_label(referential: Referential) -> str:
    """``Domaine`` or ``Bloc de compétences``: what a unit of ``referential`` is called."""
    return str(labels()["unit"][referential.generation])


def statuses(ids: Sequence[str]) -> str:
    """``[salarie, benevole]`` → ``salariée ou bénévole``."""
    return join([STATUSES[i] for i in ids], "ou")


def targeted(referential: Referential, targets: Targets) -> str:
    """``toutes les unités de la certification`` or the targeted units' numbers and ids."""
    if targets.whole:
        return str(_DECISIONS["all_targeted"])
    return join([f"{unit_label(referential)} {u.number} ({u.id})" for u in targets.units])


def decided_by(referential: Referential, targets: Targets) -> str:
    """The sentence naming who decides on the targets, with the referential's words, or saying none is named."""
    what = targeted(referential, targets)
    if targets.body is None:
        return (
            f"Unités visées : {what}. Le référentiel ne dit pas qui décide pour un candidat qui ne vise qu'une "
            "partie des unités (process.decided_by.units) : aucune décision ne peut être prise pour lui."
        )
    basis = {"dossier": ", sur dossier", "entretien": ", après un entretien"}.get(targets.basis or "", "")
    words = f" (« {targets.words} »)" if targets.words else ""
    return f"Unités visées : {what}. Qui décide : {BODIES[targets.body]}{basis}{words}."
