"""A CASE 1.1 package written by ``cqp export case``, read back into a referential.

:func:`read_package` reads the JSON in bounded size and depth; :func:`import_package` rebuilds the
referential from the items and the ``cqpengine`` extension (what CASE has no place for: the
process, VAE rules, scales, modalities, questions, gaps…); :func:`referential_text` writes it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cqpengine.exchange import ExchangeError
from cqpengine.exchange.case.common import EXTENSION, ITEM_TYPES, MAX_JSON_BYTES, MAX_JSON_DEPTH, MAX_TREE_DEPTH
from cqpengine.exchange.reasons import parser_reason
from cqpengine.exchange.yamltext import comment, dump
from cqpengine.i18n import _
from cqpengine.loading.text import read_bounded


def _depth(value: Any) -> int:
    """How deeply ``value`` nests (iteratively: a hostile package cannot exhaust the stack)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(current, dict):
            stack.extend((v, depth + 1) for v in current.values())
        elif isinstance(current, list):
            stack.extend((v, depth + 1) for v in current)
    return deepest


def read_package(path: Path) -> dict[str, Any]:
    """The JSON of a CASE package file, bounded in size and nesting."""
    too_big = ExchangeError(
        _("{file}: larger than {size} MB: refusing to read it").format(file=path, size=MAX_JSON_BYTES // (1024 * 1024))
    )
    try:
        raw = read_bounded(path, MAX_JSON_BYTES)
    except OSError as error:
        raise ExchangeError(
            _("cannot read {file}: {reason}").format(file=path, reason=error.strerror or error)
        ) from None
    if raw is None:
        raise too_big
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ExchangeError(
            _("{file}:{line}:{column}: invalid JSON: {reason}").format(
                file=path, line=error.lineno, column=error.colno, reason=parser_reason(error.msg)
            )
        ) from None
    except UnicodeDecodeError as error:
        raise ExchangeError(
            _("{file}: not UTF-8 (byte {offset}): {reason}").format(file=path, offset=error.start, reason=error.reason)
        ) from None
    except RecursionError:  # deeper than the interpreter's stack: refused like any deep nesting
        value, deep = None, True
    else:
        deep = _depth(value) > MAX_JSON_DEPTH
    if deep:
        raise ExchangeError(
            _("{file}: JSON nested deeper than {depth} levels: refusing it").format(file=path, depth=MAX_JSON_DEPTH)
        )
    if not isinstance(value, dict):
        raise ExchangeError(_("{file}: not a CASE package (a JSON object with a CFDocument)").format(file=path))
    return value


def _expect(value: Any, kind: type, path: Path, where: str) -> Any:
    if not isinstance(value, kind):
        raise ExchangeError(
            _("{file}: {where} is missing or malformed: only packages written by cqp export case are read").format(
                file=path, where=where
            )
        )
    return value


def _rebuild(
    path: Path,
    identifier: str,
    items: Mapping[str, Mapping[str, Any]],
    children: Mapping[str, list[tuple[int, str]]],
    seen: set[str],
    depth: int = 1,
) -> dict[str, Any]:
    """An item's data with its children, from its extension and its isChildOf associations.

    Each item is read once (``seen``): a cycle or an item under two parents is refused, so that a
    hostile package cannot make the tree endless or exponential.
    """
    if identifier in seen:
        raise ExchangeError(
            _("{file}: CFItem {identifier} is the child of two items or of itself: refusing the package").format(
                file=path, identifier=identifier
            )
        )
    if depth > MAX_TREE_DEPTH:
        raise ExchangeError(
            _("{file}: items nested deeper than {depth} levels: refusing the package").format(
                file=path, depth=MAX_TREE_DEPTH
            )
        )
    seen.add(identifier)
    item = items[identifier]
    extension = _expect(item.get("extensions", {}).get(EXTENSION), dict, path, f"CFItem {identifier} extensions")
    data: dict[str, Any] = {"id": extension.get("id")}
    if extension.get("statement") in ("text", "title"):
        data[str(extension["statement"])] = item.get("fullStatement")
    data.update(_expect(extension.get("fields", {}), dict, path, f"CFItem {identifier} fields"))
    for _sequence, child in sorted(children.get(identifier, [])):
        child_extension = items[child].get("extensions", {}).get(EXTENSION, {})
        key = str(child_extension.get("key", ""))
        if key == "indicators":
            data.setdefault("indicators", []).append(items[child].get("fullStatement"))
        elif key in ITEM_TYPES:
            data.setdefault(key, []).append(_rebuild(path, child, items, children, seen, depth + 1))
    return data


def import_package(path: Path, package: Mapping[str, Any]) -> dict[str, Any]:
    """The referential data a package written by ``cqp export case`` holds."""
    document = _expect(package.get("CFDocument"), dict, path, "CFDocument")
    extension = _expect(document.get("extensions", {}).get(EXTENSION), dict, path, "CFDocument extensions")
    metadata = dict(_expect(extension.get("metadata"), dict, path, "CFDocument metadata"))
    items: dict[str, Mapping[str, Any]] = {}
    for item in _expect(package.get("CFItems", []), list, path, "CFItems"):
        _expect(item, dict, path, "CFItems")
        items[str(item.get("identifier"))] = item
    children: dict[str, list[tuple[int, str]]] = {}
    for association in _expect(package.get("CFAssociations", []), list, path, "CFAssociations"):
        _expect(association, dict, path, "CFAssociations")
        if association.get("associationType") != "isChildOf":
            continue
        origin = _expect(association.get("originNodeURI"), dict, path, "originNodeURI").get("identifier")
        parent = _expect(association.get("destinationNodeURI"), dict, path, "destinationNodeURI").get("identifier")
        sequence = association.get("sequenceNumber", 0)
        if origin in items and isinstance(sequence, int):
            children.setdefault(str(parent), []).append((sequence, str(origin)))
    units = []
    seen: set[str] = set()
    for sequence, identifier in sorted(children.get(str(document.get("identifier")), [])):
        unit = {"number": sequence, **_rebuild(path, identifier, items, children, seen)}
        units.append(unit)
    metadata["units"] = units
    return metadata


def referential_text(path: Path, data: Mapping[str, Any]) -> str:
    """The YAML text of a referential read from a CASE package."""
    return comment(
        [
            f"Référentiel lu par « cqp import case » dans le paquet CASE 1.1 {path.name}.",
            "Les unités partagées y sont écrites en entier ; les commentaires de l'original ne voyagent pas.",
        ]
    ) + dump(data)
