""" "Did you mean": the closest known ids to one an editor typed, or the list when there are few."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from cqpengine.i18n import _

#: Up to this many known ids, all are listed when none is close.
LIST_AT_MOST = 8


def closest(word: str, known: Iterable[str], count: int = 3) -> list[str]:
    """The known ids closest to ``word`` (case-insensitive), best first."""
    candidates = sorted(set(known))
    folded = {candidate.lower(): candidate for candidate in candidates}
    return [folded[match] for match in difflib.get_close_matches(word.lower(), list(folded), n=count, cutoff=0.6)]


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """`` (did you mean 'X'?)``, `` (known: A, B)`` when few and none close, or nothing."""
    candidates = sorted(set(known) - {word})
    matches = closest(word, candidates)
    if matches:
        return _(" (did you mean {ids}?)").format(ids=_(" or ").join(repr(match) for match in matches))
    if candidates and len(candidates) <= LIST_AT_MOST:
        return _(" (known: {ids})").format(ids=", ".join(candidates))
    return ""
