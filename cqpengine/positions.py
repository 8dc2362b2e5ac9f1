"""Where something is in a source file: a 1-based line and column, and a JSON path into its data.

The lowest layer's types, shared by the loader (which records them), the findings (which report
them) and every layer between; this module imports nothing of cqpengine.
"""

from __future__ import annotations

from dataclasses import dataclass

#: A path into parsed data: mapping keys and list indexes, from the root.
JsonPath = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Mark:
    """A 1-based position in a source file."""

    line: int
    column: int
