"""What several use cases do alike with their inputs: check the referentials they name."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cqpengine import checking
from cqpengine.checking import CheckResult
from cqpengine.resources import default_referential_paths


def check_referentials(paths: Sequence[Path], *, default: bool = True) -> CheckResult:
    """Check the referentials under ``paths`` (``./referentials`` or the shipped ones when empty).

    A missing path is a :class:`~cqpengine.loading.workspace.PathNotFoundError` (a usage error).
    """
    return checking.check_paths(default_referential_paths(tuple(paths)) if default else list(paths))
