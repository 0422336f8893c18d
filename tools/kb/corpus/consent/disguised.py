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
#: Characters of one text read again token by token to find how a name was written (about
#: 4 MB); past it, a message names the disguise without quoting the words.
BUDGET = 1 << 22
#: Categories of characters that show nothing: quoted by their code point.
_UNSEEN = frozenset({"Cf", "Cs", "Co", "Cn"})


class Writing:
    """The lines of one text, for the messages about the names disguised in it.

    Args:
        text: the text as written.
        first_line: the line of the file the text begins on.
        revealed: how the scan folds a piece of text read as the gate reads it (words
            separated by single spaces).
        plain: how it folds a piece of text read as written.
    """

    def __init__(self, text: str, first_line: int, revealed: Callable[[str], str],
                 plain: Callable[[str], str]) -> None:
        self.lines = text.split("\n")
        self.first_line = first_line
        self.revealed, self.plain = revealed, plain
        self.budget = BUDGET
        #: (first line, last line) -> those lines read token by token (each read once)
        self.read: dict[tuple[int, int], _Tokens] = {}

    def message(self, match: Match, reason: str, quoted: set[tuple[int, str]]) -> str | None:
        """The message for a name found in the gate's reading, followed by ``reason``; None
        when the words that show it are those quoted for another form found as written
        (``quoted``: line, words), or, when they cannot be told apart, the lines it stands on
        use no disguise (an overlap of the two readings' names)."""
        tokens = self._tokens(match)
        written = tokens.next_disguised(match.form, self.plain) if tokens else None
        if written and (match.line, written.strip(PUNCTUATION)) in quoted:
            return None  # "QUAYLE, H&#101;ster" is "Quayle H" as written: reported as such
        if written:
            kinds, said = disguises_in(written), f"{quote(visible(written))} "
        elif tokens:
            kinds, said = tokens.kinds(), ""
            if not kinds:
                return None
        else:  # past the budget: fail closed, without the words
            kinds, said = [], ""
        how = (", ".join(kinds[:-1]) + " and " + kinds[-1] if len(kinds) > 1
               else kinds[0] if kinds else "a disguise")
        return (f"the text names {quote(match.written)}, written {said}with {how} (it reads "
                f"as the name on the pages, in the search and in the downloads), {reason}")

    def _tokens(self, match: Match) -> _Tokens | None:
        """The lines ``match`` stands on, read token by token; None past :data:`BUDGET`."""
        key = (match.line, match.last)
        if key not in self.read:
            lines = self.lines[match.line - self.first_line:match.last - self.first_line + 1]
            size = sum(map(len, lines))
            if size > self.budget:
                return None
            self.budget -= size
            self.read[key] = _Tokens(lines, self.revealed)
        return self.read[key]


class _Tokens:
    """Some lines of a text, each token read as the gate reads it on its own, so that the
    tokens that show a form can be quoted as written; each form is looked for from where it
    was last found (a text's names are messaged in order), so a line is read once."""

    def __init__(self, lines: list[str], revealed: Callable[[str], str]) -> None:
        self.text = "\n".join(lines)
        self.tokens = [token for line in lines for token in line.split()]
        words: list[str] = []
        self.owner: list[int] = []  # for each word, its token
        for number, token in enumerate(self.tokens):
            for word in revealed(token).split():
                words.append(word)
                self.owner.append(number)
        self.joined = " " + " ".join(words) + " "
        #: form -> (where to look for it next in ``joined``, the words before that place)
        self.cursor: dict[str, tuple[int, int]] = {}
        self._kinds: list[str] | None = None

    def kinds(self) -> list[str]:
        """The disguises these lines use (:func:`kb.disguises.disguises_in`), found once."""
        if self._kinds is None:
            self._kinds = disguises_in(self.text)
        return self._kinds

    def next_disguised(self, form: str, plain: Callable[[str], str]) -> str | None:
        """The tokens that show ``form`` next, as written, passing over those that show it
        as written too; None when no more do (a tag or comment with spaces joins it)."""
        place, before = self.cursor.get(form, (0, 0))
        size = len(form.split())
        while True:
            start = self.joined.find(f" {form} ", place)
            if start < 0:
                self.cursor[form] = (len(self.joined), before)
                return None
            first = before + self.joined.count(" ", place, start)  # the form's first word
            place, before = start + len(form) + 1, first + size
            self.cursor[form] = (place, before)
            a, b = self.owner[first], self.owner[first + size - 1]
            written = " ".join(self.tokens[a:b + 1])
            if f" {form} " not in f" {plain(written)} ":
                return written.strip(_AROUND) or written


def visible(text: str) -> str:
    """``text`` with each character that shows nothing written as its code point."""
    if text.isascii():
        return text
    return "".join(f"<U+{ord(c):04X}>" if unicodedata.category(c) in _UNSEEN else c
                   for c in text)
