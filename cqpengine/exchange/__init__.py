"""Exchanging referentials with other systems: RNCP fiches, CASE 1.1 packages, Moodle frameworks.

Each module turns the typed model (:class:`~cqpengine.model.Referential`) into another format or
reads one back into a referential's YAML text: :mod:`.rncp` (France compétences' ``FICHES`` flux,
v4.1), :mod:`.case` (1EdTech CASE 1.1 ``CFPackage``), :mod:`.moodle` (the competency framework CSV
of Moodle's ``tool_lpimportcsv``). Nothing here prints or knows the command line: a bad input is an
:class:`ExchangeError` (a usage error, exit 2) whose message is one line in the user's language.
"""

from __future__ import annotations

from cqpengine.errors import UsageError


class ExchangeError(UsageError, ValueError):
    """An input that cannot be read or a referential that cannot be exported: one line for the user."""
