"""Positions in a source file, and the error raised for a file that cannot be turned into data.

Shared by the loader (:mod:`cqpengine.loading.yamlio`), which raises the error, and by
:mod:`cqpengine.loading.explain`, which words it; neither needs the other to know them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Mark:
    """A 1-based position in a source file."""

    line: int
    column: int


@dataclass
class YamlLoadError(Exception):
    """A file that cannot be turned into data; ``code`` is the validate rule code."""

    code: str
    message: str
    mark: Mark = field(default_factory=lambda: Mark(1, 1))

    def __str__(self) -> str:
        return self.message
