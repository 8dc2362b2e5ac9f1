"""Starting points for editors: a new certification from a skeleton, a new version from an old one.

Used by ``cqp new``. Both produce YAML *text* (comments kept) that the editor then fills in:

* :func:`certification_text` fills the skeleton of a generation (``cqpengine/skeletons/``,
  shipped in the wheel): status ``draft``, every key some document needs, French comments, and
  ``XXXX`` placeholders that ``cqp validate`` reports as warnings (CQP112);
* :func:`version_text` copies the file of a version line by line, sets the new ``version``,
  ``status: draft`` and ``supersedes``, drops the old version's own ``effective_date``,
  ``supersedes`` and ``equivalences``, and maps every unit onto itself.

Nothing here writes a file; :mod:`cqpengine.commands.new` does, refusing to overwrite.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from cqpengine.errors import UsageError
from cqpengine.i18n import _
from cqpengine.model import Referential
from cqpengine.resources import schema_file

GENERATIONS = ("blocs", "domaines")
SKELETONS = Path(__file__).resolve().parent / "skeletons"
#: Title written when none is given: a placeholder, reported until the editor writes the real one.
TITLE_PLACEHOLDER = "XXXX Intitulé du CQP"


class AuthoringError(UsageError, ValueError):
    """An id, a version or a file that cannot be used (the message says why)."""


@functools.cache
def _pattern(definition: str) -> re.Pattern[str]:
    schema = json.loads(schema_file("referential.schema.json").read_text(encoding="utf-8"))
    return re.compile(schema["$defs"][definition]["pattern"])


def is_document_id(value: str) -> bool:
    """True when ``value`` is a certification id as the schema's ``documentId`` defines it."""
    return _pattern("documentId").fullmatch(value) is not None


def is_version(value: str) -> bool:
    """True when ``value`` is a version as the schema's ``version`` defines it (32 characters at most)."""
    return _pattern("version").fullmatch(value) is not None and len(value) <= 32


def check_id(value: str) -> None:
    if not is_document_id(value):
        raise AuthoringError(
            _(
                "{value!r} is not a valid certification id: lower-case letters, digits and '-', e.g. charge-accueil"
            ).format(value=value)
        )


def check_version(value: str) -> None:
    if not is_version(value):
        raise AuthoringError(
            _("{value!r} is not a valid version: letters and digits, e.g. 2013 or RNCP").format(value=value)
        )


def schema_reference(output: Path) -> str:
    """Path of the schema relative to the folder of ``output`` (for the editor's YAML server).

    The project's own ``schema/`` beside the output folder when there is one (``../schema/…`` from
    ``referentials/``, as the shipped referentials write it), else the schema shipped with cqpengine.
    """
    beside = output.resolve().parent.parent / "schema" / "referential.schema.json"
    schema = beside if beside.is_file() else schema_file("referential.schema.json").resolve()
    try:
        return os.path.relpath(schema, output.resolve().parent)
    except ValueError:  # another drive (Windows)
        return str(schema)


def certification_text(identifier: str, generation: str, title: str | None, version: str, output: Path) -> str:
    """The YAML skeleton of a new certification of ``generation``."""
    check_id(identifier)
    check_version(version)
    if generation not in GENERATIONS:
        raise AuthoringError(f"unknown generation {generation!r}")
    skeleton = Template((SKELETONS / f"certification-{generation}.yaml").read_text(encoding="utf-8"))
    return skeleton.substitute(
        schema=schema_reference(output),
        id=identifier,
        version=version,
        title=json.dumps(title.strip(), ensure_ascii=False) if title and title.strip() else TITLE_PLACEHOLDER,
        file=output.as_posix(),
    )


def default_file_name(identifier: str, version: str | None = None) -> str:
    """``charge-accueil`` → ``charge_accueil.yaml`` (with ``_<version>`` for a new version)."""
    stem = identifier.replace("-", "_")
    if version is not None:
        stem += "_" + re.sub(r"[^0-9A-Za-z]+", "_", version).lower()
    return stem + ".yaml"


@dataclass(frozen=True)
class _Block:
    """A top-level key of a YAML file: its line range, the comment lines right above included."""

    key: str
    start: int  # first line (comments above the key included)
    key_line: int
    end: int  # one past the last line


def _top_level_keys(source: str, path: Path) -> list[tuple[int, str]]:
    """(line index, key) of each top-level key, where the YAML parser found it (never a look-alike line
    inside a multi-line text); an AuthoringError when a key is not at the start of its own line."""
    from cqpengine.loading.marks import YamlLoadError  # noqa: PLC0415
    from cqpengine.loading.yamlio import load_yaml_text  # noqa: PLC0415

    try:
        document = load_yaml_text(source, path)
    except YamlLoadError as error:
        raise AuthoringError(f"{path}:{error.mark.line}:{error.mark.column}: {error.message}") from None
    keys = sorted((mark.line - 1, str(key[0])) for key, mark in document.key_positions.items() if len(key) == 1)
    for _index, key in keys:
        mark = document.key_positions[(key,)]
        if mark.column != 1:
            raise AuthoringError(
                _(
                    "{file}:{line}:{column}: the top-level key {key!r} does not start its line: write one key per line"
                ).format(file=path, line=mark.line, column=mark.column, key=key)
            )
    return keys


def _top_level_blocks(lines: list[str], keys: list[tuple[int, str]]) -> list[_Block]:
    blocks = []
    for position, (index, key) in enumerate(keys):
        end = keys[position + 1][0] if position + 1 < len(keys) else len(lines)
        while end - 1 > index and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1  # comments at column 0 before the next key belong to it
        start = index
        while start > 0 and lines[start - 1].startswith("#") and not lines[start - 1].startswith("# yaml-language"):
            start -= 1
        blocks.append(_Block(key, start, index, end))
    return blocks


def _equivalences_gap(lines: list[str], gaps: _Block) -> range:
    """The lines of the ``- what: equivalences`` item of the ``gaps:`` block, if it has one."""
    for index in range(gaps.key_line + 1, gaps.end):
        if re.fullmatch(r"\s*- what: equivalences\s*(#.*)?", lines[index]):
            item = len(lines[index]) - len(lines[index].lstrip())
            end = index + 1
            while end < gaps.end and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) > item:
                end += 1
            return range(index, end)
    return range(0)


def version_text(source: str, old: Referential, new_version: str) -> str:
    """The text of ``old``'s file made into the draft of ``new_version``, superseding ``old``."""
    check_version(new_version)
    lines = source.split("\n")
    blocks = {block.key: block for block in _top_level_blocks(lines, _top_level_keys(source, old.file.path))}
    for needed in ("version", "status"):
        if needed not in blocks:
            raise AuthoringError(f"{old.key}: no top-level {needed!r} line to change")
    replace: dict[int, list[str]] = {
        blocks["version"].key_line: [f'version: "{new_version}"'],
        blocks["status"].key_line: [
            "# Date d'effet de cette version, à ajouter quand elle est connue : effective_date: AAAA-MM-JJ",
            "status: draft                   # draft tant que la version est en préparation",
            "supersedes:",
            f'  version: "{old.version}"',
        ],
    }
    # The comments above the old status and version speak of the old version (its date, its source).
    dropped: set[int] = {*range(blocks["status"].start, blocks["status"].key_line)}
    for key in ("supersedes", "equivalences", "effective_date"):
        if key in blocks:
            dropped.update(range(blocks[key].start, blocks[key].end))
    if "gaps" in blocks:  # the old version's gap in its equivalences is not the new one's
        dropped.update(_equivalences_gap(lines, blocks["gaps"]))
    out: list[str] = []
    for index, line in enumerate(lines):
        if index in replace:
            out.extend(replace[index])
        elif index not in dropped:
            out.append(line)
    while out and not out[-1].strip():
        out.pop()
    rationale = f"Unité reprise sans changement de la version {old.version}."  # referential content: French
    out.extend(
        [
            f"# Correspondances avec la version {old.version} : chaque unité est reprise à l'identique.",
            "# Ajustez-les aux changements de cette version (une unité remplacée, fusionnée, sans équivalent).",
            "equivalences:",
            "  mappings:",
            *(
                f"    - {{from: [{unit.id}], to: [{unit.id}], rationale: {json.dumps(rationale, ensure_ascii=False)}}}"
                for unit in old.units
            ),
            "  no_equivalent: []",
            "",
        ]
    )
    return "\n".join(out)
