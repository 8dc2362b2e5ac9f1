"""Translations of the messages editors read: French under a French locale, English otherwise.

Messages are written in English in the code, each wrapped once in :func:`_` (one format string
per message, filled in with ``.format`` after translation). The French catalog is
``cqpengine/locale/fr/LC_MESSAGES/cqpengine.po``, extracted with Babel (``babel.cfg``) and
compiled to the ``cqpengine.mo`` beside it, which ships in the wheel. The language is read, like
gettext does, from ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``: French when the first
one set starts with ``fr`` (``LANG=fr_FR.UTF-8``). Rule codes are never translated.

click's own words (``Usage:``, ``Error:``, ``Invalid value for …``, ``Show this message and exit.``)
come from click through the standard ``gettext.gettext``, that is from gettext's default domain:
:func:`translate_click` makes it ``cqpengine-click``, a French catalog of click's messages beside
the first (``cqpengine/locale/fr/LC_MESSAGES/cqpengine-click.po``, extracted from click's sources).
"""

from __future__ import annotations

import functools
import gettext
import os
from pathlib import Path

DOMAIN = "cqpengine"
#: The catalog of click's own messages (see :func:`translate_click`).
CLICK_DOMAIN = "cqpengine-click"
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


def translate_click() -> None:
    """Translate click's own messages too: gettext's default domain becomes :data:`CLICK_DOMAIN`.

    click calls ``gettext.gettext``, which looks in the default domain, the locale variables read
    as :func:`language` reads them. Only libraries that use that default domain are concerned
    (click, and argparse, whose messages the catalog does not hold and leaves as they are).
    """
    gettext.bindtextdomain(CLICK_DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(CLICK_DOMAIN)
