"""The ``decide`` use case: a candidate file (YAML, or a filled PDF form) → a decision, or what prevents it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cqpengine.credentials.earlier import present_credentials
from cqpengine.credentials.keys import KeyFileError, public_key
from cqpengine.decisions.candidate import CandidateFile
from cqpengine.decisions.engine import Prepare
from cqpengine.decisions.engine import decide as decide_yaml
from cqpengine.decisions.kinds import Decision
from cqpengine.documents.rendering import Renderer
from cqpengine.errors import UsageError
from cqpengine.findings import Finding
from cqpengine.forms.deciding import decide_filled
from cqpengine.forms.fields import printed_form_fields
from cqpengine.forms.filled import read_filled
from cqpengine.forms.reading import FormError, is_pdf
from cqpengine.model import Referential


@dataclass(frozen=True)
class DecideOptions:
    """What to decide, on which candidate file, against which referentials."""

    kind: str
    #: A candidate YAML file, or a PDF document cqpengine printed and someone filled.
    candidate: Path
    referentials: Sequence[Referential]
    #: Certification versions (``id@version`` → file) left out for their errors.
    invalid: Mapping[str, Path] = field(default_factory=dict)
    #: Referential files that could not be loaded at all.
    unreadable: Sequence[Path] = ()
    #: Folders of templates overriding the shipped ones (the printed forms a filled PDF is checked against).
    template_dirs: tuple[Path, ...] = ()
    #: The issuer's Ed25519 public key (PEM), verifying the credentials given for earlier units.
    public_key: Path | None = None


@dataclass(frozen=True)
class DecideResult:
    """A decision and no finding, or no decision and the findings (in file order) that prevent it."""

    decision: Decision | None
    findings: list[Finding]


def _prepare(options: DecideOptions) -> Prepare:
    """The step verifying the credentials of earlier units (``acquired_earlier``) before the file is read."""
    try:
        key = public_key(options.public_key) if options.public_key is not None else None
    except KeyFileError as error:
        raise UsageError(str(error)) from None

    def prepare(candidate: CandidateFile, referential: Referential) -> list[Finding]:
        return present_credentials(candidate, referential, options.referentials, key)

    return prepare


def decide(options: DecideOptions) -> DecideResult:
    """Decide; a :class:`UsageError` for a PDF that is not a filled document cqpengine printed, or a
    public key that is not one."""
    prepare = _prepare(options)
    if is_pdf(options.candidate):
        try:
            extraction = read_filled(
                options.kind,
                options.candidate,
                options.referentials,
                printed_form_fields(Renderer(options.template_dirs)),
            )
        except FormError as error:
            raise UsageError(str(error)) from None
        decision, findings = decide_filled(
            extraction, options.referentials, options.invalid, options.unreadable, prepare
        )
    else:
        decision, findings = decide_yaml(
            options.kind, options.candidate, options.referentials, options.invalid, options.unreadable, prepare
        )
    return DecideResult(decision, findings)
