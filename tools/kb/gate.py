"""The output gate: the guarantee behind the source-side consent scan.

The scan in :mod:`kb.corpus.consent.scan` reads what contributors wrote; this module reads what is
published. After a build, and before ``kb pages`` or ``kb export`` write anything, every output
file's text and every output path is normalised as a reader (or a search engine, or a browser)
would see it, and searched for every protected form of every person whose consent is anything
but ``named``: full name, aliases, surname first, initials or a title with the surname, each
also with its words run together. A hit fails the command and what was written is removed.

Normalising is :mod:`kb.disguises`, the rule the source scan reads by too: HTML character
references, percent-escapes and JSON/JavaScript string escapes are decoded (repeatedly:
``&amp;#x57;`` too); tags and comments are removed (a second view keeps them, so names in
attribute values are searched too); format characters (Unicode category Cf: zero-width space,
word joiner, soft hyphen ...) are dropped; accents are removed and case is folded; letters from
other scripts that look like Latin ones are folded to them with Unicode's confusable skeletons
(UTS #39, from the ``disarm`` library). Then apostrophes are dropped and every other run of
punctuation or space becomes one space. Messages name the output file and the kind of form
found, never the name itself: build logs are public.
"""

from __future__ import annotations

import codecs
import functools
import io
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import ahocorasick

from . import gate_read
from .corpus.consent import forms as consent
from .corpus.consent.forms import ALIAS, FULL, WORD_INITIAL
from .disguises import decode, decode_open, fold_non_ascii
from .gate_read import FoldedSearch, Unreadable, blocks, pieces, read_blocks, texts, tree
from .model import Entity

#: "'s" after a letter or digit (checked in :func:`_possessive`: a pattern that starts with a
#: literal is searched for much faster than one that starts with a look-behind).
_POSSESSIVE = re.compile(rb"'s(?![a-z0-9])")
_ALNUM = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
#: Lowercase letters and digits stay, apostrophes go (translate's delete), the rest is space.
_WORD_BYTES = bytes(c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256))
_SPACES = re.compile(rb"  +")
#: Characters :func:`_fold_slices` folds at a time.
SLICE = 1 << 17


def fold(text: str) -> bytes:
    """Decoded text as lowercase ASCII words separated by single spaces."""
    # one pass in C: the encoder hands each run of non-ASCII characters to _fold_error
    data = text.encode("ascii", _FOLD_ERRORS).lower()
    if b"'s" in data:
        data = _POSSESSIVE.sub(_possessive, data)  # "Smith's" is Smith
    # runs of spaces made one in C (faster than split() and join())
    return _SPACES.sub(b" ", data.translate(_WORD_BYTES, b"'`")).strip(b" ")


def _fold_slices(text: str) -> bytes:
    """:func:`fold` of a large text, a slice of about :data:`SLICE` characters at a time, each
    ending at a line break or space (which :func:`fold` makes a space, as the join does):
    folding makes an object of every word, so a slice, not the text, bounds that memory."""
    parts = []
    start = 0
    while start < len(text):
        end = text.find("\n", start + SLICE)
        if end < 0:
            end = text.find(" ", start + SLICE)
        end = len(text) if end < 0 else end + 1
        parts.append(fold(text[start:end]))
        start = end
    return b" ".join(filter(None, parts))


def _possessive(match: re.Match[bytes]) -> bytes:
    start = match.start()
    return b" " if start and match.string[start - 1] in _ALNUM else b"'s"


def _by_line(fold_line: Callable[[str], bytes], text: str) -> bytes:
    """``fold_line`` applied to each line of ``text``, the results joined by spaces: that is
    :func:`fold` of the text (or of :func:`decode` of it, which no escape or entity can take
    across a line break), but built from lines that most pages share (navigation, header,
    footer, icons), each folded once."""
    return b" ".join(filter(None, map(fold_line, text.split("\n"))))


def _fold_error(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler of :func:`fold`: a run of non-ASCII characters, folded."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return _fold_ascii(error.object[error.start:error.end]), error.end


@functools.lru_cache(maxsize=1 << 14)
def _fold_ascii(run: str) -> str:
    return fold_non_ascii(run).lower().encode("ascii", "replace").decode("ascii")


_FOLD_ERRORS = "kb-gate-fold"
codecs.register_error(_FOLD_ERRORS, _fold_error)
#: Lines an :class:`OutputGate` remembers, each way: enough for the lines every page of a
#: large site repeats.
LINES = 1 << 16


def _fold_decoded(text: str) -> bytes:
    return fold(decode(text))


def labelled_forms(name: str, aliases: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(form, kind) for every form of a person's names (:func:`kb.consent.labelled_forms`, the
    one definition), folded as the gate folds output. The gate adds each form run together."""
    return consent.labelled_forms(name, aliases, _fold_name)


def protected_forms(name: str, aliases: Iterable[str] = ()) -> list[str]:
    """The forms of :func:`labelled_forms`, without their kinds."""
    return [form for form, _ in labelled_forms(name, aliases)]


def _fold_name(text: str) -> str:
    return fold(decode(text)).decode()



@dataclass(frozen=True)
class Finding:
    """A protected form found in an output file's text or path (the name is never kept)."""

    path: str
    kind: str
    in_path: bool = False

    def format(self) -> str:
        if self.in_path:  # the path itself would repeat the name in the log
            where = f"the path of a file under {self.path.split('/', 1)[0]}/"
        else:
            where = self.path
        return (f"{where}: error: the output carries a protected person's {self.kind}; nothing "
                "was published (run 'kb validate' to find the source) [protected-output]")


class OutputGate:
    """Searches output for a fixed list of protected forms.

    Args:
        forms: folded forms (as :func:`protected_forms` gives them), or (form, kind) pairs.
    """

    def __init__(self, forms: Iterable[str | tuple[str, str]]) -> None:
        self.kinds: dict[bytes, str] = {}
        for item in forms:
            form, kind = (item, "protected name") if isinstance(item, str) else item
            words = fold(decode(form)).split()
            if words:
                self.kinds.setdefault(b" ".join(words), kind)
                if len(words) > 1 and sum(map(len, words)) > 2:  # "so" would be noise
                    self.kinds.setdefault(b"".join(words), kind + " run together")
        self._automaton = ahocorasick.Automaton()
        for folded in self.kinds:  # the value is the form's length
            self._automaton.add_word(folded.decode("latin-1"), len(folded))
        if self.kinds:
            self._automaton.make_automaton()
        # each gate remembers its own lines: a build's, freed with it
        self._fold_line = functools.lru_cache(maxsize=LINES)(fold)
        self._fold_decoded_line = functools.lru_cache(maxsize=LINES)(_fold_decoded)
        #: The length of the longest form.
        self.reach = max(map(len, self.kinds), default=0)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def find(self, text: str) -> str | None:
        """The kind of a protected form in ``text`` (decoded and folded), or None."""
        if not self.kinds:
            return None
        # tags removed (names split by tags), then kept (names in attributes): the second
        # reading is the first when there was no tag
        decoded, stripped, _ = decode_open(text, strip_tags=True)
        kind = self._search(_by_line(self._fold_line, decoded))
        if kind is None and stripped:
            kind = self._search(_by_line(self._fold_decoded_line, text))
        return kind

    def _search(self, data: bytes) -> str | None:
        """The kind of the first form in folded ``data`` (the longest of those that begin
        there): every place a form stands is found in one pass (Aho-Corasick, in C), and
        kept when it is whole words."""
        if not self.kinds:
            return None  # an empty automaton is never made
        best: tuple[int, int] | None = None  # (start, -length) of the first form found
        size = len(data)
        # folded text is ASCII: one byte, one character
        for end, length in self._automaton.iter(data.decode("latin-1")):
            start = end + 1 - length
            if best is not None and end - self.reach >= best[0]:
                break  # places come in the order they end: none to come begins sooner
            if ((start == 0 or data[start - 1] not in _ALNUM)
                    and (end + 1 == size or data[end + 1] not in _ALNUM)
                    and (best is None or (start, -length) < best)):
                best = (start, -length)
        return self.kinds[data[best[0]:best[0] - best[1]]] if best else None

    def find_in(self, stream: BinaryIO, size: int | None = None) -> str | None:
        """:meth:`find` of a file's text (a gzip decompressed, a zip's members), read a piece
        of about ``size`` characters (:data:`kb.gate_read.PIECE`) at a time: the same answer
        in bounded memory."""
        if not self.kinds:
            return None
        size = size or gate_read.PIECE
        try:
            return self.find_pieces(texts(blocks(stream)), size)
        except Unreadable:  # a damaged archive: its bytes as they are, as before
            stream.seek(0)
            return self.find_pieces(texts(read_blocks(stream)), size)

    def find_pieces(self, parts: Iterable[str], size: int) -> str | None:
        """:meth:`find` of the text ``parts`` make, a piece at a time.

        Why a piece's end is safe. A piece ends just after a line break (or a space in a
        long line), and is decoded on its own only when that gives what decoding the whole
        would: references, escapes and percent-escapes hold neither character, and decoding
        never removes one, so a piece ends with it in every round; only a tag or comment can
        reach across (or remove) it, and :func:`kb.disguises.decode_open` sees, in every
        round, when one could: the piece is then held and the next one added to it. (A round
        that changes nothing changes nothing again, so a piece that stops changing before the
        whole would is where the whole's later rounds leave it.) Folding makes either
        character a space, as joining the folded pieces with one does, and no run of
        non-ASCII letters crosses it. Folded text is searched with the end of the text before
        it: every form is whole words at most ``reach`` bytes long
        (:class:`kb.gate_read.FoldedSearch`)."""
        first = FoldedSearch(self._search, self.reach)  # tags removed
        second = FoldedSearch(self._search, self.reach)  # tags kept: counts if a tag was removed
        kept: str | None = None
        removed = False
        held: list[str] = []
        length = retry = 0  # held text is decoded again once it has doubled (linear time)
        for number, (piece, last) in enumerate(pieces(parts, size)):
            held.append(piece)
            length += len(piece)
            if length < retry and not last:
                continue
            text = "".join(held)
            decoded, stripped, left_open = decode_open(text, strip_tags=True)
            if left_open and not last:
                held, retry = [text], 2 * length
                continue
            held, length, retry = [], 0, 0
            # a file in one piece (a page) is folded line by line, each line remembered (the
            # lines every page repeats); a large file's pieces are folded whole, much faster
            # than a million lines none of which repeats, and remembering none of them
            page = last and number == 0
            folded = _by_line(self._fold_line, decoded) if page else _fold_slices(decoded)
            kind = first.feed(folded)
            if kind:
                return kind
            removed = removed or stripped
            if kept is None:
                if stripped:
                    folded = (_by_line(self._fold_decoded_line, text) if page
                              else _fold_slices(decode(text)))
                kept = second.feed(folded)
        return kept if removed else None

    def check(self, path: str, content: bytes | Path) -> list[Finding]:
        """Findings for one output file, given by its path relative to the output root, and
        its bytes or where it is on disk (read a piece at a time)."""
        kind = self.find(path)
        if kind:
            return [Finding(path, kind, in_path=True)]
        if isinstance(content, Path):
            with content.open("rb") as stream:
                kind = self.find_in(stream)
        else:
            kind = self.find_in(io.BytesIO(content))
        return [Finding(path, kind)] if kind else []

    def check_files(self, files: Iterable[tuple[str, bytes | Path]]) -> list[Finding]:
        return [f for path, content in files for f in self.check(path, content)]

    def check_tree(self, root: Path, unchanged: Iterable[Path] = ()) -> list[Finding]:
        """Findings for every file (and folder name) under ``root``, except files that are
        byte for byte those at the same path in one of the ``unchanged`` folders (the theme's
        own scripts and styles: no content reaches them).

        A large tree is shared out between the machine's cores, each a forked copy of this
        gate checking every n-th file; the findings are the same, in the same order."""
        if not self.kinds:
            return []
        paths, folders = sorted(root.rglob("*")), list(unchanged)
        workers = _workers(len(paths))
        if workers < 2:
            return self.check_files(tree(root, paths, folders))
        global _FORKED
        _FORKED = self  # what a forked worker checks with: nothing is pickled but paths
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                parts = pool.map(_check_share, [(root, paths[i::workers], folders)
                                                for i in range(workers)])
        finally:
            _FORKED = None
        return sorted((f for part in parts for f in part), key=lambda f: f.path)


#: The gate a forked worker of :meth:`OutputGate.check_tree` uses.
_FORKED: OutputGate | None = None
#: Fewer files than this are checked in one process (starting workers costs more).
PARALLEL_FROM = 500


def _workers(files: int) -> int:
    if files < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1, 4)


def _check_share(share: tuple[Path, list[Path], list[Path]]) -> list[Finding]:
    root, paths, folders = share
    assert _FORKED is not None, "only called in a worker forked by check_tree"
    return _FORKED.check_files(tree(root, paths, folders))


def gate_for(people: Iterable[Entity]) -> OutputGate:
    """The gate for a registry's people: everyone whose consent is not ``named``
    (role-only, withdrawn, or anything else: the gate fails closed)."""
    forms: list[tuple[str, str]] = []
    surnames: set[str] = set()  # of named people
    for entity in people:
        if entity.consent != "named":
            forms += labelled_forms(entity.name, entity.aliases)
        else:
            surnames |= {form.split()[-1] for form, kind in
                         labelled_forms(entity.name, entity.aliases) if kind in (FULL, ALIAS)}
    # "A. Baker", "Ms Baker", "Baker, Anna" (or a list "Alice Baker, Anna Cook") when Alice
    # Baker is named: the gate cannot tell who is meant; full names and aliases always count
    # "A. Hall" reads "a hall" ("we booked a hall"): left out, as by the source scan
    return OutputGate([(form, kind) for form, kind in forms
                       if kind in (FULL, ALIAS)
                       or (kind != WORD_INITIAL and surnames.isdisjoint(form.split()))])


def report(findings: list[Finding]) -> str:
    """One message for a failed gate: what was found where, never the name."""
    lines = [f.format() for f in findings[:20]]
    if len(findings) > 20:
        lines.append(f"... and {len(findings) - 20} more output files")
    return "\n".join(lines)
