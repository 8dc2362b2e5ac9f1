"""The build manifest: what an earlier ``cqp build`` wrote into OUT, and from which inputs.

``OUT/.cqp-build.json`` records, for every output file (by its path relative to OUT), a digest of
everything the file was made from and the SHA-256 of the bytes written. It serves two purposes:

* incremental builds: an output whose inputs digest is unchanged, and whose file still holds the
  bytes written, is not rendered again;
* safe clean-up: only a file the manifest says a build wrote, with those very bytes, is ever
  deleted as a stale output. A file put or changed by someone else is left alone.

The inputs digest of a document covers the bytes of every referential file it is made from (the
certification, the unit libraries and certifications its units come from, the versions it
supersedes and theirs), every template file in the search order (``--templates`` folders first,
then the shipped ones, ``labels.yaml`` and ``style.css`` included), the engine (its version and
source), the document's name and the output format; a PDF's digest adds the versions of the PDF
libraries and ``SOURCE_DATE_EPOCH``. The manifest is written atomically; one that cannot be read
is ignored with a note, and everything is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import MappingProxyType

from cqpengine import __version__
from cqpengine.i18n import LOCALE_DIR, _, language
from cqpengine.model import Referential
from cqpengine.output import write_atomic

#: The manifest's file name inside OUT (hidden: it is not a document).
MANIFEST_NAME = ".cqp-build.json"
_KIND = "cqp build manifest"
_VERSION = 1
_RUNS_KEPT = 8
_HEX = re.compile(r"^[0-9a-f]{64}$")
_PACKAGE = Path(__file__).resolve().parent.parent
#: Libraries whose version changes the bytes of a PDF.
_PDF_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "Pillow")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str | None:
    """The SHA-256 of the file at ``path``, or None when it is not a readable regular file."""
    try:
        if not path.is_file():
            return None
        with open(path, "rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None


@dataclass(frozen=True)
class Entry:
    """One output file as the build that wrote it recorded it."""

    inputs: str
    sha256: str


@dataclass(frozen=True)
class Run:
    """A whole build that went without a hitch: what it wrote and skipped, by its run key."""

    outputs: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...]
    referentials: int


class ManifestError(ValueError):
    """The manifest file is not one cqp wrote (or is damaged)."""


@dataclass
class Manifest:
    """The outputs recorded in ``OUT/.cqp-build.json``, by path relative to OUT (``/``-separated)."""

    entries: dict[str, Entry] = field(default_factory=dict)
    #: The last clean builds, by :func:`run_key` (oldest first): a build with the same key can be
    #: answered from here, its outputs being intact, without loading any referential.
    runs: dict[str, Run] = field(default_factory=dict)

    def record(self, key: str, run: Run) -> None:
        self.runs.pop(key, None)
        self.runs[key] = run
        while len(self.runs) > _RUNS_KEPT:
            del self.runs[next(iter(self.runs))]

    def to_bytes(self) -> bytes:
        outputs = {key: {"inputs": e.inputs, "sha256": e.sha256} for key, e in sorted(self.entries.items())}
        runs = [
            {
                "key": key,
                "outputs": list(r.outputs),
                "skipped": [list(s) for s in r.skipped],
                "referentials": r.referentials,
            }
            for key, r in self.runs.items()
        ]
        document = {"kind": _KIND, "version": _VERSION, "outputs": outputs, "runs": runs}
        return (json.dumps(document, indent=1, sort_keys=True) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest:
        """Parse a manifest; raises :class:`ManifestError` saying what is wrong."""
        try:
            document = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise ManifestError(_("not valid JSON ({error})").format(error=error)) from None
        if not isinstance(document, dict) or document.get("kind") != _KIND:
            raise ManifestError(_("not a manifest written by cqp build"))
        if document.get("version") != _VERSION:
            raise ManifestError(
                _("manifest version {version!r}, expected {expected}").format(
                    version=document.get("version"), expected=_VERSION
                )
            )
        outputs = document.get("outputs")
        if not isinstance(outputs, dict):
            raise ManifestError(_("no 'outputs' mapping"))
        entries = {}
        for key, value in outputs.items():
            if not (
                isinstance(value, dict)
                and all(isinstance(value.get(name), str) and _HEX.match(value[name]) for name in ("inputs", "sha256"))
            ):
                raise ManifestError(_("damaged entry {key!r}").format(key=key))
            entries[key] = Entry(value["inputs"], value["sha256"])
        return cls(entries, _runs(document.get("runs", [])))


def _runs(value: object) -> dict[str, Run]:
    if not isinstance(value, list):
        raise ManifestError("'runs' is not a list")
    runs = {}
    for item in value:
        if not (
            isinstance(item, dict)
            and isinstance(item.get("key"), str)
            and isinstance(item.get("referentials"), int)
            and _strings(item.get("outputs"))
            and isinstance(item.get("skipped"), list)
            and all(_strings(pair) and len(pair) == 2 for pair in item["skipped"])
        ):
            raise ManifestError(_("damaged run record"))
        skipped = tuple((pair[0], pair[1]) for pair in item["skipped"])
        runs[item["key"]] = Run(tuple(item["outputs"]), skipped, item["referentials"])
    return runs


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def manifest_path(out: Path) -> Path:
    return out / MANIFEST_NAME


def load_manifest(out: Path) -> tuple[Manifest, str | None]:
    """The manifest of ``out`` (empty when there is none yet), and a note when it had to be ignored."""
    path = manifest_path(out)
    try:
        if not path.exists():
            return Manifest(), None
        with open(path, "rb") as stream:
            data = stream.read(64 * 1024 * 1024)
        return Manifest.from_bytes(data), None
    except OSError as error:
        problem = _("cannot be read ({reason})").format(reason=error.strerror or error)
    except ManifestError as error:
        problem = str(error)
    note = _("ignoring {file}: {problem}; every document is rebuilt and no earlier output is removed")
    return Manifest(), note.format(file=path, problem=problem)


def replay(out: Path, key: str) -> Run | None:
    """The recorded clean build with this run key, if every output it wrote is still there, intact."""
    manifest, note = load_manifest(out)
    run = manifest.runs.get(key)
    if note or run is None:
        return None
    if all(recorded_and_intact(manifest.entries, name, out / name) for name in run.outputs):
        return run
    return None


def save_manifest(out: Path, manifest: Manifest) -> None:
    """Write the manifest atomically, unless the file already holds exactly these bytes."""
    path = manifest_path(out)
    data = manifest.to_bytes()
    try:
        with open(path, "rb") as stream:
            if stream.read(len(data) + 1) == data:
                return
    except OSError:
        pass
    write_atomic(path, data)


def _files_under(folder: Path) -> list[Path]:
    try:
        return sorted(path for path in folder.rglob("*") if path.is_file())
    except OSError:
        return []


def template_files(template_dirs: Sequence[Path]) -> dict[str, Path]:
    """Each template name (relative path) and the file the search order finds for it (first folder wins)."""
    found: dict[str, Path] = {}
    for folder in template_dirs:
        for path in _files_under(folder):
            found.setdefault(path.relative_to(folder).as_posix(), path)
    return found


def all_template_files(template_dirs: Sequence[Path]) -> list[Path]:
    """Every file of every template folder, shadowed or not (none may be overwritten by an output)."""
    return [path for folder in template_dirs for path in _files_under(folder)]


class FileDigests:
    """SHA-256 of files by resolved path, each file read at most once."""

    def __init__(self) -> None:
        self._files: dict[Path, str] = {}

    def __call__(self, path: Path) -> str:
        resolved = path.resolve()
        if resolved not in self._files:
            self._files[resolved] = sha256_file(resolved) or "unreadable"
        return self._files[resolved]


def common_digest(template_dirs: Sequence[Path], files: FileDigests) -> str:
    """What every document depends on: the engine (version and source) and the templates in search order."""
    engine = _digest(
        f"{path.relative_to(_PACKAGE).as_posix()} {files(path)}" for path in sorted(_PACKAGE.rglob("*.py"))
    )
    templates = template_files(template_dirs)
    return _digest(
        [
            f"engine {__version__} {engine}",
            *(f"template {name} {files(path)}" for name, path in sorted(templates.items())),
        ]
    )


def pdf_digest() -> str:
    """What every PDF depends on besides its HTML: the PDF libraries and ``SOURCE_DATE_EPOCH``."""
    return _digest(
        [
            *(f"{name} {_version_of(name)}" for name in _PDF_LIBRARIES),
            f"SOURCE_DATE_EPOCH {os.environ.get('SOURCE_DATE_EPOCH', '')}",
        ]
    )


def run_key(
    inputs: Sequence[Path], template_dirs: Sequence[Path], formats: Sequence[str], documents: Sequence[str]
) -> str:
    """The digest of a whole build: every file it reads (by path and bytes), the templates, the options.

    Two builds with the same key print the same report and write the same bytes.
    """
    files = FileDigests()
    lines = [
        f"common {common_digest(template_dirs, files)}",
        f"formats {' '.join(formats)}",
        f"documents {' '.join(documents)}",
        *(f"input {path.resolve()} {files(path)}" for path in inputs),
        # the report replayed from the manifest is in the language it was recorded in
        f"language {language()} {files(LOCALE_DIR / 'fr' / 'LC_MESSAGES' / 'cqpengine.mo')}",
    ]
    if "pdf" in formats:
        lines.append(f"pdf {pdf_digest()}")
    return _digest(lines)


class Digests:
    """Inputs digests of the documents of one build, each file read at most once."""

    def __init__(
        self,
        template_dirs: Sequence[Path],
        referentials: Iterable[Referential],
        refused: Mapping[str, Path] = MappingProxyType({}),
    ) -> None:
        self._file = FileDigests()
        self._by_key = {ref.key: ref for ref in referentials}
        #: Certifications refused for their errors (``id@version`` → file): a version they supersede.
        self._refused = dict(refused)
        self._common = common_digest(template_dirs, self._file)
        self._pdf = pdf_digest()

    def sources(self, referential: Referential) -> list[Path]:
        """Every referential file ``referential`` is made from: itself, its units' files, what it supersedes."""
        found: dict[Path, None] = {}
        seen: set[str] = set()
        current: Referential | None = referential
        while current is not None and current.key not in seen:
            seen.add(current.key)
            found[current.file.path.resolve()] = None
            for unit in current.units:
                found[unit.definition.file.path.resolve()] = None
            key = _superseded_key(current)
            if key in self._refused:
                found[self._refused[key].resolve()] = None
            current = current.superseded or self._by_key.get(key)
        return list(found)

    def inputs(self, referential: Referential, document: str, extension: str) -> str:
        """The digest of everything the ``extension`` output of ``document`` of ``referential`` is made from."""
        lines = [f"common {self._common}", f"document {document}", f"format {extension}"]
        if extension == "pdf":
            lines.append(f"pdf {self._pdf}")
        # Contents only, not paths: a moved or renamed folder of referentials is still up to date.
        lines.extend(sorted(f"source {self._file(path)}" for path in self.sources(referential)))
        return _digest(lines)


def _superseded_key(referential: Referential) -> str:
    """``id@version`` of the version ``referential`` supersedes, or an empty string."""
    superseded = referential.get("supersedes")
    if not isinstance(superseded, dict) or not isinstance(superseded.get("version"), str):
        return ""
    return f"{superseded.get('id', referential.id)}@{superseded['version']}"


def _digest(lines: Iterable[str]) -> str:
    return sha256_bytes("\n".join(lines).encode("utf-8"))


def _version_of(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


def relative_key(out: Path, path: Path) -> str:
    """The manifest key of an output: its path under OUT, ``/``-separated."""
    return path.relative_to(out).as_posix()


def recorded_and_intact(manifest: Mapping[str, Entry], key: str, path: Path) -> bool:
    """True when the manifest lists ``key`` and the file at ``path`` still holds the bytes written."""
    entry = manifest.get(key)
    return entry is not None and sha256_file(path) == entry.sha256
