"""The field listing reporter (``cqp fields``): one line per field, its name, kind and choices."""

from __future__ import annotations

from collections.abc import Sequence

from cqpengine.forms.fields import FormField
from cqpengine.printable import printable
from cqpengine.reporters.base import Reporter, register


@register
class FieldsText(Reporter[Sequence[FormField]]):
    """``name<TAB>kind<TAB>choice | choice``: the ids a choice can hold, nothing for the other kinds."""

    kind = "fields"
    name = "text"

    def render(self, result: Sequence[FormField]) -> str:
        # Names and values come from the file: their control characters are written as escapes, so that
        # a name cannot pose as a second line (a CI command) or drive the terminal.
        lines = [
            "\t".join(
                printable(part) for part in (f.name, f.kind, " | ".join(f.values) if f.kind == "choice" else "")
            ).rstrip()
            for f in result
        ]
        return "\n".join(lines) + "\n"
