"""Stage 2 and 3 details that the golden cases do not spell out: unsafe HTML, dates, consent."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.corpus.consent.matching import _POSSESSIVE, WithdrawnNames, anchor_words, drop_possessives
from kb.corpus.resolve import Registry
from kb.corpus.unsafe_html import find_unsafe_html
from kb.corpus.validate import Checker, check_date, validate_record
from kb.model import Document, Entity
from kb.names import fold_text

UNSAFE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//example.org/x.js>",
    "<img src=x onerror=alert(1)>",
    "<img src=x\n  onerror=alert(1)>",
    "<img/onerror=alert(1)>",
    "<svg><circle/></svg>",
    "<iframe src=https://example.org>",
    "<object data=x.swf>",
    "<embed src=x>",
    "<style>body{}</style>",
    "<form action=https://example.org>",
    "<meta http-equiv=refresh content=0>",
    "<base href=https://example.org/>",
    "<link rel=stylesheet href=x.css>",
    '<a href="javascript:alert(1)">x</a>',
    "<a href=' JavaScript:alert(1)'>x</a>",
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;&#97;vascript:alert(1)">x</a>',
    '<a href="vbscript:x">x</a>',
    '<a href="data:text/html,<script>">x</a>',
    "<a href=javascript:alert(1)>x</a>",
    "[x](javascript:alert(1))",
    "[x]( <javascript:alert(1)> )",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    "[x](&#x6A;avascript:alert(1))",
    "[ref]: javascript:alert(1)",
    "   [ref]: <vbscript:x>",
    # Parsed as HTML: a '<' inside a quoted attribute does not end the tag.
    '<a title="<" onmouseover=alert(1)>x</a>',
    "<a title='a>b' onmouseover=alert(1)>x</a>",
    # A '<' before a letter starts a tag in a browser; an unfinished one swallows what follows,
    # and an element outside the sanitiser's list is refused even when it looks harmless.
    "x<y and a<b",
    "The <datum> of <javascripts>",
    "<div\nonmouseover=alert(1) title='x",
    # Browsers end a comment at '<!-->' and '--!>'; what is inside must pass too.
    "<!--> <img src=x onerror=alert(1)> -->",
    "<!-- --!><img src=x onerror=alert(1)> -->",
    "<p style='background:url(//tracker.example/p.png)'>x</p>",
    "<h2 id='x\" onfocus=alert(1)'>x</h2>",
    "<video src=x.mp4></video>",
    "<javascript:alert(1)>",
    # Reference definitions wherever they stand.
    "> [ref]: javascript:alert(1)",
    "- [ref]: javascript:alert(1)",
    "1. > [ref]:\n   javascript:alert(1)",
]
SAFE = [
    "Plain text.",
    "3 < 4 and 5 > 4",
    "x < y and a < b, &lt;b&gt;",
    "< script> is not a tag",
    "<abbr title='Local Government Association'>LGA</abbr>",
    "<b>bold</b> <em>em</em> <br> <hr/>",
    "<a href='https://example.org/page'>a link</a>",
    "<a href='../seminars/'>relative</a> <a href='#top'>anchor</a>",
    "[x](https://example.org/javascript:alert) [y](../x/) [z](#a) [m](mailto:a@example.org)",
    "[ref]: https://example.org",
    "javascript: and onload= in prose",
    "<p class='onward'>onward</p>",
    "The &lt;datum&gt; of <https://example.org/x> and <someone@example.org>",
    "<div markdown>**x**</div> <!-- a note --> <img src='../assets/x.png' alt=''>",
    "<h2 id='a-slug' class='one two'>x</h2>",
]


@pytest.mark.parametrize("text", UNSAFE)
def test_unsafe_html_is_found(text: str) -> None:
    assert find_unsafe_html(f"Before.\n\n{text}\n\nAfter.\n"), text


@pytest.mark.parametrize("text", SAFE)
def test_safe_html_is_left_alone(text: str) -> None:
    assert find_unsafe_html(text) == []


@pytest.mark.parametrize("text", [
    "<a " * 200_000, "<" * 1_000_000, "<a b" + " c" * 300_000, "](" * 300_000,
    "[x]: " * 200_000, "<a href=" * 100_000, "\n[a]: " * 100_000,
])
def test_unsafe_html_check_takes_linear_time(text: str) -> None:
    start = time.perf_counter()
    find_unsafe_html(text)
    assert time.perf_counter() - start < 2


def test_unsafe_html_lines_count_from_the_body() -> None:
    body = "Line 7.\n\n<img src=x\n     onerror=alert(1)>\n[x](javascript:y)\n"
    doc = Document("seminars/x.md", {"title": "x", "date": "2016"}, {(): 2}, body, 7)
    _, diags = validate_record(doc, "seminars", "x")
    assert [(d.line, d.code) for d in diags] == [(9, "unsafe-html"), (11, "unsafe-html")]
    assert diags[1].message.startswith("the text links to 'javascript:y', which could run code")


@pytest.mark.parametrize(("value", "result"), [
    ("2016", "2016"), (2016, "2016"), ("2016-06", "2016-06"), ("2016-06-30", "2016-06-30"),
    ("unknown", "unknown"), ("  2016 ", "2016"),
])
def test_dates_accepted(value: object, result: str) -> None:
    check = Checker(Document("x.md", {}, {}))
    assert check_date(check, "date", value, ()) == result and check.diagnostics == []


@pytest.mark.parametrize(("value", "hint"), [
    ("30/11/2016", "(for 30 November 2016 write 2016-11-30)"),
    ("1.2.2016", "(for 1 February 2016 write 2016-02-01)"),
    ("11/30/2016", "(if you mean 30 November 2016, write 2016-11-30)"),
    ("31/31/2016", "YYYY-MM-DD; if"),
    ("November 2016", "(write 2016-11)"),
    ("31st February 2016", "YYYY-MM-DD; if"),
    ("2016-02-29x", "YYYY-MM-DD; if"),
    ("2015-02-29", "(2015-02-29 is not on the calendar)"),
    ("UNKNOWN", "(write unknown in lowercase)"),
    ("\u0662\u0660\u0661\u0666", "YYYY-MM-DD; if"),  # Arabic-Indic digits are not a year here
    (99, "YYYY-MM-DD; if"),
    (True, "YYYY-MM-DD; if"),
])
def test_date_hints(value: object, hint: str) -> None:
    check = Checker(Document("x.md", {}, {}))
    assert check_date(check, "date", value, ()) is None
    [diag] = check.diagnostics
    assert diag.code == "bad-date" and hint in diag.message, diag.message


def withdrawn(*names: str, aliases: tuple[str, ...] = ()) -> WithdrawnNames:
    registry = Registry()
    for i, name in enumerate(names):
        registry.add(Entity("people", f"p{i}", name, {"consent": "withdrawn"}, "people.yml", 1,
                            aliases))
    registry.add(Entity("people", "named", "Rob Wilson", {"consent": "named"}, "people.yml", 1))
    return WithdrawnNames(registry)


@pytest.mark.parametrize("text", [
    "Catherine O'Melia spoke.", "CATHERINE O’MELIA spoke.", "by catherine omelia.",
    "Dr Catherine O'Melia", "(Catherine O'Melia)", "Catherine\nO'Melia", "Catherine  OMelia",
    "Cathérine O'Mélia", "Catherine O'Melia's report", "Catherine-Omelia's cousin",
])
def test_withdrawn_names_found(text: str) -> None:
    [diag] = withdrawn("Catherine O'Melia").check("x.md", [(5, text)])
    assert diag.code == "withdrawn-name" and diag.line == 5
    # the message quotes the words as this text wrote them, never the registry's name
    written = diag.message.split("names '", 1)[1].split("', who has withdrawn consent")[0]
    assert fold_text(written) == "catherine omelia"
    assert all(word in text for word in written.split()), written


@pytest.mark.parametrize("text", [
    "Catherine Omeliason", "Catherine", "O'Melia", "Rob Wilson", "Catherine Omelias",
])
def test_withdrawn_names_not_found(text: str) -> None:
    assert withdrawn("Catherine O'Melia").check("x.md", [(1, text)]) == []


def test_the_quick_test_needs_every_word_of_a_name() -> None:
    finder = withdrawn("Catherine O'Melia", "Jo Li")
    may = [finder.may_name(anchor_words(text)) for text in (
        "Catherine Smith spoke", "Catherine spoke of O'Melia", "the O'Melia's", "Jo Li's talk",
        "Li", "Catherine and Li", "Catherine O’Melia's's notes")]
    assert may == [False, True, False, True, False, False, True]


#: Pieces of text around two protected names: their words in other cases and accents, their
#: possessives, titles, punctuation, line breaks, and other words.
PIECES = st.sampled_from([
    "Catherine", "CATHERINE", "Cathérine", "O'Melia", "O’Melia", "omelia", "O'Melia's",
    "Melia", "Jo", "Li", "Li's", "LI", "Dr", "Prof.", "Wilson", "Rob", " ", "  ", "\n", "-",
    ",", ".", "'s", "’", "(", ")", "&", "and", "s", "x",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_the_quick_test_never_misses_what_the_search_finds(text: str) -> None:
    finder = withdrawn("Catherine O'Melia", "Jo Li", aliases=("O'Melia, C.",))
    if finder.found("x.md", [(1, text)]):
        assert finder.may_name(anchor_words(text)), text


def test_withdrawn_aliases_and_lines() -> None:
    finder = withdrawn("Zoë Ó Briain", aliases=("Briain, Z.", "Dr Z Briain"))
    text = "One.\nTwo with briain z here.\n\nz briain."
    diags = finder.check("x.md", [(3, "A title"), (10, text)])
    assert [d.line for d in diags] == [11, 13]
    assert withdrawn().check("x.md", [(1, "anything")]) == []


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["'s", "\u2019s", "'", "s", "a", "_", "1", "é", " ", ".", "\n",
                                 "\u0301", "ß"]), max_size=12).map("".join))
def test_possessives_are_dropped_as_the_pattern_says(text: str) -> None:
    assert drop_possessives(text) == _POSSESSIVE.sub("", text)
