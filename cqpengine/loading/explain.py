"""YAML syntax errors explained at the mistake, in an editor's words.

PyYAML reports where it *noticed* a problem, which is often lines away from the mistake: an
unclosed quote is noticed where the next quote happens to be, a line indented one space too far
where the next key is, a missing ``-`` as a duplicate key. :func:`syntax_error` and
:func:`refine` look at the text around the place PyYAML gives and return a
:class:`~cqpengine.loading.marks.YamlLoadError` at the line and column of the mistake, saying
what to do; PyYAML's own words are kept only as a detail at the end.

Only :mod:`cqpengine.loading.yamlio` calls this module, and only once a file has failed to load; it
hands over its own loader, so this module does not import it back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from cqpengine.i18n import _
from cqpengine.loading.marks import YamlLoadError
from cqpengine.positions import Mark

#: Largest text scanned token by token to find an unclosed quote (a referential is a few dozen kilobytes).
MAX_SCANNED = 256 * 1024

_KEY = re.compile(r"^(\s*)(?:-\s+)?([^\s#'\"\-?:][^:#]*?|\"[^\"]*\"|'[^']*'):(\s|$)")
_ITEM = re.compile(r"^(\s*)-(\s|$)")


@dataclass(frozen=True)
class _Line:
    """One line of the file, 0-based number, with what it looks like."""

    number: int
    text: str

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))

    @property
    def content(self) -> bool:
        stripped = self.text.strip()
        return bool(stripped) and not stripped.startswith("#")

    @property
    def kind(self) -> str:
        if _ITEM.match(self.text):
            return "item"
        return "key" if _KEY.match(self.text) else "text"


def _pyyaml_words(exc: yaml.MarkedYAMLError) -> str:
    return ", ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"


def _error(line: int, column: int, advice: str, detail: str) -> YamlLoadError:
    message = _("{advice} (YAML: {detail})").format(advice=advice, detail=detail)
    return YamlLoadError("CQP001", message, Mark(line, column))


def _content_lines(lines: list[str], start: int, step: int) -> Any:
    index = start
    while 0 <= index < len(lines):
        line = _Line(index, lines[index])
        if line.content:
            yield line
        index += step


def _neighbour(lines: list[str], index: int, step: int) -> _Line | None:
    return next(iter(_content_lines(lines, index + step, step)), None)


def syntax_error(exc: yaml.MarkedYAMLError, text: str) -> YamlLoadError:
    """The finding for a file PyYAML could not parse, at the mistake when it can be found."""
    detail = _pyyaml_words(exc)
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return YamlLoadError("CQP001", _("invalid YAML: {detail}").format(detail=detail))
    lines = text.split("\n")
    last = len(lines)  # PyYAML may point one line past the end ("end of stream")
    if "nesting depth" not in detail:
        padded = [*lines, "", ""]
        for explain in (_tab, _unclosed_quote, _colon_or_indent, _no_key, _flow, _special_start, _indentation):
            found = explain(exc, text, padded, detail)
            if found is not None:
                return found if found.mark.line <= last else YamlLoadError(found.code, found.message, Mark(last, 1))
    message = _("invalid YAML: {detail}").format(detail=detail)
    return YamlLoadError("CQP001", message, Mark(mark.line + 1, mark.column + 1) if mark.line < last else Mark(last, 1))


def _tab(exc: yaml.MarkedYAMLError, text: str, lines: list[str], detail: str) -> YamlLoadError | None:
    """A tab in the indentation of a line: YAML indents with spaces only."""
    problem = exc.problem_mark.line if exc.problem_mark else len(lines) - 1
    candidates = range(problem + 1) if "tab" in detail else range(problem, problem + 1)
    for number in candidates:
        line = lines[number]
        leading = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in leading:
            return _error(
                number + 1,
                leading.index("\t") + 1,
                _("a tab is used to indent this line: YAML indents with spaces only; replace the tab with spaces"),
                detail,
            )
    mark = exc.problem_mark
    if mark is not None and lines[mark.line][mark.column : mark.column + 1] == "\t":
        return _error(
            mark.line + 1,
            mark.column + 1,
            _("a tab is used here: YAML separates the parts of a line with spaces only; replace it with a space"),
            detail,
        )
    return None


def _unclosed_quote(exc: yaml.MarkedYAMLError, text: str, lines: list[str], detail: str) -> YamlLoadError | None:
    """A quote opened and never closed: the text runs on until the next quote of the file."""
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        start = exc.context_mark
        return _quote_error(start.line, start.column, lines, detail)
    problem = exc.problem_mark
    if problem is None:
        return None
    head = "\n".join(lines[: problem.line + 1])
    if len(head) > MAX_SCANNED:
        return None
    loader = yaml.SafeLoader(head)
    try:
        token: Any = loader.get_token()  # type: ignore[no-untyped-call]
        while token is not None and token.start_mark.line <= problem.line:
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ("'", '"')
                and token.start_mark.line < token.end_mark.line
                and token.end_mark.line >= problem.line - 1
            ):
                return _quote_error(token.start_mark.line, token.start_mark.column, lines, detail)
            token = loader.get_token()  # type: ignore[no-untyped-call]
    except yaml.MarkedYAMLError:
        pass
    finally:
        loader.dispose()
    return None


def _quote_error(line: int, column: int, lines: list[str], detail: str) -> YamlLoadError:
    quote = lines[line][column] if column < len(lines[line]) else '"'
    return _error(
        line + 1,
        column + 1,
        _("the quote {quote} opened here is never closed: add the closing {quote} at the end of the text").format(
            quote=quote
        ),
        detail,
    )


def _colon_or_indent(exc: yaml.MarkedYAMLError, text: str, lines: list[str], detail: str) -> YamlLoadError | None:
    """``mapping values are not allowed here``: a " : " inside a text, or a line indented too far."""
    problem = exc.problem_mark
    if problem is None or not (exc.problem or "").startswith("mapping values are not allowed"):
        return None
    line = _Line(problem.line, lines[problem.line])
    before = line.text[: problem.column]
    key = _KEY.match(line.text)
    if key is not None and key.end(2) == problem.column:  # the colon after this line's first key
        above = _neighbour(lines, line.number, -1)
        if above is not None and above.indent < line.indent:
            return _error(
                line.number + 1,
                line.indent + 1,
                _(
                    "this line is indented more (indentation {spaces}) than the line above ({above}), so YAML "
                    "reads it as the end of the text above: indent it like the other keys of its level"
                ).format(spaces=line.indent, above=above.indent),
                detail,
            )
        return None
    if ":" not in before.strip():
        return None
    return _error(
        line.number + 1,
        problem.column + 1,
        _('this text holds " : ", which YAML reads as a new key: put the whole text in quotes, "…"'),
        detail,
    )


def _no_key(exc: yaml.MarkedYAMLError, text: str, lines: list[str], detail: str) -> YamlLoadError | None:
    """``could not find expected ':'``: a line of text that is neither ``key: value`` nor ``- item``."""
    if exc.context != "while scanning a simple key" or exc.context_mark is None:
        return None
    start = exc.context_mark
    return _error(
        start.line + 1,
        start.column + 1,
        _(
            "this line is neither 'key: value' nor a list item '- …': add the missing '- ' (or 'key: '), "
            "or indent it like the text it continues"
        ),
        detail,
    )


def _indentation(exc: yaml.MarkedYAMLError, text: str, lines: list[str], detail: str) -> YamlLoadError | None:
    """``expected <block end>``: a line (or the line before it) whose indentation is off."""
    problem = exc.problem_mark
    words = exc.problem or ""
    expected = ("expected <block end>", "did not find expected key", "did not find expected '-' indicator")
    if problem is None or not any(text_ in words for text_ in expected):
        return None
    here = _Line(problem.line, lines[problem.line])
    above = _neighbour(lines, here.number, -1)
    below = _neighbour(lines, here.number, 1)
    wrong, right = here, above
    if (
        above is not None
        and below is not None
        and above.kind == here.kind == below.kind
        and below.indent == here.indent != above.indent
    ):
        wrong, right = above, here  # the lines that follow agree with this one: the line above is off
    if right is None or wrong.indent == right.indent:
        return None
    return _error(
        wrong.number + 1,
        wrong.indent + 1,
        _(
            "this line's indentation ({spaces}) differs from that of the lines of the same level around it "
            "({other}): indent it like them"
        ).format(spaces=wrong.indent, other=right.indent),
        detail,
    )


def _flow(exc: yaml.MarkedYAMLError, text: str, lines: list[str], detail: str) -> YamlLoadError | None:
    """A ``[`` or ``{`` opened and never closed: a text that starts with one must be quoted."""
    if exc.context not in ("while parsing a flow sequence", "while parsing a flow mapping") or exc.context_mark is None:
        return None
    start = exc.context_mark
    bracket = "[" if "sequence" in exc.context else "{"
    return _error(
        start.line + 1,
        start.column + 1,
        _(
            "the {open} opened here is never closed: close it with {close}, or, if it is part of a text, "
            "put the whole text in quotes"
        ).format(open=bracket, close="]" if bracket == "[" else "}"),
        detail,
    )


def _special_start(exc: yaml.MarkedYAMLError, text: str, lines: list[str], detail: str) -> YamlLoadError | None:
    """A text starting with ``*``, ``&`` or a ``- `` where no list item can start: quote the text."""
    problem = exc.problem_mark
    words = exc.problem or ""
    if problem is None:
        return None
    if words.startswith("found undefined alias") or exc.context in (
        "while scanning an alias",
        "while scanning an anchor",
    ):
        mark = exc.context_mark or problem
        advice = _("a text that starts with * or & must be put in quotes")
    elif words.startswith("block sequence entries are not allowed"):
        mark = problem
        advice = _(
            "a list item '- ' cannot start here: put it on a line of its own, indented like the other items "
            "of its list, or put the text in quotes"
        )
    else:
        return None
    return _error(mark.line + 1, mark.column + 1, advice, detail)


def refine(error: YamlLoadError, text: str, loader_class: Callable[[str], Any]) -> YamlLoadError:
    """A loader error made clearer where possible: a duplicate key that is a missing ``-``.

    ``loader_class`` is the loader's own safe PyYAML loader, to read ``text`` again as it did.
    """
    if error.code != "CQP004":
        return error
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return error
    finally:
        loader.dispose()
    found = _missing_dash(root, None, error.mark.line - 1)
    if found is None:
        return error
    key_node, name, first_line = found
    return YamlLoadError(
        "CQP004",
        _(
            "a '-' seems missing at the start of this line: without it, this item's keys are read as more keys "
            "of the item above ({name!r} is there twice, lines {first} and {again}); start the line with '- ' "
            "like the other items"
        ).format(name=name, first=first_line, again=error.mark.line),
        Mark(key_node.start_mark.line + 1, key_node.start_mark.column + 1),
    )


def _missing_dash(node: Any, parent: Any, line: int, depth: int = 0) -> tuple[Any, str, int] | None:
    """The key that starts the item whose "-" is missing, when the duplicate at ``line`` is one."""
    if depth > 200:
        return None
    if isinstance(node, yaml.MappingNode):
        keys = [key for key, _value in node.value]
        names = [key.value if isinstance(key, yaml.ScalarNode) else None for key in keys]
        for later, key in enumerate(keys):
            if key.start_mark.line == line and names[later] in names[:later]:
                if not isinstance(parent, yaml.SequenceNode):
                    return None
                first = names.index(names[later])
                start = later - first
                if names[start : later + 1] != names[: first + 1]:
                    return None  # not the first keys of an item again: a true duplicate
                return keys[start], str(names[later]), keys[first].start_mark.line + 1
        children = [value for _key, value in node.value]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    else:
        return None
    for child in children:
        found = _missing_dash(child, node, line, depth + 1)
        if found is not None:
            return found
    return None


def explained(
    exc: yaml.MarkedYAMLError | YamlLoadError, text: str, loader_class: Callable[[str], Any]
) -> YamlLoadError:
    """The one entry point of the loader: any failure to load ``text``, explained where it can be."""
    if isinstance(exc, YamlLoadError):
        return refine(exc, text, loader_class)
    return syntax_error(exc, text)
