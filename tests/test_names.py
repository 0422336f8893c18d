"""Name folding, ids and "did you mean" suggestions."""

from __future__ import annotations

import difflib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.names import (
    ID_MAX,
    Suggester,
    did_you_mean,
    fold,
    fold_text,
    is_safe_id,
    normalise_name,
    prefold,
    slugify,
    suggest,
)


@pytest.mark.parametrize(("text", "folded"), [
    ("O’Mélia, C.", "omelia c"),
    ("Catherine O'Melia", "catherine omelia"),
    ("Zoë  Ó Briain", "zoe o briain"),
    ("Health & Social Care", "health and social care"),
    ("STRASSE Straße", "strasse strasse"),
    ("  ", ""),
    ("日本", ""),
])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded == fold_text(text)


@pytest.mark.parametrize(("text", "name"), [
    ("Prof. Rob Wilson", "rob wilson"),
    ("Dr Sue Richardson", "sue richardson"),
    ("Cllr Dame Jane Smith", "jane smith"),
    ("Professor", "professor"),  # a title alone is kept: it is all there is
])
def test_normalise_name(text: str, name: str) -> None:
    assert normalise_name(text) == name


@pytest.mark.parametrize(("text", "slug"), [
    ("Bristol: predictive analytics", "bristol-predictive-analytics"),
    ("../../etc/passwd", "etc-passwd"),
    ("Bad Name", "bad-name"),
    ("!!!", "untitled"),
    ("a" * 70, "a" * 60),
    ("word " * 20, "-".join(["word"] * 12)),
])
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert is_safe_id(slug)


@pytest.mark.parametrize(("value", "safe"), [
    ("leeds-hub", True), ("2015", True), ("a", True), ("a--b", True),
    ("-leeds", False), ("leeds-", False), ("Leeds", False), ("leeds hub", False),
    ("../x", False), ("/etc/passwd", False), ("x.md", False), ("", False), ("é", False),
    ("leeds\n", False), ("a" * ID_MAX, True), ("a" * (ID_MAX + 1), False),
])
def test_is_safe_id(value: str, safe: bool) -> None:
    assert is_safe_id(value) is safe


@given(st.text())
def test_slugify_is_always_safe(text: str) -> None:
    assert is_safe_id(slugify(text))


@given(st.text())
def test_prefold_keeps_every_folded_word(text: str) -> None:
    """The withdrawn-name check relies on it: a word of fold(t) is a word of prefold(t)."""
    words = set(re.split(r"[^a-z0-9]+", prefold(text)))
    assert set(fold(text).split()) <= words


def test_did_you_mean() -> None:
    assert did_you_mean("leadershp", ["leadership", "consent"]) == " (did you mean 'leadership'?)"
    assert did_you_mean("zzz", ["leadership", "consent"]) == ""
    assert suggest("LEADERSHIP", ["Leadership"]) == "Leadership"


def reference(value: str, choices: list[str], cutoff: float, key=fold) -> str | None:  # noqa: ANN001
    """What the suggestions used to be: difflib on folded names."""
    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(key(choice), choice)
    match = difflib.get_close_matches(key(value), list(by_key), n=1, cutoff=cutoff)
    return by_key[match[0]] if match else None


NAMES = st.text(alphabet="abcdeilmnorstuw ÉéO'-.", max_size=14)


@settings(max_examples=400)
@given(value=NAMES, choices=st.lists(NAMES, max_size=40),
       cutoff=st.sampled_from([0.0, 0.3, 0.5, 0.6, 0.7, 0.75, 0.9, 1.0]))
def test_suggester_agrees_with_difflib(value: str, choices: list[str], cutoff: float) -> None:
    assert Suggester(choices).suggest(value, cutoff) == reference(value, choices, cutoff)


@settings(max_examples=200)
@given(value=NAMES, choices=st.lists(NAMES, max_size=20))
def test_suggester_agrees_with_difflib_on_people(value: str, choices: list[str]) -> None:
    people = ["Dr " + c for c in choices]
    assert (Suggester(people, key=normalise_name).suggest(value, 0.7)
            == reference(value, people, 0.7, key=normalise_name))


def test_suggester_on_a_large_registry() -> None:
    first = ["Sue", "Rob", "Kate", "Deborah", "James", "Catherine", "Paul", "Sarah", "Zoë"]
    last = ["Richardson", "Baines", "Wilson", "Chambers", "Cook", "O'Melia", "Ó Briain", "Smith"]
    names = [f"{f} {m} {la}" for f in first for la in last for m in "ABCDEFGHIJKLMNOP"]
    suggester = Suggester(names, key=normalise_name)
    for typo in ["Sue B Richardsn", "Prof Rob C Wilsn", "Zoe P O Brian", "Kathrine F Omelia",
                 "Nobody Atall", "Jmes Cok", ""]:
        assert suggester.suggest(typo, 0.7) == reference(typo, names, 0.7, key=normalise_name)


def test_suggester_shows_another_label() -> None:
    suggester = Suggester(["Leadership", "leadership"], show={"Leadership": "leadership",
                                                             "leadership": "leadership"})
    assert suggester.suggest("leadershp", 0.7) == "leadership"
    assert Suggester([]).suggest("anything") is None
