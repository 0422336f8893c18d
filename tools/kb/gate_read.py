"""How the output gate (:mod:`kb.gate`) reads a file: as text, a block at a time.

A gzip file is read decompressed; a zip file as every member's name and content, one after
the other with a line break between (the reading the gate has always had, now made in
blocks). Blocks become pieces of text that end at a line end (or, in a line longer than a
piece, at a space): :class:`kb.gate.OutputGate` decodes, folds and searches one piece at a
time, so a file of any size is read in memory of a few pieces.
"""

from __future__ import annotations

import codecs
import filecmp
import gzip
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, BinaryIO

#: Characters in a piece of text (about 1 MiB of ASCII): large enough that a piece costs a
#: few calls into C (4 Mi took as long on the 171 MB GEXF at 10,000 records), small enough
#: that the gate's memory is some tens of MB (19 MiB above the process there; 53 at 4 Mi).
PIECE = 1 << 20
#: Bytes read from a file at a time.
BLOCK = 1 << 18

#: What reading a damaged gzip or zip raises: the gate then reads its bytes as they are.
ARCHIVE_ERRORS = (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError,
                  zlib.error)


class Unreadable(Exception):
    """A gzip or zip file that cannot be read to its end."""


def blocks(stream: BinaryIO) -> Iterator[bytes]:
    """The bytes the gate reads as text, a block at a time: a gzip file decompressed, every
    member of a zip, anything else as it is. :class:`Unreadable` when an archive is damaged
    (the caller then reads the bytes as they are)."""
    head = stream.read(4)
    stream.seek(0)
    try:
        if head[:2] == b"\x1f\x8b":  # gzip: sitemap.xml.gz, the search index's chunks
            yield from read_blocks(gzip.GzipFile(fileobj=stream, mode="rb"))
        elif head == b"PK\x03\x04":  # zip: the data downloads in one archive
            yield from _members(stream)
        else:
            yield from read_blocks(stream)
    except ARCHIVE_ERRORS as error:
        raise Unreadable from error


def read_blocks(stream: IO[bytes] | gzip.GzipFile) -> Iterator[bytes]:
    while block := stream.read(BLOCK):
        yield block


def _members(stream: BinaryIO) -> Iterator[bytes]:
    """Every member of a zip (its name, a line break, its content), with a line break
    between members."""
    with zipfile.ZipFile(stream) as archive:
        first = True
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = info.filename.encode() + b"\n"
            yield name if first else b"\n" + name
            first = False
            with archive.open(info) as member:
                yield from read_blocks(member)


def texts(chunks: Iterable[bytes]) -> Iterator[str]:
    """``chunks`` decoded as UTF-8 with replacement characters, as the whole would be."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    for chunk in chunks:
        if text := decoder.decode(chunk):
            yield text
    if text := decoder.decode(b"", final=True):
        yield text


def pieces(parts: Iterable[str], size: int = PIECE) -> Iterator[tuple[str, bool]]:
    """The text of ``parts`` again, as (piece, last) with pieces of about ``size`` characters
    that end just after a line break, or after a space in a line longer than ``size`` (a
    line with neither grows its piece: a hostile file can make a long piece, never a wrong
    one). Why such an end is safe is said in :meth:`kb.gate.OutputGate.find_in`."""
    held: list[str] = []
    length = 0
    for part in parts:
        held.append(part)
        length += len(part)
        if length < size:
            continue
        text = "".join(held)
        cut = _cut(text)
        if cut:
            yield text[:cut], False
            text = text[cut:]
        held, length = [text], len(text)
    text = "".join(held)
    yield text, True


def _cut(text: str) -> int:
    """Where a piece of ``text`` ends: after its last line break, else after its last space
    (0: neither)."""
    cut = text.rfind("\n") + 1
    if cut == 0:
        cut = text.rfind(" ") + 1
    return cut


def same(path: Path, other: Path) -> bool:
    """Whether two files are byte for byte the same, read a block at a time."""
    try:
        return (other.is_file() and path.stat().st_size == other.stat().st_size
                and filecmp.cmp(path, other, shallow=False))
    except OSError:
        return False


def tree(root: Path, paths: list[Path], unchanged: list[Path]
          ) -> Iterator[tuple[str, bytes | Path]]:
    """(path under ``root``, where the file is) for each of ``paths`` that is not byte for
    byte the file at the same path in one of the ``unchanged`` folders; a folder's content
    is empty (its name is what is read)."""
    for path in paths:
        rel = path.relative_to(root).as_posix()
        if not path.is_file():
            yield rel, b""  # a folder: its name is read
        elif not any(same(path, folder / rel) for folder in unchanged):
            yield rel, path


class FoldedSearch:
    """Searches folded text given a piece at a time, each piece searched with the end of
    the text before it: a form's last words may be in the next piece."""

    def __init__(self, search: Callable[[bytes], str | None], reach: int) -> None:
        self.search = search  # the kind of the first form in folded text, or None
        self.reach = reach  # the length of the longest form
        self.tail = b""

    def feed(self, data: bytes) -> str | None:
        if not data:
            return None
        text = self.tail + b" " + data if self.tail else data
        kind = self.search(text)
        # a form not found yet ends beyond this text, so it begins at a word less than
        # reach bytes from its end (pieces are joined by a space, as lines are)
        start = len(text) - self.reach + 1
        if start <= 0:
            self.tail = text
        else:
            space = text.find(b" ", start - 1)
            self.tail = text[space + 1:] if space >= 0 else b""
        return kind
