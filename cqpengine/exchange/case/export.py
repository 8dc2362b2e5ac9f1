"""A certification version as a CASE 1.1 ``CFPackage``.

:func:`export_package` writes its ``CFDocument``, a ``CFItem`` per unit, activity, competence,
criterion (savoir-faire, savoir, module… for the domaines generation) and indicator, ``isChildOf``
associations in document order (``sequenceNumber``), ``replacedBy`` from the version it supersedes
and ``exactMatchOf`` (coverage ``totale``) or ``isRelatedTo`` (``partielle`` or not stated) from its
equivalences, and a ``CFRubric`` of the final grid's criteria with the levels of its scale.
Identifiers are UUID v5 of the base URI and the ids, so that two exports are byte-identical and a
shared unit keeps its identifier in every certification that uses it; each ``uri`` is the base URI
followed by the CASE REST path of the object.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urlsplit

from cqpengine.documents.labels import labels
from cqpengine.exchange import ExchangeError
from cqpengine.exchange.case.common import (
    ADOPTION,
    CASE_PATH,
    EPOCH,
    EXTENSION,
    INDICATOR,
    ITEM_TYPES,
    MEANINGS,
    TYPE_ORDER,
    UNIT_TYPES,
    UNIT_WORDS,
)
from cqpengine.i18n import _
from cqpengine.model import Referential, Unit, parse_ref


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
