"""The decision pipeline: candidate file → (schema, certification, reader) → decision.

:func:`decide` returns either a decision or the findings that prevent it, never both; nothing
is printed or logged here (candidate files hold personal data).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from cqpengine.decisions.candidate import CandidateFile, load_candidate
from cqpengine.decisions.kinds import KINDS, Decision
from cqpengine.decisions.selection import select_referential
from cqpengine.findings import Finding
from cqpengine.model import Referential

#: A step run on the schema-valid candidate file before its reader, given the certification version it
#: names: it may complete the file's data (an earlier unit's credential replaced by its date) or return
#: findings that prevent the decision.
Prepare = Callable[[CandidateFile, Referential], list[Finding]]


def decide(
    kind: str,
    candidate: Path | CandidateFile,
    referentials: Sequence[Referential],
    invalid: Mapping[str, Path] | None = None,
    unreadable: Sequence[Path] = (),
    prepare: Prepare | None = None,
) -> tuple[Decision | None, list[Finding]]:
    """The ``kind`` decision (a name of :data:`~cqpengine.decisions.kinds.KINDS`) on ``candidate``.

    ``candidate`` is the path of a YAML candidate file, or a candidate file already read (from a
    filled form). Either a decision and no
    finding, or no decision and the findings (in file order) that prevent it. ``invalid`` names
    the certification versions (``id@version`` → file) left out for their errors, ``unreadable``
    the referential files that could not be loaded at all. ``prepare`` runs before the reader (see
    :data:`Prepare`).
    """
    decision, findings = _decide(kind, candidate, referentials, invalid or {}, unreadable, prepare)
    return decision, sorted(findings, key=Finding.sort_key)


def _decide(
    kind: str,
    candidate: Path | CandidateFile,
    referentials: Sequence[Referential],
    invalid: Mapping[str, Path],
    unreadable: Sequence[Path],
    prepare: Prepare | None,
) -> tuple[Decision | None, list[Finding]]:
    spec = KINDS[kind]
    if isinstance(candidate, Path):
        loaded, findings = load_candidate(candidate, spec.schema, spec.description)
        if loaded is None:
            return None, findings
        candidate = loaded
    else:
        findings = candidate.schema_findings(spec.schema)
        if findings:
            return None, findings
    referential = select_referential(candidate, referentials, invalid, unreadable)
    if isinstance(referential, Finding):
        return None, [referential]
    prepared = prepare(candidate, referential) if prepare is not None else []
    if prepared:
        return None, prepared
    data, findings = spec.reader(candidate, referential)
    return (spec.rule(referential, data) if data is not None else None), findings
