"""Provenance (issue 13): sources are entities, records and entries cite them by id, and every
relation item is a claim with its sources and evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb import load_corpus
from kb.corpus.provenance import CLASSIFICATION
from kb.model import Citation, Claim

SOURCES = """
- id: news-2015
  title: "What needs to be shared?"
  kind: news-item
  publisher: unknown
  date: "2015"
  find: A news archive.
  authority: A news report of the seminar.
- id: grant-record
  title: Information Sharing in Policy and Practice
  kind: grant-record
  publisher: Newcastle University
  authors:
    - Rob Wilson
    - Wanda Withheld
  date: unknown
  authority: The funder's record of the grant, written by the grant holders.
"""
PEOPLE = """
- id: rob-wilson
  name: Rob Wilson
  consent: named
  organisation: Newcastle University
  sources: [grant-record]
- id: deborah-chambers
  name: Deborah Chambers
  consent: named
- id: rory-role
  name: Rory Role
  consent: role-only
  role: social worker
- id: wanda-withheld
  name: Wanda Withheld
  consent: withdrawn
"""
ORGANISATIONS = """
- id: newcastle-university
  name: Newcastle University
  sector: academia
  sources: [grant-record]
- id: esrc
  name: Economic and Social Research Council
  aliases: [ESRC]
  sector: academia
  sources: [grant-record]
"""
PROJECTS = """
- id: easi
  name: EASI
  kind: project
  funders:
    - id: ESRC
      evidence: inferred
      reason: The record speaks of ESRC funding of knowledge exchange.
  lead: Newcastle University
  partners: [Newcastle University]
  principal_investigators: [Rob Wilson]
  investigators: [Deborah Chambers, Wanda Withheld]
  sources: [grant-record]
"""
SEMINAR = """---
title: Families
date: "2015"
series: easi
hosts:
  - Newcastle University
workshop_leads:
  - name: Economic and Social Research Council
    evidence: inferred
    reason: The blog says it led a workshop.
speakers:
  - Rob Wilson
  - name: Deborah Chambers
    source:
      source: news-2015
      quote: "The event confirmed the vital role of sharing."
  - Wanda Withheld
themes:
  - consent
  - id: families
    evidence: disputed
    reason: The two sources disagree about the focus.
    sources: [news-2015, grant-record]
sources:
  - news-2015
  - source: grant-record
    locator: Description
---
"""
CASE = """---
kind: case-study
title: Leeds front door
listed_in: [families]
themes: [consent]
sources: [news-2015]
---
"""
THEMES = """
- {id: consent, name: Consent, description: Asking first.}
- {id: families, name: Families, description: Whole families.}
"""
SECTORS = "- {id: academia, name: Academia, description: Universities.}\n"


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.lstrip("\n"), encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for rel, text in (("registries/sources.yml", SOURCES), ("registries/people.yml", PEOPLE),
                      ("registries/organisations.yml", ORGANISATIONS),
                      ("registries/projects.yml", PROJECTS), ("registries/themes.yml", THEMES),
                      ("registries/sectors.yml", SECTORS), ("seminars/families.md", SEMINAR),
                      ("case_studies/leeds.md", CASE)):
        write(tmp_path, rel, text)
    return tmp_path


def problems(root: Path) -> list[tuple[str, int, str]]:
    return [(d.path, d.line, d.code) for d in load_corpus(root).diagnostics]


def test_the_fixture_is_clean(root):
    assert problems(root) == []


def test_a_record_cites_sources_by_id_with_locators(root):
    record = load_corpus(root).records["families"]
    assert record.sources == [Citation("news-2015"), Citation("grant-record", "Description")]


def test_every_relation_item_is_a_claim_in_file_order(root):
    claims = load_corpus(root).records["families"].claims
    cited = (Citation("news-2015"), Citation("grant-record", "Description"))
    assert [(c.field, c.target) for c in claims] == [
        ("series", "projects:easi"), ("hosts", "organisations:newcastle-university"),
        ("workshop_leads", "organisations:esrc"), ("speakers", "people:rob-wilson"),
        ("speakers", "people:deborah-chambers"),                # withdrawn: no claim
        ("themes", "themes:consent"), ("themes", "themes:families")]
    assert claims[0] == Claim("series", "projects:easi", "stated", cited)
    assert claims[2].evidence == "inferred" and claims[2].reason.startswith("The blog says")
    assert claims[4].sources == (
        Citation("news-2015", quote="The event confirmed the vital role of sharing."),)
    assert claims[6].evidence == "disputed"
    assert claims[6].sources == (Citation("news-2015"), Citation("grant-record"))


def test_a_case_study_listed_in_an_event_is_not_presented_there(root):
    record = load_corpus(root).records["leeds"]
    assert record.refs["listed_in"] == ["families"] and "presented_at" not in record.refs
    assert record.claims[0] == Claim("listed_in", "seminars:families", "stated",
                                     (Citation("news-2015"),))


def test_projects_have_funders_leads_partners_and_investigators(root):
    easi = load_corpus(root).entity("projects", "easi")
    assert easi.references["funders"] == ["esrc"]
    assert easi.references["lead"] == easi.references["partners"] == ["newcastle-university"]
    assert [p.person for p in easi.people["principal_investigators"]] == ["rob-wilson"]
    assert [p.person for p in easi.people["investigators"]] == ["deborah-chambers"]
    funder = next(c for c in easi.claims if c.field == "funders")
    assert funder.evidence == "inferred" and funder.sources == (Citation("grant-record"),)


def test_a_source_is_an_entity_whose_claims_rest_on_itself(root):
    corpus = load_corpus(root)
    source = corpus.entity("sources", "grant-record")
    assert source.name == "Information Sharing in Policy and Practice"
    assert source.references["publisher"] == ["newcastle-university"]
    assert [p.person for p in source.people["authors"]] == ["rob-wilson"]   # consent applies
    assert {c.sources for c in source.claims} == {(Citation("grant-record"),)}
    unknown = corpus.entity("sources", "news-2015")
    assert not unknown.references.get("publisher") and unknown.claims == []


def test_a_sector_is_the_knowledge_bases_own_classification(root):
    org = load_corpus(root).entity("organisations", "newcastle-university")
    assert org.references["sector"] == ["academia"]
    assert org.claims == [Claim("sector", "sectors:academia", "inferred", (), CLASSIFICATION)]
    # it needs no source
    write(root, "registries/organisations.yml", ORGANISATIONS.replace(
        "  sources: [grant-record]\n", ""))
    assert problems(root) == []


# ---- the older form of a source, and unknown sources ----

def test_a_source_described_by_a_registered_title_resolves_with_a_warning(root):
    write(root, "case_studies/leeds.md", CASE.replace(
        "sources: [news-2015]", 'sources:\n  - title: "What needs to be shared?"\n'
        "    date: \"2015\""))
    corpus = load_corpus(root)
    assert corpus.records["leeds"].sources == [Citation("news-2015")]
    (warning,) = corpus.diagnostics
    assert (warning.code, warning.level, warning.line) == ("source-by-title", "warning", 7)
    assert "cite it by its id: '- news-2015'" in warning.message


@pytest.mark.parametrize(("sources", "expected"), [
    ("[news-2016]", "(did you mean 'news-2015'?)"),
    ("\n  - title: What needs sharing?", "(did you mean 'news-2015'?)"),
    ("\n  - title: Something else entirely", "cite a source by its id"),
    ("\n  - source: grant-recrd\n    locator: p. 2", "(did you mean 'grant-record'?)"),
])
def test_an_unknown_source_is_an_error_with_a_suggestion(root, sources, expected):
    write(root, "case_studies/leeds.md", CASE.replace("sources: [news-2015]",
                                                      f"sources: {sources}"))
    corpus = load_corpus(root)
    codes = [(d.code, d.level) for d in corpus.diagnostics]
    assert ("unknown-source", "error") in codes
    assert expected in next(d.message for d in corpus.diagnostics if d.code == "unknown-source")
    # the record keeps no citation of it, and its claims are reported as unsourced
    assert corpus.records["leeds"].sources == []
    assert ("unsourced-claim", "warning") in codes


def test_a_title_two_sources_share_names_both(root):
    write(root, "registries/sources.yml", SOURCES + SOURCES.split("- id: grant-record")[0]
          .replace("news-2015", "news-2015-copy"))
    write(root, "case_studies/leeds.md", CASE.replace(
        "sources: [news-2015]", "sources:\n  - title: What needs to be shared?"))
    message = next(d.message for d in load_corpus(root).errors)
    assert "could be any of 2 sources" in message and "news-2015, news-2015-copy" in message


# ---- rules on claims ----

@pytest.mark.parametrize(("item", "code"), [
    ("{id: families, evidence: inferred}", "inferred-without-reason"),
    ("{id: families, evidence: disputed, reason: ' '}", "inferred-without-reason"),
    ("{id: families, evidence: guessed, reason: r}", "bad-evidence"),
    ("{id: families, source: {source: news-2015, quote: 'One. Two.'}}", "long-quote"),
    ("{id: families, name: Families}", "wrong-type"),
    ("{evidence: stated}", "missing-field"),
    ("{id: families, note: x}", "unknown-field"),
])
def test_a_claim_in_doubt_is_an_error_and_is_left_out(root, item, code):
    write(root, "case_studies/leeds.md", CASE.replace("themes: [consent]",
                                                      f"themes: [consent, {item}]"))
    corpus = load_corpus(root)
    assert [(d.code, d.line) for d in corpus.errors] == [(code, 5)]
    # never published as stated: the item is left out
    assert corpus.records["leeds"].refs["themes"] == ["consent"]


def test_an_unsourced_claim_is_one_warning_per_record(root):
    write(root, "case_studies/leeds.md", CASE.replace("sources: [news-2015]\n", "")
          .replace("themes: [consent]", "themes: [consent, {id: families, source: news-2015}]"))
    corpus = load_corpus(root)
    (warning,) = corpus.diagnostics
    assert (warning.code, warning.line) == ("unsourced-claim", 4)
    assert warning.message.startswith("2 claims of this record (listed_in, themes) have no")
    families = corpus.records["leeds"].claims[-1]
    assert families.sources == (Citation("news-2015"),)


def test_an_entry_gives_its_evidence_to_its_claims(root):
    write(root, "registries/findings.yml", """
- id: finding-1
  of: easi
  number: 1
  text: Sharing works better where practitioners trust each other.
  evidence: inferred
  reason: Our reading of the findings section.
  sources: [grant-record]
- id: finding-2
  of: projects:easi
  text: A second finding.
  evidence: inferred
""")
    corpus = load_corpus(root)
    assert [(d.code, d.line) for d in corpus.diagnostics] == [("inferred-without-reason", 8),
                                                              ("unsourced-claim", 9)]
    finding = corpus.entity("findings", "finding-1")
    assert finding.name == "Sharing works better where practitioners trust each other."
    assert finding.claims == [Claim("of", "projects:easi", "inferred", (Citation("grant-record"),),
                                    "Our reading of the findings section.")]


# ---- the new kinds ----

def test_a_project_or_record_is_found_in_either_and_can_be_told_apart(root):
    write(root, "registries/outputs.yml", """
- id: chapter
  title: A chapter
  kind: book-chapter
  produced_by: easi
  sources: [grant-record]
- id: report
  title: A report
  kind: report
  produced_by: seminars:families
  sources: [grant-record]
- id: nothing
  title: Of nothing
  kind: report
  produced_by: eassi
  sources: [grant-record]
""")
    write(root, "seminars/easi.md", "---\ntitle: A seminar named like the project\ndate: 2016\n"
          "sources: [news-2015]\n---\n")
    corpus = load_corpus(root)
    found = {d.line: (d.code, d.message) for d in corpus.errors}
    assert found[4][0] == "ambiguous-reference" and "projects:easi" in found[4][1]
    assert found[14][0] == "unknown-reference" and "(did you mean 'easi'?)" in found[14][1]
    assert corpus.entity("outputs", "report").references["produced_by"] == ["seminars:families"]
    assert corpus.entity("outputs", "report").claims[0].target == "seminars:families"


def test_quotes_by_a_withdrawn_person_are_not_published_at_all(root):
    write(root, "registries/quotes.yml", """
- id: by-wanda
  text: Nothing of this may be shown.
  by: Wanda Withheld
  at: families
  sources: [news-2015]
- id: by-rory
  text: It felt like a great success.
  by: Rory Role
  at: families
  sources: [news-2015]
- id: by-a-delegate
  text: A great success.
  by: a delegate
  at: families
  sources: [news-2015]
""")
    corpus = load_corpus(root)
    assert corpus.errors == []
    assert sorted(corpus.entities("quotes")) == ["by-a-delegate", "by-rory"]
    delegate = corpus.entity("quotes", "by-a-delegate")
    assert not delegate.people.get("by") and delegate.references["at"] == ["families"]
    assert [c.target for c in delegate.claims] == ["seminars:families"]
    assert [p.person for p in corpus.entity("quotes", "by-rory").people["by"]] == ["rory-role"]


def test_collaborations_name_each_partner_and_what_it_brought(root):
    write(root, "registries/collaborations.yml", """
- id: cfoa
  partners:
    - organisation: Newcastle University
      contribution: A joint seminar.
    - organisation: Chief Fire Officers Association
      contribution: Hosting and organisation of the workshop.
      source: grant-record
  start: 2015
  about: families
  sources: [news-2015]
""")
    corpus = load_corpus(root)
    assert [d.code for d in corpus.diagnostics] == ["new-organisation"]
    entry = corpus.entity("collaborations", "cfoa")
    assert entry.references["partners"] == ["newcastle-university",
                                             "chief-fire-officers-association"]
    assert entry.references["about"] == ["seminars:families"]
    assert entry.claims[1].sources == (Citation("grant-record"),)
    assert entry.data["partners"][0]["contribution"] == "A joint seminar."


# ---- consent: every new text is published text ----

WITHDRAWN_TEXTS = {
    "a reason": ("case_studies/leeds.md", CASE.replace(
        "themes: [consent]", "themes:\n  - id: consent\n    evidence: inferred\n"
        "    reason: As Wanda Withheld told us.")),
    "a locator": ("case_studies/leeds.md", CASE.replace(
        "sources: [news-2015]", "sources:\n  - source: news-2015\n"
        "    locator: the interview with Wanda Withheld")),
    "a quote": ("case_studies/leeds.md", CASE.replace(
        "sources: [news-2015]", "sources:\n  - source: news-2015\n"
        "    quote: Wanda Withheld spoke first")),
    "a finding's text": ("registries/findings.yml",
                         "- id: f\n  of: easi\n  text: W. Withheld found it.\n"),
    "a contribution": ("registries/collaborations.yml",
                       "- id: c\n  partners:\n    - organisation: Newcastle University\n"
                       "      contribution: Ms Withheld's seminar.\n"),
    "an unattributed speaker": ("registries/quotes.yml",
                                "- id: q\n  text: Words.\n  by: a friend of Wanda Withheld\n"),
    "a source's authority": ("registries/sources.yml", SOURCES.replace(
        "A news report of the seminar.", "Written by Withheld, Wanda.")),
}


@pytest.mark.parametrize("case", sorted(WITHDRAWN_TEXTS))
def test_a_withdrawn_name_in_any_new_text_leaves_the_file_out(root, case):
    rel, text = WITHDRAWN_TEXTS[case]
    write(root, rel, text)
    corpus = load_corpus(root)
    assert {(d.path, d.code) for d in corpus.errors} == {(rel, "withdrawn-name")}
    if rel.startswith("case_studies/"):
        assert "leeds" not in corpus.records
    else:
        kind = rel.split("/")[1][:-4]
        assert corpus.entity(kind, text.split("id: ")[1].split()[0]) is None


def test_claims_and_citations_of_what_was_left_out_are_dropped(root):
    write(root, "registries/sources.yml", SOURCES.replace(
        "A news report of the seminar.", "Written by Wanda Withheld."))
    corpus = load_corpus(root)
    record = corpus.records["families"]
    assert record.sources == [Citation("grant-record", "Description")]
    assert all("news-2015" not in {s.source for s in c.sources} for c in record.claims)


def test_titles_name_their_entries_whole_and_long_texts_are_shortened(root):
    title = "A title " + "that goes on " * 10
    write(root, "registries/sources.yml", SOURCES + f"""- id: long
  title: "{title}"
  kind: report
  publisher: unknown
  date: unknown
  find: Nowhere.
  authority: Nobody's.
""")
    write(root, "registries/findings.yml", f"- id: f\n  of: easi\n  text: {title}\n"
          "  sources: [news-2015]\n")
    corpus = load_corpus(root)
    assert corpus.entity("sources", "long").name == title.strip()
    name = corpus.entity("findings", "f").name
    assert name.endswith("\u2026") and len(name) <= 81 and name.startswith("A title that")
