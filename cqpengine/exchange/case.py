"""CASE 1.1 (1EdTech Competencies and Academic Standards Exchange): one ``CFPackage`` per version.

:func:`export_package` writes a certification version as a ``CFPackage``: its ``CFDocument``, a
``CFItem`` per unit, activity, competence, criterion (savoir-faire, savoir, module… for the
domaines generation) and indicator, ``isChildOf`` associations in document order
(``sequenceNumber``), ``replacedBy`` from the version it supersedes and ``exactMatchOf``
(coverage ``totale``) or ``isRelatedTo`` (``partielle`` or not stated) from its equivalences, and a
``CFRubric`` of the final grid's criteria with the levels of its scale. Identifiers are UUID v5 of
the base URI and the ids, so that two exports are byte-identical and a shared unit keeps its
identifier in every certification that uses it; each ``uri`` is the base URI followed by the CASE
REST path of the object. What CASE has no place for (the process, VAE rules, scales, modalities,
questions, gaps…) travels in the ``cqpengine`` extension, so that :func:`import_package` gives the
same referential back.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from cqpengine.documents.labels import labels
from cqpengine.exchange import ExchangeError
from cqpengine.exchange.yamltext import comment, dump
from cqpengine.i18n import _
from cqpengine.model import Referential, Unit, parse_ref

#: The REST path under which CASE 1.1 serves its objects.
CASE_PATH = "/ims/case/v1p1"
#: The key of this engine's data in the ``extensions`` of a CASE object.
EXTENSION = "cqpengine"
#: ``lastChangeDateTime`` of a version without an effective date (exports stay byte-identical).
EPOCH = "1970-01-01T00:00:00Z"
#: The largest package ``import case`` reads, and the deepest nesting it accepts.
MAX_JSON_BYTES = 64 * 1024 * 1024
MAX_JSON_DEPTH = 64
#: The deepest tree of items read back (unit, activity, competence, criterion, indicator: 5).
MAX_TREE_DEPTH = 16
#: List key of a unit's identified children → its ``CFItemType``.
ITEM_TYPES = {
    "activities": "Activité",
    "competences": "Compétence",
    "criteria": "Critère d'évaluation",
    "savoir_faire": "Savoir-faire",
    "savoirs": "Savoir",
    "modules": "Module de formation",
    "intermediate_criteria": "Critère d'évaluation intermédiaire",
    "final_criteria": "Critère d'évaluation finale",
}
UNIT_TYPES = {"blocs": "Bloc de compétences", "domaines": "Domaine de compétences"}
UNIT_WORDS = {"blocs": "Bloc", "domaines": "Domaine"}
INDICATOR = "Indicateur"
#: Every item type, in the order of their ``hierarchyCode`` (the same in every package).
TYPE_ORDER = (*UNIT_TYPES.values(), *ITEM_TYPES.values(), INDICATOR)
#: ``status`` → CASE ``adoptionStatus``.
ADOPTION = {"draft": "Draft", "active": "Adopted", "superseded": "Deprecated", "withdrawn": "Retired"}
#: A scale value's meaning, as the rubric's level describes it.
MEANINGS = {"acquired": "acquis", "partial": "partiel", "not_acquired": "non acquis"}


def check_base_uri(base_uri: str) -> str:
    """``base_uri`` without a trailing ``/``, if it is an absolute http(s) URI without query or fragment."""
    parts = urlsplit(base_uri)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or parts.query
        or parts.fragment
        or any(c.isspace() for c in base_uri)
    ):
        raise ExchangeError(
            _("--base-uri {uri!r} is not an absolute http(s) URI without query or fragment").format(uri=base_uri)
        )
    return base_uri.rstrip("/")


@dataclass
class _Package:
    """A package being written: its base URI, date, items, associations and item types."""

    base: str
    date: str
    items: list[dict[str, Any]] = field(default_factory=list)
    associations: list[dict[str, Any]] = field(default_factory=list)
    types: dict[str, dict[str, Any]] = field(default_factory=dict)

    def identifier(self, kind: str, key: str) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.base}#{kind}:{key}"))

    def uri(self, collection: str, identifier: str) -> str:
        return f"{self.base}{CASE_PATH}/{collection}/{identifier}"

    def link(self, collection: str, identifier: str, title: str) -> dict[str, str]:
        return {"title": title, "identifier": identifier, "uri": self.uri(collection, identifier)}

    def item_type(self, title: str) -> dict[str, str]:
        identifier = self.identifier("item-type", title)
        if title not in self.types:
            self.types[title] = {
                "identifier": identifier,
                "uri": self.uri("CFItemTypes", identifier),
                "title": title,
                "description": title,
                "hierarchyCode": str(TYPE_ORDER.index(title) + 1),
                "lastChangeDateTime": self.date,
            }
        return self.link("CFItemTypes", identifier, title)

    def add_item(self, key: str, statement: str, kind: str, code: str, extension: dict[str, Any]) -> dict[str, Any]:
        identifier = self.identifier("item", key)
        item = {
            "identifier": identifier,
            "uri": self.uri("CFItems", identifier),
            "fullStatement": statement,
            "humanCodingScheme": code,
            "CFItemType": kind,
            "CFItemTypeURI": self.item_type(kind),
            "language": "fr",
            "lastChangeDateTime": self.date,
            "extensions": {EXTENSION: extension},
        }
        self.items.append(item)
        return item

    def associate(
        self,
        kind: str,
        origin: Mapping[str, str],
        destination: Mapping[str, str],
        *,
        sequence: int | None = None,
        notes: str | None = None,
    ) -> None:
        identifier = self.identifier("association", f"{kind}:{origin['identifier']}:{destination['identifier']}")
        association: dict[str, Any] = {
            "identifier": identifier,
            "associationType": kind,
            "uri": self.uri("CFAssociations", identifier),
            "originNodeURI": dict(origin),
            "destinationNodeURI": dict(destination),
            "lastChangeDateTime": self.date,
        }
        if sequence is not None:
            association["sequenceNumber"] = sequence
        if notes:
            association["notes"] = notes
        self.associations.append(association)


def _date(referential: Referential) -> str:
    effective = referential.data.get("effective_date")
    if effective is None:
        return EPOCH
    return f"{effective}-01-01T00:00:00Z" if len(effective) == 4 else f"{effective}T00:00:00Z"


def unit_key(referential: Referential, unit: Unit) -> str:
    """What identifies a unit: its library's key for a shared unit, else this certification's key."""
    if unit.ref is not None:
        owner, unit_id = parse_ref(unit.ref)
        return f"{owner}#{unit_id}"
    return f"{referential.key}#{unit.id}"


def _statement_key(data: Mapping[str, Any]) -> str | None:
    """The field an item's ``fullStatement`` holds (a module has none: its fields all travel as they are)."""
    return "text" if "text" in data else "title" if "title" in data else None


def _statement(data: Mapping[str, Any]) -> str:
    key = _statement_key(data)
    if key is not None:
        return str(data[key])
    return str(data.get("competence") or f"Module {data['id']}")


def _is_items(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and "id" in v for v in value)


def _fields(data: Mapping[str, Any], *skip: str) -> dict[str, Any]:
    """What CASE has no place for: every field but the id, the statement and the children."""
    return {
        key: value
        for key, value in data.items()
        if key not in ("id", _statement_key(data), *skip) and not (key in ITEM_TYPES and _is_items(value))
    }


def _children(
    package: _Package, parent: Mapping[str, Any], data: Mapping[str, Any], key: str, grid: str
) -> Iterator[dict[str, Any]]:
    """Add the CFItems (and isChildOf associations) of the children of ``data``; yield those of list ``grid``."""
    sequence = 0
    for list_key, kind in ITEM_TYPES.items():
        children = data.get(list_key)
        if not isinstance(children, list) or not _is_items(children):
            continue
        for child in children:
            sequence += 1
            child_key = f"{key}/{child['id']}"
            statement = _statement(child)
            extension = {"key": list_key, "id": child["id"], "statement": _statement_key(child)}
            extension["fields"] = _fields(child, "indicators")
            item = package.add_item(child_key, statement, kind, str(child["id"]), extension)
            package.associate("isChildOf", _node(item), _node(parent), sequence=sequence)
            if list_key == grid:
                yield item
            for n, indicator in enumerate(child.get("indicators", []), 1):
                found = package.add_item(
                    f"{child_key}/indicator/{n}", indicator, INDICATOR, f"{child['id']}.I{n}", {"key": "indicators"}
                )
                package.associate("isChildOf", _node(found), _node(item), sequence=n)
            yield from _children(package, item, child, child_key, grid)


def _node(item: Mapping[str, Any]) -> dict[str, str]:
    title = str(item.get("fullStatement", item.get("title", "")))
    return {"title": title, "identifier": str(item["identifier"]), "uri": str(item["uri"])}


def _unit_link(package: _Package, key: str, title: str) -> dict[str, str]:
    identifier = package.identifier("item", key)
    return package.link("CFItems", identifier, title)


def _document_link(package: _Package, key: str, title: str) -> dict[str, str]:
    return package.link("CFDocuments", package.identifier("document", key), title)


def _rubric(package: _Package, referential: Referential, criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    scale = referential.scale("final_grid")
    if scale is None or not criteria:
        return []
    identifier = package.identifier("rubric", referential.key)
    uri = package.uri("CFRubrics", identifier)
    rubric_criteria = []
    for position, item in enumerate(criteria, 1):
        criterion_id = package.identifier("rubric-criterion", f"{referential.key}:{item['identifier']}")
        levels = []
        for level, value in enumerate(scale["values"], 1):
            level_id = package.identifier("rubric-level", f"{referential.key}:{item['identifier']}:{value['id']}")
            levels.append(
                {
                    "identifier": level_id,
                    "uri": f"{uri}#{level_id}",
                    "quality": value["label"],
                    "description": MEANINGS[value["meaning"]],
                    "position": level,
                    "rubricCriterionId": criterion_id,
                    "lastChangeDateTime": package.date,
                }
            )
        rubric_criteria.append(
            {
                "identifier": criterion_id,
                "uri": f"{uri}#{criterion_id}",
                "category": item["humanCodingScheme"],
                "description": item["fullStatement"],
                "CFItemURI": _node(item),
                "position": position,
                "rubricId": identifier,
                "lastChangeDateTime": package.date,
                "CFRubricCriterionLevels": levels,
            }
        )
    return [
        {
            "identifier": identifier,
            "uri": uri,
            "title": f"Grille d'évaluation finale : {referential.title}",
            "lastChangeDateTime": package.date,
            "CFRubricCriteria": rubric_criteria,
        }
    ]


def _old_unit_link(package: _Package, referential: Referential, old_key: str, unit_id: str) -> dict[str, str]:
    old = referential.superseded
    unit = old.unit(unit_id) if old is not None else None
    if old is not None and unit is not None:
        return _unit_link(package, unit_key(old, unit), unit.title)
    return _unit_link(package, f"{old_key}#{unit_id}", unit_id)


def _history(package: _Package, referential: Referential, document: Mapping[str, str]) -> None:
    """replacedBy from the superseded version, exactMatchOf / isRelatedTo from the equivalences."""
    superseded = referential.data.get("supersedes")
    if superseded is None:
        return
    old_key = f"{superseded.get('id', referential.id)}@{superseded['version']}"
    old_title = referential.superseded.title if referential.superseded is not None else old_key
    package.associate("replacedBy", _document_link(package, old_key, old_title), document)
    for mapping in referential.data.get("equivalences", {}).get("mappings", []):
        kind = "exactMatchOf" if mapping.get("coverage") == "totale" else "isRelatedTo"
        for new_id in mapping["to"]:
            unit = referential.unit(new_id)
            if unit is None:
                continue
            target = _unit_link(package, unit_key(referential, unit), unit.title)
            for old_id in mapping["from"]:
                origin = _old_unit_link(package, referential, old_key, old_id)
                package.associate(kind, origin, target, notes=mapping["rationale"])


def export_package(referential: Referential, base_uri: str) -> dict[str, Any]:
    """The CFPackage of one certification version."""
    package = _Package(check_base_uri(base_uri), _date(referential))
    data = referential.data
    identifier = package.identifier("document", referential.key)
    document: dict[str, Any] = {
        "identifier": identifier,
        "uri": package.uri("CFDocuments", identifier),
        "frameworkType": "Certificat de qualification professionnelle",
        "caseVersion": "1.1",
        "creator": referential.certifier_name or str(labels()["branch"]),
        "title": referential.title,
        "lastChangeDateTime": package.date,
        "language": "fr",
        "version": referential.version,
        "adoptionStatus": ADOPTION[data["status"]],
        "extensions": {EXTENSION: {"metadata": {k: v for k, v in data.items() if k != "units"}}},
    }
    subjects = [f"{c['code']} {c.get('label', '')}".strip() for c in data.get("codes", {}).get("nsf", [])]
    if subjects:
        document["subject"] = subjects
    effective = data.get("effective_date")
    if effective is not None and len(effective) == 10:
        document["statusStartDate"] = effective
    document_node = {"title": referential.title, "identifier": identifier, "uri": document["uri"]}
    criteria: list[dict[str, Any]] = []
    for unit in referential.units:
        key = unit_key(referential, unit)
        unit_data = cast("Mapping[str, Any]", unit.data)
        extension = {"key": "units", "id": unit.id, "statement": "title", "fields": _fields(unit_data, "number")}
        word = UNIT_WORDS[referential.generation]
        item = package.add_item(key, unit.title, UNIT_TYPES[referential.generation], f"{word} {unit.number}", extension)
        package.associate("isChildOf", _node(item), document_node, sequence=unit.number)
        grid = "criteria" if referential.generation == "blocs" else "final_criteria"
        criteria.extend(_children(package, item, unit_data, key, grid))
    _history(package, referential, document_node)
    result: dict[str, Any] = {
        "CFDocument": document,
        "CFItems": package.items,
        "CFAssociations": package.associations,
        "CFDefinitions": {"CFItemTypes": list(package.types.values())},
    }
    rubrics = _rubric(package, referential, criteria)
    if rubrics:
        result["CFRubrics"] = rubrics
    return result


def package_bytes(package: Mapping[str, Any]) -> bytes:
    """The JSON text of a package: indented, keys in their order, UTF-8."""
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- import -------------------------------------------------------------------------------------


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
        with path.open("rb") as stream:
            if os.fstat(stream.fileno()).st_size > MAX_JSON_BYTES:
                raise too_big
            raw = stream.read(MAX_JSON_BYTES + 1)
    except OSError as error:
        raise ExchangeError(
            _("cannot read {file}: {reason}").format(file=path, reason=error.strerror or error)
        ) from None
    if len(raw) > MAX_JSON_BYTES:
        raise too_big
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ExchangeError(
            _("{file}:{line}:{column}: invalid JSON: {reason}").format(
                file=path, line=error.lineno, column=error.colno, reason=error.msg
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
