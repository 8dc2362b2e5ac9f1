"""Reporters of ``cqp import`` and ``cqp export``: the summary line a person reads once the files are written.

The files themselves (YAML, XML, JSON, CSV) are made by :mod:`cqpengine.exchange`; what is reported
here is what was written where, and what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass

from cqpengine.app.exchange import ExportResult, ImportResult
from cqpengine.i18n import _
from cqpengine.reporters.base import Reporter, register


@dataclass(frozen=True)
class Imported:
    """An import and where its referential was written (``-`` for standard output)."""

    result: ImportResult
    output: str


@dataclass(frozen=True)
class Exported:
    """An export and where its files were written (``-`` for standard output)."""

    result: ExportResult
    output: str


@register
class ImportText(Reporter[Imported]):
    """``wrote FILE: draft id@version (N units, M competences)`` and the next steps."""

    kind = "import"
    name = "text"

    def render(self, result: Imported) -> str:
        done = result.result
        where = _("standard output") if result.output == "-" else result.output
        lines = [
            _("wrote {file}: {key} ({units} units, {competences} competences)").format(
                file=where, key=done.key, units=done.units, competences=done.competences
            )
        ]
        if done.supersedes:
            lines.append(_("it supersedes {key}, found among the referentials").format(key=done.supersedes))
        if done.unread:
            lines.append(
                _(
                    "not looked into for the version it supersedes, having errors: {files} "
                    "(run 'cqp validate' on them, fix them, then import again)"
                ).format(files=", ".join(map(str, done.unread)))
            )
        if result.output != "-":
            lines.append(
                _(
                    "next: run 'cqp validate {file}' (documented gaps and placeholders are warnings), "
                    "then 'cqp build {file}'"
                ).format(file=result.output)
            )
        return "\n".join(lines) + "\n"


@register
class ExportText(Reporter[Exported]):
    """``wrote N files (format) to FOLDER``, after a line per version the format could not hold."""

    kind = "export"
    name = "text"

    def render(self, result: Exported) -> str:
        done = result.result
        lines = [_("skipped: {reason}").format(reason=reason) for reason in done.skipped]
        if result.output == "-":
            pass
        elif len(done.files) == 1:
            lines.append(
                _("wrote {file}: {key} as {format}").format(
                    file=result.output, key=done.files[0].key, format=done.format
                )
            )
        else:
            names = ", ".join(f.name for f in done.files)
            lines.append(
                _("wrote {count} files ({format}) to {folder}: {names}").format(
                    count=len(done.files), format=done.format, folder=result.output, names=names
                )
            )
        return "".join(line + "\n" for line in lines)
