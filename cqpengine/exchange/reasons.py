"""The parsers' own reasons (Python's JSON decoder, expat), as the person reading the message reads them.

``json`` and expat explain a malformed file in English; a message in French must not end in English,
so each reason they are known to give has a msgid here, translated in the catalog. A reason not
listed (a newer Python's wording) is shown as the parser gave it.
"""

from __future__ import annotations

from cqpengine.i18n import N_, _

_REASONS = frozenset(
    {
        # json.decoder
        N_("Expecting value"),
        N_("Expecting property name enclosed in double quotes"),
        N_("Expecting ':' delimiter"),
        N_("Expecting ',' delimiter"),
        N_("Unterminated string starting at"),
        N_("Invalid control character at"),
        N_("Invalid \\escape"),
        N_("Invalid \\uXXXX escape"),
        N_("Extra data"),
        N_("Illegal trailing comma before end of object"),
        N_("Illegal trailing comma before end of array"),
        # expat (xml.parsers.expat.errors)
        N_("syntax error"),
        N_("no element found"),
        N_("not well-formed (invalid token)"),
        N_("unclosed token"),
        N_("partial character"),
        N_("mismatched tag"),
        N_("duplicate attribute"),
        N_("junk after document element"),
        N_("undefined entity"),
        N_("unclosed CDATA section"),
        N_("unbound prefix"),
        N_("XML or text declaration not at start of entity"),
        N_("encoding specified in XML declaration is incorrect"),
        N_("reference to invalid character number"),
    }
)


def parser_reason(reason: str) -> str:
    """``reason`` in the messages' language when it is one the parsers are known to give, else as is."""
    return _(reason) if reason in _REASONS else reason
