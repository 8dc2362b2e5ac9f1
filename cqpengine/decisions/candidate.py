"""Candidate files: the data a decision reads, where each value stands, and its JSON Schema.

A candidate file is either a YAML file (loaded by the same safe loader as the referentials, its
values placed at ``file:line:column``) or the data a filled form holds (its values placed at the
form's fields, :mod:`cqpengine.forms`). Either way it goes through its own JSON Schema
(``schema/candidate-<kind>.schema.json``) before any rule reads it.

Candidate files hold personal data. Messages name the file, the position and the field (the
JSON path, whose keys may be unit ids), never a value the candidate file gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias, cast

from jsonschema.exceptions import ValidationError

from cqpengine.checking.schema import PATTERN_WORDS, choices_words, schema_findings, schema_of
from cqpengine.findings import Finding
from cqpengine.i18n import N_, _, ngettext
from cqpengine.loading.marks import YamlLoadError
from cqpengine.loading.yamlio import ParsedYaml, load_yaml_file
from cqpengine.positions import JsonPath, Mark
from cqpengine.types.candidate_jury import CandidateJuryDocument
from cqpengine.types.candidate_orientation import CandidateOrientationDocument
from cqpengine.types.candidate_vae import CandidateVaeDocument

#: A schema-valid candidate file of any kind.
CandidateData: TypeAlias = CandidateVaeDocument | CandidateOrientationDocument | CandidateJuryDocument

#: Places a finding about the value at a JSON path (at its key with ``key=True``).
Place = Callable[[str, str, JsonPath, bool], Finding]


@dataclass(frozen=True)
class CandidateFile:
    """A candidate file: its data, and how a finding about one of its values is placed.

    ``place`` places a finding about a value (a YAML position, or a form field); ``source`` is
    the data as the schema check reads it (the YAML loaded, with the positions of its values), and
    ``relocate`` places the schema check's findings the way ``place`` does.
    """

    path: Path
    content: Any
    place: Place
    source: ParsedYaml
    relocate: Callable[[Finding], Finding] = field(default=lambda finding: finding)

    @classmethod
    def from_yaml(cls, document: ParsedYaml) -> CandidateFile:
        """The candidate file of a loaded YAML file: findings at ``file:line:column``."""

        def place(code: str, message: str, path: JsonPath, key: bool) -> Finding:
            return Finding.at(document.path, document.mark_for(path, key=key), code, message, path)

        return cls(document.path, document.data, place, document)

    @property
    def data(self) -> CandidateData:
        return cast("CandidateData", self.content)

    @property
    def vae(self) -> CandidateVaeDocument:
        """The data of a schema-valid VAE request file."""
        return cast("CandidateVaeDocument", self.content)

    @property
    def orientation(self) -> CandidateOrientationDocument:
        """The data of a schema-valid intake interview file."""
        return cast("CandidateOrientationDocument", self.content)

    @property
    def jury(self) -> CandidateJuryDocument:
        """The data of a schema-valid jury file."""
        return cast("CandidateJuryDocument", self.content)

    def finding(self, code: str, message: str, path: JsonPath, *, key: bool = False) -> Finding:
        """A finding at ``path`` (at its key with ``key``)."""
        return self.place(code, message, path, key)

    def schema_findings(self, schema: str) -> list[Finding]:
        """The errors of the data against ``schema``, in the order of the file (or of the form)."""
        found = [self.relocate(finding) for finding in candidate_schema_findings(self.source, schema)]
        return sorted(found, key=Finding.sort_key)


# --- schema ---------------------------------------------------------------------------------------


def _name(path: JsonPath) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return _("top level")


_TYPES = {
    "string": N_("text"),
    "number": N_("a number"),
    "integer": N_("a whole number"),
    "boolean": N_("true or false"),
    "array": N_("a list"),
    "object": N_("a mapping"),
}


def _message(error: ValidationError, document: ParsedYaml) -> str:
    """A message naming the field and what is expected, never the value found."""
    keyword = error.validator
    expected: Any = error.validator_value
    schema = schema_of(error)
    path = tuple(error.absolute_path)
    field = f"'{_name(path)}'"
    if keyword == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        missing = [name for name in expected if name not in instance]
        if missing:
            return _("missing required property {name!r}").format(name=missing[0])
        return _("missing required property")
    if schema.get("format") == "date" and keyword in ("format", "pattern"):
        return _("{field} is not a valid date (YYYY-MM-DD, between 1900 and 2099)").format(field=field)
    if keyword == "pattern":
        if isinstance(document.data, dict) and isinstance(_value_at(document.data, path), dict):
            return _("a key of {field} is not a valid identifier (letters, digits, '.', '_', '-')").format(field=field)
        title = str(schema.get("title", _("value"))).lower()
        words = PATTERN_WORDS.get(str(expected))
        if words is None:
            return _("{field} is not a valid {title}").format(field=field, title=title)
        return _("{field} is not a valid {title}: {words}").format(field=field, title=title, words=_(words))
    if keyword == "type":
        wanted = _(_TYPES[str(expected)]) if str(expected) in _TYPES else str(expected)
        if expected == "string" and isinstance(error.instance, int | float):
            return _("{field} should be {wanted}: quote it").format(field=field, wanted=wanted)
        return _("{field} should be {wanted}").format(field=field, wanted=wanted)
    if keyword == "enum":
        return _("{field} is not a possible value: write {choices}").format(
            field=field, choices=choices_words(schema, list(expected))
        )
    bounds = {
        "minimum": N_("{field} should be at least {limit}"),
        "maximum": N_("{field} should be at most {limit}"),
        "exclusiveMinimum": N_("{field} should be more than {limit}"),
        "exclusiveMaximum": N_("{field} should be less than {limit}"),
    }
    if keyword in bounds:
        return _(bounds[keyword]).format(field=field, limit=expected)
    if keyword == "minItems":
        return ngettext(
            "{field} should have at least {count} item", "{field} should have at least {count} items", expected
        ).format(field=field, count=expected)
    if keyword == "maxItems":
        return ngettext(
            "{field} should have at most {count} item", "{field} should have at most {count} items", expected
        ).format(field=field, count=expected)
    if keyword in ("minLength", "minProperties"):
        return _("{field} should not be empty").format(field=field)
    if keyword in ("oneOf", "anyOf"):
        return _("{field} has none of the accepted forms").format(field=field)
    return _("{field} does not match the schema ({keyword})").format(field=field, keyword=keyword)


def _value_at(data: Any, path: JsonPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def candidate_schema_findings(document: ParsedYaml, schema: str) -> list[Finding]:
    """The errors of a candidate file against ``schema``, once each, in file order, values and unknown keys unsaid."""
    found = set(schema_findings(document, schema, describe=_message, quote_keys=False))
    return sorted(found, key=Finding.sort_key)


def load_candidate(path: Path, schema: str, description: str) -> tuple[CandidateFile | None, list[Finding]]:
    """The YAML file ``path`` as a candidate file (describing ``description``), checked against ``schema``."""
    try:
        document = load_yaml_file(path)
    except YamlLoadError as error:
        return None, [Finding.at(path, error.mark, error.code, error.message)]
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return None, [Finding.at(path, Mark(1, 1), "CQP001", _("cannot read file: {reason}").format(reason=reason))]
    if not isinstance(document.data, dict):
        message = _("top level is not a mapping: expected a mapping describing {what}").format(what=_(description))
        return None, [Finding.at(path, document.mark_for(()), "CQP002", message)]
    candidate = CandidateFile.from_yaml(document)
    findings = candidate.schema_findings(schema)
    return (None, findings) if findings else (candidate, [])
