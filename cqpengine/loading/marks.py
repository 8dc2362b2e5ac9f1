"""The error raised for a file that cannot be turned into data, with its rule code and position.

Shared by the loader (:mod:`cqpengine.loading.yamlio`), which raises it, and by
:mod:`cqpengine.loading.explain`, which words it; positions are :class:`cqpengine.positions.Mark`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cqpengine.positions import Mark


@dataclass
class YamlLoadError(Exception):
    """A file that cannot be turned into data; ``code`` is the validate rule code."""

    code: str
    message: str
    mark: Mark = field(default_factory=lambda: Mark(1, 1))

    def __str__(self) -> str:
        return self.message
