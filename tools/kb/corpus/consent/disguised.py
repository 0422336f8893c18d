"""What to tell a contributor whose text names someone protected only in disguise.

:class:`kb.corpus.consent.matching.WithdrawnNames` reads a text as it was written and as the
output gate reads it (:mod:`kb.disguises`). A name found only the second way (``H&#101;ster``,
``Hes<b></b>ter``, a zero-width space or a Cyrillic letter inside it) would stop the build at
the gate with no line to fix; here it is reported at its line, quoting the words as the file
wrote them where they can be told apart, and naming the disguise.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from ...disguises import disguises_in
from ...names import quote

if TYPE_CHECKING:
    from .matching import Match

#: Punctuation around the words a message quotes: "(Wendy Smith)," is quoted 'Wendy Smith'.
PUNCTUATION = "()[]{}<>.,;:!?\"'`*_~|/\\‘’“”"
#: Of those, what may end a disguise ("&#101;", "\\", "<b>"): kept around words as written.
_AROUND = PUNCTUATION.translate(str.maketrans("", "", ";\\<>"))
#: Names in one text whose original writing is looked for (each lookup reads the lines of
#: the name again, token by token); later ones quote the name as the gate reads it.
LOOKUPS = 100
#: Categories of characters that show nothing: quoted by their code point.
_UNSEEN = frozenset({"Cf", "Cs", "Co", "Cn"})


class Writing:
    """The lines of one text, for the messages about the names disguised in it.

    Args:
        text: the text as written.
        first_line: the line of the file the text begins on.
        fold: how the scan folds a piece of text in the gate's reading (words separated by
            single spaces).
    """

    def __init__(self, text: str, first_line: int, fold: Callable[[str], str]) -> None:
        self.lines = text.split("\n")
        self.first_line = first_line
        self.fold = fold
        self.lookups = 0
        self.used: set[tuple[int, int]] = set()  # (line, token) where a quoted writing began

    def message(self, match: Match, reason: str, plain: set[tuple[int, str]]) -> str | None:
        """The message for a name found in the gate's reading, followed by ``reason``; None
        when the lines it stands on show no disguise after all, or its words are those of a
        name found as written, ``plain`` (line, words quoted)."""
        lines = self.lines[match.line - self.first_line:match.last - self.first_line + 1]
        written = self._original(lines, match)
        kinds = disguises_in(written or "\n".join(lines))
        if not kinds or (match.line, written) in plain:
            return None
        said = f"the text names {quote(match.written)}, written "
        if written:
            said += f"{quote(visible(written))} "
        return (f"{said}with {' and '.join(kinds)} (it reads as the name on the pages, in the "
                f"search and in the downloads), {reason}")

    def _original(self, lines: list[str], match: Match) -> str | None:
        """The tokens of ``lines`` (those the name stands on), as written, that show its form
        when each is read as the gate reads it and that use a disguise; None when a tag or
        comment with spaces in it joins the name, or after :data:`LOOKUPS` lookups."""
        if self.lookups >= LOOKUPS:
            return None
        self.lookups += 1
        form = match.form
        tokens = [(match.line + k, position, token) for k, line in enumerate(lines)
                  for position, token in enumerate(line.split())]
        words: list[str] = []
        owner: list[int] = []  # for each word, its token
        for number, (_, _, token) in enumerate(tokens):
            for word in self.fold(token).split():
                words.append(word)
                owner.append(number)
        joined = " " + " ".join(words) + " "
        size = len(form.split())
        start = joined.find(f" {form} ")
        while start >= 0:
            first = joined.count(" ", 0, start)  # the index of the word the form begins at
            a, b = owner[first], owner[first + size - 1]
            written = " ".join(token for _, _, token in tokens[a:b + 1])
            key = tokens[a][:2]
            if disguises_in(written) and key not in self.used:
                self.used.add(key)
                return written.strip(_AROUND) or written
            start = joined.find(f" {form} ", start + 1)
        return None


def visible(text: str) -> str:
    """``text`` with each character that shows nothing written as its code point."""
    if text.isascii():
        return text
    return "".join(f"<U+{ord(c):04X}>" if unicodedata.category(c) in _UNSEEN else c
                   for c in text)
