"""Stage 1: find files, check their encoding, split frontmatter, parse YAML keeping lines.

Nothing here raises for anything a contributor can write: every problem becomes a
:class:`~kb.model.Diagnostic`, and the caller decides what to do.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from .model import Diagnostic, Document

try:  # The C parser is several times faster; the pure-Python one gives the same nodes.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_RECORD_BYTES = 1024 * 1024
MAX_REGISTRY_BYTES = 8 * 1024 * 1024
#: Values a document may expand to (after aliases); beyond it is an alias bomb, not content.
MAX_NODES = 50_000

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
_FENCE = re.compile(r"---[ \t]*\r?$")
_CLOSE = re.compile(r"(---|\.\.\.)[ \t]*\r?$")

FRONTMATTER_EXAMPLE = "---\\ntitle: My case study\\nkind: case-study\\n---"


class _Refused(Exception):
    """Internal: stop building a document; carries the diagnostic to report."""

    def __init__(self, line: int, code: str, message: str) -> None:
        super().__init__(message)
        self.line, self.code, self.message = line, code, message


def read_text(path: Path, rel: str, limit: int) -> tuple[str | None, list[Diagnostic]]:
    """Read a file as UTF-8 (a BOM is allowed), refusing oversized or undecodable files."""
    try:
        size = path.stat().st_size
        if size > limit:
            return None, [_err(rel, 0, "file-too-large",
                               f"the file is {size:,} bytes, over the limit of {limit:,} bytes; "
                               "split it or move large material (images, data) out of it")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [_err(rel, 0, "unreadable", f"the file could not be read: {exc.strerror}")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [_err(rel, line, "not-utf8",
                           f"the file is not UTF-8: byte {exc.start} (0x{raw[exc.start]:02x}) "
                           "cannot be read; save the file as UTF-8 in your editor "
                           "('Save with encoding' or 'Reopen with encoding')")]


def split_frontmatter(text: str, rel: str) -> tuple[str, str, int] | Diagnostic:
    """Return (frontmatter, body, body_line), or a diagnostic when there is no frontmatter."""
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0]):
        return _err(rel, 1, "no-frontmatter",
                    "the file does not start with frontmatter: its first line must be '---', "
                    f"followed by the fields and a closing '---', e.g. '{FRONTMATTER_EXAMPLE}'")
    for i in range(1, len(lines)):
        if _CLOSE.match(lines[i]):
            return "".join(lines[1:i]), "".join(lines[i + 1:]), i + 2
    return _err(rel, 1, "unclosed-frontmatter",
                "the frontmatter that starts on line 1 is never closed: add a line '---' "
                "after the last field, before the text of the page")


def parse_yaml(text: str, rel: str, offset: int) -> tuple[Any, dict[tuple[Any, ...], int]] | Diagnostic:
    """Parse YAML safely into plain values, remembering the line of every key and item.

    ``offset`` is the number of file lines before ``text`` starts (the opening ``---``).
    Tags beyond YAML's standard ones are refused without constructing anything.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return _yaml_error(exc, rel, offset)
    except yaml.YAMLError as exc:  # e.g. a reader error for control characters
        return _err(rel, offset + 1, "yaml-syntax", f"the YAML could not be read: {exc}")
    except RecursionError:
        return _err(rel, offset + 1, "yaml-too-complex",
                    "the YAML is nested too deeply to be content; flatten it")
    lines: dict[tuple[Any, ...], int] = {}
    if node is None:
        return None, lines
    try:
        value = _Builder(offset, lines).build(node, ())
    except _Refused as exc:
        return _err(rel, exc.line, exc.code, exc.message)
    return value, lines


def load_document(path: Path, rel: str) -> tuple[Document | None, list[Diagnostic]]:
    """Read a Markdown file with frontmatter into a :class:`Document`."""
    text, diags = read_text(path, rel, MAX_RECORD_BYTES)
    if text is None:
        return None, diags
    split = split_frontmatter(text, rel)
    if isinstance(split, Diagnostic):
        return None, [split]
    front, body, body_line = split
    parsed = parse_yaml(front, rel, 1)
    if isinstance(parsed, Diagnostic):
        return None, [parsed]
    data, lines = parsed
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [_err(rel, 2, "frontmatter-not-mapping",
                           f"the frontmatter is {_describe(data)}, but it must be a set of fields, "
                           "one 'name: value' per line, e.g. 'title: My case study'")]
    lines.setdefault((), 1)
    return Document(rel, data, lines, body, body_line), []


def load_yaml_file(path: Path, rel: str) -> tuple[Document | None, list[Diagnostic]]:
    """Read a whole YAML file (a registry) into a :class:`Document` whose data is under ``"items"``."""
    text, diags = read_text(path, rel, MAX_REGISTRY_BYTES)
    if text is None:
        return None, diags
    parsed = parse_yaml(text, rel, 0)
    if isinstance(parsed, Diagnostic):
        return None, [parsed]
    data, lines = parsed
    lines = {("items", *k): v for k, v in lines.items()}
    return Document(rel, {"items": data}, lines), []


def find_files(folder: Path, pattern: str) -> Iterator[Path]:
    """Files in ``folder`` matching ``pattern``, sorted, skipping hidden and editor files."""
    if folder.is_dir():
        for path in sorted(folder.glob(pattern)):
            if path.is_file() and not path.name.startswith((".", "~", "#")):
                yield path


class _Builder:
    """Turn a composed YAML node tree into Python values, recording lines, within a budget."""

    def __init__(self, offset: int, lines: dict[tuple[Any, ...], int]) -> None:
        self.offset = offset
        self.lines = lines
        self.budget = MAX_NODES
        self.scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: tuple[Any, ...]) -> Any:
        self.budget -= 1
        line = node.start_mark.line + 1 + self.offset
        if self.budget < 0:
            raise _Refused(line, "yaml-too-complex",
                           f"the YAML expands to more than {MAX_NODES:,} values (anchors and "
                           "aliases repeated inside each other); write the values out plainly")
        if node.tag not in _ALLOWED_TAGS:
            tag = node.tag.replace(_TAG, "!!", 1)
            raise _Refused(line, "yaml-tag",
                           f"the tag '{tag}' is not allowed: only plain text, numbers, "
                           "dates, lists and mappings; remove the '!' tag")
        self.lines.setdefault(path, line)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        value = self.scalars.construct_object(node)
        self.scalars.constructed_objects.clear()
        if isinstance(value, dt.datetime):
            value = value.date()
        return value

    def _mapping(self, node: yaml.MappingNode, path: tuple[Any, ...]) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1 + self.offset
            if key_node.tag == _TAG + "merge":
                raise _Refused(line, "yaml-merge",
                               "merge keys ('<<') are not supported; write the fields out")
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(line, "yaml-key",
                               "a field name must be plain text, not a list or mapping")
            key = key_node.value
            if key in result:
                raise _Refused(line, "duplicate-key",
                               f"the field '{key}' is given twice (first on line "
                               f"{self.lines[(*path, key)]}); merge the two into one")
            self.lines[(*path, key)] = line
            result[key] = self.build(value_node, (*path, key))
            self.lines[(*path, key)] = line
        return result


def _yaml_error(exc: yaml.MarkedYAMLError, rel: str, offset: int) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 + offset) if mark else offset + 1
    column = (mark.column + 1) if mark else 0
    problem = (exc.problem or "").strip()
    hint = _yaml_hint(problem, exc.context or "")
    return _err(rel, line, "yaml-syntax",
                f"the YAML could not be read at column {column}: {problem}; {hint}")


def _yaml_hint(problem: str, context: str) -> str:
    if "mapping values are not allowed" in problem:
        return ("a value contains ': ' (a colon and a space); put the whole value in double "
                "quotes, e.g. 'title: \"Bristol: predictive analytics\"'")
    if "expected <block end>" in problem or "expected key" in problem or "expected key" in context:
        return ("check the indentation: every field starts at the same column and list items "
                "under a field are indented with '  - ' (spaces, never tabs)")
    if "found character '\\t'" in problem:
        return "replace the tab characters with spaces"
    if "could not find expected ':'" in problem:
        return "each field needs a colon and a space after its name, e.g. 'title: My title'"
    if "found unexpected end of stream" in problem or "quote" in problem:
        return "a quoted value is missing its closing quote"
    return "compare the line with the examples in the field reference (docs/contribute/fields.md)"


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    return f"a single value ({value!r})"


def _err(path: str, line: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(path, line, "error", code, message)
