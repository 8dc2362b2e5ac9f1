"""Finding referential files and indexing them: the loader stage of the pipeline.

A *workspace* is every referential file the engine can see for one run: the files asked for
(the *targets*) plus the files beside them, so that a certification checked alone can still
resolve the shared units and the superseded version it points at. Each loaded file is a
:class:`ReferentialFile`, indexed by its key (``id@version`` for a certification, ``id`` for
a unit library).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cqpengine.errors import UsageError
from cqpengine.i18n import _
from cqpengine.loading.marks import YamlLoadError
from cqpengine.loading.yamlio import ParsedYaml, load_yaml_file, require_mapping
from cqpengine.positions import JsonPath, Mark

YAML_SUFFIXES = frozenset({".yaml", ".yml"})


class PathNotFoundError(UsageError):
    """A path given on the command line does not exist."""


def require_file(path: Path) -> None:
    """A usage error unless ``path`` is a regular file (a FIFO or a device would block the read)."""
    if path.is_dir():
        raise UsageError(_("{path} is a folder: give a file").format(path=path))
    if not path.is_file():
        what = _("not a regular file: {path}") if path.exists() else _("path does not exist: {path}")
        raise UsageError(what.format(path=path))


@dataclass
class ReferentialFile:
    """One referential file, loaded."""

    path: Path
    yaml: ParsedYaml

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.yaml.data
        return data

    @property
    def kind(self) -> str:
        return "unit-library" if self.data.get("kind") == "unit-library" else "certification"

    @property
    def key(self) -> str | None:
        """``id@version`` for a certification, ``id`` for a library; None when malformed."""
        ident = self.data.get("id")
        if not isinstance(ident, str):
            return None
        if self.kind == "unit-library":
            return ident
        version = self.data.get("version")
        return f"{ident}@{version}" if isinstance(version, str) else None

    def mark(self, path: JsonPath, *, key: bool = False) -> Mark:
        return self.yaml.mark_for(path, key=key)


@dataclass
class LoadFailure:
    """A file that could not be read or loaded."""

    path: Path
    error: YamlLoadError


@dataclass
class Workspace:
    """All referential files of one run, indexed by key."""

    targets: list[ReferentialFile] = field(default_factory=list)
    context: list[ReferentialFile] = field(default_factory=list)
    failures: list[LoadFailure] = field(default_factory=list)
    #: Files beside the targets that could not be loaded: not reported, but named when a reference
    #: cannot be resolved (the missing document may be in one of them).
    context_failures: list[LoadFailure] = field(default_factory=list)
    _by_key: dict[str, list[ReferentialFile]] = field(default_factory=dict)

    @property
    def files(self) -> list[ReferentialFile]:
        return self.targets + self.context

    @property
    def unreadable(self) -> list[Path]:
        """Every file of the workspace that could not be loaded."""
        return [failure.path for failure in self.failures + self.context_failures]

    def unreadable_hint(self) -> str:
        """`` (files that could not be read: …)`` when some could not, else an empty string."""
        paths = self.unreadable
        return _(" (files that could not be read: {paths})").format(paths=", ".join(map(str, paths))) if paths else ""

    def add(self, document: ReferentialFile, *, target: bool) -> None:
        (self.targets if target else self.context).append(document)
        if document.key is not None:
            self._by_key.setdefault(document.key, []).append(document)

    def get(self, key: str) -> ReferentialFile | None:
        """The document with this key (the first one when it is defined twice)."""
        found = self._by_key.get(key)
        return found[0] if found else None

    def all_keys(self) -> list[str]:
        """Every key of the workspace (``id@version`` of certifications, ``id`` of libraries), sorted."""
        return sorted(self._by_key)

    def valid(self, key: str, schema_valid: Callable[[ReferentialFile], bool]) -> ReferentialFile | None:
        """The file with this key when it matches the schema (``schema_valid``: rules may then read its data)."""
        found = self.get(key)
        return found if found is not None and schema_valid(found) else None

    def all_with_key(self, key: str) -> list[ReferentialFile]:
        return list(self._by_key.get(key, ()))

    def versions_of(self, certification_id: str) -> list[ReferentialFile]:
        return [doc for doc in self.files if doc.kind == "certification" and doc.data.get("id") == certification_id]


def _yaml_files_under(directory: Path) -> list[Path]:
    found = []
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.suffix in YAML_SUFFIXES and path.is_file():
            found.append(path)
    return found


def discover(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """Split ``paths`` into target files and context files (their neighbours).

    Folders are searched recursively for ``*.yaml``/``*.yml``; a file's own folder (not
    recursively) gives its context. Raises :class:`PathNotFoundError` for a missing path.
    """
    targets: list[Path] = []
    context: list[Path] = []
    for path in paths:
        if path.is_dir():
            targets.extend(_yaml_files_under(path))
        elif path.is_file():
            targets.append(path)
            context.extend(_siblings(path))
        elif path.exists():
            raise PathNotFoundError(_("not a regular file or folder: {path}").format(path=path))
        else:
            raise PathNotFoundError(_("path does not exist: {path}").format(path=path))
    seen: set[Path] = set()
    unique_targets = [p for p in targets if _first_time(p, seen)]
    unique_context = [p for p in context if _first_time(p, seen)]
    return unique_targets, unique_context


def _first_time(path: Path, seen: set[Path]) -> bool:
    """True the first time a file is met, however it is spelt (relative, absolute, with ..)."""
    resolved = path.resolve()
    if resolved in seen:
        return False
    seen.add(resolved)
    return True


def _siblings(path: Path) -> list[Path]:
    """The YAML files beside ``path``; none when the folder cannot be listed (context is best effort)."""
    try:
        entries = sorted(path.parent.iterdir())
    except OSError:
        return []
    return [p for p in entries if p.suffix in YAML_SUFFIXES and p.is_file() and not p.name.startswith(".")]


def _load(path: Path) -> ReferentialFile | LoadFailure:
    try:
        document = load_yaml_file(path)
        require_mapping(document, _("a referential"))
    except YamlLoadError as error:
        return LoadFailure(path, error)
    except OSError as error:
        return LoadFailure(
            path, YamlLoadError("CQP001", _("cannot read file: {reason}").format(reason=error.strerror or error))
        )
    return ReferentialFile(path, document)


def load_workspace(targets: Iterable[Path], context: Iterable[Path] = ()) -> Workspace:
    """Load every file; failures of target files are kept, those of context files dropped."""
    workspace = Workspace()
    for path in targets:
        loaded = _load(path)
        if isinstance(loaded, LoadFailure):
            workspace.failures.append(loaded)
        else:
            workspace.add(loaded, target=True)
    for path in context:
        loaded = _load(path)
        if isinstance(loaded, ReferentialFile):
            workspace.add(loaded, target=False)
        else:
            workspace.context_failures.append(loaded)
    return workspace
