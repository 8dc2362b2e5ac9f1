"""French wording of the decisions: verdicts, reasons, headings (text output and documents alike).

Every sentence a decision prints is built here from referential data and figures, so that the
text output, the JSON ``reasons`` and the filled documents say the same thing in the same words.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

STATUSES = {"salarie": "salariée", "non_salarie": "non salariée", "benevole": "bénévole"}
KINDS = {
    "activite": "activité",
    "formation_initiale": "formation initiale",
    "formation_continue": "formation continue",
    "stage": "stage",
    "formation_milieu_professionnel": "période de formation en milieu professionnel",
}

VAE_TITLE = "Recevabilité de la demande de VAE"
ORIENTATION_TITLE = "Orientation à l'issue de l'entretien d'accueil et d'orientation"
JURY_TITLE = "Décision du jury"

ADMISSIBLE = "recevable"
NOT_ADMISSIBLE = "non recevable"
ROUTES = {
    "vae": "voie de la VAE",
    "formation": "voie formative et évaluation des compétences",
}
UNIT_CHOICES = {
    "direct": "maîtrise les compétences : évaluation directe",
    "formation": "doit suivre la formation",
}
DELIVERIES = {
    "totale": "Délivrance totale du CQP",
    "partielle": "Délivrance partielle du CQP",
    "aucune": "Aucune unité acquise : CQP non délivré",
}


def number(value: Fraction | float | int, decimals: int = 2) -> str:
    """A figure the French way: ``3.5`` → ``3,5``; ``1248.25`` → ``1 248,25``; trailing zeros dropped."""
    text = f"{float(value):,.{decimals}f}".replace(",", " ").replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def years(value: Fraction | float | int) -> str:
    """``1`` → ``1 an``, ``3`` → ``3 ans``, ``2.99`` → ``2,99 ans``."""
    return f"{number(value)} {'an' if value < 2 else 'ans'}"


def day(value: date) -> str:
    """``2024-03-15`` → ``15/03/2024``."""
    return value.strftime("%d/%m/%Y")


def join(items: list[str], last: str = "et") -> str:
    """``a, b et c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def statuses(ids: list[str]) -> str:
    """``[salarie, benevole]`` → ``salariée ou bénévole``."""
    return join([STATUSES[i] for i in ids], "ou")
