"""JOSE-secured credentials: a compact JWS whose payload is the credential (VC-JOSE-COSE).

The protected header is ``{"alg": "Ed25519", "typ": "vc+jwt", "kid": <JWK thumbprint>}``:
``Ed25519`` is RFC 9864's fully specified name for EdDSA with Ed25519, which deprecates the
polymorphic ``EdDSA``; verification accepts both. The work is done by joserfc.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from cqpengine.i18n import _

ALGORITHM = "Ed25519"
#: What verification accepts: the fully specified name and the deprecated polymorphic one.
ACCEPTED_ALGORITHMS = ("Ed25519", "EdDSA")
MEDIA_TYPE = "vc+jwt"
#: A credential is a few kilobytes; a token larger than this is refused before any decoding.
MAX_TOKEN_BYTES = 256 * 1024


class SignatureError(ValueError):
    """A token that is not a compact JWS of ours, or whose signature does not verify with the key."""


@dataclass(frozen=True)
class Signed:
    """A verified token: its protected header and its payload (the credential)."""

    header: dict[str, Any]
    credential: Any


def canonical(document: Any) -> bytes:
    """The JSON bytes cqpengine signs and writes (keys sorted, UTF-8, compact)."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign(document: Any, key: OKPKey) -> str:
    """``document`` signed with the Ed25519 private ``key``, as a compact JWS."""
    header = {"alg": ALGORITHM, "typ": MEDIA_TYPE, "kid": key.thumbprint()}
    return jws.serialize_compact(header, canonical(document), key, algorithms=[ALGORITHM])


def verify_token(token: bytes, key: OKPKey) -> Signed:
    """The header and credential of ``token`` once its signature verifies with the public ``key``."""
    if len(token) > MAX_TOKEN_BYTES:
        raise SignatureError(_("larger than {size} bytes: not a credential of ours").format(size=MAX_TOKEN_BYTES))
    text = token.strip()
    if text.count(b".") != 2:
        raise SignatureError(_("not a compact JWS (three parts separated by dots): give the signed .jwt file"))
    try:
        with warnings.catch_warnings():  # EdDSA is accepted on purpose, deprecated or not
            warnings.simplefilter("ignore")
            found = jws.deserialize_compact(text, key, algorithms=list(ACCEPTED_ALGORITHMS))
    except JoseError as error:
        if error.error == "bad_signature":
            raise SignatureError(_("the signature does not verify with this public key")) from None
        raise SignatureError(_("not a valid compact JWS ({reason})").format(reason=error.error)) from None
    except ValueError:
        raise SignatureError(_("not a valid compact JWS")) from None
    header = dict(found.headers())
    if header.get("typ") != MEDIA_TYPE:
        raise SignatureError(_("header typ is not {typ}").format(typ=MEDIA_TYPE))
    try:
        credential = json.loads(found.payload)
    except ValueError:
        raise SignatureError(_("the payload is not JSON")) from None
    return Signed(header, credential)
