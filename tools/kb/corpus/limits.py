"""Limits that keep the work for any one file bounded, reported as path:line errors.

The Markdown engine (Python-Markdown, under MkDocs) recurses once per level of nesting and
rescans the rest of a paragraph for every bracket it cannot close, so a small hostile body
could crash the whole build (RecursionError) or stall it for minutes. Bodies are checked
here, before any engine sees them, against limits far above anything real content needs
(the shipped corpus: bodies under 6,000 characters, nesting of 2, lists of at most 9
entries, names under 30 characters). A record over a limit is left out of the site, like a
file that cannot be read. The values are documented in docs/contribute/fields.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Diagnostic, Document

#: Characters in a record's body (after the frontmatter): about 15,000 words.
MAX_BODY_CHARS = 100_000
#: Levels of lists, block quotes, indentation and HTML elements around any one line.
MAX_NESTING = 20
#: Definitions in one run without a blank line (the engine nests each in the previous one).
MAX_DEFINITIONS = 50
#: '[', '(' and '<' left unclosed in a body (the engine rescans the text after each).
MAX_UNCLOSED = 20
#: Entries in any one list field (speakers, contributors, themes, aliases, sources, ...).
MAX_LIST_ENTRIES = 200
#: Characters in a person's name or alias, wherever it is written.
MAX_NAME_CHARS = 100

#: Codes of the limits on a record; a record with one is left out of the site.
LIMIT_CODES = frozenset({"body-too-large", "too-deeply-nested", "unclosed-brackets",
                         "too-many-entries", "name-too-long"})

#: Container markers at the start of a line: '>', '- ', '* ', '+ ', '1. ', '1) '.
_MARKER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))")
#: An HTML tag; not an autolink such as <https://example.org> or <someone@example.org>.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_DEFINITION = re.compile(r" {0,3}:[ \t]")
#: Escapes, brackets, parentheses, the start of a tag and its end.
_BRACKET = re.compile(r"\\.|[\[\]()>]|<(?=[A-Za-z/!?])|\n[ \t]*\n", re.S)


def check_body_limits(doc: Document) -> list[Diagnostic]:
    """Errors for a body over a limit: size, nesting, definitions, unclosed brackets."""
    body = doc.body
    if len(body) > MAX_BODY_CHARS:
        return [_error(doc, 0, "body-too-large",
                       f"the text after the frontmatter has {len(body):,} characters, over "
                       f"the limit of {MAX_BODY_CHARS:,}; split it into several records or "
                       "shorten it")]
    found = [*_nesting(doc)] if may_be_nested(body) else []
    if may_be_unclosed(body):
        found += _unclosed(doc)
    return found


#: What a line's nesting is made of: indentation, quote and list markers (each level takes at
#: least one of these characters; a tab is at most one level of indentation).
_PREFIX_CHARS = r"[ \t>*+\-\d.)]"


def may_be_nested(body: str) -> bool:
    """Whether :func:`_nesting` could find anything: a cheap bound, in C, that clears ordinary
    bodies (no line's prefix plus every tag in the body reaches the limit, and there are not
    enough definition lines for a run)."""
    if body.count(":") > MAX_DEFINITIONS:
        return True
    room = MAX_NESTING - body.count("<")  # a line needs a prefix longer than this
    return room < 0 or re.search(f"^{_PREFIX_CHARS}{{{room + 1}}}", body, re.M) is not None


def may_be_unclosed(body: str) -> bool:
    """Whether :func:`_unclosed` could find anything (a cheap bound on its counts)."""
    opened = body.count("[")
    return opened > MAX_NESTING or opened + body.count("(") + body.count("<") > MAX_UNCLOSED


def too_many_entries(path: str, line: int, name: str, count: int) -> Diagnostic:
    """The error for a list field with more than :data:`MAX_LIST_ENTRIES` entries."""
    return Diagnostic(path, line, "error", "too-many-entries",
                      f"'{name}' has {count:,} entries, over the limit of {MAX_LIST_ENTRIES}; "
                      "keep the main ones, or split the record")


def check_name_length(path: str, line: int, name: str) -> Diagnostic | None:
    """An error when a person's name or alias is over :data:`MAX_NAME_CHARS` characters."""
    if len(name) <= MAX_NAME_CHARS:
        return None
    return Diagnostic(path, line, "error", "name-too-long",
                      f"a person's name or alias has {len(name):,} characters, over the "
                      f"limit of {MAX_NAME_CHARS}; write the name as people use it, and put "
                      "roles or descriptions in 'role' or 'description'")


def _error(doc: Document, offset: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(doc.path, doc.body_line + doc.body.count("\n", 0, offset), "error",
                      code, message)


def _nesting(doc: Document) -> Iterator[Diagnostic]:
    """The first line nested deeper than :data:`MAX_NESTING`, and the first run of more than
    :data:`MAX_DEFINITIONS` definitions (one error each, at most)."""
    html = offset = definitions = 0
    deep = long_run = False
    for line in doc.body.split("\n"):
        html, widest = _html_depth(line, html)
        level = widest + _markers(line) + _indent(line) // 4
        if level > MAX_NESTING and not deep:
            deep = True
            yield _error(doc, offset, "too-deeply-nested",
                         f"this line is nested {level} levels deep (lists, quotes, indentation "
                         f"and HTML elements), over the limit of {MAX_NESTING}; flatten it")
        definitions = definitions + 1 if _DEFINITION.match(line) else (
            0 if not line.strip() else definitions)
        if definitions > MAX_DEFINITIONS and not long_run:
            long_run = True
            yield _error(doc, offset, "too-deeply-nested",
                         f"more than {MAX_DEFINITIONS} definitions (lines starting with ': ') "
                         "follow each other without a blank line; put blank lines between "
                         "the terms")
        offset += len(line) + 1


def _markers(line: str) -> int:
    count, at = 0, 0
    while (found := _MARKER.match(line, at)) is not None and found.end() > at:
        count, at = count + 1, found.end()
    return count


def _indent(line: str) -> int:
    stripped = line.lstrip(" \t")
    lead = line[:len(line) - len(stripped)]
    return len(lead.expandtabs(4))


def _html_depth(line: str, depth: int) -> tuple[int, int]:
    """The HTML element depth after ``line`` and the deepest it reached on it."""
    widest = depth
    if "<" not in line:
        return depth, widest
    for tag in _TAG.finditer(line):
        closing, name, selfclosing = tag.group(1), tag.group(2).lower(), tag.group(3)
        if closing:
            depth = max(depth - 1, 0)
        elif name not in _VOID and not selfclosing:
            depth += 1
            widest = max(widest, depth)
    return depth, widest


def _unclosed(doc: Document) -> Iterator[Diagnostic]:
    """An error when more than :data:`MAX_UNCLOSED` brackets, parentheses or tags are left
    open (brackets and parentheses within their paragraph, tags anywhere), or brackets nest
    more than :data:`MAX_NESTING` deep."""
    squares: list[int] = []
    rounds: list[int] = []
    unclosed: list[int] = []
    tag: int | None = None
    deepest = 0
    for found in _BRACKET.finditer(doc.body):
        char, at = found.group(), found.start()
        if char == "[":
            squares.append(at)
            deepest = max(deepest, len(squares))
            if deepest > MAX_NESTING:
                yield _error(doc, at, "too-deeply-nested",
                             f"square brackets nest more than {MAX_NESTING} deep here; remove "
                             "the extra brackets or write them as '\\['")
                return
        elif char == "(":
            rounds.append(at)
        elif char in "])":
            stack = squares if char == "]" else rounds
            if stack:
                stack.pop()
        elif char == "<":
            if tag is not None:
                unclosed.append(tag)
            tag = at
        elif char == ">":
            tag = None
        elif char[0] == "\n":  # a blank line ends a paragraph and what it left open
            unclosed += squares + rounds
            squares, rounds = [], []
    unclosed += squares + rounds + ([tag] if tag is not None else [])
    if len(unclosed) > MAX_UNCLOSED:
        first = sorted(unclosed)[MAX_UNCLOSED]
        yield _error(doc, first, "unclosed-brackets",
                     f"{len(unclosed):,} brackets '[', parentheses '(' or tags '<' are never "
                     f"closed in this text, over the limit of {MAX_UNCLOSED} (this is the first "
                     "over it); close them, or write them as '\\[', '\\(' or '&lt;'")
