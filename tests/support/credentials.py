"""Keys, the official Open Badges 3.0 schema and an independent JWS check, for the credential tests.

The signed credentials are checked here without joserfc (which signs them): the compact JWS is split
and its Ed25519 signature verified with ``cryptography`` directly.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from tests.support.helpers import DATA

#: The official Open Badges 3.0 AchievementCredential schema (see tests/data/ob3/README.md).
OB3_SCHEMA_FILE = DATA / "ob3" / "ob_v3p0_achievementcredential_schema.json"


@dataclass(frozen=True)
class KeyPair:
    """An Ed25519 key pair written as PEM files (PKCS#8 private, SubjectPublicKeyInfo public)."""

    private: Path
    public: Path
    private_key: Ed25519PrivateKey

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()


def key_pair(folder: Path, name: str = "issuer") -> KeyPair:
    """A new Ed25519 key pair in ``folder``, as ``openssl genpkey -algorithm ed25519`` writes it."""
    folder.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    private = folder / f"{name}.pem"
    public = folder / f"{name}.pub.pem"
    private.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    public.write_bytes(
        key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return KeyPair(private, public, key)


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> KeyPair:
    """The issuer's key pair, made once per test module that asks for it (registered by tests/conftest.py)."""
    return key_pair(tmp_path_factory.mktemp("keys"))


def assert_valid_ob3(credential: Any) -> None:
    """``credential`` matches the official OB 3.0 schema (draft 2019-09, formats checked), every error listed."""
    schema = json.loads(OB3_SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft201909Validator(schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(credential)]
    assert errors == []


def b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def independent_verify(token: str, public_key: Ed25519PublicKey) -> tuple[dict[str, Any], Any]:
    """The header and payload of a compact JWS, once ``cryptography`` verifies its Ed25519 signature.

    Raises ``cryptography.exceptions.InvalidSignature`` when it does not verify.
    """
    header_part, payload_part, signature_part = token.strip().split(".")
    header = json.loads(b64decode(header_part))
    assert header["alg"] in {"Ed25519", "EdDSA"}
    public_key.verify(b64decode(signature_part), f"{header_part}.{payload_part}".encode("ascii"))
    return header, json.loads(b64decode(payload_part))


def assert_every_credential_valid(folder: Path, public_key: Ed25519PublicKey | None) -> int:
    """Every ``.json`` credential of ``folder`` and the payload of every ``.jwt`` (verified independently
    with ``public_key``) match the official schema, each ``.jwt`` carrying its ``.json``; how many files."""
    files = sorted(folder.iterdir())
    for path in files:
        if path.suffix == ".json":
            assert_valid_ob3(json.loads(path.read_text(encoding="utf-8")))
        elif path.suffix == ".jwt":
            assert public_key is not None, path
            _header, payload = independent_verify(path.read_text(encoding="ascii"), public_key)
            assert_valid_ob3(payload)
            assert payload == json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        else:
            raise AssertionError(f"unexpected file {path}")
    return len(files)


def independent_sign(header: dict[str, Any], payload: bytes, private_key: Ed25519PrivateKey) -> str:
    """A compact JWS made without joserfc (to check that cqpengine accepts what others sign)."""
    signing_input = f"{b64encode(json.dumps(header).encode())}.{b64encode(payload)}"
    return f"{signing_input}.{b64encode(private_key.sign(signing_input.encode('ascii')))}"


__all__ = [
    "InvalidSignature",
    "KeyPair",
    "assert_every_credential_valid",
    "assert_valid_ob3",
    "b64decode",
    "b64encode",
    "independent_sign",
    "independent_verify",
    "key_pair",
]
