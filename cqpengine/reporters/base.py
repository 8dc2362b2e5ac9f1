"""The reporter base: every output a person or a tool reads is made by a reporter chosen by name.

A reporter turns one result of the application layer (findings, a comparison, a decision, a build
summary, a field listing…) into the text or bytes of one format. Reporters register under
``(kind, name)``: ``kind`` says what they report (``"findings"``, ``"comparison"``, ``"decision"``…),
``name`` is the format a user asks for (``--format text``). Commands never format anything
themselves: they look the reporter up with :func:`get_reporter` and write what it returns.

The modules holding each kind's reporters are imported on first use (:data:`KIND_MODULES`), so that
``cqp --help`` imports none of them.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

ResultT = TypeVar("ResultT")

#: kind → module (under ``cqpengine.reporters``) whose import registers that kind's reporters.
KIND_MODULES: dict[str, str] = {
    "decision": "decisions",
    "candidate": "candidate",
    "findings": "findings",
    "comparison": "comparison",
    "build": "build",
    "fields": "fields",
    "new": "new",
    "credential-verdict": "credential",
    "credentials-issued": "credential",
    "import": "exchange",
    "export": "exchange",
}

_REGISTRY: dict[tuple[str, str], type[Reporter[Any]]] = {}


class Reporter(Generic[ResultT]):
    """Makes one format of one kind of result. Subclasses set :attr:`kind` and :attr:`name`."""

    #: What is reported: ``"findings"``, ``"comparison"``, ``"decision"``…
    kind: ClassVar[str]
    #: The format's name, as ``--format`` takes it.
    name: ClassVar[str]
    #: True when the output is one document (a JSON value, a PDF): nothing else may share its stream.
    document: ClassVar[bool] = False
    #: True when :meth:`render` returns bytes (a PDF) rather than text.
    binary: ClassVar[bool] = False

    def __init__(self, template_dirs: Sequence[Path] = ()) -> None:
        #: Folders searched before the shipped templates, by the reporters that print one (``--templates``).
        self.template_dirs = tuple(template_dirs)

    def render(self, result: ResultT) -> str | bytes:
        """The whole output for ``result``."""
        raise NotImplementedError


ReporterT = TypeVar("ReporterT", bound=type[Reporter[Any]])


def register(cls: ReporterT) -> ReporterT:
    """Class decorator: make ``cls`` the reporter of ``(cls.kind, cls.name)``."""
    key = (cls.kind, cls.name)
    if key in _REGISTRY and _REGISTRY[key] is not cls:
        raise ValueError(f"two reporters for {key!r}: {_REGISTRY[key].__name__} and {cls.__name__}")
    _REGISTRY[key] = cls
    return cls


def _load(kind: str) -> None:
    module = KIND_MODULES.get(kind)
    if module is not None:
        importlib.import_module(f"cqpengine.reporters.{module}")


def reporter_names(kind: str) -> tuple[str, ...]:
    """The format names registered for ``kind``, in registration order."""
    _load(kind)
    return tuple(name for (registered_kind, name) in _REGISTRY if registered_kind == kind)


def get_reporter(kind: str, name: str, template_dirs: Sequence[Path] = ()) -> Reporter[Any]:
    """A new reporter of ``kind`` in format ``name``, printing its templates from ``template_dirs`` first;
    ``KeyError`` when there is none."""
    _load(kind)
    return _REGISTRY[(kind, name)](template_dirs)


def json_document(value: Any) -> str:
    """``value`` as the one JSON document of an output: indented, non-ASCII text kept, a final newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
