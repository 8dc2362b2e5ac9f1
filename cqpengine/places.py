"""Places in a referential or candidate file, in the editor's terms rather than as a JSON path.

``('units', 1, 'activities', 0, 'competences', 2, 'text')`` is, for an editor, "bloc CA-B2 ›
activité CA-B2.A1 › compétence CA-B2.A1.C3 › text": each list item is named by its kind and its
id (or its rank, "3e critère", when it has no id), and each other key is the YAML key the editor
typed. Findings print this place; the JSON path stays in ``--format json`` as a detail.
"""

from __future__ import annotations

from typing import Any

from cqpengine.i18n import N_, _

#: The kind of one item of a list, by the list's key (French under a French locale).
ITEM_KINDS: dict[str, str] = {
    "activities": N_("activity"),
    "competences": N_("competence"),
    "criteria": N_("criterion"),
    "intermediate_criteria": N_("intermediate criterion"),
    "final_criteria": N_("final criterion"),
    "indicators": N_("indicator"),
    "savoir_faire": N_("savoir-faire"),
    "savoirs": N_("savoir"),
    "modules": N_("module"),
    "values": N_("value"),
    "mappings": N_("equivalence"),
    "no_equivalent": N_("unit without equivalent"),
    "gaps": N_("documented gap"),
    "evaluations": N_("evaluation"),
    "activities_vae": N_("activity"),
    "questions": N_("question"),
    "steps": N_("step"),
    "members": N_("member"),
    "source": N_("source"),
}

#: The kind of an item of any other list.
ITEM = N_("item")

#: The words of an id-bearing element's kind, as :func:`cqpengine.model.iter_identified` names them.
KINDS: dict[str, str] = {
    "unit": N_("unit"),
    "activity": N_("activity"),
    "competence": N_("competence"),
    "criterion": N_("criterion"),
    "savoir-faire": N_("savoir-faire"),
    "savoir": N_("savoir"),
    "module": N_("module"),
    "intermediate criterion": N_("intermediate criterion"),
    "final criterion": N_("final criterion"),
    "formative criterion": N_("formative criterion"),
    "bloc": N_("bloc"),
    "domaine": N_("domaine"),
}


def kind_words(kind: str) -> str:
    """The editor's word for an element's kind (``criterion`` → ``critère`` under a French locale)."""
    return _(KINDS[kind]) if kind in KINDS else kind


def _unit_word(data: Any) -> str:
    generation = data.get("generation") if isinstance(data, dict) else None
    return {"blocs": _("bloc"), "domaines": _("domaine")}.get(str(generation), _("unit"))


def editor_place(path: tuple[str | int, ...], data: Any = None) -> str:
    """``path`` in the editor's terms, reading ids (and the generation) from ``data`` when given."""
    parts: list[str] = []
    node: Any = data
    for index, part in enumerate(path):
        parent = path[index - 1] if index else None
        child = _child(node, part)
        if isinstance(part, int):
            kind = _unit_word(data) if parent == "units" else _(ITEM_KINDS.get(str(parent), ITEM))
            if parts and parts[-1] == str(parent) and (parent in ITEM_KINDS or parent == "units"):
                parts.pop()  # "competences › compétence C3": the list's key goes without saying
            identifier = child.get("id") if isinstance(child, dict) else None
            number = child.get("number") if isinstance(child, dict) and parent == "units" else None
            name = identifier if isinstance(identifier, str) else child.get("ref") if isinstance(child, dict) else None
            if isinstance(number, int) and isinstance(name, str):
                parts.append(f"{kind} {number} ({name})")
            elif isinstance(identifier, str):
                while len(parts) > 1 and identifier.startswith(parts[-1].rpartition(" ")[2] + "."):
                    parts.pop()  # "critère B2.A1.C1.K1" names its activity and competence already
                parts.append(f"{kind} {identifier}")
            elif isinstance(child, dict) and isinstance(child.get("ref"), str):
                parts.append(f"{kind} {child['ref']}")
            else:
                parts.append(_("{kind} no. {rank}").format(kind=kind, rank=part + 1))
        else:
            parts.append(str(part))
        node = child
    return " › ".join(parts)


def _child(node: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return node[part] if isinstance(node, list) and 0 <= part < len(node) else None
    return node.get(part) if isinstance(node, dict) else None
