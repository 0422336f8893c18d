"""Name normalisation and "did you mean" suggestions."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable

HONORIFICS = frozenset({
    "dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "cllr",
    "councillor", "sir", "dame", "rev", "revd", "lord", "lady",
})
_APOSTROPHES = "'\u2019\u2018`\u00b4"
_NON_WORD = re.compile(r"[^a-z0-9]+")
ID_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\Z")
#: Ids become file names and URLs; file systems allow 255 bytes, so stay well under.
ID_MAX = 100


def fold_text(text: str) -> str:
    """Lowercase, no accents, punctuation or extra spaces: ``"O’Mélia, C."`` -> ``"omelia c"``."""
    return " ".join(_NON_WORD.sub(" ", prefold(text)).split())


#: :func:`fold_text`, remembered: names recur across thousands of records. (Use
#: :func:`fold_text` for one-off long text, which would only crowd the cache.)
fold = functools.lru_cache(maxsize=1 << 16)(fold_text)


def prefold(text: str) -> str:
    """The first half of :func:`fold`: casefolded, accents and apostrophes gone, ``&`` as
    ``and``, other punctuation kept. Every word of ``fold(text)`` is a substring of it."""
    if not text.isascii():
        text = _NON_ASCII.sub(_without_accents, unicodedata.normalize("NFKD", text))
    text = text.casefold()
    for apostrophe in _APOSTROPHES:  # a few, if any: faster than a regular expression
        if apostrophe in text:
            text = text.replace(apostrophe, "")
    return text.replace("&", " and ") if "&" in text else text


_NON_ASCII = re.compile("[^\x00-\x7f]+")


def _without_accents(run: re.Match[str]) -> str:
    """A run of non-ASCII characters without its combining marks (accents, after NFKD)."""
    return "".join(c for c in run.group() if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1 << 16)
def normalise_name(text: str) -> str:
    """:func:`fold`, then drop titles at the start: ``"Prof. Rob Wilson"`` -> ``"rob wilson"``."""
    words = fold(text).split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


#: Titles at the start of a name as written: "Dr ", "Prof. ", "Cllr. Dame ".
_LEADING_TITLES = re.compile(
    r"\s*((?:(?:" + "|".join(sorted(HONORIFICS, key=len, reverse=True)) + r")(?:\.\s*|\s+))+)",
    re.IGNORECASE)


def split_honorific(text: str) -> tuple[str, str]:
    """The titles at the start of a name, and the name without them:
    ``"Dr Jane Hollis"`` -> ``("Dr", "Jane Hollis")``. The titles are those
    :func:`normalise_name` drops, so both halves name the same person; a name that is only a
    title stays whole (``"Professor"`` -> ``("", "Professor")``)."""
    text = " ".join(text.split())
    match = _LEADING_TITLES.match(text)
    rest = text[match.end():] if match else text
    if not match or not fold(rest) or normalise_name(rest) != normalise_name(text):
        return "", text
    return match.group(1).strip(), rest


def slugify(text: str, limit: int = 60) -> str:
    """A safe id from a title: ``"Bristol: predictive work"`` -> ``"bristol-predictive-work"``."""
    slug = "-".join(fold(text).split())
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug.strip("-") or "untitled"


def is_safe_id(value: str) -> bool:
    """True for ids of at most :data:`ID_MAX` lowercase a-z, digits and inner hyphens."""
    return len(value) <= ID_MAX and bool(ID_RE.match(value))


def suggest(value: str, choices: Iterable[str], cutoff: float = 0.75) -> str | None:
    """The closest of ``choices`` to ``value``, compared after folding, or None."""
    return Suggester(choices).suggest(value, cutoff)


def quote(value: object, limit: int = 60) -> str:
    """A value as messages quote it: ``'Leeds'``, shortened with ``...`` when long."""
    text = str(value)
    return f"'{text[:limit - 3]}...'" if len(text) > limit else f"'{text}'"


def did_you_mean(value: str, choices: Iterable[str], cutoff: float = 0.75) -> str:
    """``" (did you mean 'x'?)"`` or an empty string."""
    match = suggest(value, choices, cutoff)
    return f" (did you mean '{match}'?)" if match else ""


#: Choices compared in full for one suggestion, best bound first. Near-anagrams share
#: every letter, so no bound tells them apart: a registry of them would otherwise have each
#: unknown name compared with all of them (80 s a command in a probe).
MAX_COMPARED = 50
#: Names longer than this are neither suggested nor given suggestions (a full comparison
#: takes time quadratic in the length; no real name comes near it).
MAX_SUGGEST_CHARS = 200


class Suggester:
    """Finds the closest of a fixed list of names to a misspelt one.

    The answer is exactly that of ``difflib.get_close_matches(key(value), keys, n=1, cutoff)``
    mapped back to its choice: the same ratio decides, and ties go the same way (among the
    :data:`MAX_COMPARED` choices with the best bounds, when more could match). It is found
    much faster. difflib's cheap upper bound of the ratio (``quick_ratio``: the letters two
    strings share, as multisets) is computed for every choice at once, with one bit per
    choice in Python integers (a bit-sliced counter); only the few choices whose bound reaches
    ``cutoff`` are compared in full, best bound first, stopping when no remaining one can win.

    Args:
        choices: Names to suggest from; several may share a key (the first wins).
        key: How to fold a name for comparison (e.g. :func:`normalise_name` for people).
        show: Optional mapping from each choice to what the suggestion displays.
    """

    def __init__(self, choices: Iterable[str], key: Callable[[str], str] = fold,
                 show: dict[str, str] | None = None) -> None:
        self.key = key
        self.by_key: dict[str, str] = {}
        for choice in choices:
            if len(choice) <= MAX_SUGGEST_CHARS:
                self.by_key.setdefault(key(choice), show.get(choice, choice) if show else choice)
        self.keys = list(self.by_key)
        #: char -> [mask of keys with at least 1 of it, ... at least 2, ...]
        self.at_least: dict[str, list[int]] = {}
        #: length -> mask of keys of that length
        self.of_length: dict[int, int] = {}
        for i, text in enumerate(self.keys):
            bit = 1 << i
            self.of_length[len(text)] = self.of_length.get(len(text), 0) | bit
            for char, count in Counter(text).items():
                masks = self.at_least.setdefault(char, [])
                masks.extend([0] * (count - len(masks)))
                for k in range(count):
                    masks[k] |= bit

    def suggest(self, value: str, cutoff: float = 0.75) -> str | None:
        """The closest choice to ``value`` scoring at least ``cutoff``, or None."""
        if len(value) > MAX_SUGGEST_CHARS:
            return None
        word = self.key(value)
        if not word or not self.keys:
            return self._slow(word, cutoff)
        planes = self._shared_letters(word)
        candidates = self._reaching(planes, len(word), cutoff)
        bounds = []
        while candidates:
            low = candidates & -candidates
            i = low.bit_length() - 1
            candidates ^= low
            text = self.keys[i]
            common = sum(((plane >> i) & 1) << j for j, plane in enumerate(planes))
            bounds.append((2.0 * common / (len(word) + len(text)), text))
        return self._best(word, sorted(bounds, reverse=True), cutoff)

    def _shared_letters(self, word: str) -> list[int]:
        """Bit planes of a counter holding, for every key, how many letters it shares with
        ``word`` (plane j holds bit j of each key's count)."""
        planes: list[int] = []
        for char, count in Counter(word).items():
            for mask in self.at_least.get(char, ())[:count]:
                carry, j = mask, 0
                while carry:
                    if j == len(planes):
                        planes.append(0)
                    planes[j], carry = planes[j] ^ carry, planes[j] & carry
                    j += 1
        return planes

    def _reaching(self, planes: list[int], size: int, cutoff: float) -> int:
        """The mask of keys whose ``quick_ratio`` with a word of ``size`` reaches ``cutoff``."""
        by_need: dict[int, int] = {}
        for length, mask in self.of_length.items():
            total = size + length
            need = max(0, int(cutoff * total / 2) - 1)
            while 2.0 * need / total < cutoff:  # difflib's own arithmetic decides
                need += 1
            if need <= min(size, length):
                by_need[need] = by_need.get(need, 0) | mask
        found = 0
        for need, mask in by_need.items():
            found |= mask & _at_least(planes, need)
        return found

    def _best(self, word: str, bounds: list[tuple[float, str]], cutoff: float) -> str | None:
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(word)
        best: tuple[float, str] | None = None
        for bound, text in bounds[:MAX_COMPARED]:
            if best is not None and bound < best[0]:
                break  # ratio <= quick_ratio: nothing further can win
            matcher.set_seq1(text)
            score = matcher.ratio()
            if score >= cutoff and (best is None or (score, text) > best):
                best = (score, text)
        return self.by_key[best[1]] if best else None

    def _slow(self, word: str, cutoff: float) -> str | None:
        match = difflib.get_close_matches(word, self.keys, n=1, cutoff=cutoff)
        return self.by_key[match[0]] if match else None


def _at_least(planes: list[int], need: int) -> int:
    """The mask of positions where the bit-sliced counter ``planes`` is at least ``need``."""
    if need <= 0:
        return -1
    if need >> len(planes):
        return 0
    greater, equal = 0, -1
    for j in range(len(planes) - 1, -1, -1):
        if (need >> j) & 1:
            equal &= planes[j]
        else:
            greater |= equal & planes[j]
            equal &= ~planes[j]
    return greater | equal


#: Ids that would collide with the site's own pages (each folder's index page, search, assets).
RESERVED_IDS = frozenset({"index", "search", "assets", "tags"})
