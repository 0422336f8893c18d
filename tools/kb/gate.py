"""The output gate: the guarantee behind the source-side consent scan.

The scan in :mod:`kb.corpus.consent.scan` reads what contributors wrote; this module reads what is
published. After a build, and before ``kb pages`` or ``kb export`` write anything, every output
file's text and every output path is normalised as a reader (or a search engine, or a browser)
would see it, and searched for every protected form of every person whose consent is anything
but ``named``: full name, aliases, surname first, initials or a title with the surname, each
also with its words run together. A hit fails the command and what was written is removed.

Normalising: HTML character references, percent-escapes and JSON/JavaScript string escapes are
decoded (repeatedly: ``&amp;#x57;`` too); tags and comments are removed (a second view keeps
them, so names in attribute values are searched too); format characters (Unicode category Cf:
zero-width space, word joiner, soft hyphen ...) are dropped; accents are removed and case is
folded; letters from other scripts that look like Latin ones are folded to them with Unicode's
confusable skeletons (UTS #39, from the ``disarm`` library); apostrophes are dropped and every
other run of punctuation or space becomes one space. Messages name the output file and the kind
of form found, never the name itself: build logs are public.
"""

from __future__ import annotations

import codecs
import functools
import gzip
import html
import io
import multiprocessing
import os
import re
import unicodedata
import urllib.parse
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from disarm import skeleton_key

from .corpus.consent import forms as consent
from .corpus.consent.forms import ALIAS, FULL, WORD_INITIAL
from .model import Entity

#: Decoding and tag removal repeat until nothing changes, at most this often (each round is
#: linear; a browser decodes once, so deeper nesting shows no name to a reader).
ROUNDS = 8

_TAG = re.compile(r"<!--.*?(?:-->|\Z)|</?[A-Za-z][^<>]*>", re.S)
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\[nrtbf/\"'\\]")
#: "'s" after a letter or digit (checked in :func:`_possessive`: a pattern that starts with a
#: literal is searched for much faster than one that starts with a look-behind).
_POSSESSIVE = re.compile(rb"'s(?![a-z0-9])")
_ALNUM = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789")
#: Lowercase letters and digits stay, apostrophes go (translate's delete), the rest is space.
_WORD_BYTES = bytes(c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256))
_MARKS = frozenset({"Mn", "Mc", "Me", "Cf", "Cs", "Co", "Cn"})


def decode(text: str, strip_tags: bool = False) -> str:
    """``text`` with character references, percent-escapes and string escapes decoded, and
    (with ``strip_tags``) tags and comments removed, repeated until nothing changes."""
    return _decode(text, strip_tags)[0]


def _decode(text: str, strip_tags: bool) -> tuple[str, bool]:
    """:func:`decode`, and whether a tag or comment was removed."""
    stripped = False
    for _ in range(ROUNDS):
        before = text
        if strip_tags and "<" in text:
            text, count = _TAG.subn("", text)
            stripped = stripped or count > 0
        if "&" in text:
            text = html.unescape(text)
        if "%" in text and _PERCENT.search(text):  # "%" alone (CSS: "100%") changes nothing
            text = urllib.parse.unquote(text, errors="replace")
        if "\\" in text:
            text = _ESCAPE.sub(_unescape, text)
        if text == before:
            break
    return text, stripped


def _unescape(match: re.Match[str]) -> str:
    if match.group(1) is None:
        return " "  # \n, \" ...: a separator between words
    code = int(match.group(1), 16)
    return " " if 0xD800 <= code < 0xE000 else chr(code)


def fold(text: str) -> bytes:
    """Decoded text as lowercase ASCII words separated by single spaces."""
    # one pass in C: the encoder hands each run of non-ASCII characters to _fold_error
    data = text.encode("ascii", _FOLD_ERRORS).lower()
    if b"'s" in data:
        data = _POSSESSIVE.sub(_possessive, data)  # "Smith's" is Smith
    return b" ".join(data.translate(_WORD_BYTES, b"'`").split())


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
    return _fold_non_ascii(run).lower().encode("ascii", "replace").decode("ascii")


_FOLD_ERRORS = "kb-gate-fold"
codecs.register_error(_FOLD_ERRORS, _fold_error)
#: Lines an :class:`OutputGate` remembers, each way: enough for the lines every page of a
#: large site repeats.
LINES = 1 << 16


def _fold_decoded(text: str) -> bytes:
    return fold(decode(text))


@functools.lru_cache(maxsize=1 << 14)
def _fold_non_ascii(run: str) -> str:
    """A run of non-ASCII characters folded: compatibility forms and accents undone, format
    characters dropped, case folded, look-alike letters mapped to their UTS #39 prototype."""
    chars = [" " if c.isspace() else c for c in unicodedata.normalize("NFKD", run)
             if unicodedata.category(c) not in _MARKS]
    words = "".join(chars).casefold().split(" ")
    # skeletons are computed word by word: skeleton_key trims and collapses spaces
    return " ".join(unicodedata.normalize("NFKD", skeleton_key(w)) if w else "" for w in words)


def labelled_forms(name: str, aliases: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(form, kind) for every form of a person's names (:func:`kb.consent.labelled_forms`, the
    one definition), folded as the gate folds output. The gate adds each form run together."""
    return consent.labelled_forms(name, aliases, _fold_name)


def protected_forms(name: str, aliases: Iterable[str] = ()) -> list[str]:
    """The forms of :func:`labelled_forms`, without their kinds."""
    return [form for form, _ in labelled_forms(name, aliases)]


def _fold_name(text: str) -> str:
    return fold(decode(text)).decode()


#: Forms longer than this are searched for in the whole text, not around their anchors.
_WINDOW_MAX = 400


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
        # the quick test: every form, spaced or run together, holds its longest word, and so
        # one of these anchors (an anchor holding another is not needed)
        longest = {max(f.split(), key=len) for f in self.kinds}
        self.anchors = sorted(a for a in longest if not any(b in a for b in longest if b != a))
        # each gate remembers its own lines: a build's, freed with it
        self._fold_line = functools.lru_cache(maxsize=LINES)(fold)
        self._fold_decoded_line = functools.lru_cache(maxsize=LINES)(_fold_decoded)
        #: How far a form reaches either side of an anchor in it.
        self.reach = max(map(len, self.kinds), default=0)
        alternatives = b"|".join(re.escape(f) for f in sorted(self.kinds, key=len, reverse=True))
        self.pattern = re.compile(rb"(?<![a-z0-9])(?:" + alternatives + rb")(?![a-z0-9])")

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def find(self, text: str) -> str | None:
        """The kind of a protected form in ``text`` (decoded and folded), or None."""
        if not self.kinds:
            return None
        # tags removed (names split by tags), then kept (names in attributes): the second
        # reading is the first when there was no tag
        decoded, stripped = _decode(text, strip_tags=True)
        kind = self._search(_by_line(self._fold_line, decoded))
        if kind is None and stripped:
            kind = self._search(_by_line(self._fold_decoded_line, text))
        return kind

    def _search(self, data: bytes) -> str | None:
        """The kind of the first form in folded ``data``: the pattern is run only around
        each place an anchor stands (much faster than over all of ``data``)."""
        if self.reach > _WINDOW_MAX:
            match = self.pattern.search(data)
            return self.kinds[match.group()] if match else None
        first: re.Match[bytes] | None = None
        for anchor in self.anchors:
            at = data.find(anchor)
            while at >= 0:
                # a form holding the anchor lies within reach of it; a window ends at a space,
                # so the look-ahead at its end sees what it would see in the whole text
                end = data.find(b" ", at + len(anchor) + self.reach)
                match = self.pattern.search(data, max(0, at - self.reach),
                                            len(data) if end < 0 else end)
                if match:
                    first = match if first is None or match.start() < first.start() else first
                    break
                at = data.find(anchor, at + 1)
        return self.kinds[first.group()] if first else None

    def check(self, path: str, content: bytes) -> list[Finding]:
        """Findings for one output file, given by its path relative to the output root."""
        kind = self.find(path)
        if kind:
            return [Finding(path, kind, in_path=True)]
        kind = self.find(_text_of(path, content))
        return [Finding(path, kind)] if kind else []

    def check_files(self, files: Iterable[tuple[str, bytes]]) -> list[Finding]:
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
            return self.check_files(_tree(root, paths, folders))
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
    return _FORKED.check_files(_tree(root, paths, folders))


def _tree(root: Path, paths: list[Path], unchanged: list[Path]
          ) -> Iterator[tuple[str, bytes]]:
    for path in paths:
        rel = path.relative_to(root).as_posix()
        content = path.read_bytes() if path.is_file() else b""
        if not any(_same(folder / rel, content) for folder in unchanged):
            yield rel, content


def _same(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def _text_of(path: str, content: bytes) -> str:
    if content[:2] == b"\x1f\x8b":  # gzip: sitemap.xml.gz, the search index's chunks
        try:
            content = gzip.decompress(content)
        except (OSError, EOFError):
            pass  # not gzip after all: search it as it is
    elif content[:4] == b"PK\x03\x04":  # zip: the data downloads in one archive
        content = _unzipped(content)
    return content.decode("utf-8", "replace")


def _unzipped(content: bytes) -> bytes:
    """Every member of a zip (its name, then its content), or the bytes as they are when
    they are not a readable zip after all."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return b"\n".join(info.filename.encode() + b"\n" + archive.read(info)
                               for info in archive.infolist() if not info.is_dir())
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        return content


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
