"""What several use cases do alike with their inputs: check the referentials they name.

:class:`InvalidInput` is the error of a use case refused because an input has validation
errors: the command prints :attr:`InvalidInput.findings` (with the findings reporter) before the
one line of the error.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cqpengine import checking
from cqpengine.checking import CheckResult
from cqpengine.errors import FindingsError
from cqpengine.findings import Finding
from cqpengine.resources import default_referential_paths


class InvalidInput(FindingsError):
    """An input has validation errors: :attr:`findings` lists them, the message says what to do."""

    def __init__(self, message: str, findings: Sequence[Finding]) -> None:
        super().__init__(message)
        self.findings = list(findings)


def check_referentials(paths: Sequence[Path], *, default: bool = True) -> CheckResult:
    """Check the referentials under ``paths`` (``./referentials`` or the shipped ones when empty).

    A missing path is a :class:`~cqpengine.loading.workspace.PathNotFoundError` (a usage error).
    """
    return checking.check_paths(default_referential_paths(tuple(paths)) if default else list(paths))
