"""Decision reporters: text for people, JSON for tools, the filled document in HTML or PDF.

``cqp decide --format`` offers their names (:func:`~cqpengine.reporters.base.reporter_names`).
The HTML and PDF reporters print the template :data:`~cqpengine.decisions.kinds.KINDS` names for
the decision's kind, from the shipped templates or the folders given by ``--templates``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from cqpengine.decisions.durations import DAYS_PER_YEAR, floor_to
from cqpengine.decisions.kinds import KINDS, Decision
from cqpengine.documents.rendering import Renderer, html_to_pdf
from cqpengine.reporters.base import Reporter, json_document, register
from cqpengine.reporters.decisions import wording as w
from cqpengine.reporters.decisions.text import period, to_text

KIND = "decision"


class DecisionReporter(Reporter[Decision]):
    """A decision reporter; the filled documents are printed from ``template_dirs`` first."""

    kind: ClassVar[str] = KIND

    def render(self, result: Decision) -> str | bytes:
        raise NotImplementedError


@register
class TextReporter(DecisionReporter):
    name = "text"

    def render(self, result: Decision) -> str:
        return to_text(result)


@register
class JsonReporter(DecisionReporter):
    """The decision as a JSON object (no candidate name)."""

    name = "json"
    document = True

    def render(self, result: Decision) -> str:
        return json_document(result.to_json(w.say))


def filled_document(decision: Decision, template_dirs: Sequence[Path] = ()) -> str:
    """The HTML of the decision's filled document, with its reasoning printed on it."""
    context: dict[str, Any] = {
        "decision": decision,
        "w": w,
        "say": w.say,
        "said": lambda reasons: [w.say(reason) for reason in reasons],
        "period": period,
        "floor_to": floor_to,
        "days_per_year": DAYS_PER_YEAR,
    }
    return Renderer(template_dirs).render(KINDS[decision.kind].template, decision.referential, **context)


@register
class HtmlReporter(DecisionReporter):
    """The filled document of the decision, in HTML."""

    name = "html"
    document = True

    def render(self, result: Decision) -> str:
        return filled_document(result, self.template_dirs)


@register
class PdfReporter(DecisionReporter):
    """The filled document of the decision, as a tagged PDF."""

    name = "pdf"
    document = True
    binary = True

    def render(self, result: Decision) -> bytes:
        return html_to_pdf(filled_document(result, self.template_dirs))
