"""Earlier acquisitions given by their credentials, in a jury (or commission) candidate file.

``acquired_earlier`` maps a unit to the date of the decision that granted it, or to the path of its
signed credential (``D4: attestations/D4.jwt``, relative to the candidate file's folder). Before
the decision reads the file, :func:`present_credentials` verifies each credential with the issuer's
public key and puts the day it was granted (its ``validFrom``) in place of the path: the unit is
then carried exactly as a dated acquisition is. A credential whose signature, payload, unit or
issuer does not verify, or that states another unit than the one it is given for, is a finding at
its line (CQP211); one that has expired is still carried with its date, and the decision says the
validity has run out, as for a date. A credential of an earlier version's unit given where a unit of
this version is asked (the "acquise le" field of a filled livret) counts as the unit it names
(``<certification>@<version>#<unit>``), carried through the equivalences as such a unit is.

A path becomes a file only when it stays inside the candidate file's folder (symbolic links
included), ends in ``.jwt`` and is a regular file; it is read bounded, and its content never shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from joserfc.jwk import OKPKey

from cqpengine.credentials.badge import Statement
from cqpengine.credentials.jose import MAX_TOKEN_BYTES
from cqpengine.credentials.verify import failure_reason, verify
from cqpengine.decisions.candidate import CandidateFile
from cqpengine.findings import Finding
from cqpengine.i18n import _
from cqpengine.loading.text import read_bounded
from cqpengine.model import Referential

#: Failures after which the credential's date still counts (the decision judges the validity itself).
_DATED = frozenset({"expired", "not_yet_valid"})


def is_credential(value: object) -> bool:
    """Whether an ``acquired_earlier`` value names a credential file (else it is a date)."""
    return isinstance(value, str) and value.endswith(".jwt")


def _read(base: Path, relative: str) -> bytes | str:
    """The bytes of the credential file, or why it cannot be read (a message)."""
    folder = base.resolve()
    path = (folder / relative).resolve()
    if folder not in path.parents:
        return _("{file} is outside the folder of the candidate file: give a path inside it").format(file=relative)
    if not path.is_file():
        return _("{file}: no such credential file next to the candidate file").format(file=relative)
    data = read_bounded(path, MAX_TOKEN_BYTES)
    if data is None:
        return _("{file}: larger than {size} bytes, not a credential").format(file=relative, size=MAX_TOKEN_BYTES)
    return data


def present_credentials(
    candidate: CandidateFile, referential: Referential, referentials: Sequence[Referential], key: OKPKey | None
) -> list[Finding]:
    """Verify the credentials of ``acquired_earlier`` and put their dates in place (the file's data is changed).

    ``referentials`` are every version read (an earlier unit may be of the version ``referential``
    supersedes). Without ``key`` nothing is verified: the file's reader then asks for it.
    """
    data = candidate.content
    earlier = data.get("acquired_earlier") if isinstance(data, dict) else None
    if not isinstance(earlier, dict) or key is None:
        return []
    day = date.fromisoformat(str(data["jury_date"]))  # the file is schema-valid by now
    findings: list[Finding] = []
    renamed: dict[str, tuple[str, str]] = {}
    for unit_key, value in list(earlier.items()):
        if not is_credential(value):
            continue
        where = ("acquired_earlier", unit_key)

        def finding(message: str, where: tuple[str, str] = where) -> Finding:
            return candidate.finding("CQP211", message, where)

        token = _read(candidate.path.parent, str(value))
        if isinstance(token, str):
            findings.append(finding(token))
            continue
        verdict = verify(token, key, referentials, day)
        if verdict.failure is not None and verdict.failure not in _DATED:
            reason = failure_reason(verdict)
            findings.append(finding(_("credential {file} is not valid: {reason}").format(file=value, reason=reason)))
            continue
        stated, granted = verdict.statement, verdict.valid_from
        assert stated is not None and granted is not None  # a verdict past the signature and payload checks
        expected = unit_key if "#" in unit_key else f"{referential.key}#{unit_key}"
        if stated.key == expected:
            earlier[unit_key] = granted.isoformat()
        elif _earlier_version(stated, referential) and "#" not in unit_key:
            # Given where this version's unit is asked (a filled livret): the credential names its own unit.
            renamed[unit_key] = (stated.key, granted.isoformat())
        else:
            message = _("credential {file} is for {stated}, not for {expected}: give it under its own unit").format(
                file=value, stated=stated.key, expected=expected
            )
            findings.append(finding(message))
    if renamed:
        entries = [(renamed.get(k, (k, v))) for k, v in earlier.items()]
        earlier.clear()
        earlier.update(entries)
    return findings


def _earlier_version(stated: Statement, referential: Referential) -> bool:
    """Whether ``stated`` is a unit of another version of ``referential``'s certification."""
    return stated.certification == referential.id and stated.version != referential.version
