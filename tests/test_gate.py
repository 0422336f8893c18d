"""The output gate (kb.gate): protected names hidden in published output are found, whatever the
disguise, and a build, `kb pages` or `kb export` that would publish one fails and leaves nothing."""

from __future__ import annotations

import html
import urllib.parse
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import make_project, mkdocs_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb import load_corpus
from kb.cli import main
from kb.gate import OutputGate, gate_for, labelled_forms, protected_forms
from kb.model import Entity
from kb.names import HONORIFICS

# -- disguises ---------------------------------------------------------------------------------

#: Letters of other scripts that look like Latin ones (UTS #39 confusables).
LOOK_ALIKE = {"a": "\u0430", "c": "\u0441", "e": "\u0435", "i": "\u0456", "o": "\u043e",
              "p": "\u0440", "g": "\u0261", "j": "\u0458", "k": "\u03ba", "h": "\u04bb"}
DOTLESS_I = "\u0131"
INVISIBLE = ["\u200b", "\u2060", "\u00ad", "\ufeff", "\u200d", "\u2063"]
TAGS = ["<em>", "</em>", "<!-- -->", "<span class=\"x\">", "</span>", "<b></b>", "<!---->"]
ACCENT = "\u0301"  # combining acute: "é" once composed


def _initials_form(given: str, surname: str, title: str) -> str:
    return f"{given[0].upper()}. {surname}"


FORMS = {
    "full": lambda g, s, t: f"{g} {s}",
    "surname first": lambda g, s, t: f"{s}, {g}",
    "initials": _initials_form,
    "title": lambda g, s, t: f"{t} {s}",
    "run together": lambda g, s, t: f"{g}{s}",
}


@st.composite
def disguised(draw: st.DrawFn, given: str, surname: str) -> str:
    """One protected form of ``given surname`` in a random combination of disguises."""
    title = draw(st.sampled_from(sorted(HONORIFICS)))
    text = FORMS[draw(st.sampled_from(sorted(FORMS)))](given, surname, title)
    chars = []
    for char in text:
        roll = draw(st.integers(0, 9))
        if roll == 0 and char.lower() in LOOK_ALIKE:
            char = LOOK_ALIKE[char.lower()]
        elif roll == 1 and char.lower() == "i":
            char = DOTLESS_I
        elif roll == 2 and char.isalpha():
            char = char + ACCENT
        elif roll == 3:
            char = char.swapcase()
        chars.append(char)
    pieces = []
    for char in chars:  # then structure between and around characters
        roll = draw(st.integers(0, 9))
        if roll == 0:
            pieces.append(draw(st.sampled_from(INVISIBLE)))
        elif roll == 1:
            pieces.append(draw(st.sampled_from(TAGS)))
        if roll == 2:
            pieces.append(f"&#x{ord(char[0]):x};{char[1:]}")
        elif roll == 3:
            pieces.append(f"&amp;#{ord(char[0])};{char[1:]}")  # escaped twice
        elif roll == 4 and char == " ":
            pieces.append("&nbsp;")
        else:
            pieces.append(char)
    hidden = "".join(pieces)
    if draw(st.booleans()):
        hidden = urllib.parse.quote(hidden) if draw(st.booleans()) else html.escape(hidden)
    return f"<p>A report on sharing {hidden} and the council's work.</p>"


NAME_WORD = st.text("abcdefghijk", min_size=1, max_size=9).filter(lambda w: w not in HONORIFICS)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), NAME_WORD, NAME_WORD.filter(lambda w: len(w) >= 2))
def test_the_gate_finds_a_protected_name_in_any_disguise(data, given, surname):
    gate = OutputGate(labelled_forms(f"{given.title()} {surname.title()}"))
    text = data.draw(disguised(given.title(), surname.title()))
    assert gate.find(text) is not None, text
    assert gate.check("search/search_index.json", text.encode())  # the same in any file


@settings(max_examples=200, deadline=None)
@given(st.data(), NAME_WORD, NAME_WORD.filter(lambda w: len(w) >= 2),
       st.lists(st.tuples(st.text("nopqrstuvwxyz", min_size=1, max_size=8),
                          st.text("nopqrstuvwxyz", min_size=2, max_size=8)), max_size=4))
def test_the_gate_passes_text_without_the_names(data, given, surname, others):
    """Other people's names in every form and disguise are not flagged (the letters of the
    protected names and of the others are disjoint)."""
    gate = OutputGate(labelled_forms(f"{given} {surname}"))
    text = "".join(data.draw(disguised(g.title(), s.title())) for g, s in others)
    assert gate.find(text) is None, text


@pytest.mark.parametrize("text", [
    "Jo\u200bSmith", "J&#x6f; Smith", "Smith, Jo", "J. Smith", "Ms Smith", "JoSmith",
    "jo%20smith", "J<!-- -->o <em>Smith</em>", "J\u043e Sm\u0131th", "Dr. SMITH",
    '<img alt="Jo Smith">', '"Jo\\u00a0Smith"', "Smith's J", "JO-SMITH",
])
def test_examples_of_each_disguise(text):
    assert OutputGate(protected_forms("Jo Smith")).find(text) is not None


@pytest.mark.parametrize("text", ["John Smith", "Jo Smithson", "Joanna Smith", "major smith"])
def test_examples_of_other_names(text):
    assert OutputGate(protected_forms("Jo Smith")).find(text) is None


def test_short_names_are_whole_words():
    gate = OutputGate(protected_forms("Al", ["Li Bo"]))
    assert gate.find("said Al.") and gate.find("with L. Bo") and gate.find("LiBo")
    assert gate.find("almost all of Libor's boats") is None


def test_a_long_name_builds_its_pattern():
    assert OutputGate(protected_forms("Wendy " + "x" * 2000)).find("wendy " + "x" * 2000)


def test_a_hit_in_a_path_names_neither_the_path_nor_the_person():
    gate = OutputGate(labelled_forms("Wendy Withdrawnperson"))
    (finding,) = gate.check("seminars/wendy-withdrawnperson/index.html", b"<p>neutral</p>")
    assert "withdrawnperson" not in finding.format().lower()
    assert finding.format().startswith("the path of a file under seminars/")
    (finding,) = gate.check("feed.xml", "<title>W. With\u00addrawnperson</title>".encode())
    assert finding.format().startswith("feed.xml: error:")
    assert "initials with surname" in finding.format()


# -- real outputs ------------------------------------------------------------------------------

#: Bodies and titles the source-side scan reads as something else, each naming Wendy: the scan
#: reads every disguise the gate undoes (kb.disguises; tests/test_disguised_names.py), but not
#: words run together, nor emphasis inside a word, which only the rendered page shows as one.
DISGUISED = {
    "run together": ("A talk", "A report by WendyWithdrawnperson on sharing."),
    "emphasis": ("A talk", "A report by Wendy Withdrawn*p*erson on sharing."),
    "title": ("Talk by WendyWithdrawnperson", "A report on sharing."),
}


@pytest.fixture
def hostile_project(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "project")
    people_file = project / "registries/people.yml"
    people = yaml.safe_load(people_file.read_text())
    people.append({"id": "wendy", "name": "Wendy Withdrawnperson", "consent": "withdrawn"})
    people_file.write_text(yaml.safe_dump(people, sort_keys=False), encoding="utf-8")
    return project


def _record(project: Path, name: str, title: str, body: str) -> None:
    (project / f"seminars/{name}.md").write_text(
        f"---\ntitle: {title}\ndate: 2016\n---\n\n{body}\n", encoding="utf-8")


@pytest.mark.parametrize("case", ["run together", "emphasis", "title"])
def test_the_source_scan_misses_these(hostile_project, case):
    """The premise of the tests below: only the output gate can catch these."""
    _record(hostile_project, "disguised", *DISGUISED[case])
    assert "disguised" in load_corpus(hostile_project).records


@pytest.mark.parametrize("case", ["run together", "emphasis"])
def test_a_build_that_would_publish_a_name_fails_and_leaves_no_site(hostile_project, case):
    _record(hostile_project, "disguised", *DISGUISED[case])
    out = hostile_project.parent / "site"
    result = mkdocs_build(hostile_project, out, strict=False)
    assert result.returncode != 0
    assert "protected-output" in result.stderr and "full name" in result.stderr
    assert "withdrawnperson" not in result.stderr.lower()
    assert not out.exists()


def test_a_file_name_that_names_someone_fails_the_build(hostile_project):
    # the source scan refuses "wendy-withdrawnperson.md"; run together, only the gate sees it
    _record(hostile_project, "wendywithdrawnperson", "A neutral title", "Neutral text.")
    out = hostile_project.parent / "site"
    result = mkdocs_build(hostile_project, out, strict=False)
    assert result.returncode != 0 and "protected-output" in result.stderr
    assert "withdrawnperson" not in result.stderr.split("protected-output")[0].lower()[-400:]
    assert not out.exists()


def test_kb_pages_writes_nothing_when_the_output_names_someone(hostile_project):
    _record(hostile_project, "disguised", *DISGUISED["run together"])
    out = hostile_project.parent / "pages"
    result = CliRunner().invoke(main, ["pages", "--out", str(out), "--root", str(hostile_project)])
    assert result.exit_code == 1, result.output
    assert "protected-output" in result.output
    assert not out.exists()
    assert not list(out.parent.glob(".kb-staging-*"))  # the downloads were made, then removed


@pytest.mark.parametrize("fmt", ["json", "csv", "graphml"])
def test_kb_export_writes_nothing_when_the_output_names_someone(hostile_project, fmt):
    _record(hostile_project, "disguised", *DISGUISED["title"])
    out = hostile_project.parent / "export" / f"network.{fmt}"
    result = CliRunner().invoke(
        main, ["export", "--format", fmt, "--output", str(out), "--root", str(hostile_project)])
    assert result.exit_code == 1, result.output
    assert "protected-output" in result.output
    assert not out.parent.exists()
    assert not list(hostile_project.parent.glob(".kb-staging-*"))


def test_forms_a_named_person_shares_are_left_to_the_source_scan(tmp_path):
    from kb.model import Entity

    def person(name: str, consent: str) -> Entity:
        return Entity("people", name.lower().replace(" ", "-"), name, {"consent": consent},
                      "registries/people.yml", 1)

    gate = gate_for([person("Anna Baker", "withdrawn"), person("Alice Baker", "named")])
    assert gate.find("A. Baker, Ms Baker, Alice Baker, Anna Cook") is None  # Alice's forms too
    assert gate.find("Anna Baker") and gate.find("Anna<em>Baker</em>")
    assert gate_for([person("Anna Baker", "withdrawn")]).find("Baker, Anna")
    assert gate_for([person("Anna Baker", "Withdrawn")]).find("Ms Baker")  # fails closed


def test_theme_files_that_are_unchanged_are_not_read(tmp_path):
    theme, site = tmp_path / "theme", tmp_path / "site"
    for folder in (theme, site):
        (folder / "assets").mkdir(parents=True)
        (folder / "assets/app.js").write_text("var a=j.smith;")
    gate = OutputGate(protected_forms("Jo Smith"))
    assert gate.check_tree(site, unchanged=[theme]) == []
    (site / "assets/app.js").write_text("var a=j.smith; // changed")
    assert [f.path for f in gate.check_tree(site, unchanged=[theme])] == ["assets/app.js"]


# -- one definition of a name's forms (kb.consent) ---------------------------------------------

NAMES = [("Wendy Jane Quillfeather", ["Prof. W. Quillfeather", "Jo"]), ("Zoë Ó Briain", []),
         ("Wendy Smith-Jones", []), ("Catherine O'Melia", ["O'Melia, C."]), ("Omelia C", []),
         ("Jan van Dijk", []), ("Baker, Anna", []), ("Anna Hall", [])]


@pytest.mark.parametrize(("name", "aliases"), NAMES)
def test_the_gate_finds_every_form_the_source_scan_looks_for(name, aliases):
    from kb.corpus.consent.forms import protected_forms as source_forms

    gate = OutputGate(labelled_forms(name, aliases))
    for form in source_forms(name, aliases):
        assert gate.find(f"<p>{form.title()}</p>"), form


def test_the_safer_reading_of_each_form():
    from kb.corpus.consent.forms import protected_forms as source_forms

    assert "catherine o melia" in source_forms("Catherine O'Melia", [])  # as the gate read it
    assert "anna baker" in source_forms("Baker, Anna", [])
    assert "wj quillfeather" in source_forms("Wendy Jane Quillfeather", [])
    assert "dijk jan" in source_forms("Jan van Dijk", [])  # "Dijk, Jan van"
    gate = OutputGate(labelled_forms("Catherine O'Melia"))
    assert gate.find("Ms O Melia") and gate.find("Ms O’Melia")
    assert OutputGate(labelled_forms("Zoë Ó Briain")).find("Dr Ó Briain")
    assert OutputGate(labelled_forms("Omelia C")).find("Ms Omelia")  # read surname first
    assert "a hall" not in source_forms("Anna Hall", [])  # "booked a hall": the scan skips it


def test_an_initial_that_is_a_word_is_left_out_by_the_gate_too():
    """"A. Hall" folds to "a hall", as in "we booked a hall": looked for, it would stop every
    build that says so while Anna Hall is protected, with no source line to fix."""
    anna = Entity("people", "anna-hall", "Anna Hall", {"consent": "withdrawn"}, "", 1)
    gate = gate_for([anna])
    assert gate.find("We booked a hall for the day.") is None
    assert gate.find("Anna Hall spoke.") and gate.find("Ms Hall spoke.")


# -- the fast readings are the plain ones ------------------------------------------------------

PIECES = st.sampled_from(["Jo", "Smith", "'s", "'", "\n", " ", "<em>", "</em>", "<!--", "-->",
                          "&#x57;", "&amp;", "%20", "%0A", "\\n", "\\u0057", "\u0430", "\u200b",
                          "\u0130", "\u00e9", "e\u0301", "x", "100%", "&"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_folding_line_by_line_is_folding_the_whole(text):
    from kb.gate import _by_line, _fold_decoded, decode, fold

    assert _by_line(fold, decode(text, strip_tags=True)) == fold(decode(text, strip_tags=True))
    assert _by_line(_fold_decoded, text) == fold(decode(text))


def test_a_name_only_in_an_attribute_or_across_a_tag_is_found():
    gate = OutputGate(protected_forms("Wendy Quillfeather"))
    assert gate.find('<img alt="Wendy">Quillfeather')  # the reading that keeps tags
    assert gate.find('<p title="Wendy\nQuillfeather">neutral</p>')
    assert gate.find("x<b>Wendy Quillfeather</b>") and gate.find("Wen<b>dy</b> Quillfeather")
    assert gate.find("Wendy " + "." * 5000 + " Quillfeather")  # far apart only by punctuation
    assert gate.find("Quillfeather-" * 3000 + "Wendy Quillfeather")  # anchors everywhere


def test_gzip_files_are_read_whatever_their_name(tmp_path):
    """Pagefind's index chunks are gzip files with names of their own (no .gz)."""
    import gzip

    (tmp_path / "pagefind" / "fragment").mkdir(parents=True)
    (tmp_path / "pagefind" / "fragment" / "en_1a2b.pf_fragment").write_bytes(
        gzip.compress(b'pagefind_dcd{"content":"We met Wendy Quillfeather."}'))
    findings = OutputGate(labelled_forms("Wendy Quillfeather")).check_tree(tmp_path)
    assert [f.path for f in findings] == ["pagefind/fragment/en_1a2b.pf_fragment"]


def test_zip_members_are_read(tmp_path):
    """The data downloads come as one deflated zip too: its members are searched, names
    and contents, as a reader who unzips it would see them."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/nodes.csv", "id,label\npeople:x,Nobody\n")
        archive.writestr("data/edges.csv", "source,label\npeople:y,Wendy Quillfeather\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "isipp-network.zip").write_bytes(buffer.getvalue())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("wendy-quillfeather.txt", "nothing here")
    (tmp_path / "named.zip").write_bytes(buffer.getvalue())
    (tmp_path / "not-a.zip").write_bytes(b"PK\x03\x04 but broken: Wendy Quillfeather")
    findings = OutputGate(labelled_forms("Wendy Quillfeather")).check_tree(tmp_path)
    assert sorted(f.path for f in findings) == ["data/isipp-network.zip", "named.zip",
                                                "not-a.zip"]


def test_a_tree_shared_out_between_cores_gives_the_same_findings(tmp_path, monkeypatch):
    """check_tree forks a worker per core for a large tree; the findings are those of one
    process, in the same order (here every tree counts as large)."""
    import kb.gate

    for i in range(40):
        text = "We met Wendy Quillfeather." if i % 7 == 3 else f"Page {i}, nobody named."
        (tmp_path / f"p{i:02d}").mkdir()
        (tmp_path / f"p{i:02d}" / "index.html").write_text(f"<p>{text}</p>")
    (tmp_path / "wendy-quillfeather.txt").write_text("x")
    gate = OutputGate(labelled_forms("Wendy Quillfeather"))
    monkeypatch.setattr(kb.gate, "PARALLEL_FROM", 10**9)
    alone = gate.check_tree(tmp_path)
    monkeypatch.setattr(kb.gate, "PARALLEL_FROM", 1)
    monkeypatch.setattr(kb.gate, "_workers", lambda files: 2)  # two workers even on one core
    shared = gate.check_tree(tmp_path)
    assert len(alone) == 7 and shared == alone


#: Provenance texts (issue 13) that carry a name the source scan does not read (run together)
#: to the pages: a citation's locator and quote (in every "Sources" list) and a finding's text
#: (its page and title). Disguised, the scan finds them (tests/test_disguised_names.py).
PROVENANCE = {
    "locator": ("seminars/disguised.md", "---\ntitle: A talk\ndate: 2016\nsources:\n"
                "  - source: bradford-seminar-news-2015\n"
                "    locator: the words of WendyWithdrawnperson\n---\n"),
    "quote": ("seminars/disguised.md", "---\ntitle: A talk\ndate: 2016\nsources:\n"
              "  - source: bradford-seminar-news-2015\n"
              "    quote: WendyWithdrawnperson spoke first\n---\n"),
    "finding": ("registries/findings.yml", "- id: disguised\n  of: easi\n"
                "  text: WendyWithdrawnperson found it.\n"
                "  sources: [easi-grant-record]\n"),
}


@pytest.mark.parametrize("case", sorted(PROVENANCE))
def test_the_gate_covers_provenance_texts(hostile_project, case):
    rel, text = PROVENANCE[case]
    (hostile_project / rel).write_text(text, encoding="utf-8")
    assert not [d for d in load_corpus(hostile_project).errors if d.path == rel]  # missed
    out = hostile_project.parent / "pages"
    result = CliRunner().invoke(main, ["pages", "--out", str(out), "--root", str(hostile_project)])
    assert result.exit_code == 1, result.output
    assert "protected-output" in result.output
    assert not out.exists()
