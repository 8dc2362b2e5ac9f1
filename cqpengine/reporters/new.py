"""The reporter of ``cqp new``: what was written, and what to do next."""

from __future__ import annotations

from cqpengine.app.new import NewCertification, NewVersion
from cqpengine.i18n import _
from cqpengine.printable import printable
from cqpengine.reporters.base import Reporter, register


@register
class NewText(Reporter[NewCertification | NewVersion]):
    """Two lines: the file written, then the next steps."""

    kind = "new"
    name = "text"

    def render(self, result: NewCertification | NewVersion) -> str:
        if isinstance(result, NewCertification):
            lines = [
                _("wrote {file}: certification {key} ({generation}), status draft").format(
                    file=result.file, key=result.key, generation=result.generation
                ),
                _(
                    "next: replace each 'XXXX …' text with the words of the source document, then run "
                    "'cqp validate {file}' (the placeholders left are warnings) and 'cqp build {file}'"
                ).format(file=result.file),
            ]
        else:
            lines = [
                _(
                    "wrote {file}: {new}, status draft, supersedes {old}, each of its {count} units mapped onto itself"
                ).format(file=result.file, new=result.new, old=result.old, count=result.units),
                _(
                    "next: make the changes of this version in {file} and adjust its equivalences, then run "
                    "'cqp validate {folder}' and 'cqp diff {old} {new}'"
                ).format(file=result.file, folder=result.file.parent, old=result.old, new=result.new),
            ]
        return "".join(printable(line) + "\n" for line in lines)
