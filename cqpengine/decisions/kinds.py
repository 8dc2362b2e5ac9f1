"""The decision kinds: what each one reads, checks and decides, and what prints it — one entry each.

Like :data:`cqpengine.documents.DOCUMENTS` for printable documents, :data:`KINDS` is the one place
naming the decisions: its candidate schema, what its candidate file describes (for messages), its
reader (schema-valid file → typed input, or findings), its rule (referential + input → decision),
the template of its filled document and the printed form(s) a filled copy of which it reads.
Adding a decision (``commission``…) is adding its modules and one entry here:

* ``schema/candidate-<kind>.schema.json`` (and its TypedDict, ``cqpengine/types``);
* its rule ``cqpengine/decisions/<kind>.py`` (a decision with ``kind``, ``referential``,
  ``to_json(say)``, reasons as :class:`~cqpengine.decisions.reasons.Reason`) and its reader
  ``cqpengine/decisions/readers/<kind>.py``;
* its template ``templates/decisions/<kind>.html.j2``, its text and the sentences of its reason
  codes in :mod:`cqpengine.reporters.decisions`;
* for a decision read from a filled form, the form's reader in :mod:`cqpengine.forms.readers`.

The reader and the rule are named (``module:function``) and imported on first use, so that
``cqp --help`` and ``cqp decide --help``, which list the kinds, import no schema library.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, cast

from cqpengine.decisions.reasons import Say
from cqpengine.findings import Finding
from cqpengine.i18n import N_
from cqpengine.model import Referential

if TYPE_CHECKING:
    from cqpengine.decisions.candidate import CandidateFile


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
Reader = Callable[["CandidateFile", Referential], tuple[Any, list[Finding]]]
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
    #: ``module:function`` of its :data:`Reader`.
    reader_name: str
    #: ``module:function`` of its :data:`Rule`.
    rule_name: str
    #: The template of the filled document (``--format html|pdf``), under ``templates/``.
    template: str
    #: The printed documents whose filled PDF gives this decision's candidate file.
    forms: tuple[str, ...]

    @property
    def reader(self) -> Reader:
        """Schema-valid candidate file and its certification → the input, or the findings that prevent it."""
        return cast("Reader", _function(self.reader_name))

    @property
    def rule(self) -> Rule:
        """The referential and the input → the decision."""
        return cast("Rule", _function(self.rule_name))


def _function(name: str) -> object:
    module, _sep, function = name.partition(":")
    return getattr(importlib.import_module(module), function)


KINDS: dict[str, DecisionKind] = {
    kind.name: kind
    for kind in (
        DecisionKind(
            "vae",
            N_("Admissibility (recevabilité) of a VAE request."),
            N_("a VAE admissibility request"),
            "candidate-vae.schema.json",
            "cqpengine.decisions.readers.vae:read_vae",
            "cqpengine.decisions.vae:decide_vae",
            "decisions/vae.html.j2",
            ("dossier-vae",),
        ),
        DecisionKind(
            "orientation",
            N_("Orientation at the end of the intake interview (VAE or, per unit, direct evaluation or training)."),
            N_("an intake interview"),
            "candidate-orientation.schema.json",
            "cqpengine.decisions.readers.orientation:read_orientation",
            "cqpengine.decisions.orientation:decide_orientation",
            "decisions/orientation.html.j2",
            ("guide-entretien",),
        ),
        DecisionKind(
            "jury",
            N_("The jury's decision per unit and the delivery (totale, partielle, aucune) of the CQP."),
            N_("a jury decision"),
            "candidate-jury.schema.json",
            "cqpengine.decisions.readers.jury:read_jury",
            "cqpengine.decisions.jury:decide_jury",
            "decisions/jury.html.j2",
            ("livret-evaluation-finale",),
        ),
        # A candidate who targets only some blocs: the body the referential names (process.decided_by.units).
        # The same candidate file and livret as the jury's; a filled livret is read for the jury unless
        # this decision is asked for.
        DecisionKind(
            "commission",
            N_("The commission paritaire's decision on the blocs a candidate targets (targeted_units), on dossier."),
            N_("a decision of the commission paritaire"),
            "candidate-jury.schema.json",
            "cqpengine.decisions.readers.jury:read_commission",
            "cqpengine.decisions.jury:decide_jury",
            "decisions/jury.html.j2",
            ("livret-evaluation-finale",),
        ),
    )
}


def kind_reading(form: str) -> DecisionKind | None:
    """The decision whose candidate file a filled ``form`` (a printed document's name) gives, if any."""
    return next((kind for kind in KINDS.values() if form in kind.forms), None)
