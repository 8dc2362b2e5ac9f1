"""Open Badges 3.0 credentials of acquired units: written by ``cqp decide jury --credentials``, valid
under the official schema, signed so that an independent Ed25519 check verifies them, and refused by
``cqp credential verify`` once tampered with, checked with another key, or out of their dates."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cqpengine.app.credential import IssueOptions, acquired_at, issue_credentials
from cqpengine.cli import cli
from cqpengine.credentials.badge import AcquiredUnit, Subject, credential, statement
from cqpengine.credentials.jose import canonical
from cqpengine.errors import UsageError
from tests.support.credentials import (
    InvalidSignature,
    KeyPair,
    assert_every_credential_valid,
    assert_valid_ob3,
    b64decode,
    b64encode,
    independent_sign,
    independent_verify,
    key_pair,
)
from tests.support.decisions import EXAMPLES_DIR, REFERENTIALS_DIR, referential

REFS = ["--referentials", str(REFERENTIALS_DIR)]
JURY = EXAMPLES_DIR / "jury_assistant_commercial.yaml"


@pytest.fixture(scope="session")
def issued(tmp_path_factory: pytest.TempPathFactory, keys: KeyPair) -> Path:
    """The credentials of the example jury (D1 and D4 acquired that day), signed."""
    folder = tmp_path_factory.mktemp("issued") / "credentials"
    result = CliRunner().invoke(
        cli,
        ["decide", "jury", str(JURY), *REFS, "--credentials", str(folder), "--key", str(keys.private)],
    )
    assert result.exit_code == 0, result.output
    return folder


def verify(runner: CliRunner, path: Path, public: Path, *extra: str) -> Any:
    return runner.invoke(cli, ["credential", "verify", str(path), "--public-key", str(public), *REFS, *extra])


def test_one_credential_per_unit_acquired_at_the_decision(issued: Path, keys: KeyPair) -> None:
    # D3 was acquired at an earlier jury and is still valid: not acquired at this decision, no credential.
    assert sorted(p.name for p in issued.iterdir()) == ["D1.json", "D1.jwt", "D4.json", "D4.jwt"]
    assert assert_every_credential_valid(issued, keys.public_key) == 4


def test_unsigned_credentials_match_the_official_schema_and_say_the_unit(issued: Path) -> None:
    for name in ("D1", "D4"):
        document = json.loads((issued / f"{name}.json").read_text(encoding="utf-8"))
        assert_valid_ob3(document)
        assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
        assert document["issuer"]["name"] == "CPNEFP de la Mutualité"
        assert document["validFrom"] == "2024-06-20T00:00:00Z"
        assert document["validUntil"] == "2029-06-20T23:59:59Z"  # delivered partially: 5 years
        achievement = document["credentialSubject"]["achievement"]
        assert achievement["version"] == "2013"
        assert achievement["humanCode"] == name
        unit = referential("assistant-commercial@2013").unit(name)
        assert unit is not None and achievement["name"] == unit.title
        assert achievement["criteria"]["narrative"].startswith("- ")
        assert statement(document) is not None and statement(document).key == f"assistant-commercial@2013#{name}"  # type: ignore[union-attr]
        # The subject is the name, nothing else personal.
        assert document["credentialSubject"]["identifier"] == [
            {"type": "IdentityObject", "hashed": False, "identityHash": "Alex Exemple", "identityType": "name"}
        ]


def test_signed_credentials_verify_independently_and_carry_the_same_credential(issued: Path, keys: KeyPair) -> None:
    for name in ("D1", "D4"):
        header, payload = independent_verify((issued / f"{name}.jwt").read_text(encoding="ascii"), keys.public_key)
        assert header["alg"] == "Ed25519" and header["typ"] == "vc+jwt"
        assert_valid_ob3(payload)
        assert payload == json.loads((issued / f"{name}.json").read_text(encoding="utf-8"))


def test_verify_says_valid_in_one_line(runner: CliRunner, issued: Path, keys: KeyPair) -> None:
    result = verify(runner, issued / "D1.jwt", keys.public, "--at", "2026-01-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{issued / 'D1.jwt'}: valid: unit D1 of assistant-commercial@2013, from 2024-06-20 to 2029-06-20 included "
        "(checked at 2026-01-01)\n"
    )
    assert "Alex" not in result.output


@pytest.mark.parametrize(
    ("at", "valid"),
    [("2024-06-19", False), ("2024-06-20", True), ("2029-06-20", True), ("2029-06-21", False)],
)
def test_verify_checks_the_dates_both_days_included(
    runner: CliRunner, issued: Path, keys: KeyPair, at: str, valid: bool
) -> None:
    result = verify(runner, issued / "D1.jwt", keys.public, "--at", at)
    assert result.exit_code == (0 if valid else 1)
    assert (": valid:" in result.stdout) is valid
    if at == "2029-06-21":
        assert "expired: valid until 2029-06-20 included (checked at 2029-06-21)" in result.stdout


def test_another_public_key_fails_both_checks(runner: CliRunner, issued: Path, tmp_path: Path) -> None:
    other = key_pair(tmp_path, "other")
    with pytest.raises(InvalidSignature):
        independent_verify((issued / "D1.jwt").read_text(encoding="ascii"), other.public_key)
    result = verify(runner, issued / "D1.jwt", other.public, "--at", "2026-01-01")
    assert result.exit_code == 1
    assert result.stdout.endswith(": not valid: the signature does not verify with this public key\n")


def _tampered(token: str, index: int, delta: int) -> str:
    """``token`` with byte ``index`` of its payload changed (re-encoded, signature kept)."""
    header, payload, signature = token.strip().split(".")
    data = bytearray(b64decode(payload))
    data[index % len(data)] = (data[index % len(data)] + delta) % 256
    return f"{header}.{b64encode(bytes(data))}.{signature}"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(min_value=0, max_value=10_000), delta=st.integers(min_value=1, max_value=255))
def test_one_payload_byte_changed_fails_both_checks(
    issued: Path, keys: KeyPair, tmp_path: Path, index: int, delta: int
) -> None:
    tampered = _tampered((issued / "D4.jwt").read_text(encoding="ascii"), index, delta)
    with pytest.raises(InvalidSignature):
        independent_verify(tampered, keys.public_key)
    path = tmp_path / "tampered.jwt"
    path.write_text(tampered, encoding="ascii")
    result = verify(CliRunner(), path, keys.public, "--at", "2026-01-01")
    assert result.exit_code == 1
    assert ": not valid: " in result.stdout


def _sign(payload: dict[str, Any], keys: KeyPair, tmp_path: Path, alg: str = "Ed25519") -> Path:
    path = tmp_path / "made.jwt"
    path.write_text(independent_sign({"alg": alg, "typ": "vc+jwt"}, canonical(payload), keys.private_key), "ascii")
    return path


@pytest.mark.parametrize("alg", ["Ed25519", "EdDSA"])
def test_both_algorithm_names_are_accepted(
    runner: CliRunner, issued: Path, keys: KeyPair, tmp_path: Path, alg: str
) -> None:
    payload = json.loads((issued / "D1.json").read_text(encoding="utf-8"))
    result = verify(runner, _sign(payload, keys, tmp_path, alg), keys.public, "--at", "2026-01-01")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no warning about EdDSA being deprecated


def test_a_unit_the_stated_version_lacks_is_not_valid(
    runner: CliRunner, issued: Path, keys: KeyPair, tmp_path: Path
) -> None:
    payload = json.loads((issued / "D1.json").read_text(encoding="utf-8"))
    entry = payload["credentialSubject"]["achievement"]["otherIdentifier"][0]
    entry["identifier"] = "assistant-commercial@2013#D9"
    result = verify(runner, _sign(payload, keys, tmp_path), keys.public, "--at", "2026-01-01")
    assert result.exit_code == 1
    assert result.stdout.endswith(": not valid: assistant-commercial@2013 has no unit D9\n")
    entry["identifier"] = "assistant-commercial@2031#D1"
    result = verify(runner, _sign(payload, keys, tmp_path), keys.public, "--at", "2026-01-01")
    assert result.exit_code == 1
    assert result.stdout.endswith(
        ": not valid: assistant-commercial@2031 is not among the referentials read: give its file with --referentials\n"
    )


def test_another_issuer_is_not_valid(runner: CliRunner, issued: Path, keys: KeyPair, tmp_path: Path) -> None:
    payload = json.loads((issued / "D1.json").read_text(encoding="utf-8"))
    payload["issuer"]["id"] = "https://example.org/not-the-certifier"
    result = verify(runner, _sign(payload, keys, tmp_path), keys.public, "--at", "2026-01-01")
    assert result.exit_code == 1
    assert "the issuer is not the certifying body" in result.stdout


def test_verify_in_json_and_in_french(runner: CliRunner, issued: Path, keys: KeyPair) -> None:
    result = verify(runner, issued / "D4.jwt", keys.public, "--at", "2030-01-01", "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert (data["valid"], data["failure"], data["unit"], data["valid_until"]) == (False, "expired", "D4", "2029-06-20")
    french = runner.invoke(
        cli,
        ["credential", "verify", str(issued / "D4.jwt"), "--public-key", str(keys.public), *REFS, "--at", "2026-01-01"],
        env={"LANGUAGE": "fr"},
    )
    assert french.exit_code == 0
    assert ": valide : unité D4 de assistant-commercial@2013, du 2024-06-20 au 2029-06-20 inclus" in french.stdout


def test_unsigned_file_or_wrong_keys_are_one_line_never_showing_the_key(
    runner: CliRunner, issued: Path, keys: KeyPair
) -> None:
    unsigned = verify(runner, issued / "D1.json", keys.public)
    assert unsigned.exit_code == 1
    assert "not a compact JWS (three parts separated by dots): give the signed .jwt file" in unsigned.stdout
    private_as_public = verify(runner, issued / "D1.jwt", keys.private)
    assert private_as_public.exit_code == 2
    assert "not an Ed25519 public key in PEM" in private_as_public.stderr
    secret = "".join(keys.private.read_text(encoding="ascii").splitlines()[1:-1])
    assert secret not in private_as_public.output
    assert "Traceback" not in private_as_public.output


def test_a_key_that_is_not_ed25519_is_refused_before_anything_is_written(
    runner: CliRunner, tmp_path: Path, keys: KeyPair
) -> None:
    not_a_key = tmp_path / "key.pem"
    not_a_key.write_text("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", encoding="ascii")
    folder = tmp_path / "out"
    result = runner.invoke(
        cli, ["decide", "jury", str(JURY), *REFS, "--credentials", str(folder), "--key", str(not_a_key)]
    )
    assert result.exit_code == 2
    assert "not an Ed25519 private key in PEM" in result.stderr
    assert not folder.exists()
    public_as_private = runner.invoke(
        cli, ["decide", "jury", str(JURY), *REFS, "--credentials", str(folder), "--key", str(keys.public)]
    )
    assert public_as_private.exit_code == 2
    key_alone = runner.invoke(cli, ["decide", "jury", str(JURY), *REFS, "--key", str(keys.private)])
    assert key_alone.exit_code == 2
    assert "--key signs the credentials: give --credentials DIR too" in key_alone.stderr


def test_unit_ids_are_checked_before_becoming_file_names(tmp_path: Path) -> None:
    ref = referential("assistant-commercial@2013")
    unit = ref.units[0]
    hostile = replace(unit, data={**unit.data, "id": "../../etc/x"})  # type: ignore[arg-type]
    acquired = AcquiredUnit(ref, hostile, date(2024, 6, 20), None, "jury")
    with pytest.raises(UsageError, match="cannot be used in a file name"):
        issue_credentials([acquired], Subject("A"), IssueOptions(tmp_path / "out"))
    assert not (tmp_path / "out").exists() and not (tmp_path / "etc").exists()


def test_delivered_in_full_has_no_end_and_an_rncp_code_gives_an_alignment() -> None:
    ref = referential("charge-accueil@RNCP")
    unit = ref.units[1]
    document = credential(AcquiredUnit(ref, unit, date(2025, 3, 4), None, "jury"), Subject("C-0042", "identifier"))
    assert "validUntil" not in document and "alignment" not in document["credentialSubject"]["achievement"]
    assert document["credentialSubject"]["identifier"][0]["identityType"] == "identifier"
    assert_valid_ob3(document)
    codes = ref.data.setdefault("codes", {})
    codes["rncp"] = "RNCP12345"
    try:
        aligned = credential(AcquiredUnit(ref, unit, date(2025, 3, 4), date(2030, 3, 4), "commission"), Subject("A"))
    finally:
        del codes["rncp"]
    assert aligned["credentialSubject"]["achievement"]["alignment"] == [
        {
            "type": ["Alignment"],
            "targetCode": "RNCP12345BC02",
            "targetName": unit.title,
            "targetFramework": "Répertoire national des certifications professionnelles",
            "targetType": "ext:RNCPBloc",
            "targetUrl": "https://www.francecompetences.fr/recherche/rncp/12345/",
        }
    ]
    assert "Commission paritaire" in aligned["description"]
    assert_valid_ob3(aligned)


def test_credentials_are_the_same_each_time(tmp_path: Path) -> None:
    from cqpengine.decisions.engine import decide

    decision, findings = decide("jury", JURY, [referential("assistant-commercial@2013")])
    assert findings == [] and decision is not None
    first = issue_credentials(acquired_at(decision), Subject("A"), IssueOptions(tmp_path / "a"))  # type: ignore[arg-type]
    second = issue_credentials(acquired_at(decision), Subject("A"), IssueOptions(tmp_path / "b"))  # type: ignore[arg-type]
    assert [p.read_bytes() for p in first.files] == [p.read_bytes() for p in second.files]
    assert not first.signed
    assert assert_every_credential_valid(tmp_path / "a", None) == 2
