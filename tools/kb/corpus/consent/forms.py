"""Consent fails closed: who may be published by name, and every form their name can take.

A person is published by name only when their entry in ``registries/people.yml`` is valid and
says exactly ``consent: named``. Anything else that leaves consent in doubt makes them
withdrawn, with an error saying why:

- no consent at all (consent is asked, never assumed): ``missing-consent``;
- a consent value that is not exactly ``named``, ``role-only`` or ``withdrawn``
  (``Named``, ``withdrawn `` in quotes, a typo, a list, an empty value): ``bad-consent``;
- an entry with any error (an invalid, reserved or duplicate id, no id, a value of the wrong
  type, a field given twice): ``invalid-person``; its names are kept, so they stay protected;
- a registry that cannot be read at all: ``unreadable-people``; every ``name:``, ``id:`` and
  alias line of its raw text is protected, and no person a record names is published;
- a name or alias of a named entry that is also a form of a protected person's name:
  ``protected-alias``.

:func:`labelled_forms` is the one definition of what counts as naming someone; the scan of
sources (:class:`kb.corpus.consent.matching.WithdrawnNames`, through :func:`protected_forms`) and
the check of outputs (:mod:`kb.gate`, which folds letters its own way and adds run-together
forms) both use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from ...model import Diagnostic, Document
from ...names import HONORIFICS, fold, normalise_name, quote

CONSENT = ("named", "role-only", "withdrawn")

#: Words that belong to the surname they stand before: "Ó Briain", "van Dijk", "de Souza".
PARTICLES = frozenset({
    "o", "mac", "mc", "de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "le",
    "la", "st", "al", "el", "ben", "bin", "ap", "ni", "ui", "ua", "dos", "das",
})
#: Initials that are also English words: "A. Hall" folds to "a hall", as in "booked a hall".
_WORD_INITIALS = frozenset({"a", "i"})
_APOSTROPHES = re.compile("['\u2019\u2018`\u00b4]")

#: Kinds of form (messages of the output gate name them).
FULL, ALIAS, SURNAME_FIRST, INITIALS, TITLE = (
    "full name", "alias", "surname-first form", "initials with surname", "title with surname")
#: An initial that is also a word, with the surname ("A Hall"): the source scan and the output
#: gate leave it out, since it would refuse "we booked a hall".
WORD_INITIAL = "initial (also a word) with surname"

_WITHDRAWN_UNTIL = "; until it is fixed this person is treated as withdrawn and appears nowhere"


def protected_forms(name: str, aliases: Sequence[str]) -> list[str]:
    """Every form that names a person, folded as :func:`kb.names.fold_text` folds text: those
    of :func:`labelled_forms` but an initial that is also a word (see :data:`WORD_INITIAL`).

    A text names the person when one of these forms is a run of whole words of the folded
    text. The surname alone is not a form: it would refuse every other person who shares it.
    """
    return [form for form, kind in labelled_forms(name, aliases) if kind != WORD_INITIAL]


def labelled_forms(name: str, aliases: Iterable[str],
                   fold_with: Callable[[str], str] = fold) -> list[tuple[str, str]]:
    """(form, kind) for every form of a person's name and aliases, each form once.

    Forms are folded with ``fold_with`` (text to words separated by single spaces), by default
    as :func:`kb.names.fold_text` folds; the output gate passes its own, which also reads
    look-alike letters. For the name and each alias, titles dropped: the name as written,
    whatever its length, also with apostrophes as spaces ("O Melia"), and given name first
    when written "Surname, Given". When it has a given name and a surname: the surname first
    ("Smith Wendy", which is also how "Smith, Wendy" folds), initials with the surname
    ("W Smith", "W J Smith", "WJ Smith", "Smith W") and a title with the surname ("Ms Smith").
    The surname keeps its hyphenated parts and the particles before it ("Ó Briain", also
    spelt "O Briain"; surname first also without them: "Dijk, Jan van").
    """
    full: dict[str, str] = {}  # the names as written come first: their kind wins
    derived: list[tuple[str, str]] = []
    for i, text in enumerate((name, *aliases)):
        kind = FULL if i == 0 else ALIAS
        surnames: list[str] = []
        for spelling in dict.fromkeys((text, _APOSTROPHES.sub(" ", text))):
            written = _normalise(spelling, fold_with)
            if not written:
                continue
            full.setdefault(written, kind)
            given, surname = _split_name(spelling, written, fold_with)
            if "," in spelling and given:  # "Baker, Anna": "Anna Baker" too
                full.setdefault(f"{' '.join(given)} {surname}", kind)
            # the other spelling only where it spells the surname apart: "O Melia", not "D Arcy"
            apart = not surnames or surname.replace(" ", "") == surnames[0] != surname
            if given and len(surname) > 1 and apart:
                derived += _derived_forms(given, surname)
            surnames.append(surname)
    forms = dict(full)
    for form, kind in derived:
        forms.setdefault(form, kind)
    return list(forms.items())


def _normalise(text: str, fold_with: Callable[[str], str]) -> str:
    """``text`` folded, without titles at the start (as :func:`kb.names.normalise_name`)."""
    if fold_with is fold:
        return normalise_name(text)
    words = fold_with(text).split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def _split_name(text: str, full: str, fold_with: Callable[[str], str]) -> tuple[list[str], str]:
    """(given names, surname) of a name and its folded form ``full``. The surname keeps its
    hyphenated parts ("Smith-Jones") and the particles before it ("Ó Briain"); a name written
    surname first ("O'Melia, C.", "Omelia C") is read that way."""
    words = full.split()
    if len(words) < 2:
        return [], full
    if "," in text:
        before, after = text.split(",", 1)
        surname, given = _normalise(before, fold_with), _normalise(after, fold_with).split()
        if surname and given:
            return given, surname
    if len(words[-1]) == 1 and len(words[0]) > 1:  # "Omelia C": an initial last
        return words[1:], words[0]
    tail = fold_with(text.split()[-1]).split()
    n = len(tail) if tail and words[-len(tail):] == tail else 1
    while len(words) > n + 1 and words[-n - 1] in PARTICLES:
        n += 1
    n = min(n, len(words) - 1)
    return words[:-n], " ".join(words[-n:])


def _derived_forms(given: list[str], surname: str) -> list[tuple[str, str]]:
    initials = [word[0] for word in given]
    # "Dijk, J. van": a surname led by particles is also written first without them
    bare = surname.split()[-1] if surname.split()[0] in PARTICLES else surname
    forms = [(f"{last} {first}", SURNAME_FIRST) for last in dict.fromkeys((surname, bare))
             for first in dict.fromkeys((" ".join(given), given[0]))]
    if len(initials) > 1:
        for spelt in (" ".join(initials), "".join(initials)):
            forms += [(f"{spelt} {surname}", INITIALS), (f"{surname} {spelt}", INITIALS)]
    kind = WORD_INITIAL if initials[0] in _WORD_INITIALS else INITIALS
    forms += [(f"{initials[0]} {surname}", kind), (f"{surname} {initials[0]}", kind)]
    if bare != surname and len(bare) > 1:
        forms.append((f"{bare} {initials[0]}", kind))
    forms += [(f"{title} {surname}", TITLE) for title in sorted(HONORIFICS)]
    return forms


# --- reading one entry of people.yml ----------------------------------------------------------


def read_consent(item: dict[str, Any], report: Any, path: tuple[Any, ...]) -> str:
    """The consent level an entry states: exactly one of :data:`CONSENT`, and ``withdrawn``
    (after reporting) for anything else, or when the entry states none: consent is asked,
    never assumed."""
    if "consent" not in item:
        report(path, "error", "missing-consent",
               "this person's entry does not say whether they agreed to be named: ask them, "
               "then add 'consent: named', 'consent: role-only' or 'consent: withdrawn'"
               + _WITHDRAWN_UNTIL)
        return "withdrawn"
    value = item["consent"]
    if value.__class__ is str and value in CONSENT:
        return str(value)
    shown = quote(value) if value not in (None, "") else "empty"
    report((*path, "consent"), "error", "bad-consent",
           f"the consent {shown} cannot be read: write exactly named, role-only or withdrawn, in "
           f"lowercase, with nothing else on the line{_WITHDRAWN_UNTIL}")
    return "withdrawn"


def names_in(item: Any) -> list[str]:
    """The names an entry gives, however badly it is written: its ``name`` and ``aliases``
    (or its ``id`` when it has no name); a bare text or list of texts is taken as names."""
    if isinstance(item, str):
        return [item]
    if isinstance(item, list):
        return [s for s in item if isinstance(s, str)]
    if not isinstance(item, dict):
        return []
    found = _texts(item.get("name")) + _texts(item.get("aliases"))
    return found or _texts(item.get("id"))


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


def withheld_entry(names: list[str], entry_id: str | None, line: int, index: int | None
                   ) -> dict[str, Any]:
    """A withdrawn stand-in for a person whose entry cannot be trusted: it keeps their names
    protected. Without a usable id it gets one no valid id can equal (``~`` is never in one),
    which is never published: withdrawn people have no page, node or mention."""
    return {"id": entry_id or f"~{line}", "name": names[0] if names else entry_id or f"~{line}",
            "aliases": names[1:], "consent": "withdrawn", "_line": line, "_index": index,
            "_withheld": True}


def invalid_person(doc: Document, path: tuple[Any, ...]) -> Diagnostic:
    return Diagnostic(doc.path, doc.line_of(*path), "error", "invalid-person",
                      "this entry has errors (see above), so its consent cannot be trusted"
                      + _WITHDRAWN_UNTIL)


# --- a registry that cannot be read ------------------------------------------------------------

_NAME_LINE = re.compile(r"[\s-]*(?:name|id|aliases)\s*:\s*(.*)")
_ITEM_LINE = re.compile(r"\s*-\s+(.*)")
_KEY = re.compile(r"[\w-]+\s*:(?:\s|\Z)")


def salvage_people(path: Path, rel: str, limit: int, line: int) -> tuple[
        list[dict[str, Any]], Diagnostic]:
    """Withdrawn stand-ins for every name, id and alias line of a people registry that could
    not be read as YAML, and the error saying so. Reads at most ``limit`` bytes."""
    try:
        with open(path, "rb") as handle:
            text = handle.read(limit).decode("utf-8", "replace")
    except OSError:
        text = ""
    first: dict[str, tuple[int, str]] = {}  # one stand-in for each name, however often seen
    for number, name in _salvaged_names(text):
        first.setdefault(normalise_name(name), (number, name))
    entries = [withheld_entry([name], None, number, None) for number, name in first.values()]
    return entries, Diagnostic(
        rel, line, "error", "unreadable-people",
        "the people registry cannot be read (see the error above), so nobody's consent can be "
        "established: until it is fixed no person is published by name, and every name, id "
        "and alias written in it is treated as withdrawn")


def _salvaged_names(text: str) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        match = _NAME_LINE.match(line)
        if match:
            value = match.group(1)
        else:
            item = _ITEM_LINE.match(line)
            if item is None or _KEY.match(item.group(1)):
                continue  # not a plain list item ("- title: ..." is a source)
            value = item.group(1)
        for part in _split_values(value):
            found.append((number, part))
    return found


def _split_values(value: str) -> list[str]:
    """The texts in one salvaged value: ``Ann Lee``, ``"Ann Lee"``, ``[Ann, "A. Lee"]``."""
    value = re.sub(r"\s#.*\Z", "", value).strip()
    parts = value.strip("[]").split(",") if value.startswith("[") else [value]
    cleaned = (part.strip().strip("'\"").strip() for part in parts)
    return [part for part in cleaned if part and fold(part)]


# --- names of named people that are also protected forms ---------------------------------------


def close_collisions(entries: list[dict[str, Any]], doc: Document | None,
                     rel: str) -> list[Diagnostic]:
    """Make withdrawn (with an error) every named entry whose name or an alias is also a
    protected form of another person's name; repeat, since that entry's own names are then
    protected too."""
    owners: dict[str, set[int]] = {}
    for i, entry in enumerate(entries):
        if entry.get("consent") != "named":
            _protect(owners, i, entry)
    diags: list[Diagnostic] = []
    changed = True
    while changed:
        changed = False
        for i, entry in enumerate(entries):
            if entry.get("consent") == "named":
                hit = _collision(owners, i, entry)
                if hit is not None:
                    diags.append(_collision_error(doc, rel, entry, *hit))
                    entry["consent"] = "withdrawn"
                    _protect(owners, i, entry)
                    changed = True
    return diags


def _protect(owners: dict[str, set[int]], i: int, entry: dict[str, Any]) -> None:
    for form in protected_forms(entry.get("name", entry["id"]), entry.get("aliases", ())):
        owners.setdefault(form, set()).add(i)


def _collision(owners: dict[str, set[int]], i: int, entry: dict[str, Any]
               ) -> tuple[str, int] | None:
    """(the name as written, its position: 0 for the name, k for the k-th alias) of the first
    name of ``entry`` that another person's protected forms include, or None."""
    for k, text in enumerate((entry.get("name", entry["id"]), *entry.get("aliases", ()))):
        for key in {fold(text), normalise_name(text)}:
            if owners.get(key, set()) - {i}:
                return text, k
    return None


def _collision_error(doc: Document | None, rel: str, entry: dict[str, Any], text: str,
                     k: int) -> Diagnostic:
    where = ("items", entry.get("_index"), "name") if k == 0 else (
        "items", entry.get("_index"), "aliases", k - 1)
    line = doc.line_of(*where) if doc is not None else entry.get("_line", 0)
    what = "name" if k == 0 else "alias"
    return Diagnostic(rel, line, "error", "protected-alias",
                      f"the {what} {quote(text)} is also a name of someone whose consent keeps "
                      "them private, so it cannot be published; remove it, or write it so the "
                      f"two cannot be confused (e.g. with a middle initial){_WITHDRAWN_UNTIL}")
