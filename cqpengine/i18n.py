"""Translations of the messages editors read: French under a French locale, English otherwise.

Messages are written in English in the code, each wrapped once in :func:`_` (one format string
per message, filled in with ``.format`` after translation). The French catalog is
``cqpengine/locale/fr/LC_MESSAGES/cqpengine.po``, extracted with Babel (``babel.cfg``) and
compiled to the ``cqpengine.mo`` beside it, which ships in the wheel. The language is read, like
gettext does, from ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``: French when the first
one set starts with ``fr`` (``LANG=fr_FR.UTF-8``). Rule codes are never translated.
"""

from __future__ import annotations

import functools
import gettext
import os
from pathlib import Path

DOMAIN = "cqpengine"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def language() -> str:
    """``fr`` or ``en``, from the first locale variable set (as gettext reads them)."""
    for variable in _VARIABLES:
        value = os.environ.get(variable)
        if value:
            return "fr" if value.split(":")[0].lower().startswith("fr") else "en"
    return "en"


@functools.cache
def _catalog(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """``message`` in the user's language (unchanged when it has no translation)."""
    return _catalog(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message for ``count``, in the user's language."""
    return _catalog(language()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it now (translated where it is shown)."""
    return message
