"""The build reporter: what ``cqp build`` validated, wrote, skipped, removed, kept and failed.

Its :meth:`BuildText.render` is the one summary line of standard output; :meth:`BuildText.checked`
and :meth:`BuildText.log` are the lines of standard error (validation errors and refused files
before the build; notes, skipped documents, removed and kept files and failures after it).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from cqpengine.app.build import Built
from cqpengine.findings import Severity
from cqpengine.i18n import _
from cqpengine.printable import printable
from cqpengine.reporters.base import Reporter, register
from cqpengine.reporters.findings import format_text

if TYPE_CHECKING:
    from cqpengine.checking import CheckResult


def _lines(lines: Iterable[str]) -> str:
    """One line each, control characters of a file's name as escapes (each stays one line)."""
    return "".join(printable(line) + "\n" for line in lines)


def summary(
    out: Path, written: int, up_to_date: int, referentials: int, skipped: int, failed: int, refused: int
) -> str:
    """The build's one line: ``wrote N files to OUT for R referentials, …``."""
    return _(
        "wrote {written} files to {out} for {referentials} referentials, {up_to_date} up to date; "
        "skipped {skipped} documents, {failed} failed, {refused} referential files refused"
    ).format(
        written=written,
        out=out,
        referentials=referentials,
        up_to_date=up_to_date,
        skipped=skipped,
        failed=failed,
        refused=refused,
    )


def _skipped(document: str, reason: str) -> str:
    return _("skipped {document}: {reason}").format(document=document, reason=reason)


@register
class BuildText(Reporter[Built]):
    """The build as people and logs read it."""

    kind = "build"
    name = "text"

    def checked(self, check: CheckResult) -> str:
        """Standard error once the files are validated: their errors, and the files refused."""
        errors = [finding for finding in check.findings if finding.severity is Severity.ERROR]
        refused = (
            _("refused {file}: it has validation errors").format(file=path) for path in sorted(check.failed_files)
        )
        return format_text(errors) + _lines(refused)

    def log(self, built: Built) -> str:
        """Standard error after the build: notes, skipped documents, removed and kept files, failures."""
        from cqpengine.documents.building import describe_failure  # noqa: PLC0415 - with the build only
        from cqpengine.documents.rendering import TemplateFailure  # noqa: PLC0415

        if built.replayed is not None:
            return _lines(_skipped(label, reason) for label, reason in built.replayed.skipped)
        report = built.report
        if report is None:
            return ""
        lines = [_("note: {note}").format(note=note) for note in report.notes]
        lines += [_skipped(job.label, reason) for job, reason in report.skipped]
        lines += [
            _("removed {file}: left by an earlier build, the document is now skipped").format(file=path)
            for path in report.removed
        ]
        lines += [
            _("kept {file}: the document is now skipped, but {reason}").format(file=path, reason=why)
            for path, why in report.kept
        ]
        for job, failure in report.failed:
            message = str(failure) if isinstance(failure, TemplateFailure) else describe_failure(failure)
            lines.append(_("failed {document}: {reason}").format(document=job.label, reason=message))
        return _lines(lines)

    def render(self, result: Built) -> str:
        if result.replayed is not None:
            run = result.replayed
            return _lines([summary(result.out, 0, len(run.outputs), run.referentials, len(run.skipped), 0, 0)])
        report, check = result.report, result.check
        assert report is not None and check is not None
        return _lines(
            [
                summary(
                    result.out,
                    len(report.written),
                    len(report.up_to_date),
                    len(check.referentials),
                    len(report.skipped),
                    len(report.failed),
                    len(check.failed_files),
                )
            ]
        )
