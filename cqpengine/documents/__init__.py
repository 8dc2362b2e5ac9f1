"""The printable documents: which exist, what each needs from a referential, how they render.

Each :class:`DocumentSpec` names its template and says, for a given referential, whether the
referential has what the document prints. A document whose content a referential lacks is
skipped with that reason, never rendered empty or half-filled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cqpengine.i18n import _
from cqpengine.model import Referential, Unit, criteria

Requirement = Callable[[Referential], str | None]

#: Output formats of ``cqp build --format``, and the file extensions each writes.
FORMATS = {"html": ("html",), "pdf": ("pdf",), "all": ("html", "pdf")}


@dataclass(frozen=True)
class DocumentSpec:
    """One kind of printable document."""

    name: str
    summary: str
    requirement: Requirement
    #: The generations whose sources have this document (the blocs sources have no livret de suivi).
    generations: frozenset[str] = frozenset({"blocs", "domaines"})
    #: Whether a referential is of the kind that has this document at all (a first version has no
    #: correspondence with an earlier one); None: every referential of those generations.
    applies: Callable[[Referential], bool] | None = None

    @property
    def template(self) -> str:
        return f"documents/{self.name}.html.j2"

    def belongs_to(self, referential: Referential) -> bool:
        """Whether ``referential`` has this document at all (its generation, and its kind of version)."""
        return referential.generation in self.generations and (self.applies is None or self.applies(referential))

    def missing(self, referential: Referential) -> str | None:
        """Why ``referential`` cannot give this document, or None when it can."""
        if referential.generation not in self.generations:
            return _("the {generation} generation has no {document} (its sources have none)").format(
                generation=referential.generation, document=self.name
            )
        return self.requirement(referential)


def _units_lacking(referential: Referential, has: Callable[[Unit], bool]) -> list[str]:
    return [unit.id for unit in referential.units if not has(unit)]


def _need_scale(referential: Referential, *names: str) -> str | None:
    for name in names:
        if referential.scale(name) is None and not referential.data.get("scales"):
            return _(
                "no scale is defined: under 'scales:', write the answer scale of the source (each value with its "
                "label and meaning), then, under 'document_scales:', '{name}: ' followed by its id"
            ).format(name=name)
        if referential.scale(name) is None:
            return _(
                "no scale is named for it: under 'document_scales:', write '{name}: ' followed by the id of "
                "one of the scales defined under 'scales:'"
            ).format(name=name)
    return None


def _need_units(referential: Referential, what: str, key: str, has: Callable[[Unit], bool]) -> str | None:
    lacking = _units_lacking(referential, has)
    if lacking:
        return _(
            "no {what} for {units}: write them under '{key}' in each of these units, or, if the sources give "
            "none, declare it under 'gaps:'"
        ).format(what=what, units=", ".join(lacking), key=key)
    return None


def _always(referential: Referential) -> str | None:
    return None


def _guide(referential: Referential) -> str | None:
    return _need_scale(referential, "orientation")


def _livret_suivi(referential: Referential) -> str | None:
    return _need_units(
        referential, _("formative modules"), "modules:", lambda u: bool(u.domaine and u.domaine.get("modules"))
    ) or _need_scale(referential, "formative")


def _grilles(referential: Referential) -> str | None:
    return _need_units(
        referential,
        _("intermediate grid criteria"),
        "intermediate_criteria:",
        lambda u: bool(u.domaine and u.domaine.get("intermediate_criteria")),
    ) or _need_scale(referential, "intermediate")


def _final_criteria(unit: Unit) -> bool:
    if unit.bloc is not None:
        return bool(criteria(unit))
    return bool(unit.domaine and unit.domaine.get("final_criteria"))


def _livret_final(referential: Referential) -> str | None:
    key = "criteria:" if referential.generation == "blocs" else "final_criteria:"
    return _need_units(referential, _("final grid criteria"), key, _final_criteria) or _need_scale(
        referential, "final_grid", "final_opinion"
    )


def _fiche(referential: Referential) -> str | None:
    if referential.data["process"].get("partial_validity_years") is None:
        return _(
            "no validity of partially acquired units: under 'process:', write 'partial_validity_years: ' followed "
            "by the number of years the sources give"
        )
    return None


def _dossier(referential: Referential) -> str | None:
    if referential.data.get("vae") is None:
        return _("no VAE admissibility rules: add a 'vae:' section, as the skeleton of a new certification shows")
    if not referential.data["vae"].get("evidence"):
        return _(
            "no evidence to attach: under 'vae:', write 'evidence:', the dossier's pieces and model attestations "
            "for each kind of activity"
        )
    return None


#: Formative modules and intermediate grids exist only in the 2013 domaines' sources; a bloc cannot hold them.
_DOMAINES = frozenset({"domaines"})


def _correspondance(referential: Referential) -> str | None:
    if referential.data.get("supersedes") is None:
        return _("supersedes no earlier version: no correspondence to print (a first version has none)")
    if referential.superseded is None:
        return _("the version it supersedes is not among the valid referentials: give its file too, and fix its errors")
    if referential.data.get("equivalences") is None:
        return _(
            "no equivalences with the superseded version: write them under 'equivalences:' (cqp new version "
            "writes one per unit to start from)"
        )
    return None


_SPECS = (
    DocumentSpec("referentiel", "référentiel de compétences / de certification", _always),
    DocumentSpec("guide-entretien", "guide d'entretien d'accueil et d'orientation", _guide),
    DocumentSpec("livret-suivi", "livret de suivi de la formation", _livret_suivi, _DOMAINES),
    DocumentSpec("grilles-intermediaires", "grilles d'évaluation intermédiaire (guide du tuteur)", _grilles, _DOMAINES),
    DocumentSpec("livret-evaluation-finale", "livret d'évaluation finale en entreprise", _livret_final),
    DocumentSpec("fiche-decision", "fiche de décision du jury", _fiche),
    DocumentSpec("dossier-vae", "dossier de recevabilité VAE", _dossier),
    DocumentSpec(
        "correspondance",
        "tableau de correspondance avec la version remplacée",
        _correspondance,
        applies=lambda referential: referential.data.get("supersedes") is not None,
    ),
)

#: Every document, by name, in printing order.
DOCUMENTS: dict[str, DocumentSpec] = {spec.name: spec for spec in _SPECS}
