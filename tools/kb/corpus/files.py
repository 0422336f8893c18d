"""Stage 1: find files, check their encoding, split frontmatter, parse YAML keeping lines.

Nothing here raises for anything a contributor can write: every problem becomes a
:class:`~kb.model.Diagnostic`, and the caller decides what to do. Oversized files are refused
before they are read; the YAML itself is parsed by :mod:`kb.corpus.yaml_lines`.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from pathlib import Path
from typing import Any

from ..model import Diagnostic, Document
from .yaml_lines import MAX_DEPTH, MAX_NODES, _err, parse_yaml, parse_yaml_all

__all__ = [
    "MAX_DEPTH", "MAX_NODES", "MAX_RECORD_BYTES", "MAX_REGISTRY_BYTES", "find_entries",
    "load_document", "load_yaml_file", "parse_yaml", "parse_yaml_all",
    "read_text", "split_frontmatter",
]

MAX_RECORD_BYTES = 1024 * 1024
MAX_REGISTRY_BYTES = 8 * 1024 * 1024

_OPEN = re.compile(r"---[ \t]*(?:\n|\Z)")
_LINE_END = re.compile(r"[ \t]*(?=\n|\Z)")

FRONTMATTER_EXAMPLE = "---\\ntitle: My case study\\nkind: case-study\\n---"


def read_text(path: str | Path, rel: str, limit: int) -> tuple[str | None, list[Diagnostic]]:
    """Read a file as UTF-8 (a BOM is allowed), refusing oversized or undecodable files."""
    try:
        raw = _read_bytes(path, limit)
    except OSError as exc:
        return None, [_err(rel, 0, "unreadable", f"the file could not be read: {exc.strerror}")]
    if isinstance(raw, int):
        return None, [_too_large(rel, raw, limit)]
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        return raw[start:].decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return None, [_not_utf8(rel, raw, start + exc.start)]


def _read_bytes(path: str | Path, limit: int) -> bytes | int:
    """The file's bytes, or its size when that is over ``limit`` (never reading more than
    ``limit + 1`` bytes, even if the file grows meanwhile). Plain ``os`` calls: reading
    thousands of small files, buffered reads cost four times as much."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory")
        size = info.st_size
        if size > limit:
            return size
        parts, total = [], 0
        while total <= limit:
            chunk = os.read(fd, max(size + 1 - total, 1 << 16))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    return total if total > limit else b"".join(parts)


def _too_large(rel: str, size: int, limit: int) -> Diagnostic:
    return _err(rel, 0, "file-too-large",
                f"the file is {size:,} bytes, over the limit of {limit:,} bytes; "
                "split it or move large material (images, data) out of it")


def _not_utf8(rel: str, raw: bytes, offset: int) -> Diagnostic:
    line = raw.count(b"\n", 0, offset) + 1
    hint = ""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        hint = " (it looks like UTF-16)"
    return _err(rel, line, "not-utf8",
                f"the file is not UTF-8{hint}: byte {offset} (0x{raw[offset]:02x}) "
                "cannot be read; save the file as UTF-8 in your editor "
                "('Save with encoding' or 'Reopen with encoding')")


def split_frontmatter(text: str, rel: str) -> tuple[str, str, int] | Diagnostic:
    """Return (frontmatter, body, body_line), or a diagnostic when there is no frontmatter.

    Line endings become ``\\n`` (CRLF and lone CR alike), so lines count the way editors do.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    opening = _OPEN.match(text)
    if opening is None:
        return _err(rel, 1, "no-frontmatter",
                    "the file does not start with frontmatter: its first line must be '---', "
                    f"followed by the fields and a closing '---', e.g. '{FRONTMATTER_EXAMPLE}'")
    start = opening.end()
    closing = _closing_line(text, start) if start < len(text) else None
    if closing is None:
        return _err(rel, 1, "unclosed-frontmatter",
                    "the frontmatter that starts on line 1 is never closed: add a line '---' "
                    "after the last field, before the text of the page")
    begins, ends = closing
    body_line = text.count("\n", 0, begins) + 2
    return text[start:begins], text[ends + 1:], body_line


def _closing_line(text: str, start: int) -> tuple[int, int] | None:
    """Where the first line from ``start`` on that is ``---`` or ``...`` (blanks may follow)
    begins and ends. ``text[start - 1]`` is the line break ending the opening line."""
    at = start - 1
    while True:
        found = [i for i in (text.find("\n---", at), text.find("\n...", at)) if i >= 0]
        if not found:
            return None
        at = min(found)
        end = _LINE_END.match(text, at + 4)
        if end:
            return at + 1, end.end()
        at += 1


def load_document(path: str | Path, rel: str) -> tuple[Document | None, list[Diagnostic]]:
    """Read a Markdown file with frontmatter into a :class:`Document`."""
    text, diags = read_text(path, rel, MAX_RECORD_BYTES)
    if text is None:
        return None, diags
    split = split_frontmatter(text, rel)
    if isinstance(split, Diagnostic):
        return None, [split]
    front, body, body_line = split
    parsed = parse_yaml_all(front, rel, 1)
    if isinstance(parsed, Diagnostic):
        return None, [parsed]
    data, lines, problems = parsed
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [_err(rel, 2, "frontmatter-not-mapping",
                           f"the frontmatter is {_describe(data)}, but it must be a set of fields, "
                           "one 'name: value' per line, e.g. 'title: My case study'")]
    lines.setdefault((), 1)
    return Document(rel, data, lines, body, body_line), problems


def load_yaml_file(path: Path, rel: str) -> tuple[Document | None, list[Diagnostic]]:
    """Read a whole YAML file (a registry) into a :class:`Document`, its data under ``items``."""
    text, diags = read_text(path, rel, MAX_REGISTRY_BYTES)
    if text is None:
        return None, diags
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    parsed = parse_yaml_all(text, rel, 0, ("items",))
    if isinstance(parsed, Diagnostic):
        return None, [parsed]
    data, lines, problems = parsed
    return Document(rel, {"items": data}, lines), problems


def find_entries(folder: Path, pattern: str) -> list[os.DirEntry[str]]:
    """The files in ``folder`` matching ``pattern``, sorted, skipping hidden and editor files;
    as directory entries, which know without asking the file system again whether they are
    links."""
    try:
        with os.scandir(folder) as scan:
            entries = [e for e in scan if fnmatch.fnmatchcase(e.name, pattern)
                       and not e.name.startswith((".", "~", "#")) and _is_file(e)]
    except OSError:
        return []
    return sorted(entries, key=lambda e: e.name)


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text '{value[:57]}...'" if len(value) > 60 else f"the text '{value}'"
    return f"a single value ({value!r})"
