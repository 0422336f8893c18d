"""The proposal form as helpful as the validator (issue 14), in headless Chromium: the ports in
propose-words.js give the Python answers, the form checks as you type with the validator's
"did you mean", takes dates and addresses as people write them, asks about consent for each
new person, and keeps the draft across reloads until it is cleared."""

from __future__ import annotations

import difflib
import random
import shutil
import sys

from conftest import ROOT

from kb.contrib.forgiving import canonical_date, canonical_url
from kb.corpus import load_corpus
from kb.names import (
    HONORIFICS,
    Suggester,
    fold,
    normalise_name,
    split_honorific,
)

sys.path.insert(0, str(ROOT / "tests"))
from test_forgiving import DATES, URLS  # noqa: E402

PROPOSE = "contribute/propose/"


def open_form(page, site_server):
    page.goto(site_server + PROPOSE)
    page.wait_for_selector("#kb-propose[data-ready]")
    return page


def config(page) -> dict:
    return page.evaluate("JSON.parse(document.getElementById('kb-propose-data').textContent)")


# ---- The ports give the Python answers ----

def typos(word: str, rng: random.Random) -> list[str]:
    """A word as people mistype it: a letter left out, doubled, swapped or changed."""
    if len(word) < 2:
        return [word]
    i = rng.randrange(len(word) - 1)
    letter = rng.choice("aeiourstln")
    return [word[:i] + word[i + 1:], word[:i] + word[i] + word[i:], word[:i] + word[i + 1]
            + word[i] + word[i + 2:], word[:i] + letter + word[i + 1:], word.upper(),
            "Dr " + word, word + " " + word[:3]]


def test_did_you_mean_gives_the_validators_answers(page, site_server):
    """kbWords.Suggester and kb.names.Suggester over the page's own vocabularies, typos of
    every entry and random words, at each cutoff the validator uses."""
    open_form(page, site_server)
    choices = config(page)["suggest"]
    rng = random.Random(14)
    cases = []
    for kind, pairs in choices.items():
        names = [name for name, _ in pairs]
        values = [t for name in names for t in typos(name, rng)]
        values += ["".join(rng.choice("abcdefghij lmnoprst") for _ in range(rng.randrange(1, 30)))
                   for _ in range(60)]
        values += ["", " ", "x" * 201, "Ďŕ Šüé Ŗîçhàrdsōn", "&&&", "Professor"]
        for cutoff in (0.6, 0.7, 0.75):
            cases.append((kind, pairs, values, cutoff))
    found = page.evaluate("""([cases, titles]) => cases.map(([kind, pairs, values, cutoff]) => {
        const words = window.kbWords;
        const key = kind === "people" ? words.makeNormaliseName(titles) : words.fold;
        const s = new words.Suggester(pairs, key);
        return values.map(v => s.suggest(v, cutoff));
    })""", [cases, sorted(HONORIFICS)])
    for (kind, pairs, values, cutoff), answers in zip(cases, found, strict=True):
        show = dict(map(tuple, pairs))
        key = normalise_name if kind == "people" else fold
        python = Suggester(show, key=key, show=show)
        expected = [python.suggest(v, cutoff) for v in values]
        assert answers == expected, (kind, cutoff)


def test_did_you_mean_agrees_where_difflib_is_subtle(page, site_server):
    """Ties, more than 50 near-anagrams (only the best 50 bounds are compared), and words of
    200 letters (difflib's autojunk leaves out common letters)."""
    open_form(page, site_server)
    rng = random.Random(3)
    letters = list("abcdefghij")
    anagrams = []
    for _ in range(120):
        rng.shuffle(letters)
        anagrams.append("".join(letters))
    long_names = ["a" * 150 + "b" * 50, "ab" * 100, "a" * 199 + "c", "b" * 200]
    cases = [(anagrams, v, 0.5) for v in anagrams[:20] + ["abcdefghij", "jihgfedcba"]]
    cases += [(long_names, v, c) for v in ("a" * 199 + "b", "ab" * 99 + "b", "a" * 200)
              for c in (0.6, 0.75)]
    cases += [(["aa", "ab", "ba", "bb"], v, 0.5) for v in ("a", "b", "ab", "ba", "abba")]
    found = page.evaluate("""cases => cases.map(([names, v, cutoff]) =>
        new window.kbWords.Suggester(names.map(n => [n, n]), window.kbWords.fold)
            .suggest(v, cutoff))""", cases)
    assert found == [Suggester(names).suggest(v, c) for names, v, c in cases]
    pairs = [(rng.choice(anagrams + long_names), rng.choice(anagrams + long_names))
             for _ in range(40)] + [("", ""), ("abc", ""), ("", "abc")]
    ratios = page.evaluate("ps => ps.map(([a, b]) => window.kbWords.ratio(a, b))", pairs)
    assert ratios == [difflib.SequenceMatcher(None, a, b).ratio() for a, b in pairs]


NAMES = ["Dr Jane Hollis", "Prof. Dr. Jane Hollis", "Dr.Jane Hollis", "Drew Smith",
         "Miss-Jones", "Professor", "  Cllr  Dame Jane   Smith ", "O\u2019M\u00e9lia, C.",
         "Zo\u00eb \u00d3 Briain", "STRASSE Stra\u00dfe", "Health & Social Care", "\u65e5\u672c",
         "Sir", "Lady Gaga", "Mr & Mrs Smith", "Rev'd Ann Lee", "DR. JANE"]


def test_names_are_read_as_the_validator_reads_them(page, site_server):
    open_form(page, site_server)
    found = page.evaluate("""([names, titles]) => {
        const w = window.kbWords, norm = w.makeNormaliseName(titles);
        const split = w.makeSplitHonorific(titles, norm);
        return names.map(n => [w.fold(n), norm(n), split(n)]);
    }""", [NAMES, sorted(HONORIFICS)])
    assert found == [[fold(n), normalise_name(n), list(split_honorific(n))] for n in NAMES]


def test_dates_and_addresses_are_read_as_kb_new_reads_them(page, site_server):
    open_form(page, site_server)
    rng = random.Random(5)
    words = ["March", "mar", "30th", "2017", "1999", "/", "-", ".", "11", "of", "Sept", "0",
             "unknown", ",", "31", "02", "www.", "example", ".org", "//", "/x?a=1", "http://"]
    made = ["".join(rng.choice(words) + rng.choice(["", " "]) for _ in range(rng.randrange(1, 5)))
            for _ in range(300)]
    dates, urls = [*DATES, *made], [*URLS, *made]
    found = page.evaluate("""([ds, us]) => [ds.map(d => window.kbWords.canonicalDate(d)),
                                            us.map(u => window.kbWords.canonicalUrl(u))]""",
                          [dates, urls])
    assert found == [[canonical_date(d) for d in dates], [canonical_url(u) for u in urls]]


# ---- Checks as you type ----

def test_checks_as_you_type_with_the_validators_suggestion(page, site_server, tmp_path):
    open_form(page, site_server)
    live = page.locator("#kb-live")
    assert live.get_attribute("aria-live") == "polite"
    page.evaluate("""() => { window.kbSaid = [];
        new MutationObserver(() => window.kbSaid.push(document.getElementById('kb-live')
            .textContent)).observe(document.getElementById('kb-live'),
            {childList: true, characterData: true, subtree: true}); }""")
    page.get_by_label("Theme 1").press_sequentially("Early interventon", delay=60)
    page.wait_for_function("window.kbSaid.length > 0")
    page.wait_for_timeout(1000)
    said = page.evaluate("window.kbSaid")
    assert said == ["Theme 1: \u201cEarly interventon\u201d is not in the list of themes (did you "
                    "mean \u201cEarly intervention\u201d?); choose one from the suggestions."]
    assert page.locator("#kb-errors").is_hidden()          # no button was pressed
    assert page.locator("#kb-f-themes-1").get_attribute("aria-invalid") == "true"
    # kb validate suggests the same entry for the same typo
    for part in ("registries", "seminars", "case_studies"):
        shutil.copytree(ROOT / part, tmp_path / part)
    (tmp_path / "case_studies" / "typo.md").write_text(
        "---\nkind: case-study\ntitle: Typo\nthemes: [Early interventon]\n---\n")
    [error] = [d for d in load_corpus(tmp_path).errors if d.path == "case_studies/typo.md"]
    assert "(did you mean 'early-intervention'?)" in error.message
    # take the suggestion
    page.get_by_role("button", name="Use \u201cEarly intervention\u201d").first.click()
    assert page.get_by_label("Theme 1").input_value() == "Early intervention"
    assert page.locator("#kb-f-themes-1-error").is_hidden()
    assert page.locator("#kb-f-themes-1").get_attribute("aria-invalid") is None
    assert "themes:\n  - early-intervention\n" in page.locator("#kb-preview").inner_text()
    page.kb_watch.assert_clean()


def test_new_names_are_noted_with_did_you_mean(page, site_server):
    open_form(page, site_server)
    page.get_by_label("Organisation 1").fill("Newcastle Universty")
    page.get_by_label("Place 1").fill("leeds")
    page.wait_for_function("!document.getElementById('kb-f-organisations-1-note').hidden")
    assert page.locator("#kb-f-organisations-1-note").inner_text().startswith(
        "\u201cNewcastle Universty\u201d is new to the knowledge base: it will be proposed as a "
        "new organisation, for a reviewer to add. Did you mean \u201cNewcastle University\u201d?")
    assert "Written as \u201cLeeds\u201d" in page.locator("#kb-f-places-1-note").inner_text()
    assert "places:\n  - \"Leeds\"\n" in page.locator("#kb-preview").inner_text()


def test_dates_and_addresses_as_people_write_them(page, site_server):
    open_form(page, site_server)
    date = page.get_by_label("Date", exact=True)
    date.fill("March 2017")
    date.press("Tab")
    assert date.input_value() == "2017-03"
    assert page.locator("#kb-f-date-note").inner_text() == (
        "\u201cMarch 2017\u201d is written as 2017-03.")
    page.locator("#kb-f-sources-1-source").fill("Early help in Wakefield")   # a new source
    url = page.locator("#kb-f-sources-1-new-url")
    url.fill("www.example.org/report")
    url.press("Tab")
    assert url.input_value() == "https://www.example.org/report"
    text = page.locator("#kb-preview").inner_text()
    assert 'date: "2017-03"' in text and '    url: "https://www.example.org/report"' in text


def test_a_source_not_listed_is_described_in_place(page, site_server):
    open_form(page, site_server)
    new = page.locator("#kb-f-sources-1-new")
    page.locator("#kb-f-sources-1-source").fill("Improving information sharing: the EIF "
                                                "Places network workshop")
    assert new.is_hidden()
    assert "  - eif-places-workshop-blog-2016\n" in page.locator("#kb-preview").inner_text()
    page.locator("#kb-f-sources-1-source").fill("Improving information sharing: EIF Places "
                                                "workshop")
    assert new.is_visible()
    note = page.locator("#kb-f-sources-1-source-note").inner_text()
    assert note.startswith("Not in the list of sources: it will be proposed as a new source")
    assert "Did you mean \u201cImproving information sharing: the EIF Places network " \
           "workshop\u201d?" in note
    page.get_by_role("button", name="Check and prepare the file").click()
    assert any(i.startswith("Source 1: who speaks in it") for i in
               page.locator("#kb-errors-list li").all_inner_texts())
    page.locator("#kb-f-sources-1-new-kind").select_option("blog-post")
    page.locator("#kb-f-sources-1-new-authority").fill("The workshop organisers' own account.")
    text = page.locator("#kb-preview").inner_text()
    assert ('  - title: "Improving information sharing: EIF Places workshop"\n'
            "    kind: blog-post\n"
            "    authority: \"The workshop organisers' own account.\"\n") in text
    page.get_by_role("button", name="Use \u201cImproving information sharing: the EIF Places "
                                    "network workshop\u201d").click()
    assert new.is_hidden() and "  - eif-places-workshop-blog-2016\n" in page.locator(
        "#kb-preview").inner_text()


# ---- Consent is asked for each new person ----

def test_consent_is_asked_for_each_new_person(page, site_server):
    open_form(page, site_server)
    question = page.locator("#kb-f-contributors-1-consent")
    page.locator("#kb-f-contributors-1-name").fill("Prof Rob Wilson")        # known
    assert question.is_hidden()
    assert "- name: \"Rob Wilson\"" not in page.locator("#kb-preview").inner_text()
    assert "  - \"Rob Wilson\"\n" in page.locator("#kb-preview").inner_text()
    page.locator("#kb-f-contributors-1-name").fill("Dr Jane Hollis")         # new
    assert question.is_visible()
    assert "  - name: \"Jane Hollis\"\n---" in page.locator("#kb-preview").inner_text()
    page.get_by_role("button", name="Check and prepare the file").click()
    items = page.locator("#kb-errors-list li").all_inner_texts()
    assert ("Contributor 1: did they agree to be named?: Say whether Jane Hollis agreed to be "
            "named: if you are not sure, choose \u201cNot sure\u201d.") in items
    question.get_by_label("Not sure").check()
    text = page.locator("#kb-preview").inner_text()
    assert "  - name: \"Jane Hollis\"\n    consent: role-only\n" in text
    page.get_by_label("What was done").fill("Jane Hollis led the work.")
    page.get_by_role("button", name="Check and prepare the file").click()
    assert any("The text names \u201cJane Hollis\u201d, who is to be shown only by their role"
               in i for i in page.locator("#kb-errors-list li").all_inner_texts())
    question.get_by_label("Yes, by name").check()
    assert "    consent: named\n" in page.locator("#kb-preview").inner_text()


# ---- The draft stays in the browser until it is cleared ----

def test_the_draft_survives_a_reload_and_can_be_cleared(page, site_server):
    open_form(page, site_server)
    page.get_by_label("Good-practice account").check()
    page.get_by_label("Title (required)").fill("Kept across reloads")
    page.get_by_label("Theme 1").fill("Leadership")
    page.get_by_role("button", name="Add another theme").click()
    page.keyboard.type("Consent")
    page.locator("#kb-f-contributors-1-name").fill("Dr Jane Hollis")
    page.locator("#kb-f-contributors-1-consent").get_by_label("Yes, by name").check()
    page.get_by_label("The practice").fill("A practice.")
    key = "kb-propose-draft:/" + PROPOSE
    page.wait_for_function(f"(localStorage.getItem({key!r}) || '').includes('A practice.')")
    before = page.locator("#kb-preview").inner_text()
    page.reload()
    page.wait_for_selector("#kb-propose[data-ready]")
    assert page.get_by_label("Title (required)").input_value() == "Kept across reloads"
    assert page.get_by_label("Theme 2").input_value() == "Consent"
    assert page.get_by_label("Good-practice account").is_checked()
    assert page.locator("#kb-f-contributors-1-consent").get_by_label("Yes, by name").is_checked()
    assert page.locator("#kb-preview").inner_text() == before
    assert "answers from before are back" in page.locator("#kb-draft-status").inner_text()
    page.get_by_role("button", name="Clear the form").click()
    assert page.get_by_label("Title (required)").input_value() == ""
    assert page.locator("[data-row=themes]").count() == 1
    assert page.evaluate(f"localStorage.getItem({key!r})") is None
    page.reload()
    page.wait_for_selector("#kb-propose[data-ready]")
    assert page.get_by_label("Title (required)").input_value() == ""
    page.kb_watch.assert_clean()


def test_a_draft_it_cannot_read_is_ignored(page, site_server):
    """What the browser kept is read as values into the form, never as markup."""
    open_form(page, site_server)
    key = "kb-propose-draft:/" + PROPOSE
    hostile = '<img src=x onerror="window.kbHit=1">'
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, '{"values": {"kb-f-title": '
                  f'"{hostile.replace(chr(34), chr(92) + chr(34))}", "kb-propose": "x"}}, '
                  '"rows": {"themes": 1e9, "__proto__": 3}, "checked": ["kb-check"]}'])
    page.reload()
    page.wait_for_selector("#kb-propose[data-ready]")
    assert page.get_by_label("Title (required)").input_value() == hostile
    assert page.evaluate("window.kbHit") is None
    assert page.locator("[data-row=themes]").count() <= 200
    page.evaluate("([k]) => localStorage.setItem(k, 'not json')", [key])
    page.reload()
    page.wait_for_selector("#kb-propose[data-ready]")
    assert page.get_by_label("Title (required)").input_value() == ""


def test_the_new_questions_and_notes_are_accessible(page, site_server):
    """WCAG A/AA with the consent question, a new source's description, notes, a suggestion
    and the reasons for a theme and for the date all showing."""
    from test_propose import axe_on_form

    open_form(page, site_server)
    page.locator("#kb-f-contributors-1-name").fill("Dr Jane Hollis")
    page.get_by_label("Organisation 1").fill("Wakefield Council")
    page.get_by_label("Theme 1").fill("Early interventon")
    page.locator("#kb-f-themes-1").locator("xpath=..").get_by_text(
        "Not in the sources\u2019 own words?").click()
    page.locator("#kb-f-sources-1-source").fill("Early help in Wakefield")
    page.get_by_label("Date", exact=True).fill("March 2017")
    page.get_by_label("Date", exact=True).press("Tab")
    page.keyboard.press("Enter")                         # the date's "why", open and filled
    page.get_by_label("Why you give this date").fill("The blog says it was last month.")
    page.wait_for_function("!document.getElementById('kb-f-themes-1-error').hidden")
    assert page.locator("#kb-f-contributors-1-consent").is_visible()
    assert page.locator("#kb-f-sources-1-new").is_visible()
    assert axe_on_form(page) == []
    page.get_by_role("button", name="Check and prepare the file").click()
    page.locator("#kb-errors").wait_for(state="visible")
    assert axe_on_form(page) == []
