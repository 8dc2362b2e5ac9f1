"""``cqp diff``: review what changed between two versions of a certification, or an edit of one file.

Two forms:

* ``cqp diff OLD [NEW]``: two versions (``id@version``) of the referentials folder, or one id and
  the version it supersedes;
* ``cqp diff --against REV FILE``: a referential file against its own state in the git revision
  ``REV`` (default ``HEAD``), so that an editor reviews an edit before committing it.

Output: text (default), JSON, or an HTML review page (``--format html``), to stdout or, atomically,
to ``-o FILE`` (never over an input).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cqpengine.commands.common import check_output, check_referentials, require_file, write_output
from cqpengine.commands.options import referentials_option, templates_option
from cqpengine.commands.translated import Command
from cqpengine.errors import FindingsError, UsageError, template_error
from cqpengine.i18n import N_, _
from cqpengine.reporting import format_text

if TYPE_CHECKING:
    from cqpengine.checking import CheckResult
    from cqpengine.model import Referential
    from cqpengine.versions import Comparison


@click.command(
    "diff",
    cls=Command,
    help=N_(
        "Compare two versions: OLD and NEW as id@version.\n\n"
        "With one argument, an id (or id@version), compare that version (default: the active one) "
        "with the version it supersedes. With --against [REV] FILE, compare the referential FILE "
        "with its state in the git revision REV (default HEAD)."
    ),
)
@click.argument("old", required=False)
@click.argument("new", required=False)
@referentials_option()
@click.option(
    "--against",
    "against",
    is_flag=False,
    flag_value="HEAD",
    default=None,
    metavar="REV",
    help=N_("Compare the referential FILE with its state in the git revision REV (default HEAD)."),
)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "html"]), default="text", show_default=True
)
@click.option("-o", "--output", "output", default="-", show_default=True, help=N_("Output file, or - for stdout."))
@templates_option
def command(
    old: str | None,
    new: str | None,
    paths: tuple[Path, ...],
    against: str | None,
    output_format: str,
    output: str,
    template_dirs: tuple[Path, ...],
) -> None:
    from cqpengine.versions import compare  # noqa: PLC0415 - keep `cqp --help` light

    if against is not None and old is None and Path(against).is_file():
        old, against = against, "HEAD"  # `cqp diff --against FILE`: the revision left out
    if against is not None:
        if old is None or new is not None:
            raise UsageError(_("--against REV takes one referential FILE: cqp diff --against HEAD FILE"))
        if paths:
            raise UsageError(_("--against compares one FILE with its git history: leave out --referentials"))
        comparison, inputs = _against(against, Path(old))
    else:
        if old is None:
            raise UsageError(_("name a certification (id or id@version), two versions, or use --against REV FILE"))
        result = check_referentials(paths)
        older, newer = _versions(result, old, new)
        comparison, inputs = compare(older, newer), list(result.inputs)
    check_output(output, output_format, *inputs, template_dirs=template_dirs)
    write_output(_render(comparison, output_format, template_dirs).encode("utf-8"), output)


#: The name of the current state of a file compared with ``--against`` (English in the JSON output).
WORKING_COPY = N_("working copy")


def _render(comparison: Comparison, output_format: str, template_dirs: tuple[Path, ...]) -> str:
    from cqpengine.versions import format_comparison, place  # noqa: PLC0415

    if output_format == "json":
        return json.dumps(comparison.to_json(), ensure_ascii=False, indent=2) + "\n"
    if comparison.new_name == WORKING_COPY:  # the JSON keeps the English words, the reader's formats do not
        comparison.new_name = _(WORKING_COPY)
    if output_format == "text":
        return format_comparison(comparison)
    from cqpengine.documents.labels import review_field, review_value  # noqa: PLC0415
    from cqpengine.documents.rendering import Renderer, TemplateFailure  # noqa: PLC0415

    try:
        return Renderer(template_dirs).render(
            "review/diff.html.j2",
            comparison.new,
            comparison=comparison,
            place=place,
            field_label=review_field,
            value_label=review_value,
        )
    except TemplateFailure as failure:
        raise template_error(failure, failure.custom) from None


def _versions(result: CheckResult, old: str, new: str | None) -> tuple[Referential, Referential]:
    by_key = {ref.key: ref for ref in result.referentials}
    if new is None:
        active = (ref.key for ref in result.referentials if ref.id == old and ref.data["status"] == "active")
        newer_key = old if "@" in old else next(active, None)
        newer = by_key.get(newer_key or "")
        if newer is None:
            raise UsageError(
                _("no valid active version of {old!r} (known: {known})").format(
                    old=old, known=", ".join(sorted(by_key))
                )
            )
        superseded = _superseded(newer)
        if superseded is None:
            raise UsageError(
                _("{key} supersedes no other version: name the two versions to compare").format(key=newer.key)
            )
        old, new = superseded, newer.key
    missing = [key for key in (old, new) if key not in by_key]
    if missing:
        failed = (
            _("; files with errors: {files}").format(files=", ".join(map(str, sorted(result.failed_files))))
            if result.failed_files
            else ""
        )
        raise UsageError(
            _("unknown or invalid version {versions} (known: {known}){failed}").format(
                versions=", ".join(missing), known=", ".join(sorted(by_key)), failed=failed
            )
        )
    older, newer = by_key[old], by_key[new]
    if _superseded(older) == newer.key:
        click.echo(
            _("cqp: {old} supersedes {new}: comparing from the newer version to the older").format(
                old=older.key, new=newer.key
            ),
            err=True,
        )
    elif _superseded(newer) != older.key and older.id != newer.id:
        raise UsageError(
            _(
                "{old} and {new} are two different certifications: compare two versions of one "
                "certification, or a version with the one it supersedes"
            ).format(old=older.key, new=newer.key)
        )
    return older, newer


def _against(revision: str, file: Path) -> tuple[Comparison, list[Path]]:
    """``file`` now against its state in ``revision``, each resolved with the files beside it."""
    from cqpengine.checking import check_paths, check_workspace  # noqa: PLC0415
    from cqpengine.gitrev import GitError, file_at_revision  # noqa: PLC0415
    from cqpengine.loading.marks import YamlLoadError  # noqa: PLC0415
    from cqpengine.loading.workspace import SourceDocument, load_workspace  # noqa: PLC0415
    from cqpengine.loading.yamlio import load_yaml_text, require_mapping  # noqa: PLC0415
    from cqpengine.versions import compare  # noqa: PLC0415

    require_file(file)
    try:
        text = file_at_revision(revision, file)
    except GitError as error:
        raise UsageError(str(error)) from None
    label = Path(f"{file}@{revision}")
    try:
        document = load_yaml_text(text, label)
        require_mapping(document, _("a referential"))
    except YamlLoadError as error:
        raise FindingsError(f"{label}:{error.mark.line}:{error.mark.column}: {error.message}") from None
    current = check_paths([file])
    siblings = [path for path in current.inputs if path.resolve() != file.resolve()]
    workspace = load_workspace([], siblings)
    workspace.add(SourceDocument(label, document), target=True)
    earlier = check_workspace(workspace)
    for result, name in (
        (earlier, _("{file} in {revision}").format(file=file, revision=revision)),
        (current, str(file)),
    ):
        if not result.ok():
            click.echo(format_text([f for f in result.findings if f.severity == "error"]), nl=False, err=True)
            raise FindingsError(_("{name} has validation errors: fix them to compare").format(name=name))
        if not result.referentials:
            raise UsageError(
                _("{name} is not a certification (a unit library has no versions to compare)").format(name=name)
            )
    comparison = compare(earlier.referentials[0], current.referentials[0])
    comparison.old_name, comparison.new_name = revision, WORKING_COPY
    return comparison, list(current.inputs)


def _superseded(referential: Referential) -> str | None:
    """``id@version`` of the version ``referential`` supersedes, if any."""
    superseded = referential.data.get("supersedes")
    return f"{superseded.get('id', referential.id)}@{superseded['version']}" if superseded is not None else None
