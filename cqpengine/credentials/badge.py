"""One Open Badges 3.0 ``OpenBadgeCredential`` per unit a candidate acquired at a decision.

The credential follows the W3C Verifiable Credentials 2.0 data model as Open Badges 3.0 profiles it
(``AchievementCredential``; ``OpenBadgeCredential`` is its alias):

* ``issuer``: the certifying body the referential names (``certifier``), identified by its ``url``
  or, when the referential gives none, by a stable ``urn:uuid:`` derived from its name;
* ``credentialSubject``: the candidate, identified by a name or by an identifier the centre gives
  (an ``IdentityObject``, never hashed since the holder shows it to whom they choose), and nothing
  else personal; its ``achievement`` is the unit: its title, its competences as the criteria's
  narrative, the certification's version, the unit's place in it (``otherIdentifier``
  ``<certification>@<version>#<unit>``, which :func:`statement` reads back) and, when the
  certification has an RNCP number, an ``alignment`` to the bloc in the RNCP;
* ``validFrom``: the day of the decision (00:00:00 UTC); ``validUntil``: the last day of the partial
  validity (23:59:59 UTC), left out when the certification is delivered in full.

Every id is derived from its content (``uuid5``): the same decision gives the same credential.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from cqpengine.documents.labels import day, labels
from cqpengine.model import Referential, Unit, competences

#: The JSON-LD contexts of an Open Badges 3.0 credential (W3C VC 2.0, then Open Badges 3.0.3).
CONTEXT = ("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json")
#: The namespace of the ``urn:uuid:`` ids cqpengine derives (uuid5 of ``cqpengine``).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:cqpengine")
#: ``identifierType`` of the entry naming the unit in its certification version.
UNIT_IDENTIFIER_TYPE = "ext:CqpUnit"
#: ``charge-accueil@RNCP#CA-B2``: what the unit entry holds (ids and versions as the schema allows).
_UNIT_KEY = re.compile(
    r"(?P<id>[a-z][a-z0-9-]{0,63})@(?P<version>[0-9A-Za-z][0-9A-Za-z._-]{0,31})#(?P<unit>[A-Za-z][A-Za-z0-9._-]{0,63})"
)
_RNCP_PAGE = "https://www.francecompetences.fr/recherche/rncp/{number}/"

SubjectKind = Literal["name", "identifier"]


@dataclass(frozen=True)
class Subject:
    """Who the credential is about: a name, or an identifier the centre gives."""

    value: str
    kind: SubjectKind = "name"


@dataclass(frozen=True)
class AcquiredUnit:
    """A unit acquired at a decision, and what the credential says of it."""

    referential: Referential
    unit: Unit
    #: The day of the decision that granted it.
    acquired: date
    #: The last day of its validity; None when the certification is delivered in full.
    valid_until: date | None
    #: ``jury`` or ``commission``.
    decided_by: str


@dataclass(frozen=True)
class Statement:
    """The unit a credential states, as :func:`statement` reads it."""

    certification: str
    version: str
    unit: str

    @property
    def key(self) -> str:
        return f"{self.certification}@{self.version}#{self.unit}"


def urn(*parts: str) -> str:
    """A ``urn:uuid:`` derived from ``parts`` (stable across runs and machines)."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, chr(31).join(parts))}"


def issuer_id(referential: Referential) -> str | None:
    """The issuer's id: the certifier's ``url``, else a ``urn:uuid:`` of its name (None without a certifier)."""
    certifier = referential.data.get("certifier")
    if certifier is None:
        return None
    return certifier.get("url") or urn("certifier", certifier["name"])


def _issuer(referential: Referential) -> dict[str, Any]:
    identifier, name = issuer_id(referential), referential.certifier_name
    if identifier is None or name is None:
        raise ValueError("the referential names no certifying body")
    return {"id": identifier, "type": ["Profile"], "name": name}


def _alignment(referential: Referential, unit: Unit) -> list[dict[str, Any]]:
    """The bloc in the RNCP, when the certification has an RNCP number (blocs only)."""
    rncp = referential.data.get("codes", {}).get("rncp")
    if rncp is None or unit.bloc is None:
        return []
    return [
        {
            "type": ["Alignment"],
            "targetCode": f"{rncp}BC{unit.number:02d}",
            "targetName": unit.title,
            "targetFramework": labels()["credentials"]["framework"],
            "targetType": "ext:RNCPBloc",
            "targetUrl": _RNCP_PAGE.format(number=rncp.removeprefix("RNCP")),
        }
    ]


def _narrative(unit: Unit) -> str:
    """The unit's competences, one Markdown list item each (Open Badges narratives are Markdown)."""
    return "\n".join(f"- {competence['text']}" for competence in competences(unit))


def credential(acquired: AcquiredUnit, subject: Subject) -> dict[str, Any]:
    """The Open Badges 3.0 credential of one acquired unit (``ValueError`` without a certifier)."""
    referential, unit = acquired.referential, acquired.unit
    words = labels()["credentials"]
    unit_word = str(labels()["unit"][referential.generation])
    body = str(labels()["decisions"]["bodies"][acquired.decided_by])
    key = f"{referential.key}#{unit.id}"
    description = words["description"].format(
        unit=unit_word,
        number=unit.number,
        certification=referential.title,
        version=referential.version,
        day=day(acquired.acquired),
        body=body,
    )
    if acquired.valid_until is not None:
        description += words["valid_until"].format(day=day(acquired.valid_until))
    achievement: dict[str, Any] = {
        "id": urn("achievement", key),
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": unit.title,
        "description": f"{unit_word} {unit.number} du CQP {referential.title}",
        "criteria": {"narrative": _narrative(unit)},
        "humanCode": unit.id,
        "inLanguage": "fr",
        "version": referential.version,
        "otherIdentifier": [{"type": "IdentifierEntry", "identifier": key, "identifierType": UNIT_IDENTIFIER_TYPE}],
    }
    alignment = _alignment(referential, unit)
    if alignment:
        achievement["alignment"] = alignment
    document: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": urn("credential", key, subject.kind, subject.value, acquired.acquired.isoformat()),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": words["name"].format(unit=unit_word, number=unit.number, title=unit.title),
        "description": description,
        "issuer": _issuer(referential),
        "validFrom": f"{acquired.acquired.isoformat()}T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {"type": "IdentityObject", "hashed": False, "identityHash": subject.value, "identityType": subject.kind}
            ],
            "achievement": achievement,
        },
    }
    if acquired.valid_until is not None:
        document["validUntil"] = f"{acquired.valid_until.isoformat()}T23:59:59Z"
    return document


def statement(document: Any) -> Statement | None:
    """The unit a credential states (``<certification>@<version>#<unit>``), or None if it states none."""
    if not isinstance(document, dict):
        return None
    subject = document.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    entries = achievement.get("otherIdentifier") if isinstance(achievement, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or entry.get("identifierType") != UNIT_IDENTIFIER_TYPE:
            continue
        match = _UNIT_KEY.fullmatch(str(entry.get("identifier", "")))
        if match:
            return Statement(match["id"], match["version"], match["unit"])
    return None
