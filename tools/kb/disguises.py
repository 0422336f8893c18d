"""The disguises a name can wear on its way to a reader, undone: one rule for the source scan
(:mod:`kb.corpus.consent`) and the output gate (:mod:`kb.gate`), which both import it.

Decoding: HTML character references (decimal, hex and named, ``&#101;``, ``&#x61;``,
``&eacute;``), percent-escapes (``%65``) and JSON/JavaScript string escapes (``\\u0065``) are
decoded, repeatedly (``&amp;#x57;`` too); tags and comments may be removed (``Hes<b></b>ter``,
``J<!-- -->o``). Folding: format characters (Unicode category Cf: zero-width space, word joiner,
soft hyphen ...) are dropped, accents removed, case folded, and letters from other scripts that
look like Latin ones folded to them with Unicode's confusable skeletons (UTS #39, from the
``disarm`` library).

The gate folds published output to bytes with these pieces; the source scan reads what a
contributor wrote through :func:`reveal`, line by line (:func:`reveal_lines`), so that a name it
finds only once revealed is reported at the line that holds it, with the disguises used
(:func:`disguises_in`).
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
import urllib.parse

#: Decoding and tag removal repeat until nothing changes, at most this often (each round is
#: linear; a browser decodes once, so deeper nesting shows no name to a reader).
ROUNDS = 8

_TAG = re.compile(r"<!--.*?(?:-->|\Z)|</?[A-Za-z][^<>]*>", re.S)
_TAG_START = re.compile(r"</?[A-Za-z]")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\[nrtbf/\"'\\]")
#: Unicode categories folding drops: marks (accents, once decomposed), format characters,
#: surrogates, private use and unassigned code points.
_MARKS = frozenset({"Mn", "Mc", "Me", "Cf", "Cs", "Co", "Cn"})
#: Of those, the categories of accents (once decomposed) and of characters that show nothing.
_COMBINING = frozenset({"Mn", "Mc", "Me"})
_INVISIBLE = _MARKS - _COMBINING
#: A run of non-ASCII characters.
NON_ASCII = re.compile("[^\x00-\x7f]+")
#: A character without which decoding changes nothing.
TRIGGER = re.compile(r"[&%\\<]")


def decode(text: str, strip_tags: bool = False) -> str:
    """``text`` with character references, percent-escapes and string escapes decoded, and
    (with ``strip_tags``) tags and comments removed, repeated until nothing changes."""
    return decode_open(text, strip_tags)[0]


def decode_open(text: str, strip_tags: bool) -> tuple[str, bool, bool]:
    """:func:`decode`, whether a tag or comment was removed, and whether one was left open at
    the end of the text in some round (what follows the text could then close it, or be
    removed with it)."""
    stripped = left_open = False
    for _ in range(ROUNDS):
        before = text
        if strip_tags and "<" in text:
            left_open = left_open or _open_at_end(text)
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
    return text, stripped, left_open


def _open_at_end(text: str) -> bool:
    """Whether ``_TAG`` could match differently were more text to follow: a tag begun after
    the last ``>`` (it ends at a ``>`` to come, or is no tag), or a comment begun and not
    ended (it runs to a ``-->`` to come). Cautious: a ``<!--`` inside an attribute counts."""
    start = text.rfind("<")
    if start > text.rfind(">") and _TAG_START.match(text, start):
        return True
    start = text.rfind("<!--")
    return start >= 0 and text.find("-->", start + 4) < 0


def _unescape(match: re.Match[str]) -> str:
    if match.group(1) is None:
        return " "  # \n, \" ...: a separator between words
    code = int(match.group(1), 16)
    return " " if 0xD800 <= code < 0xE000 else chr(code)


@functools.lru_cache(maxsize=1 << 14)
def fold_non_ascii(run: str) -> str:
    """A run of non-ASCII characters folded: compatibility forms and accents undone, format
    characters dropped, case folded, look-alike letters mapped to their UTS #39 prototype."""
    from disarm import skeleton_key  # its tables load on first use: most text never needs it

    chars = [" " if c.isspace() else c for c in unicodedata.normalize("NFKD", run)
             if unicodedata.category(c) not in _MARKS]
    words = "".join(chars).casefold().split(" ")
    # skeletons are computed word by word: skeleton_key trims and collapses spaces
    return " ".join(unicodedata.normalize("NFKD", skeleton_key(w)) if w else "" for w in words)


def _fold_run(match: re.Match[str]) -> str:
    return fold_non_ascii(match.group())


# --- for the source scan ------------------------------------------------------------------------


def may_disguise(text: str) -> bool:
    """Whether :func:`reveal` could change ``text`` (the usual answer, False, in C)."""
    return not text.isascii() or TRIGGER.search(text) is not None


def reveal(text: str, strip_tags: bool = True) -> tuple[str, bool]:
    """``text`` as the gate reads it before folding words: decoded (:func:`decode_open`) and
    its non-ASCII characters folded (:func:`fold_non_ascii`); and whether a tag was removed."""
    text, stripped, _ = decode_open(text, strip_tags)
    return (text if text.isascii() else NON_ASCII.sub(_fold_run, text)), stripped


def reveal_lines(text: str, strip_tags: bool = True) -> tuple[list[tuple[int, str]], bool]:
    """:func:`reveal` of ``text`` as (index of a line of ``text``, what it reveals), and whether
    a tag was removed. Each line is revealed on its own (no reference or escape holds a line
    break) unless a tag or comment is left open at its end: it is then revealed with the lines
    that follow, as far as that one reaches (as the gate holds a piece of output), and its
    revealed lines are given to the lines it began with, the last keeping the rest."""
    lines = text.split("\n")
    found: list[tuple[int, str]] = []
    stripped = False
    start = 0
    while start < len(lines):
        end, shown, removed = _group(lines, start, strip_tags)
        stripped = stripped or removed
        parts = shown.split("\n")
        found += [(min(start + k, end), part) for k, part in enumerate(parts)]
        start = end + 1
    return found, stripped


def _group(lines: list[str], start: int, strip_tags: bool) -> tuple[int, str, bool]:
    """(the last line, the revealed text, whether a tag was removed) of the lines from
    ``start`` that must be revealed together. Held text is revealed again only once it has
    doubled in length (linear time, as the gate's pieces)."""
    end, text = start, lines[start]
    if not may_disguise(text):
        return end, text, False
    retry = 0
    while True:
        if len(text) >= retry or end == len(lines) - 1:
            decoded, stripped, left_open = decode_open(text, strip_tags)
            if not left_open or end == len(lines) - 1:
                if not decoded.isascii():
                    decoded = NON_ASCII.sub(_fold_run, decoded)
                return end, decoded, stripped
            retry = 2 * len(text)
        end += 1
        text += "\n" + lines[end]


#: What each disguise is called in a message, and a test for it in what the text wrote.
_KINDS = (
    ("HTML character references", lambda t: "&" in t and html.unescape(t) != t),
    ("percent-escapes", lambda t: _PERCENT.search(t) is not None),
    ("escape sequences", lambda t: "\\" in t and _ESCAPE.search(t) is not None),
    ("tags or comments", lambda t: "<" in t and _TAG.search(t) is not None),
    ("invisible characters",
     lambda t: any(unicodedata.category(c) in _INVISIBLE for c in t if not c.isascii())),
    ("look-alike letters", lambda t: _looks_alike(t)),
    ("combining accents",
     lambda t: any(unicodedata.category(c) in _COMBINING for c in t if not c.isascii())),
    ("quotation marks read as apostrophes", lambda t: any(
        "'" in fold_non_ascii(run) for run in NON_ASCII.findall(t) if run != "\u2019")),
)


def disguises_in(written: str) -> list[str]:
    """The names of the disguises ``written`` uses (:data:`_KINDS`), in that order."""
    return [name for name, used in _KINDS if used(written)]


def _looks_alike(text: str) -> bool:
    """Whether a non-ASCII letter of ``text`` folds to a different letter once its accents
    are removed: a letter of another script (Cyrillic а, dotless ı) read as a Latin one."""
    for run in NON_ASCII.findall(text):
        plain = "".join(c for c in unicodedata.normalize("NFKD", run)
                        if unicodedata.category(c) not in _MARKS).casefold()
        if any(c.isalpha() for c in plain) and fold_non_ascii(run) != plain:
            return True
    return False
