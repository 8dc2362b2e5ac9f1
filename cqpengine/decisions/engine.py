"""The decision pipeline: candidate file → (loader, schema, certification, checks) → decision.

:func:`decide` returns either a decision or the findings that prevent it, never both; nothing
is printed or logged here (candidate files hold personal data).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from cqpengine.decisions.candidates import load_candidate, read_jury, read_orientation, read_vae, select_referential
from cqpengine.decisions.jury import JuryDecision, decide_jury
from cqpengine.decisions.orientation import OrientationDecision, decide_orientation
from cqpengine.decisions.vae import VaeDecision, decide_vae
from cqpengine.findings import Finding
from cqpengine.loading.yamlio import YamlDocument
from cqpengine.model import Referential

Decision = VaeDecision | OrientationDecision | JuryDecision
#: A step run on the loaded candidate file before it is read, given the certification version it names:
#: it may complete the file's data (an earlier unit's credential replaced by its date) or return findings.
Prepare = Callable[[Path, YamlDocument, Referential], list[Finding]]


def decide(
    kind: str,
    path: Path,
    referentials: Sequence[Referential],
    invalid: Mapping[str, Path] | None = None,
    unreadable: Sequence[Path] = (),
    document: YamlDocument | None = None,
    prepare: Prepare | None = None,
) -> tuple[Decision | None, list[Finding]]:
    """The ``kind`` decision (``vae``, ``orientation``, ``jury``, ``commission``) on the candidate file ``path``.

    Either a decision and no finding, or no decision and the findings (in file order) that prevent it.
    ``invalid`` names the certification versions (``id@version`` → file) left out for their errors,
    ``unreadable`` the referential files that could not be loaded at all. ``document`` is the
    candidate file already loaded (e.g. read from a filled form), ``path`` then only names it.
    ``prepare`` runs on the schema-valid file before it is read (see :data:`Prepare`).
    """
    decision, findings = _decide(kind, path, referentials, invalid or {}, unreadable, document, prepare)
    return decision, sorted(findings, key=Finding.sort_key)


def _decide(
    kind: str,
    path: Path,
    referentials: Sequence[Referential],
    invalid: Mapping[str, Path],
    unreadable: Sequence[Path],
    document: YamlDocument | None,
    prepare: Prepare | None,
) -> tuple[Decision | None, list[Finding]]:
    candidate, findings = load_candidate(path, kind, document)
    if candidate is None:
        return None, findings
    referential = select_referential(candidate, referentials, invalid, unreadable)
    if isinstance(referential, Finding):
        return None, [referential]
    if prepare is not None:
        prepared = prepare(candidate.path, candidate.document, referential)
        if prepared:
            return None, prepared
    if kind == "vae":
        request, findings = read_vae(candidate, referential)
        return (decide_vae(referential, request) if request else None), findings
    if kind == "orientation":
        interview, findings = read_orientation(candidate, referential)
        return (decide_orientation(referential, interview) if interview else None), findings
    if kind in ("jury", "commission"):
        jury, findings = read_jury(candidate, referential, kind)
        return (decide_jury(referential, jury) if jury else None), findings
    raise ValueError(f"unknown decision kind {kind!r}")
