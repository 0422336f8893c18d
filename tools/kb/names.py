"""Name normalisation and "did you mean" suggestions."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

HONORIFICS = frozenset({
    "dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "cllr",
    "councillor", "sir", "dame", "rev", "revd", "lord", "lady",
})
_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018`\u00b4")
_NON_WORD = re.compile(r"[^a-z0-9]+")
ID_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\Z")


def fold(text: str) -> str:
    """Lowercase, strip accents and punctuation, collapse whitespace: ``"O’Mélia, C."`` -> ``"omelia c"``."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().translate(_APOSTROPHES).replace("&", " and ")
    return " ".join(_NON_WORD.sub(" ", text).split())


def normalise_name(text: str) -> str:
    """:func:`fold`, then drop honorifics at the start: ``"Prof. Rob Wilson"`` -> ``"rob wilson"``."""
    words = fold(text).split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def slugify(text: str, limit: int = 60) -> str:
    """A safe id from a title: ``"Bristol: predictive analytics"`` -> ``"bristol-predictive-analytics"``."""
    slug = "-".join(fold(text).split())
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug.strip("-") or "untitled"


def is_safe_id(value: str) -> bool:
    """True for ids made of lowercase a-z, digits and inner hyphens."""
    return bool(ID_RE.match(value))


def suggest(value: str, choices: Iterable[str], cutoff: float = 0.75) -> str | None:
    """The closest of ``choices`` to ``value``, compared after folding, or None."""
    by_fold: dict[str, str] = {}
    for choice in choices:
        by_fold.setdefault(fold(choice), choice)
    match = difflib.get_close_matches(fold(value), list(by_fold), n=1, cutoff=cutoff)
    return by_fold[match[0]] if match else None


def did_you_mean(value: str, choices: Iterable[str], cutoff: float = 0.75) -> str:
    """``" (did you mean 'x'?)"`` or an empty string."""
    match = suggest(value, choices, cutoff)
    return f" (did you mean '{match}'?)" if match else ""
