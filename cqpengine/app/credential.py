"""Use cases of the credentials: issue one per acquired unit, verify one.

* :func:`issue_credentials` writes, for every unit acquired at a decision, ``DIR/<unit id>.json``
  (the Open Badges 3.0 credential) and, given an Ed25519 private key, ``DIR/<unit id>.jwt`` (the
  same credential signed as a compact JWS). Unit ids become file names only once checked
  (:func:`cqpengine.output.safe_component`); each file is written atomically, never over an input
  or the key, and the key itself is written nowhere.
* :func:`verify_credential` reads a ``.jwt`` file (bounded) and gives the :class:`Verdict` of
  :func:`cqpengine.credentials.verify.verify`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cqpengine.credentials.badge import AcquiredUnit, Subject, credential
from cqpengine.credentials.jose import MAX_TOKEN_BYTES, canonical, sign
from cqpengine.credentials.keys import KeyFileError, private_key, public_key
from cqpengine.credentials.verify import Verdict, verify
from cqpengine.decisions.jury import JuryDecision
from cqpengine.errors import UsageError
from cqpengine.i18n import _
from cqpengine.loading.text import read_bounded
from cqpengine.loading.workspace import require_file
from cqpengine.model import Referential
from cqpengine.output import UnsafePathError, check_output_file, safe_component, write_atomic


def acquired_at(decision: JuryDecision, decided_by: str = "jury") -> list[AcquiredUnit]:
    """The units acquired at ``decision`` itself (not those carried from an earlier one), in unit order.

    Each is valid until the end of its partial validity, unless the certification is delivered in full.
    """
    day = decision.jury.jury_date
    return [
        AcquiredUnit(
            decision.referential,
            u.unit,
            day,
            None if decision.delivery == "totale" else u.valid_until,
            decided_by,
        )
        for u in decision.units
        if u.acquired and u.since == day
    ]


@dataclass(frozen=True)
class IssueOptions:
    """Where to write the credentials, and the private key to sign them with (None: unsigned only)."""

    directory: Path
    key: Path | None = None
    #: Files the credentials must never overwrite (the candidate file, the referentials…).
    inputs: tuple[Path, ...] = ()


def issue_decision_credentials(decision: JuryDecision, options: IssueOptions) -> IssuedCredentials:
    """The credentials of the units acquired at ``decision`` (the jury's or the commission's), the candidate
    named by the centre's identifier when the file gives one, else by name."""
    jury = decision.jury
    identifier = jury.candidate_identifier
    subject = Subject(identifier, "identifier") if identifier else Subject(jury.candidate_name)
    return issue_credentials(acquired_at(decision, decision.kind), subject, options)


@dataclass(frozen=True)
class IssuedCredentials:
    """The files written, in unit order (``.json`` and, when signed, ``.jwt`` for each unit)."""

    directory: Path
    files: tuple[Path, ...]
    signed: bool


def _targets(options: IssueOptions, unit_id: str) -> tuple[Path, Path]:
    name = safe_component(unit_id)
    json_path, jwt_path = options.directory / f"{name}.json", options.directory / f"{name}.jwt"
    for path in (json_path, jwt_path):
        check_output_file(path, *options.inputs, *((options.key,) if options.key else ()))
    return json_path, jwt_path


def issue_credentials(acquired: Sequence[AcquiredUnit], subject: Subject, options: IssueOptions) -> IssuedCredentials:
    """Write the credential of each unit of ``acquired`` (and sign it when a key is given)."""
    try:
        key = private_key(options.key) if options.key is not None else None
    except KeyFileError as error:
        raise UsageError(str(error)) from None
    if options.directory.exists() and not options.directory.is_dir():
        raise UsageError(_("{path} is not a folder: give a folder after --credentials").format(path=options.directory))
    planned: list[tuple[Path, bytes]] = []
    for unit in acquired:
        if unit.referential.certifier_name is None:
            raise UsageError(
                _(
                    "{key}: the referential names no certifying body: add certifier (name) to it to issue credentials"
                ).format(key=unit.referential.key)
            )
        try:
            json_path, jwt_path = _targets(options, unit.unit.id)
        except UnsafePathError as error:
            raise UsageError(str(error)) from None
        document = credential(unit, subject)
        planned.append((json_path, canonical(document) + b"\n"))
        if key is not None:
            planned.append((jwt_path, sign(document, key).encode("ascii") + b"\n"))
    for path, data in planned:
        try:
            write_atomic(path, data)
        except (OSError, UnsafePathError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            raise UsageError(_("cannot write {file}: {reason}").format(file=path, reason=reason)) from None
    return IssuedCredentials(options.directory, tuple(path for path, _data in planned), key is not None)


@dataclass(frozen=True)
class VerifyOptions:
    """The credential file, the public key, and the day to check it at (today when None)."""

    file: Path
    public_key: Path
    at: date | None = None


def read_token(path: Path) -> bytes:
    """The bytes of a credential file, refused in one line when it is not a regular file or too large."""
    require_file(path)
    try:
        data = read_bounded(path, MAX_TOKEN_BYTES)
    except OSError as error:
        raise UsageError(
            _("cannot read {file}: {reason}").format(file=path, reason=error.strerror or type(error).__name__)
        ) from None
    if data is None:
        raise UsageError(
            _("{file}: larger than {size} bytes, not a credential").format(file=path, size=MAX_TOKEN_BYTES)
        )
    return data


@dataclass(frozen=True)
class CredentialCheck:
    """The verdict on one credential file."""

    file: Path
    verdict: Verdict


def verify_credential(options: VerifyOptions, referentials: Sequence[Referential]) -> CredentialCheck:
    """The verdict on the signed credential ``options.file`` against the certification versions given."""
    try:
        key = public_key(options.public_key)
    except KeyFileError as error:
        raise UsageError(str(error)) from None
    token = read_token(options.file)
    return CredentialCheck(options.file, verify(token, key, referentials, options.at or date.today()))
