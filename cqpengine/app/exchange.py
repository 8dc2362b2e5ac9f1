"""Use cases of ``cqp import`` and ``cqp export``: referentials from and to RNCP, CASE and Moodle.

:func:`import_rncp` drafts a referential from one fiche of an RNCP flux file, linked to an older
version found among the referentials; :func:`import_case` reads back a package written by
``cqp export case``; :func:`export` writes each certification version of the referentials given in
one format (a version the format cannot hold is skipped and said, unless it is the only one). Each
returns the text or bytes to write and their names; the command writes them. An input that cannot
be read is a usage error (:class:`~cqpengine.exchange.ExchangeError`, exit 2); a referential with
validation errors an :class:`~cqpengine.app.inputs.InvalidInput` (exit 1) listing its findings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cqpengine.app.inputs import InvalidInput
from cqpengine.authoring import is_document_id, is_version
from cqpengine.errors import UsageError
from cqpengine.exchange import ExchangeError
from cqpengine.findings import Severity
from cqpengine.i18n import _
from cqpengine.model import Referential

#: The formats ``cqp export`` writes, and the extension of their files.
EXPORT_EXTENSIONS = {"rncp": "xml", "case": "json", "moodle": "csv"}


@dataclass(frozen=True)
class ImportResult:
    """A referential read from another format: its YAML text and what it holds."""

    text: str
    key: str
    units: int
    competences: int
    supersedes: str | None = None
    #: Referential files that could not be checked, so not looked into for the version this one supersedes.
    unread: tuple[Path, ...] = ()


@dataclass(frozen=True)
class ExportedFile:
    """One certification version in the exported format."""

    key: str
    name: str
    data: bytes


@dataclass
class ExportResult:
    """Every version exported, and the files read (no output may overwrite one)."""

    format: str
    files: list[ExportedFile] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)
    #: How many certification versions were found (one: ``-o`` is a file; more: a folder).
    versions: int = 0
    #: One line per version that this format cannot hold (the others are still exported).
    skipped: list[str] = field(default_factory=list)


def _load(paths: Sequence[Path], *, default: bool) -> tuple[list[Referential], list[Path], set[Path]]:
    """The valid certification versions under ``paths``, every file read, and those with errors.

    With ``default`` (``./referentials`` when no path is given and it exists), files with errors are
    given back; otherwise they refuse the export.
    """
    from cqpengine.checking import check_paths  # noqa: PLC0415 - keep `cqp --help` light
    from cqpengine.loading.workspace import PathNotFoundError  # noqa: PLC0415

    if not paths and not default:
        return [], [], set()
    try:
        result = check_paths(list(paths) if paths else [Path("referentials")])
    except PathNotFoundError:
        if not paths:
            return [], [], set()
        raise
    if default:
        return result.referentials, list(result.inputs), set(result.failed_files)
    if result.failed_files:
        files = ", ".join(str(path) for path in sorted(result.failed_files))
        raise InvalidInput(
            _("{files}: validation errors: run cqp validate and fix them to export").format(files=files),
            [finding for finding in result.findings if finding.severity is Severity.ERROR],
        )
    return sorted(result.referentials, key=lambda ref: ref.key), list(result.inputs), set()


def _checked_identity(
    certification_id: str | None, version: str | None, default_id: str, default_version: str
) -> tuple[str, str]:
    chosen_id = certification_id or default_id
    chosen_version = version or default_version
    if not is_document_id(chosen_id):
        raise UsageError(
            _("--id {value!r}: use lower-case letters, digits and '-', starting with a letter").format(value=chosen_id)
        )
    if not is_version(chosen_version):
        raise UsageError(
            _("--version {value!r}: use letters and digits, with one '.', '_' or '-' between them").format(
                value=chosen_version
            )
        )
    return chosen_id, chosen_version


def import_rncp(
    source: Path,
    fiche: str,
    *,
    certification_id: str | None = None,
    version: str | None = None,
    referentials: Sequence[Path] = (),
) -> ImportResult:
    """A draft referential made from the fiche ``fiche`` of the RNCP flux file ``source``.

    An older version named by the fiche's ``ANCIENNES_CERTIFICATIONS`` is looked for among
    ``referentials`` (default ``./referentials`` when it exists): when found, the draft supersedes
    it, with the fiche's correspondences as equivalences.
    """
    from cqpengine.exchange import rncp  # noqa: PLC0415

    number = rncp.normalise_number(fiche)
    if number is None:
        raise UsageError(_("--fiche {value!r} is not an RNCP number such as RNCP36612").format(value=fiche))
    found = rncp.read_fiche(source, number)
    chosen_id, chosen_version = _checked_identity(certification_id, version, rncp.slug(found.title), found.number)
    known, _inputs, unread = _load(referentials, default=True)
    former = [f for ref in known if (f := rncp.former_version(ref)) is not None]
    text = rncp.draft_referential(
        found, source_name=source.name, certification_id=chosen_id, version=chosen_version, former=former
    )
    older = rncp.superseded_version(found, former)
    return ImportResult(
        text,
        f"{chosen_id}@{chosen_version}",
        len(found.blocs),
        sum(len(rncp.competence_texts(bloc)) for bloc in found.blocs),
        f"{older.key[0]}@{older.key[1]}" if older is not None else None,
        tuple(sorted(unread)),
    )


def import_case(source: Path) -> ImportResult:
    """The referential held by a CASE package written by ``cqp export case``."""
    from cqpengine.exchange import case  # noqa: PLC0415

    data = case.import_package(source, case.read_package(source))
    units = data.get("units", [])
    count = sum(1 for unit in units for _ in _competences_of(unit))
    superseded = data.get("supersedes")
    return ImportResult(
        case.referential_text(source, data),
        f"{data.get('id')}@{data.get('version')}",
        len(units),
        count,
        f"{superseded.get('id', data.get('id'))}@{superseded.get('version')}" if isinstance(superseded, dict) else None,
    )


def _competences_of(unit: dict[str, object]) -> list[object]:
    activities = unit.get("activities")
    if isinstance(activities, list):
        return [c for a in activities if isinstance(a, dict) for c in a.get("competences", [])]
    savoir_faire = unit.get("savoir_faire")
    return list(savoir_faire) if isinstance(savoir_faire, list) else []


def _writer(output_format: str, base_uri: str | None) -> Callable[[Referential], bytes]:
    from cqpengine.exchange import case, moodle, rncp  # noqa: PLC0415

    if output_format == "rncp":
        return rncp.export_fiche
    if output_format == "moodle":
        return moodle.framework_csv
    if base_uri is None:
        raise UsageError(_("cqp export case needs --base-uri URI (the address the identifiers are made from)"))
    case.check_base_uri(base_uri)
    return lambda referential: case.package_bytes(case.export_package(referential, base_uri))


def export(output_format: str, paths: Sequence[Path], *, base_uri: str | None = None) -> ExportResult:
    """Every certification version under ``paths`` in ``output_format`` (``rncp``, ``case``, ``moodle``)."""
    write = _writer(output_format, base_uri)
    referentials, inputs, _unread = _load(paths, default=False)
    if not referentials:
        raise UsageError(_("no certification version to export in {paths}").format(paths=", ".join(map(str, paths))))
    result = ExportResult(output_format, inputs=inputs, versions=len(referentials))
    extension = EXPORT_EXTENSIONS[output_format]
    for referential in referentials:
        try:
            data = write(referential)
        except ExchangeError as error:
            result.skipped.append(str(error))
            continue
        result.files.append(ExportedFile(referential.key, f"{referential.id}@{referential.version}.{extension}", data))
    if not result.files:
        raise UsageError(result.skipped[0] if len(result.skipped) == 1 else "; ".join(result.skipped))
    return result
