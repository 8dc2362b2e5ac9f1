"""Reading XML that comes from outside, safely: no DTD, no entity, bounded size, nesting and texts.

:func:`parse_xml` reads a file through :mod:`defusedxml`'s parser with document type declarations,
entity declarations and external references all refused (so no "billion laughs", no external
entity, no external DTD is ever expanded or fetched), reads at most :data:`MAX_XML_BYTES`, refuses
elements nested deeper than :data:`MAX_DEPTH` and texts longer than :data:`MAX_TEXT_CHARS`. The
tree is built as the file streams in: elements named ``prune`` that ``keep`` rejects are dropped
as soon as they end, so a large export with thousands of fiches holds only the wanted ones in
memory; what is held at once is bounded too (:data:`MAX_HELD_ELEMENTS`, :data:`MAX_HELD_CHARS`).
Every refusal is an :class:`~cqpengine.exchange.ExchangeError` naming ``file:line:column``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from cqpengine.exchange import ExchangeError
from cqpengine.exchange.reasons import parser_reason
from cqpengine.i18n import _

#: The largest XML file read (France compétences' whole export is a few hundred megabytes).
MAX_XML_BYTES = 1024 * 1024 * 1024
#: The deepest nesting accepted (a real fiche nests 6 levels).
MAX_DEPTH = 32
#: The longest text of one element, in characters (the longest text of a real fiche is a few pages).
MAX_TEXT_CHARS = 1024 * 1024
#: The most elements and text characters held at once (fiches being dropped as they end): a real
#: fiche has a few thousand elements and some hundred kilobytes of text.
MAX_HELD_ELEMENTS = 200_000
MAX_HELD_CHARS = 64 * 1024 * 1024
#: How much is fed to the parser at a time.
_CHUNK = 1024 * 1024
#: expat's own position suffix, dropped since the message starts with the position.
_POSITION_SUFFIX = re.compile(r": line [0-9]+, column [0-9]+$")


class _Refused(Exception):
    """A limit reached while parsing (raised from the builder, turned into an ExchangeError)."""


class _Builder:
    """A tree builder that bounds nesting and texts and drops unwanted ``prune`` elements as they end."""

    def __init__(self, prune: str | None, keep: Callable[[Element], bool] | None) -> None:
        self.root: Element | None = None
        self._stack: list[Element] = []
        self._texts: list[str] = []
        self._size = 0
        self._prune = prune
        self._keep = keep
        self._held_elements = 0
        self._held_chars = 0

    def _flush(self, element: Element | None) -> None:
        if element is not None and len(element) == 0 and self._texts:
            element.text = (element.text or "") + "".join(self._texts)
            self._held_chars += self._size
            if self._held_chars > MAX_HELD_CHARS:
                raise _Refused(_("more than {count} characters of text at once").format(count=MAX_HELD_CHARS))
        self._texts, self._size = [], 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if len(self._stack) >= MAX_DEPTH:
            raise _Refused(_("elements nested deeper than {depth} levels").format(depth=MAX_DEPTH))
        self._flush(self._stack[-1] if self._stack else None)
        self._held_elements += 1
        if self._held_elements > MAX_HELD_ELEMENTS:
            raise _Refused(_("more than {count} elements at once").format(count=MAX_HELD_ELEMENTS))
        element = Element(tag, attributes)
        if self._stack:
            self._stack[-1].append(element)
        else:
            self.root = element
        self._stack.append(element)

    def data(self, text: str) -> None:
        self._size += len(text)
        if self._size > MAX_TEXT_CHARS:
            raise _Refused(_("a text longer than {count} characters").format(count=MAX_TEXT_CHARS))
        self._texts.append(text)

    def end(self, tag: str) -> Element:
        element = self._stack.pop()
        self._flush(element)
        if tag == self._prune and self._keep is not None and self._stack and not self._keep(element):
            del self._stack[-1][-1]
            for dropped in element.iter():
                self._held_elements -= 1
                self._held_chars -= len(dropped.text or "")
        return element

    def close(self) -> Element | None:
        return self.root


def _refusal(path: Path, position: tuple[int, int], reason: str) -> ExchangeError:
    line, column = position
    return ExchangeError(
        _("{file}:{line}:{column}: XML refused: {reason}").format(file=path, line=line, column=column, reason=reason)
    )


def parse_xml(
    path: Path, *, prune: str | None = None, keep: Callable[[Element], bool] | None = None, max_bytes: int | None = None
) -> Element:
    """The root element of the XML file ``path``, read safely (see the module's docstring)."""
    limit = MAX_XML_BYTES if max_bytes is None else max_bytes
    builder = _Builder(prune, keep)
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    expat = parser.parser

    def position() -> tuple[int, int]:
        return expat.CurrentLineNumber, expat.CurrentColumnNumber + 1

    too_big = ExchangeError(
        _("{file}: larger than {size} MB: refusing to read it").format(file=path, size=limit // (1024 * 1024))
    )
    read = 0
    try:
        with path.open("rb") as stream:
            if os.fstat(stream.fileno()).st_size > limit:
                raise too_big
            while chunk := stream.read(_CHUNK):
                read += len(chunk)
                if read > limit:  # a file that grows while it is read
                    raise too_big
                parser.feed(chunk)
            parser.close()
    except ExchangeError:
        raise
    except OSError as error:
        raise ExchangeError(
            _("cannot read {file}: {reason}").format(file=path, reason=error.strerror or error)
        ) from None
    except DTDForbidden:
        raise _refusal(path, position(), _("it declares a document type (<!DOCTYPE>), which is never read")) from None
    except EntitiesForbidden:
        raise _refusal(path, position(), _("it declares an entity (<!ENTITY>), which is never expanded")) from None
    except ExternalReferenceForbidden:
        raise _refusal(path, position(), _("it refers to an external resource, which is never fetched")) from None
    except _Refused as refused:
        raise _refusal(path, position(), str(refused)) from None
    except ParseError as error:
        reason = _POSITION_SUFFIX.sub("", str(error))
        message = _("malformed XML: {reason}").format(reason=parser_reason(reason))
        raise _refusal(path, error.position, message) from None
    except (LookupError, UnicodeError, ValueError) as error:  # an unknown or wrong declared encoding
        raise _refusal(path, position(), _("unreadable encoding: {reason}").format(reason=error)) from None
    root = builder.close()
    if root is None:  # pragma: no cover - expat refuses a document without an element first
        raise _refusal(path, position(), _("no element"))
    return root


def child_text(element: Element, tag: str) -> str:
    """The text of ``element``'s first child named ``tag``, stripped ('' when absent)."""
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""
