"""New names are normal (issue 14): a person, organisation or place that no registry lists yet
is a notice, never a failure; a new person's titles stay out of their id and name; and their
consent is what the contribution states, never assumed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_project
from hypothesis import given
from hypothesis import strategies as st

from kb.corpus import load_corpus
from kb.names import HONORIFICS, normalise_name, slugify, split_honorific
from kb.pages import SiteOptions, plan_site

HOLLIS = """---
kind: case-study
title: Wakefield's hub
places:
  - Wakefield
organisations:
  - Wakefield Council
contributors:
  - name: Dr Jane Hollis
    organisation: Wakefield Council
    role: Practice lead
    consent: named
sources: [eif-places-workshop-blog-2016]
---

## What was done

Jane Hollis set up the hub.
"""


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "kb")
    write(root, "case_studies/wakefield-hub.md", HOLLIS)
    return root


@pytest.mark.parametrize(("text", "split"), [
    ("Dr Jane Hollis", ("Dr", "Jane Hollis")),
    ("Prof. Dr. Jane Hollis", ("Prof. Dr.", "Jane Hollis")),
    ("Dr.Jane Hollis", ("Dr.", "Jane Hollis")),
    ("  Cllr  Dame Jane   Smith ", ("Cllr Dame", "Jane Smith")),
    ("Drew Smith", ("", "Drew Smith")),        # a word that starts like a title
    ("Miss-Jones", ("", "Miss-Jones")),
    ("Professor", ("", "Professor")),          # a title alone is all there is
])
def test_split_honorific(text: str, split: tuple[str, str]) -> None:
    assert split_honorific(text) == split


@given(st.sampled_from(sorted(HONORIFICS)), st.sampled_from(["", ".", ". "]),
       st.text(min_size=1, max_size=30))
def test_the_name_left_is_the_same_person(title: str, dot: str, name: str) -> None:
    """Both halves name the same person as name matching sees it (kb.names.normalise_name)."""
    text = f"{title.title()}{dot or ' '}{name}"
    honorific, bare = split_honorific(text)
    assert normalise_name(bare) == normalise_name(text)
    assert "".join((honorific + bare).split()) == "".join(text.split())  # nothing lost


def test_a_new_person_has_no_honorific_in_id_or_name(project: Path) -> None:
    corpus = load_corpus(project)
    person = corpus.entities("people")["jane-hollis"]
    assert (person.name, person.consent, person.generated) == ("Jane Hollis", "named", True)
    assert "dr-jane-hollis" not in corpus.entities("people")
    notices = [(d.code, d.line) for d in corpus.notices]
    assert notices == [("new-place", 5), ("new-organisation", 7), ("new-person", 9)]
    assert corpus.errors == [] and corpus.warnings == []
    pages = {p.src_uri: p.markdown for p in plan_site(corpus, SiteOptions()).pages}
    page = pages["people/jane-hollis.md"]
    assert "Jane Hollis" in page and "Dr Jane" not in page and "Dr " not in page


def test_consent_is_never_assumed_for_a_new_person(project: Path) -> None:
    write(project, "case_studies/unasked.md", "---\nkind: case-study\ntitle: Unasked\n"
          "contributors:\n  - Sam Unasked\n  - name: Rae Roleonly\n    role: Analyst\n"
          "    consent: role-only\nsources: [eif-places-workshop-blog-2016]\n---\n")
    corpus = load_corpus(project)
    people = corpus.entities("people")
    assert people["sam-unasked"].consent == "role-only"     # not stated: by role only
    assert people["rae-roleonly"].consent == "role-only"
    [warning] = corpus.warnings
    assert (warning.path, warning.line, warning.code) == ("case_studies/unasked.md", 5,
                                                          "unstated-consent")
    assert "'Sam Unasked'" in warning.message and "consent: named" in warning.message
    pages = {p.src_uri for p in plan_site(corpus, SiteOptions()).pages}
    assert "people/sam-unasked.md" not in pages and "people/rae-roleonly.md" not in pages


def test_the_most_private_consent_stated_for_a_new_person_wins(project: Path) -> None:
    write(project, "seminars/hub-talk.md", "---\ntitle: The hub\ndate: 2017\nspeakers:\n"
          "  - Jane Hollis\nsources: [eif-places-workshop-blog-2016]\n---\n")
    corpus = load_corpus(project)
    assert corpus.entities("people")["jane-hollis"].consent == "role-only"
    assert [d.code for d in corpus.warnings] == ["unstated-consent"]
    write(project, "seminars/hub-talk.md", "---\ntitle: The hub\ndate: 2017\nspeakers:\n"
          "  - name: Jane Hollis\n    consent: withdrawn\n"
          "sources: [eif-places-workshop-blog-2016]\n---\n")
    corpus = load_corpus(project)
    assert corpus.entities("people")["jane-hollis"].consent == "withdrawn"
    # withdrawn: no record keeps a reference to them, whichever named them first
    assert all(p.person != "jane-hollis" for r in corpus.records.values()
               for refs in r.people.values() for p in refs)


def test_a_registered_persons_consent_is_the_registrys(project: Path) -> None:
    write(project, "seminars/talk.md", "---\ntitle: A talk\ndate: 2017\nspeakers:\n"
          "  - name: Prof Rob Wilson\n    consent: role-only\n"
          "sources: [eif-places-workshop-blog-2016]\n---\n")
    corpus = load_corpus(project)
    assert corpus.entities("people")["rob-wilson"].consent == "named"
    [warning] = corpus.warnings
    assert (warning.code, warning.line) == ("consent-ignored", 6)
    assert "named" not in warning.message.split("whose consent")[0]


def test_a_consent_a_record_cannot_read_is_withdrawn(project: Path) -> None:
    write(project, "seminars/talk.md", "---\ntitle: A talk\ndate: 2017\nspeakers:\n"
          "  - name: Alex Moor\n    consent: yes\n"
          "sources: [eif-places-workshop-blog-2016]\n---\n")
    corpus = load_corpus(project)
    assert corpus.entities("people")["alex-moor"].consent == "withdrawn"
    assert [(d.code, d.line) for d in corpus.errors] == [("bad-consent", 6)]


@pytest.mark.slow
def test_the_strict_build_passes_with_new_names_and_logs_them(project: Path,
                                                              tmp_path: Path) -> None:
    """`mkdocs build --strict` on a contribution naming a new person (with a title), a new
    organisation and a new place: it passes, says so at INFO, and the page has no title."""
    site = tmp_path / "site"
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
           str(project / "mkdocs.yml"), "-d", str(site)]
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=project,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    logged = [line for line in result.stderr.splitlines() if ": notice: " in line]
    assert len(logged) == 3 and all(line.startswith("INFO") for line in logged), logged
    assert "notice: 'Dr Jane Hollis' is a new person" in result.stderr
    html = (site / "people" / "jane-hollis" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in html and "Jane Hollis" in html and "Dr Jane" not in html
    assert not (site / "people" / "dr-jane-hollis").exists()
    assert slugify("Jane Hollis") == "jane-hollis"


# ---- New sources are normal too: a contribution usually cites a document not listed yet ----

NEW_SOURCE = """---
kind: case-study
title: Wakefield's report
organisations: [Wakefield Council]
sources:
  - title: Early help in Wakefield
    kind: report
    publisher: Wakefield Council
    date: "2017-11-30"
    url: https://www.example.org/early-help
    authority: The council's own account of its early help service.
---

Text.
"""


def test_a_new_source_described_in_place_is_a_notice(project: Path) -> None:
    write(project, "case_studies/wakefield-report.md", NEW_SOURCE)
    write(project, "seminars/hub-talk.md", "---\ntitle: The hub\ndate: 2017\nsources:\n"
          "  - title: early help in Wakefield\n    authority: The council.\n---\n")
    corpus = load_corpus(project)
    mine = [d for d in corpus.diagnostics if d.path in ("case_studies/wakefield-report.md",
                                                        "seminars/hub-talk.md")]
    assert [(d.level, d.code, d.line) for d in mine] == [("notice", "new-source", 5)]
    source = corpus.entities("sources")["early-help-in-wakefield"]
    # described by each description: the first gives the authority, the second the rest
    assert source.generated and source.data["authority"] == "The council."
    assert source.data["kind"] == "report" and source.data["date"] == "2017-11-30"
    assert source.references["publisher"] == ["wakefield-council"]
    cited = [c.source for c in corpus.records["wakefield-report"].sources]
    assert cited == ["early-help-in-wakefield"] == [
        c.source for c in corpus.records["hub-talk"].sources]      # the same source, once
    pages = {p.src_uri: p.markdown for p in plan_site(corpus, SiteOptions()).pages}
    assert "# early help in Wakefield" in pages["sources/early-help-in-wakefield.md"]


def test_a_source_described_without_its_authority_is_still_unknown(project: Path) -> None:
    write(project, "case_studies/wakefield-report.md",
          NEW_SOURCE.replace("    authority: The council's own account of its early help "
                             "service.\n", ""))
    [error] = [d for d in load_corpus(project).errors]
    assert error.code == "unknown-source" and "'authority:' beside its title" in error.message


def test_a_new_sources_texts_are_checked_for_protected_names(project: Path) -> None:
    people = project / "registries" / "people.yml"
    people.write_text(people.read_text(encoding="utf-8") + "- id: wanda\n  name: Wanda "
                      "Withheld\n  consent: withdrawn\n", encoding="utf-8")
    write(project, "case_studies/wakefield-report.md", NEW_SOURCE.replace(
        "The council's own account", "Wanda Withheld's own account"))
    corpus = load_corpus(project)
    assert {(d.path, d.code) for d in corpus.errors} == {
        ("case_studies/wakefield-report.md", "withdrawn-name")}
    assert "early-help-in-wakefield" not in corpus.entities("sources")
    assert "wakefield-report" not in corpus.records
