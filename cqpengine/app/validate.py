"""The validate use case (``cqp validate``): check the referentials under some paths."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cqpengine.app.inputs import check_referentials
from cqpengine.checking import CheckResult
from cqpengine.errors import CqpError, FindingsError, UsageError
from cqpengine.i18n import _


@dataclass(frozen=True)
class Validation:
    """What a validation found, and whether warnings count (``--strict``)."""

    result: CheckResult
    strict: bool = False

    def failure(self) -> CqpError | None:
        """The error the validation ends with: no file found, or findings that fail it."""
        if not self.result.files:
            return UsageError(_("no referential files (*.yaml, *.yml) found"))
        if not self.result.ok(strict=self.strict):
            return FindingsError(
                _("validation failed (--strict: warnings count)") if self.result.errors == 0 else _("validation failed")
            )
        return None


def validate(paths: Sequence[Path], *, strict: bool = False) -> Validation:
    """Check the referentials under ``paths`` (``./referentials`` or the shipped ones when empty)."""
    return Validation(check_referentials(paths), strict)
