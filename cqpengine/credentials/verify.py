"""The verdict on a signed credential: signature, dates, and the unit in the stated certification version.

:func:`verify` checks, in this order, and stops at the first failure:

1. the compact JWS verifies with the public key given (``typ: vc+jwt``, ``alg: Ed25519`` or ``EdDSA``);
2. its payload is an Open Badges credential stating a unit (``<certification>@<version>#<unit>``);
3. that certification version is among the referentials read, it has that unit, and the issuer is
   the certifying body its referential names;
4. the date checked (``at``, today by default) falls within ``validFrom`` … ``validUntil``, both
   days included.

The verdict is data (:class:`Verdict`): the reporters word it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Literal

from joserfc.jwk import OKPKey

from cqpengine.credentials.badge import Statement, issuer_id, statement
from cqpengine.credentials.jose import SignatureError, verify_token
from cqpengine.i18n import _
from cqpengine.model import Referential

Failure = Literal["signature", "malformed", "unknown_version", "unknown_unit", "issuer", "not_yet_valid", "expired"]


@dataclass(frozen=True)
class Verdict:
    """What :func:`verify` found. ``failure`` is None when the credential is valid at ``at``."""

    failure: Failure | None
    at: date
    #: Why the signature or the payload was refused (signature and malformed failures).
    detail: str = ""
    statement: Statement | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    #: The verified credential (None when the signature failed).
    credential: Any = None

    @property
    def valid(self) -> bool:
        return self.failure is None


def _day(value: Any) -> date | None:
    """The day of an XML Schema dateTime with a time zone (``2024-06-20T00:00:00Z``), or None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.date() if moment.tzinfo is not None else None


def find_version(referentials: Sequence[Referential], certification: str, version: str) -> Referential | None:
    return next((r for r in referentials if r.id == certification and r.version == version), None)


def verify(token: bytes, key: OKPKey, referentials: Sequence[Referential], at: date) -> Verdict:
    """The verdict on the compact JWS ``token`` with the public ``key``, at the day ``at``."""
    try:
        signed = verify_token(token, key)
    except SignatureError as error:
        return Verdict("signature", at, detail=str(error))
    document = signed.credential
    stated = statement(document)
    valid_from = _day(document.get("validFrom")) if isinstance(document, dict) else None
    has_until = isinstance(document, dict) and "validUntil" in document
    valid_until = _day(document.get("validUntil")) if has_until else None
    if stated is None or valid_from is None or (has_until and valid_until is None):
        return Verdict("malformed", at, credential=document)
    found = Verdict(None, at, statement=stated, valid_from=valid_from, valid_until=valid_until, credential=document)
    referential = find_version(referentials, stated.certification, stated.version)
    if referential is None:
        return replace(found, failure="unknown_version")
    if referential.unit(stated.unit) is None:
        return replace(found, failure="unknown_unit")
    issuer = document.get("issuer")
    if not isinstance(issuer, dict) or issuer.get("id") != issuer_id(referential):
        return replace(found, failure="issuer")
    if at < valid_from:
        return replace(found, failure="not_yet_valid")
    if valid_until is not None and at > valid_until:
        return replace(found, failure="expired")
    return found


def iso(value: date | None) -> str | None:
    """``value`` as YYYY-MM-DD, or None."""
    return value.isoformat() if value is not None else None


def failure_reason(verdict: Verdict) -> str:
    """Why ``verdict`` is not valid, as one clause in the user's language."""
    stated = verdict.statement
    if verdict.failure == "signature":
        return verdict.detail
    fields = {
        "at": iso(verdict.at),
        "start": iso(verdict.valid_from),
        "end": iso(verdict.valid_until),
        "key": f"{stated.certification}@{stated.version}" if stated else "",
        "unit": stated.unit if stated else "",
    }
    messages = {
        "malformed": _("the payload is not the Open Badges credential of a CQP unit (no unit, or no valid dates)"),
        "unknown_version": _("{key} is not among the referentials read: give its file with --referentials"),
        "unknown_unit": _("{key} has no unit {unit}"),
        "issuer": _("the issuer is not the certifying body that the referential of {key} names"),
        "not_yet_valid": _("valid from {start} only (checked at {at})"),
        "expired": _("expired: valid until {end} included (checked at {at})"),
    }
    return messages[verdict.failure or "malformed"].format(**fields)
