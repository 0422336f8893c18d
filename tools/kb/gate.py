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

import functools
import gzip
import html
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from disarm import skeleton_key

from .model import Entity
from .names import HONORIFICS

#: Decoding and tag removal repeat until nothing changes, at most this often (each round is
#: linear; a browser decodes once, so deeper nesting shows no name to a reader).
ROUNDS = 8
#: Kinds of form, as messages name them.
FULL, ALIAS, SURNAME_FIRST, INITIALS, TITLE = (
    "full name", "alias", "surname-first form", "initials with surname", "title with surname")

_TAG = re.compile(r"<!--.*?(?:-->|\Z)|</?[A-Za-z][^<>]*>", re.S)
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\[nrtbf/\"'\\]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_POSSESSIVE = re.compile(rb"(?<=[a-z0-9])'s(?![a-z0-9])")
#: Lowercase letters and digits stay, apostrophes go (translate's delete), the rest is space.
_WORD_BYTES = bytes(c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256))
_MARKS = frozenset({"Mn", "Mc", "Me", "Cf", "Cs", "Co", "Cn"})


def decode(text: str, strip_tags: bool = False) -> str:
    """``text`` with character references, percent-escapes and string escapes decoded, and
    (with ``strip_tags``) tags and comments removed, repeated until nothing changes."""
    for _ in range(ROUNDS):
        before = text
        if strip_tags and "<" in text:
            text = _TAG.sub("", text)
        if "&" in text:
            text = html.unescape(text)
        if "%" in text:
            text = urllib.parse.unquote(text, errors="replace")
        if "\\" in text:
            text = _ESCAPE.sub(_unescape, text)
        if text == before:
            break
    return text


def _unescape(match: re.Match[str]) -> str:
    if match.group(1) is None:
        return " "  # \n, \" ...: a separator between words
    code = int(match.group(1), 16)
    return " " if 0xD800 <= code < 0xE000 else chr(code)


def fold(text: str) -> bytes:
    """Decoded text as lowercase ASCII words separated by single spaces."""
    if not text.isascii():
        text = _NON_ASCII.sub(_fold_run, text)
    data = text.lower().encode("ascii", "replace")
    if b"'" in data:
        data = _POSSESSIVE.sub(b" ", data)  # "Smith's" is Smith
    return b" ".join(data.translate(_WORD_BYTES, b"'`").split())


def _fold_run(match: re.Match[str]) -> str:
    return _fold_non_ascii(match.group())


@functools.lru_cache(maxsize=1 << 14)
def _fold_non_ascii(run: str) -> str:
    """A run of non-ASCII characters folded: compatibility forms and accents undone, format
    characters dropped, case folded, look-alike letters mapped to their UTS #39 prototype."""
    chars = [" " if c.isspace() else c for c in unicodedata.normalize("NFKD", run)
             if unicodedata.category(c) not in _MARKS]
    words = "".join(chars).casefold().split(" ")
    # skeletons are computed word by word: skeleton_key trims and collapses spaces
    return " ".join(unicodedata.normalize("NFKD", skeleton_key(w)) if w else "" for w in words)


def protected_forms(name: str, aliases: Iterable[str] = ()) -> list[str]:
    """Every form of a protected person's names that the gate looks for, folded."""
    return list(dict.fromkeys(form for form, _ in labelled_forms(name, aliases)))


def labelled_forms(name: str, aliases: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(folded form, kind) for the name and each alias, see :func:`protected_forms`."""
    forms: list[tuple[str, str]] = []
    for i, text in enumerate((name, *aliases)):
        # "O'Melia" folds to "omelia"; "O Melia" is another spelling of it
        if "," in text:  # "Baker, A.": the given names come first
            surname, _, given = text.partition(",")
            text = f"{given} {surname}"
        for spelling in dict.fromkeys((text, re.sub(r"['\u2019]", " ", text))):
            words = fold(decode(spelling)).decode().split()
            while len(words) > 1 and words[0] in HONORIFICS:
                words = words[1:]
            kind = FULL if i == 0 else ALIAS
            if words:  # the other spelling: only as it stands ("O Melia" is no given name)
                forms += _forms_of(words, kind) if spelling is text else [(" ".join(words), kind)]
    return forms


def _forms_of(words: list[str], kind: str) -> list[tuple[str, str]]:
    forms = [(" ".join(words), kind)]
    if len(words) < 2:
        return forms
    *given, surname = words
    if len(surname) < 2:  # an initial last ("Baker A"): no surname to build forms on
        return forms
    initials = [w[0] for w in given]
    forms += [(" ".join([surname, *given]), SURNAME_FIRST),
              (f"{surname} {given[0]}", SURNAME_FIRST)]
    for spelt in dict.fromkeys((" ".join(initials), "".join(initials), initials[0])):
        forms += [(f"{spelt} {surname}", INITIALS), (f"{surname} {spelt}", INITIALS)]
    forms += [(f"{title} {surname}", TITLE) for title in sorted(HONORIFICS)]
    return forms


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
        # the quick test: every form, spaced or run together, holds its longest word
        self.anchors = sorted({max(f.split(), key=len) for f in self.kinds})
        alternatives = b"|".join(re.escape(f) for f in sorted(self.kinds, key=len, reverse=True))
        self.pattern = re.compile(rb"(?<![a-z0-9])(?:" + alternatives + rb")(?![a-z0-9])")

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def find(self, text: str) -> str | None:
        """The kind of the first protected form in ``text`` (decoded and folded), or None."""
        if not self.kinds:
            return None
        for strip in (True, False):  # tags removed (names split by tags), then kept
            data = fold(decode(text, strip_tags=strip))
            if any(anchor in data for anchor in self.anchors):
                match = self.pattern.search(data)
                if match:
                    return self.kinds[match.group()]
        return None

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
        own scripts and styles: no content reaches them)."""
        return self.check_files(_tree(root, list(unchanged))) if self.kinds else []


def _tree(root: Path, unchanged: list[Path]) -> Iterator[tuple[str, bytes]]:
    for path in sorted(root.rglob("*")):
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
    if path.endswith(".gz"):  # sitemap.xml.gz
        try:
            content = gzip.decompress(content)
        except (OSError, EOFError):
            pass  # not gzip after all: search it as it is
    return content.decode("utf-8", "replace")


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
    return OutputGate([(form, kind) for form, kind in forms
                       if kind in (FULL, ALIAS) or surnames.isdisjoint(form.split())])


def report(findings: list[Finding]) -> str:
    """One message for a failed gate: what was found where, never the name."""
    lines = [f.format() for f in findings[:20]]
    if len(findings) > 20:
        lines.append(f"... and {len(findings) - 20} more output files")
    return "\n".join(lines)
