"""The field listing reporter (``cqp fields``): one line per field, its name, kind and choices."""

from __future__ import annotations

from collections.abc import Sequence

from cqpengine.forms.fields import FormField
from cqpengine.reporters.base import Reporter, register


@register
class FieldsText(Reporter[Sequence[FormField]]):
    """``name<TAB>kind<TAB>choice | choice``: the ids a choice can hold, nothing for the other kinds."""

    kind = "fields"
    name = "text"

    def render(self, result: Sequence[FormField]) -> str:
        lines = [f"{f.name}\t{f.kind}\t{' | '.join(f.values) if f.kind == 'choice' else ''}".rstrip() for f in result]
        return "\n".join(lines) + "\n"
