"""Parse YAML safely, keeping the line of every key and item.

Contributors' YAML is read with PyYAML's C parser (libyaml) and turned into plain Python
values by our own builder, so that nothing but text, numbers, dates, lists and mappings can
come out of it. Hostile input is refused in bounded time and memory, never with a traceback
or a crash: tags that would construct objects, alias bombs, aliases inside themselves, and
nesting deep enough to overflow libyaml's recursive composer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from sys import intern
from typing import Any, Protocol, cast

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..model import Diagnostic

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C is several times faster

#: Values that anchors and aliases may expand to; beyond it is an alias bomb, not content.
MAX_NODES = 50_000
#: Characters that aliases may add by repeating text (``&a`` on a long text, then ``*a``
#: many times): beyond it the expansion, not the file, would fill memory.
MAX_ALIAS_CHARS = 1_000_000
#: Lists and mappings inside each other; content needs five or six levels.
MAX_DEPTH = 50
#: Below this nesting, libyaml's recursive composer is safe even on a thread with a 128 KiB
#: stack (each level takes some 400 bytes of C stack; 200 levels fit, 400 do not).
_SAFE_NESTING = 150
#: Longer scalars stay text: numbers like 1:0:0:...:0 (base 60) take quadratic time to convert.
_MAX_SCALAR = 64

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
_SCALAR_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
#: Implicit resolutions that only mean something to other YAML tools; for us they are text.
_AS_TEXT = frozenset({_TAG + "value", _TAG + "merge", _TAG + "yaml"})
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")
#: Characters YAML refuses to read (C0/C1 controls other than tab and line breaks, ...).
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _resolvers() -> dict[str, tuple[tuple[str, re.Pattern[str]], ...]]:
    table = yaml.resolver.Resolver.yaml_implicit_resolvers
    return {first: tuple(pairs) for first, pairs in table.items() if first is not None}


class _Loader(_Base):
    """The safe loader with a faster resolver: the same tags, found with less work.

    The parser calls ``resolve`` for every value and ``descend_resolver``/``ascend_resolver``
    around every node, for "path resolvers" that the safe loader never has. Those two become
    C built-ins that accept the same arguments and do nothing, which is cheaper than calling
    the Python methods that return at once.
    """

    _first = _resolvers()
    descend_resolver = staticmethod(slice)  # slice(parent, index): discarded
    ascend_resolver = staticmethod(tuple)  # tuple(): discarded

    if _Base is not yaml.SafeLoader:  # libyaml: set up the parser only; nothing is constructed

        def __init__(self, stream: str) -> None:
            yaml.cyaml.CParser.__init__(self, stream)  # type: ignore[attr-defined]

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in self._first.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


class _Refused(Exception):
    """Internal: stop building a document; carries the diagnostic to report."""

    def __init__(self, line: int, code: str, message: str) -> None:
        super().__init__(message)
        self.line, self.code, self.message = line, code, message


Lines = dict[tuple[Any, ...], int]


def parse_yaml(text: str, rel: str, offset: int) -> tuple[Any, Lines] | Diagnostic:
    """Parse YAML safely into plain values, remembering the line of every key and item.

    ``offset`` is the number of file lines before ``text`` starts (the opening ``---``).
    Tags beyond YAML's standard ones are refused without constructing anything. Returns the
    first problem when there is any; :func:`parse_yaml_all` returns them all.
    """
    parsed = parse_yaml_all(text, rel, offset)
    if isinstance(parsed, Diagnostic):
        return parsed
    value, lines, problems = parsed
    return problems[0] if problems else (value, lines)


def parse_yaml_all(text: str, rel: str, offset: int, base: tuple[Any, ...] = ()
                   ) -> tuple[Any, dict[tuple[Any, ...], int], list[Diagnostic]] | Diagnostic:
    """Like :func:`parse_yaml`, also returning problems that do not stop the reading
    (a field given twice); line keys start with ``base``."""
    positions = _Positions(text, offset)
    try:
        _check_nesting(text, positions)
        node = yaml.compose(text, Loader=_Loader)
    except _Refused as exc:
        return _err(rel, exc.line, exc.code, exc.message)
    except yaml.MarkedYAMLError as exc:
        # libyaml may refuse deep nesting itself (6.0.4's does, at 1,000 levels, as a syntax
        # error): whatever it says, nesting beyond ours is reported as ours, at the same line.
        deep = _too_deep(text, positions)
        if deep is not None:
            return _err(rel, deep.line, deep.code, deep.message)
        return _yaml_error(exc, rel, positions)
    except yaml.YAMLError:  # a reader error: a character YAML does not allow
        return _bad_character(text, rel, positions)
    except (ValueError, OverflowError):  # the pure-Python parser, on an escape like \UFFFFFFFF
        return _err(rel, offset + 1, "yaml-syntax", "the YAML could not be read: an escape "
                    "such as \\U or \\x names no character; write the character itself")
    except RecursionError:  # only the pure-Python parser recurses in Python
        return _err(rel, offset + 1, "yaml-too-complex", _TOO_DEEP)
    lines: dict[tuple[Any, ...], int] = {}
    if node is None:
        return None, lines, []
    builder = _Builder(positions, lines, rel)
    try:
        lines[base] = positions.line(node.start_mark)
        value = builder.build(node, base, 0, False)
    except _Refused as exc:
        return _err(rel, exc.line, exc.code, exc.message)
    return value, lines, builder.diagnostics


_TOO_DEEP = (f"the YAML has lists or mappings nested more than {MAX_DEPTH} deep, which content "
             "never needs; check the indentation and the brackets")


def _check_nesting(text: str, positions: _Positions) -> None:
    """Refuse nesting deep enough to overflow libyaml's recursive composer (a crash, not an
    exception). A cheap upper bound clears ordinary files; others are scanned event by event."""
    if len(text) <= _SAFE_NESTING:
        return  # every level takes at least one character
    # Flow collections need a bracket each. Block collections still open on a line start at
    # or left of its indent, at most two per column (a mapping and a list under a key), plus
    # those the line itself opens: one per '- ' or '? ' (as in '- - x') and a mapping.
    flows = text.count("[") + text.count("{")
    widest = max(map(len, text.split("\n")))
    spare = _SAFE_NESTING - flows - widest // 2 - 2
    deep = " " * max(spare // 2, 0)  # an indent that would take the bound over
    if spare >= 2 and not text.startswith(deep) and "\n" + deep not in text:
        return
    refused = _beyond_limit(yaml.parse(text, Loader=_Loader), positions)
    if refused is not None:
        raise refused


def _beyond_limit(events: Iterable[yaml.Event], positions: _Positions) -> _Refused | None:
    """The refusal for the first collection nested beyond :data:`MAX_DEPTH`, if any."""
    depth = 0
    for event in events:
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line = positions.line(mark) if mark is not None else positions.offset + 1
                return _Refused(line, "yaml-too-complex", _TOO_DEEP)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _too_deep(text: str, positions: _Positions) -> _Refused | None:
    """The refusal for nesting beyond :data:`MAX_DEPTH`, when the text reaches it before any
    other problem, found with PyYAML's pure-Python parser: it keeps its own stack (no
    recursion) and has no nesting limit of its own, so the answer does not depend on the
    libyaml that is installed. Called only after libyaml has failed."""
    try:
        return _beyond_limit(yaml.parse(text, Loader=yaml.SafeLoader), positions)
    except (yaml.YAMLError, ValueError, OverflowError):
        # another problem comes first: libyaml's own message stands. (The pure-Python
        # scanner raises ValueError or OverflowError on an escape such as "\U99999999".)
        return None


class _Mark(Protocol):
    """A position in the YAML text, from the C or the pure-Python parser."""

    line: int
    column: int
    index: int


class _Positions:
    """File lines and columns of YAML marks.

    YAML also breaks lines at U+0085, U+2028 and U+2029, which editors do not; when the text
    has them, lines are counted from the character index instead of the mark's line.
    """

    def __init__(self, text: str, offset: int) -> None:
        self.text = text
        self.offset = offset
        self.odd = not text.isascii() and _ODD_BREAKS.search(text) is not None

    def line(self, mark: _Mark) -> int:
        if not self.odd:
            return mark.line + 1 + self.offset
        return self.line_of(mark.index)

    def column(self, mark: _Mark) -> int:
        if not self.odd:
            return mark.column + 1
        return self.column_of(mark.index)

    def line_of(self, index: int) -> int:
        """The file line of a character index into the YAML text."""
        return self.text.count("\n", 0, index) + 1 + self.offset

    def text_of_line(self, line: int) -> str:
        """The text of a file line (for hints), if it is in the YAML."""
        lines = self.text.split("\n")
        index = line - 1 - self.offset
        return lines[index] if 0 <= index < len(lines) else ""

    def column_of(self, index: int) -> int:
        return index - (self.text.rfind("\n", 0, index) + 1) + 1


class _Builder:
    """Turn a composed YAML node graph into Python values, recording lines, within budgets.

    Aliases make the graph share nodes; every node built again through an alias counts
    against :data:`MAX_NODES`, and a node found inside itself is refused.
    """

    def __init__(self, positions: _Positions, lines: dict[tuple[Any, ...], int], rel: str) -> None:
        self.positions = positions
        self.anchored = "&" in positions.text
        self.lines = lines
        self.rel = rel
        self.budget = MAX_NODES
        self.chars = MAX_ALIAS_CHARS
        self.seen: set[int] = set()
        self.inside: set[int] = set()
        self.placed: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()
        self.diagnostics: list[Diagnostic] = []
        #: Added to a mark's 0-based line to give the file line; 0 when marks cannot be trusted.
        self.base = 0 if positions.odd else positions.offset + 1

    def build(self, node: yaml.Node, path: tuple[Any, ...], depth: int, shared: bool) -> Any:
        if shared:
            self.budget -= 1
            if self.budget < 0:
                raise _Refused(self.positions.line(node.start_mark), "yaml-too-complex",
                               f"the YAML expands to more than {MAX_NODES:,} values (anchors "
                               "and aliases repeated inside each other); write the values out "
                               "plainly")
        cls = node.__class__
        if cls is ScalarNode:
            if shared:
                self._charge(node)
            if node.tag == _STR:
                return node.value
            return self._scalar(cast(ScalarNode, node))
        return self._collection(node, path, depth, shared)

    def _charge(self, node: yaml.Node) -> None:
        """Count the characters of a text repeated through an alias against the budget."""
        self.chars -= len(node.value)
        if self.chars < 0:
            raise _Refused(self.positions.line(node.start_mark), "yaml-too-complex",
                           f"anchors and aliases repeat text to more than {MAX_ALIAS_CHARS:,} "
                           "characters; write the values out plainly")

    def _scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag in _AS_TEXT:
            return node.value
        if tag not in _SCALAR_TAGS:
            raise self._tag_refused(node)
        if len(node.value) > _MAX_SCALAR:
            return node.value  # no number or date is this long; converting could take minutes
        try:
            value = self.constructor.yaml_constructors[tag](self.constructor, node)
        except Exception:  # noqa: BLE001 - any scalar that will not convert stays text
            return node.value  # e.g. 2016-02-30, 0x_ or !!bool maybe: validation explains
        if isinstance(value, dt.datetime):
            return value.date()
        return value

    def _collection(self, node: yaml.Node, path: tuple[Any, ...], depth: int, shared: bool) -> Any:
        if not self.anchored:  # no '&' in the text: no node can be reached twice
            if depth >= MAX_DEPTH:
                raise _Refused(self._line(node), "yaml-too-complex", _TOO_DEEP)
            return self._contents(node, path, depth, False)
        key = id(node)
        if key in self.inside:
            raise _Refused(self.positions.line(node.start_mark), "yaml-too-complex",
                           "an alias (*name) is used inside the very value its anchor (&name) "
                           "marks, so the value would never end; write the values out plainly")
        if depth >= MAX_DEPTH:
            raise _Refused(self.positions.line(node.start_mark), "yaml-too-complex", _TOO_DEEP)
        if key in self.seen:
            shared = True
        self.seen.add(key)
        self.inside.add(key)
        result = self._contents(node, path, depth, shared)
        self.inside.discard(key)
        return result

    def _contents(self, node: yaml.Node, path: tuple[Any, ...], depth: int, shared: bool) -> Any:
        if node.__class__ is MappingNode and node.tag == _MAP:
            return self._mapping(node, path, depth + 1, shared)
        if node.__class__ is SequenceNode and node.tag == _SEQ:
            return self._sequence(node, path, depth + 1, shared)
        raise self._tag_refused(node)

    def _line(self, node: yaml.Node) -> int:
        return self.positions.line(node.start_mark)

    # The two loops below inline the common case (a plain-text value, a plain line count);
    # they run once per value of every file.
    def _sequence(self, node: SequenceNode, path: tuple[Any, ...], depth: int,
                  shared: bool) -> list[Any]:
        lines, build, base = self.lines, self.build, self.base
        result = []
        for i, item in enumerate(node.value):
            child = (*path, i)
            lines[child] = item.start_mark.line + base if base else self._line(item)
            again = self.anchored and self._again(item)
            if again:
                lines[child] = lines[path]  # an alias: its own position is not kept
            if not (shared or again) and item.__class__ is ScalarNode and item.tag == _STR:
                result.append(item.value)
            else:  # an alias counts against the budgets, like everything inside one
                result.append(build(item, child, depth, shared or again))
        return result

    def _mapping(self, node: MappingNode, path: tuple[Any, ...], depth: int,
                 shared: bool) -> dict[Any, Any]:
        lines, build, base = self.lines, self.build, self.base
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + base if base else self._line(key_node)
            if key_node.__class__ is ScalarNode and (shared or (
                    self.anchored and self._again(key_node))):
                self._charge(key_node)  # a key repeated through an alias
            if key_node.__class__ is ScalarNode and key_node.tag == _STR:
                key: str | None = intern(key_node.value)  # the same few names in every file
            else:
                key = self._key(key_node, key_line)
            if key is None:
                continue
            child = (*path, key)
            if key in result:
                self._duplicate(key, key_line, lines[child])
                continue
            lines[child] = key_line
            again = self.anchored and self._again(value_node)
            if not (shared or again) and value_node.__class__ is ScalarNode and (
                    value_node.tag == _STR):
                result[key] = value_node.value
            else:
                result[key] = build(value_node, child, depth, shared or again)
        return result

    def _again(self, node: yaml.Node) -> bool:
        """Whether ``node`` was placed before, which makes this place an alias of it."""
        key = id(node)
        if key in self.placed:
            return True
        self.placed.add(key)
        return False

    def _key(self, node: yaml.Node, line: int) -> str | None:
        """The text of a key, or None (after reporting) when it cannot be a field name."""
        if node.tag == _TAG + "merge":
            self._problem(line, "yaml-merge",
                          "merge keys ('<<') are not supported; write the fields out")
            return None
        if node.__class__ is not ScalarNode:
            self._problem(line, "yaml-key", "a field name must be plain text, not a list or "
                                            "mapping; check for a stray '?', '[' or '{'")
            return None
        if node.tag not in _SCALAR_TAGS and node.tag not in _AS_TEXT:
            raise self._tag_refused(node)
        return str(node.value)

    def _duplicate(self, key: str, line: int, first: int) -> None:
        self._problem(line, "duplicate-key", f"the field '{key}' is given twice (first on line "
                                             f"{first}); merge the two into one")

    def _problem(self, line: int, code: str, message: str) -> None:
        self.diagnostics.append(_err(self.rel, line, code, message))

    def _tag_refused(self, node: yaml.Node) -> _Refused:
        tag = str(node.tag)
        shown = "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
        return _Refused(self.positions.line(node.start_mark), "yaml-tag",
                        f"the tag '{shown}' is not allowed: only plain text, numbers, "
                        "dates, lists and mappings; remove the '!' tag")


#: Problems found only after the real mistake, which the context mark points at.
_FOUND_LATE = ("could not find expected ':'", "found unexpected end of stream",
               "did not find expected ',' or ']'", "did not find expected ',' or '}'")


def _yaml_error(exc: yaml.MarkedYAMLError, rel: str, positions: _Positions) -> Diagnostic:
    problem = (exc.problem or "").strip()
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and problem in _FOUND_LATE:
        mark = exc.context_mark
    line = positions.line(mark) if mark is not None else positions.offset + 1
    column = positions.column(mark) if mark else 0
    text = positions.text_of_line(line) if mark else ""
    hint = _yaml_hint(problem, exc.context or "", text)
    return _err(rel, line, "yaml-syntax",
                f"the YAML could not be read at column {column}: {problem}; {hint}")


def _bad_character(text: str, rel: str, positions: _Positions) -> Diagnostic:
    found = _NOT_PRINTABLE.search(text)
    if found is None:  # pragma: no cover - reader errors are about characters
        return _err(rel, positions.offset + 1, "yaml-syntax", "the YAML could not be read")
    index = found.start()
    line, column = positions.line_of(index), positions.column_of(index)
    return _err(rel, line, "yaml-character",
                f"column {column} holds the invisible control character "
                f"U+{ord(found.group()):04X}, which YAML does not allow; delete it (such "
                "characters often come with text copied from PDFs or word processors)")


def _yaml_hint(problem: str, context: str, line: str) -> str:
    if "\t" in line[:len(line) - len(line.lstrip())] or "found character '\\t'" in problem:
        return "replace the tab characters at the start of the line with spaces"
    if "mapping values are not allowed" in problem:
        return ("a value contains ': ' (a colon and a space); put the whole value in double "
                "quotes, e.g. 'title: \"Bristol: predictive analytics\"'")
    if "expected <block end>" in problem or "expected key" in problem or "expected key" in context:
        return ("check the indentation: every field starts at the same column and list items "
                "under a field are indented with '  - ' (spaces, never tabs)")
    if "could not find expected ':'" in problem:
        return "each field needs a colon and a space after its name, e.g. 'title: My title'"
    if "found unexpected end of stream" in problem or "quote" in problem:
        return "a quoted value is missing its closing quote"
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        closing = "]" if "]" in problem else "}"
        return (f"the list or mapping that starts here is missing a comma or its closing "
                f"'{closing}'; a value with a comma or bracket in it needs double quotes")
    return "compare the line with the examples in the field reference (docs/contribute/fields.md)"


def _err(path: str, line: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, "error", code, message)
