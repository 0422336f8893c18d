"""Finding protected people in text: every form of their names, as whole words.

The forms come from :mod:`.forms`; this module matches them in any text (ignoring case,
accents, apostrophes, punctuation and line breaks) and says what to tell the contributor.
Text is read twice when it may be disguised: as written, and as the output gate reads it
(:mod:`kb.disguises`: references and escapes decoded, tags removed, invisible characters
dropped, look-alike letters folded); a name found only the second way is reported at its line
with how it was disguised (:mod:`.disguised`).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from ...disguises import NON_ASCII, TRIGGER, fold_non_ascii, reveal, reveal_lines
from ...model import Diagnostic
from ...names import fold_text, prefold, quote
from . import disguised
from .forms import protected_forms

if TYPE_CHECKING:
    from ..resolve import Registry


#: What to tell a contributor who names someone protected by their consent level.
PROTECTED = {
    "withdrawn": ("withdrawn-name", "who has withdrawn consent to be named; remove the name "
                                    "or describe their role instead"),
    "role-only": ("role-only-name", "who agreed to appear only by their role; describe them "
                                    "by role and organisation instead of naming them"),
}


class Match(NamedTuple):
    """A protected form found in a text."""

    line: int  #: the line of the file its first word is on
    last: int  #: the line of its last word
    written: str  #: its words as the text (or its reading) wrote them
    form: str  #: the form, folded


class WithdrawnNames:
    """Finds people with a given consent level (withdrawn by default) in text: every form of
    their names (:func:`kb.corpus.consent.protected_forms`), as whole words, ignoring case, accents,
    apostrophes, punctuation and line breaks. Messages quote what the text wrote, never the
    person's name in the registry: diagnostics can be public."""

    def __init__(self, registry: Registry, consent: str = "withdrawn") -> None:
        self.code, self.reason = PROTECTED[consent]
        forms: dict[str, None] = {}
        for entity in registry.entities["people"].values():
            if entity.consent == consent:  # names read as the gate reads them, as text is
                names = [_revealed(name) for name in (entity.name, *entity.aliases)]
                forms.update(dict.fromkeys(protected_forms(names[0], names[1:])))
        #: Every protected form, folded.
        self.names = frozenset(forms)
        keys = sorted(self.names, key=len, reverse=True)
        # the trie is built without recursion, so a form may be as long as any text (one
        # withdrawn by an entry in doubt can be). Never an empty pattern: it would match
        # everywhere.
        self.patterns = [_words_pattern(keys)] if keys else []
        #: The quick test (:meth:`may_name`): the longest word of each name leads to the
        #: words of the names it is in.
        self._by_anchor: dict[bytes, list[tuple[bytes, ...]]] = {}
        for key in keys:
            words = tuple(word.encode() for word in key.split())
            self._by_anchor.setdefault(max(words, key=len), []).append(words)
        self.anchors = frozenset(self._by_anchor)

    def check(self, path: str, texts: list[tuple[int, str]]) -> list[Diagnostic]:
        """Diagnostics for every text (first line, text) that names a protected person."""
        if not self.may_name(anchor_words(*(text for _, text in texts))):
            return []
        return self.found(path, texts)

    def found(self, path: str, texts: list[tuple[int, str]]) -> list[Diagnostic]:
        """:meth:`check` for texts that already passed the quick test (:meth:`may_name`)."""
        diags = []
        for first_line, text in texts:
            # "Wendy's blog": folding drops the apostrophe, which would join the s to the name
            lines = enumerate(drop_possessives(text).split("\n"))
            plain = self._find(first_line, lines)
            diags += [Diagnostic(path, m.line, "error", self.code,
                                 f"the text names {quote(m.written)}, {self.reason}")
                      for m in plain]
            if _disguisable(text):
                diags += self._disguised(path, first_line, text, plain)
        return diags

    def _disguised(self, path: str, first_line: int, text: str,
                   plain: list[Match]) -> list[Diagnostic]:
        """Diagnostics for the names ``text`` shows only as the gate reads it (in either of
        its readings, :func:`readings`), beyond those found as written (``plain``)."""
        found: dict[tuple[int, str], list[Match]] = {}  # (line, form) -> its matches
        for reading in readings(text):
            once: dict[tuple[int, str], list[Match]] = {}
            lines = ((k, drop_possessives(part)) for k, part in reading)
            for m in self._find(first_line, lines):
                once.setdefault((m.line, m.form), []).append(m)
            for key, matches in once.items():  # a name in both readings counts once
                if len(matches) > len(found.get(key, ())):
                    found[key] = matches
        seen = Counter((m.line, m.form) for m in plain)
        quoted = {(m.line, m.written) for m in plain}
        writing = disguised.Writing(text, first_line, _fold_token, _read)
        diags = []
        for key, matches in sorted(found.items()):
            for m in matches[seen[key]:]:
                message = writing.message(m, self.reason, quoted)
                if message:
                    diags.append(Diagnostic(path, m.line, "error", self.code, message))
        return diags

    def may_name(self, words: Collection[bytes]) -> bool:
        """Whether the words of a text (from :func:`anchor_words`) could name someone here:
        every word of one of their names is among them. Never false when :meth:`found` would
        find something (the words are those it searches); rarely true when it would not."""
        if self.anchors.isdisjoint(words):
            return False  # the usual answer, in one pass in C
        words = words if isinstance(words, (set, frozenset)) else set(words)
        return any(
            all(word in words for word in name)
            for anchor in self.anchors.intersection(words)
            for name in self._by_anchor[anchor]
        )

    def _find(self, first_line: int, lines: Iterable[tuple[int, str]]) -> list[Match]:
        """Every protected form in ``lines``, (index of the line from ``first_line``, its
        text)."""
        words: list[str] = []
        where: list[tuple[int, str]] = []  # for each folded word: its line and the word written
        for index, line in lines:
            for token in line.split():
                for word in _fold_words(token).split():
                    words.append(word)
                    where.append((first_line + index, token))
        joined = " ".join(words)  # a name may run over a line break
        found = []
        matches = [m for pattern in self.patterns for m in pattern.finditer(joined)]
        for m in sorted(matches, key=lambda m: m.start()):
            first = joined.count(" ", 0, m.start())
            last = first + m.group(0).count(" ")
            written = " ".join(dict.fromkeys(token for _, token in where[first:last + 1]))
            found.append(Match(where[first][0], where[last][0],
                               written.strip(disguised.PUNCTUATION) or m.group(0), m.group(0)))
        return found


def _revealed(name: str) -> str:
    return reveal(name, strip_tags=False)[0] if _disguisable(name) else name


def _disguisable(text: str) -> bool:
    """Whether the gate's reading of ``text`` may show words that reading it as written does
    not: it holds a reference, escape, percent-escape or tag, or a run of non-ASCII characters
    that the gate folds otherwise (accents and curly apostrophes read alike, and most text
    is read once)."""
    if TRIGGER.search(text):
        return True
    return not text.isascii() and not all(map(_reads_alike, NON_ASCII.findall(text)))


@functools.lru_cache(maxsize=1 << 14)
def _reads_alike(run: str) -> bool:
    """Whether a run of non-ASCII characters gives the same words read as written and as the
    gate folds it, wherever it stands: between letters, and before or after a possessive 's,
    which the only step of the reading that looks around a character (:func:`drop_possessives`)
    drops after a letter and before the end of a word."""
    folded = fold_non_ascii(run)
    return all(_read(place.format(run)) == _read(place.format(folded)) for place in _PLACES)


#: Where a run of characters can stand, for :func:`_reads_alike`.
_PLACES = ("x{}x", "x{}'s", "x{}s", "x's{}x")


def _read(text: str) -> str:
    return _fold_words(drop_possessives(text))


def _fold_words(text: str) -> str:
    """Text folded as :func:`kb.names.fold_text` folds it, but for ``&``, a space between
    words here as it is to the output gate (``fold_text`` reads "and", as names are compared)."""
    return fold_text(text.replace("&", " ") if "&" in text else text)


def _fold_token(text: str) -> str:
    """A piece of text as :meth:`WithdrawnNames.found` folds it in its gate's reading."""
    return _fold_words(drop_possessives(reveal(text)[0]))


def readings(text: str) -> list[list[tuple[int, str]]]:
    """``text`` as the gate reads it, line by line (:func:`kb.disguises.reveal_lines`): tags
    removed, and (when one was) kept, since a name may stand in an attribute's value."""
    revealed, stripped = reveal_lines(text)
    return [revealed, reveal_lines(text, strip_tags=False)[0]] if stripped else [revealed]


def anchor_words(*texts: str) -> list[bytes]:
    """The words :meth:`WithdrawnNames.found` searches in ``texts`` (folded, possessives
    dropped), for :meth:`WithdrawnNames.may_name`, in each reading of each text; found in C
    (the texts as written in one pass), as a list rather than a set, since most texts are
    tested once and pass."""
    joined = "\n".join(texts)
    words = _words(joined)
    if not _disguisable(joined):
        return words  # the usual answer
    for text in texts:
        if _disguisable(text):
            # read whole, as the gate reads it: what readings() gives line by line
            revealed, stripped = reveal(text)
            words += _changed_words(text, revealed)
            if stripped:
                words += _changed_words(text, reveal(text, strip_tags=False)[0])
    return words


def _changed_words(text: str, revealed: str) -> list[bytes]:
    """The words of ``revealed``, a reading of ``text``, but those of the lines it leaves as
    they were (when it keeps the lines), which the words of ``text`` hold already."""
    if revealed == text:
        return []
    lines, shown = text.split("\n"), revealed.split("\n")
    if len(lines) == len(shown):
        revealed = "\n".join(new for old, new in zip(lines, shown, strict=True)
                             if new != old)
    return _words(revealed)


def _words(text: str) -> list[bytes]:
    text = drop_possessives(text)
    if "&" in text:  # a space, as in _fold_words
        text = text.replace("&", " ")
    return prefold(text).encode("utf-8", "replace").translate(_WORD_BYTES).split()


#: 's after a letter, as in "Wendy's" (which would otherwise fold to "wendys").
_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s\b")


def drop_possessives(text: str) -> str:
    """``text`` without the 's of possessives (``_POSSESSIVE.sub("", text)``), found with
    string methods in the usual case, which is several times faster."""
    if "\u2019" in text:
        return _POSSESSIVE.sub("", text)
    pieces = text.split("'s")
    if len(pieces) == 1:
        return text
    kept = [pieces[0]]
    for k in range(1, len(pieces)):
        before, after = pieces[k - 1], pieces[k]
        # the character before this 's (the s of another 's when nothing is between them),
        # and the one after it (an apostrophe, or the end, when nothing is)
        after_word = _is_word(before[-1]) if before else k > 1
        ends_word = not after or not _is_word(after[0])
        kept.append(after if after_word and ends_word else "'s" + after)
    return "".join(kept)


def _is_word(char: str) -> bool:
    """Whether ``char`` is a word character, as ``\\w`` in a regular expression."""
    return char.isalnum() or char == "_"


_WORD_BYTES = bytes(c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256))


def _words_pattern(words: list[str]) -> re.Pattern[str]:
    """Any of ``words`` (folded) as whole words of folded text, as a trie-shaped regex:
    ``(?:b(?:aker|ell))``, which the regex engine scans faster than a flat alternation."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(r"(?<![a-z0-9])" + _trie_regex(trie) + r"(?![a-z0-9])")


def _trie_regex(root: dict[str, Any]) -> str:
    """The regex of a trie, built without recursion: a name may be longer than Python's
    recursion limit (children first, from an explicit stack)."""
    done: dict[int, str] = {}
    stack: list[tuple[dict[str, Any], bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if not ready:
            stack.append((node, True))
            stack.extend((child, False) for char, child in node.items() if char)
            continue
        branches = [re.escape(char) + done.pop(id(child))
                    for char, child in sorted(node.items()) if char]
        done[id(node)] = _alternatives(branches, "" in node)
    return done[id(root)]


def _alternatives(branches: list[str], may_end: bool) -> str:
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + body + ")?" if may_end else body  # a word may end here
