"""Ed25519 keys read from PEM files (as ``openssl genpkey -algorithm ed25519`` writes them).

A key file is read whole only when it is a regular file of at most :data:`MAX_KEY_BYTES`; a file
that is not an Ed25519 key of the expected kind (private to sign, public to verify) is refused with
a :class:`KeyFileError` whose message names the file and what to do — never its content, which is
secret for a private key. Nothing here writes a key anywhere.
"""

from __future__ import annotations

from pathlib import Path

from joserfc.jwk import OKPKey

from cqpengine.i18n import _
from cqpengine.loading.text import read_bounded

#: A PEM Ed25519 key is about 120 bytes; a larger file is not one.
MAX_KEY_BYTES = 16 * 1024


class KeyFileError(ValueError):
    """A key file that cannot be used (its content is never part of the message)."""


def _read(path: Path) -> bytes:
    if not path.exists():
        raise KeyFileError(_("{file}: no such file; give the PEM file of an Ed25519 key").format(file=path))
    if not path.is_file():
        raise KeyFileError(_("{file}: not a regular file; give the PEM file of an Ed25519 key").format(file=path))
    try:
        data = read_bounded(path, MAX_KEY_BYTES)
    except OSError as error:
        raise KeyFileError(
            _("{file}: cannot read the key: {reason}").format(file=path, reason=error.strerror or type(error).__name__)
        ) from None
    if data is None:
        raise KeyFileError(
            _("{file}: larger than {size} bytes, not a PEM key; give the PEM file of an Ed25519 key").format(
                file=path, size=MAX_KEY_BYTES
            )
        )
    return data


def _import(path: Path, private: bool) -> OKPKey:
    data = _read(path)
    try:
        key = OKPKey.import_key(data)
    except Exception:  # any parsing failure: its message could quote the key, so it is not shown
        key = None
    if key is None or key.curve_name != "Ed25519" or key.is_private != private:
        what = (
            _("{file}: not an Ed25519 private key in PEM (make one with: openssl genpkey -algorithm ed25519)")
            if private
            else _("{file}: not an Ed25519 public key in PEM (extract it with: openssl pkey -pubout)")
        )
        raise KeyFileError(what.format(file=path))
    return key


def private_key(path: Path) -> OKPKey:
    """The Ed25519 private key of the PEM file ``path`` (to sign)."""
    return _import(path, private=True)


def public_key(path: Path) -> OKPKey:
    """The Ed25519 public key of the PEM file ``path`` (to verify)."""
    return _import(path, private=False)
