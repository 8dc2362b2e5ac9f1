"""The decision kinds: what each one reads, checks and decides, and what prints it — one entry each.

Like :data:`cqpengine.documents.DOCUMENTS` for printable documents, :data:`KINDS` is the one place
naming the decisions: its candidate schema, what its candidate file describes (for messages), its
reader (schema-valid file → typed input, or findings), its rule (referential + input → decision),
the template of its filled document and the printed form(s) a filled copy of which it reads.
Adding a decision is adding its modules and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from cqpengine.decisions.candidate import CandidateFile
from cqpengine.decisions.jury import decide_jury
from cqpengine.decisions.orientation import decide_orientation
from cqpengine.decisions.readers.jury import read_jury
from cqpengine.decisions.readers.orientation import read_orientation
from cqpengine.decisions.readers.vae import read_vae
from cqpengine.decisions.reasons import Say
from cqpengine.decisions.vae import decide_vae
from cqpengine.findings import Finding
from cqpengine.i18n import N_
from cqpengine.model import Referential


class Decision(Protocol):
    """What every decision is: the version it applies, its kind, its reasons and its JSON."""

    @property
    def kind(self) -> str: ...

    @property
    def referential(self) -> Referential: ...

    def to_json(self, say: Say) -> dict[str, Any]:
        """The decision as JSON data, its reasons worded by ``say``."""
        ...


#: A schema-valid candidate file and its certification → the decision's input, or what prevents it.
Reader = Callable[[CandidateFile, Referential], tuple[Any, list[Finding]]]
#: The referential and the input → the decision.
Rule = Callable[[Referential, Any], Decision]


@dataclass(frozen=True)
class DecisionKind:
    """One decision the engine makes."""

    name: str
    #: One line for ``cqp decide --help`` (a msgid).
    summary: str
    #: What a candidate file of this kind describes, for messages (a msgid).
    description: str
    #: Its JSON Schema, under ``schema/``.
    schema: str
    reader: Reader
    rule: Rule
    #: The template of the filled document (``--format html|pdf``), under ``templates/``.
    template: str
    #: The printed documents whose filled PDF gives this decision's candidate file.
    forms: tuple[str, ...]


KINDS: dict[str, DecisionKind] = {
    kind.name: kind
    for kind in (
        DecisionKind(
            "vae",
            N_("Admissibility (recevabilité) of a VAE request."),
            N_("a VAE admissibility request"),
            "candidate-vae.schema.json",
            read_vae,
            decide_vae,
            "decisions/vae.html.j2",
            ("dossier-vae",),
        ),
        DecisionKind(
            "orientation",
            N_("Orientation at the end of the intake interview (VAE or, per unit, direct evaluation or training)."),
            N_("an intake interview"),
            "candidate-orientation.schema.json",
            read_orientation,
            decide_orientation,
            "decisions/orientation.html.j2",
            ("guide-entretien",),
        ),
        DecisionKind(
            "jury",
            N_("The jury's decision per unit and the delivery (totale, partielle, aucune) of the CQP."),
            N_("a jury decision"),
            "candidate-jury.schema.json",
            read_jury,
            decide_jury,
            "decisions/jury.html.j2",
            ("livret-evaluation-finale",),
        ),
    )
}


def kind_reading(form: str) -> DecisionKind | None:
    """The decision whose candidate file a filled ``form`` (a printed document's name) gives, if any."""
    return next((kind for kind in KINDS.values() if form in kind.forms), None)
