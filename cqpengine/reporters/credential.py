"""Reporters of the credentials: the one-line verdict of ``cqp credential verify`` (text, json), and
the line that says which credentials a decision wrote.

The verdict line names the file, says ``valid`` or ``not valid`` and why, with what to do when
something is missing; it never shows the candidate's name or identifier (they stay in the file).
"""

from __future__ import annotations

from cqpengine.app.credential import CredentialCheck, IssuedCredentials
from cqpengine.credentials.verify import failure_reason, iso
from cqpengine.i18n import _, ngettext
from cqpengine.printable import printable
from cqpengine.reporters.base import Reporter, json_document, register


def verdict_line(check: CredentialCheck) -> str:
    """The one-line verdict on ``check`` (in the user's language)."""
    verdict, stated = check.verdict, check.verdict.statement
    if not verdict.valid or stated is None or verdict.valid_from is None:
        return _("{file}: not valid: {reason}").format(file=check.file, reason=failure_reason(verdict))
    fields = {
        "file": check.file,
        "unit": stated.unit,
        "key": f"{stated.certification}@{stated.version}",
        "start": iso(verdict.valid_from),
        "end": iso(verdict.valid_until),
        "at": iso(verdict.at),
    }
    if verdict.valid_until is None:
        return _("{file}: valid: unit {unit} of {key}, from {start}, with no end (checked at {at})").format(**fields)
    return _("{file}: valid: unit {unit} of {key}, from {start} to {end} included (checked at {at})").format(**fields)


@register
class VerdictText(Reporter[CredentialCheck]):
    kind = "credential-verdict"
    name = "text"

    def render(self, result: CredentialCheck) -> str:
        return printable(verdict_line(result)) + "\n"


@register
class VerdictJson(Reporter[CredentialCheck]):
    kind = "credential-verdict"
    name = "json"
    document = True

    def render(self, result: CredentialCheck) -> str:
        verdict, stated = result.verdict, result.verdict.statement
        data = {
            "file": str(result.file),
            "valid": verdict.valid,
            "failure": verdict.failure,
            "reason": None if verdict.valid else failure_reason(verdict),
            "at": iso(verdict.at),
            "certification": {"id": stated.certification, "version": stated.version} if stated else None,
            "unit": stated.unit if stated else None,
            "valid_from": iso(verdict.valid_from),
            "valid_until": iso(verdict.valid_until),
        }
        return json_document(data)


@register
class IssuedText(Reporter[IssuedCredentials]):
    kind = "credentials-issued"
    name = "text"

    def render(self, result: IssuedCredentials) -> str:
        count = len(result.files)
        if result.signed:
            message = ngettext(
                "cqp: wrote {count} credential file in {folder} (.json, and .jwt signed)",
                "cqp: wrote {count} credential files in {folder} (.json, and .jwt signed)",
                count,
            )
        else:
            message = ngettext(
                "cqp: wrote {count} credential file in {folder} (.json, unsigned: give --key to sign)",
                "cqp: wrote {count} credential files in {folder} (.json, unsigned: give --key to sign)",
                count,
            )
        return printable(message.format(count=count, folder=result.directory)) + "\n"
