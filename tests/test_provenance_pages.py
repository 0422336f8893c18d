"""Provenance on the pages (issue 13 item 5): source pages, the "Sources and evidence" section,
pages for outputs, findings, impact, collaborations and quotes, and what other entries say
about each record and entity. Unit tests of the page builders on a small tree, and checks on
the shipped corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kb import load_corpus
from kb.pages import SiteOptions, plan_site

ROOT = Path(__file__).resolve().parent.parent

SOURCES = """
- id: news-2015
  title: "What needs to be shared?"
  kind: news-item
  publisher: unknown
  date: "2015"
  find: A news archive.
  authority: A news report of the seminar.
- id: grant-record
  title: The series grant record
  kind: grant-record
  publisher: Newcastle University
  authors:
    - Rob Wilson
    - Rory Role
    - Wanda Withheld
  date: 2014-06
  url: https://example.org/grant
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
  organisation: Newcastle University
  sources: [grant-record]
- id: wanda-withheld
  name: Wanda Withheld
  consent: withdrawn
"""
ORGANISATIONS = """
- {id: newcastle-university, name: Newcastle University, sector: academia}
- {id: esrc, name: Economic and Social Research Council, aliases: [ESRC], sector: academia}
- {id: leeds-city-council, name: Leeds City Council, sector: academia}
"""
PROJECTS = """
- id: series
  name: The seminar series
  kind: seminar-series
  funders:
    - id: ESRC
      evidence: inferred
      reason: The record speaks of ESRC funding of knowledge exchange.
  lead: Newcastle University
  principal_investigators: [Rob Wilson]
  sources: [grant-record]
"""
SEMINAR = """---
title: Families
date: "2015"
series: series
hosts:
  - name: Newcastle University
    source:
      source: grant-record
      locator: Partners
speakers:
  - Deborah Chambers
  - Rory Role
  - Wanda Withheld
themes:
  - consent
  - id: families
    evidence: inferred
    reason: The seminar is the one about families.
sources:
  - news-2015
---

The seminar.
"""
CASE = """---
kind: case-study
title: Leeds front door
listed_in: [families]
themes: [consent]
sources: [news-2015]
---

The account.
"""
THEMES = """
- {id: consent, name: Consent, description: Asking first.}
- {id: families, name: Families, description: Whole families.}
"""
SECTORS = "- {id: academia, name: Academia, description: Universities.}\n"
FINDINGS = """
- id: series-finding-2
  of: series
  number: 2
  text: Sharing needs trust between agencies.
  sources: [{source: grant-record, locator: "Key findings, 2"}]
- id: series-finding-1
  of: series
  number: 1
  text: Consent is asked too late.
  sources: [{source: grant-record, locator: "Key findings, 1"}]
"""
OUTPUTS = """
- id: series-report
  title: The series report
  kind: report
  date: "2016"
  authors: [Rob Wilson]
  produced_by: series
  sources: [grant-record]
"""
IMPACTS = """
- id: series-impact
  of: series
  name: Impact of the series
  types: [Societal]
  first_year: "2015"
  sources: [grant-record]
"""
COLLABORATIONS = """
- id: national
  name: National collaboration
  start: "2013"
  about: series
  partners:
    - organisation: Newcastle University
      contribution: Led the grant.
    - organisation: Leeds City Council
      contribution: Brought its front door.
      evidence: inferred
      reason: The record names the council's work, not the council.
  sources: [grant-record]
"""
QUOTES = """
- id: chambers-quote
  text: Sharing is relational.
  by: Deborah Chambers
  at: families
  date: "2015"
  sources: [news-2015]
- id: role-quote
  text: We asked first.
  by: Rory Role
  at: families
  sources: [news-2015]
- id: withdrawn-quote
  text: Nobody asked me.
  by: Wanda Withheld
  at: families
  sources: [news-2015]
- id: delegate-quote
  text: Great session.
  by: a delegate
  at: families
  sources: [news-2015]
"""
FILES = {
    "registries/sources.yml": SOURCES, "registries/people.yml": PEOPLE,
    "registries/organisations.yml": ORGANISATIONS, "registries/projects.yml": PROJECTS,
    "registries/themes.yml": THEMES, "registries/sectors.yml": SECTORS,
    "registries/findings.yml": FINDINGS, "registries/outputs.yml": OUTPUTS,
    "registries/impacts.yml": IMPACTS, "registries/collaborations.yml": COLLABORATIONS,
    "registries/quotes.yml": QUOTES, "seminars/families.md": SEMINAR,
    "case_studies/leeds.md": CASE,
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("kb")
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.lstrip("\n"), encoding="utf-8")
    corpus = load_corpus(root)
    assert [d.format() for d in corpus.diagnostics] == []
    site = plan_site(corpus, SiteOptions(network=False, site_url="https://example.org/"))
    out = {p.src_uri: p.markdown for p in site.pages}
    out |= {f"jsonld:{uri}": text for uri, text in site.jsonld.items()}
    return out


def section(markdown: str, heading: str) -> str:
    """The text of a ``## heading`` section, up to the next second-level heading."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", markdown, re.S | re.M)
    assert match, f"no section {heading!r}"
    return match.group(1)


# --- the Sources and evidence section ------------------------------------------------------


def test_statements_sharing_the_pages_sources_are_summed_up_once(pages):
    text = section(pages["case_studies/leeds.md"], "Sources and evidence")
    assert "[What needs to be shared?](../sources/news-2015.md) (publisher not known, 2015)" \
        in text
    assert "Both statements this page makes (listed in the report of, themes) are stated in " \
           "this source." in text
    assert "kb-provenance" not in text   # no list repeating the source for each statement


def test_statements_known_otherwise_are_listed_with_their_source_or_reason(pages):
    text = section(pages["seminars/families.md"], "Sources and evidence")
    assert "4 of the 6 statements this page makes (series, speakers, themes) are stated" in text
    hosts = re.search(r"^Hosts\n:   (.*)$", text, re.M).group(1)
    assert hosts == (
        "[Newcastle University](../organisations/newcastle-university.md) \u2014 according to "
        "[The series grant record](../sources/grant-record.md) ([Newcastle University]"
        "(../organisations/newcastle-university.md), June 2014), Partners")
    themes = re.search(r"^Themes\n:   (.*)$", text, re.M).group(1)
    assert themes.startswith("[Families](../themes/families.md) \u2014 <span class=\"kb-evidence "
                             "kb-evidence--inferred\">Inferred</span> by the knowledge base: "
                             "The seminar is the one about families\\.")
    assert themes.endswith("(from the source above)")


def test_the_summary_marks_an_inferred_statement(pages):
    themes = re.search(r"^Themes\n:   (.*?)\n\n", pages["seminars/families.md"], re.S | re.M)
    assert themes.group(1) == (
        "[Consent](../themes/consent.md)<br>\n    [Families](../themes/families.md) "
        '<span class="kb-evidence kb-evidence--inferred">Inferred</span>')


def test_a_role_only_speaker_is_shown_by_role_and_a_withdrawn_one_not_at_all(pages):
    for markdown in pages.values():
        assert "Wanda" not in markdown and "Withheld" not in markdown
        assert "Rory" not in markdown
        assert "Nobody asked me" not in markdown   # a withdrawn speaker's quote
    quotes = section(pages["seminars/families.md"], "Quotes")
    assert "a social worker from [Newcastle University]" in quotes


# --- source pages ----------------------------------------------------------------------------


def test_a_source_page_says_who_published_it_when_and_with_what_authority(pages):
    page = pages["sources/grant-record.md"]
    assert "# The series grant record\n" in page
    assert "Published by\n:   [Newcastle University](../organisations/newcastle-university.md)" \
        in page
    assert "Date\n:   June 2014\n" in page
    assert "Address\n:   [https://example\\.org/grant](https://example.org/grant)" in page
    assert "Authority\n:   The funder's record of the grant, written by the grant holders\\." \
        in page
    authors = re.search(r"^Authors\n:   (.*)$", page, re.M).group(1)
    assert authors == ("[Rob Wilson](../people/rob-wilson.md)<br>"
                       if authors.endswith("<br>") else authors)
    assert "a social worker from" in page   # the role-only author, by role


def test_a_source_with_no_publisher_or_day_says_so(pages):
    page = pages["sources/news-2015.md"]
    assert "Published by\n:   Not known: the source does not name its publisher" in page
    assert "Date\n:   2015 (the year only)" in page
    assert "How to find it\n:   A news archive\\." in page


def test_a_source_page_lists_every_statement_resting_on_it_by_record_or_entry(pages):
    text = section(pages["sources/grant-record.md"], "What it supports")
    assert re.findall(r"^### (.*)$", text, re.M) == [
        "Seminars and events", "People", "Projects and publications", "Outputs", "Findings",
        "Impact", "Collaborations"]
    assert "- [Families](../seminars/families.md)\n\n    - **Hosts**: [Newcastle University]" \
           "(../organisations/newcastle-university.md) (Partners)" in text
    assert "**Funders**: [Economic and Social Research Council](../organisations/esrc.md) " \
           "(<span class=\"kb-evidence kb-evidence--inferred\">Inferred</span>" in text
    assert "(cited at: Key findings, 1)" in text and "Consent is asked too late\\." in text
    assert text.index("finding 1]") < text.index("finding 2]")
    news = section(pages["sources/news-2015.md"], "What it supports")
    assert "[\u201cGreat session\\.\u201d](../quotes/delegate-quote.md)" in news


def test_the_sources_index_identifies_each_source(pages):
    page = pages["sources/index.md"]
    assert ("- [The series grant record](grant-record.md)  \n  Grant record · [Newcastle "
            "University](../organisations/newcastle-university.md) · June 2014 · cited by "
            "8 pages") in page
    assert "News item · publisher not known · 2015" in page


# --- the new kinds -----------------------------------------------------------------------------


def test_findings_are_numbered_within_their_project_and_listed_in_order(pages):
    index = pages["findings/index.md"]
    assert "## The seminar series" in index
    assert index.index("finding 1](series-finding-1.md)") < index.index("finding 2]")
    assert "# The seminar series, finding 1\n" in pages["findings/series-finding-1.md"]
    project = section(pages["projects/series.md"], "Findings")
    assert project.startswith("\n- [Finding 1](../findings/series-finding-1.md): Consent is")


def test_a_project_page_shows_its_roles_outputs_impact_and_collaborations(pages):
    page = pages["projects/series.md"]
    roles = section(page, "Roles")
    assert "Funders\n:   [Economic and Social Research Council](../organisations/esrc.md) " \
           "(<span class=\"kb-evidence kb-evidence--inferred\">Inferred</span>" in roles
    assert "Lead organisation\n:   [Newcastle University]" in roles
    assert "Principal investigators\n:   [Rob Wilson](../people/rob-wilson.md)" in roles
    assert "[The series report](../outputs/series-report.md) \u2014 report, 2016" in section(
        page, "Outputs")
    assert "[Impact of the series](../impacts/series-impact.md) \u2014 Societal" in section(
        page, "Impact")
    assert "[National collaboration](../collaborations/national.md), from 2013" in section(
        page, "Collaborations")


def test_the_series_leader_is_no_dead_end(pages):
    page = pages["people/rob-wilson.md"]
    assert "[The seminar series](../projects/series.md) \u2014 principal investigator" in section(
        page, "Roles in projects")
    assert "[The series report](../outputs/series-report.md) \u2014 report, 2016; author" in \
        section(page, "Outputs")
    assert "[The series grant record](../sources/grant-record.md) \u2014 grant record, June " \
           "2014; author" in section(page, "Sources they wrote")
    tally = '· <span class="kb-muted">1 project, 1 output, 1 source</span>'
    assert tally in pages["people/index.md"]


def test_an_organisation_shows_its_collaborations_funding_and_sources_published(pages):
    council = pages["organisations/leeds-city-council.md"]
    assert "partner: Brought its front door\\." in section(council, "Collaborations")
    assert "Inferred</span> by the knowledge base: The record names" in section(
        council, "Collaborations")
    esrc = section(pages["organisations/esrc.md"], "Roles in projects")
    assert "[The seminar series](../projects/series.md) \u2014 funder" in esrc
    newcastle = pages["organisations/newcastle-university.md"]
    assert "[The series grant record](../sources/grant-record.md)" in section(
        newcastle, "Sources it published")


def test_a_collaboration_page_says_what_each_partner_brought(pages):
    text = section(pages["collaborations/national.md"], "Partners and what each brought")
    assert "[Newcastle University](../organisations/newcastle-university.md)  \n  Led the grant" \
        in text
    assert "Leeds City Council](../organisations/leeds-city-council.md) (<span class=\"kb-" \
           "evidence kb-evidence--inferred\">Inferred</span>" in text


def test_a_quote_page_says_who_where_when_and_the_source(pages):
    page = pages["quotes/chambers-quote.md"]
    assert "Said by\n:   [Deborah Chambers](../people/deborah-chambers.md)" in page
    assert "Where\n:   [Families](../seminars/families.md)" in page
    assert "When\n:   2015" in page
    assert "[What needs to be shared?](../sources/news-2015.md)" in section(
        page, "Sources and evidence")
    delegate = pages["quotes/delegate-quote.md"]
    assert "Said by\n:   a delegate (the source does not name them)" in delegate


def test_a_seminar_page_lists_its_quotes_and_the_case_studies_listed_in_its_report(pages):
    page = pages["seminars/families.md"]
    quotes = section(page, "Quotes")
    assert "[\u201cSharing is relational\\.\u201d](../quotes/chambers-quote.md) \u2014 " \
           "[Deborah Chambers](../people/deborah-chambers.md), 2015" in quotes
    assert "Case studies listed in its report\n:   [Leeds front door](../case_studies/leeds.md)" \
        in page
    assert "Listed in the report of\n:   [Families](../seminars/families.md)" in pages[
        "case_studies/leeds.md"]


def test_a_theme_page_says_what_was_said_about_it(pages):
    text = section(pages["themes/families.md"], "What the sources say about it")
    assert text.startswith("\n- [Families](../seminars/families.md) \u2014 <span class=\"kb-"
                           "evidence kb-evidence--inferred\">Inferred</span> by the knowledge "
                           "base: The seminar is the one about families\\.")
    consent = section(pages["themes/consent.md"], "What the sources say about it")
    assert consent.strip() == ("2 records state it on the word of their own sources (listed "
                               "below, each with its sources on its page).")


def test_jsonld_cites_the_sources(pages):
    seminar = json.loads(pages["jsonld:seminars/families.md"])
    assert [w["url"] for w in seminar["subjectOf"]] == ["https://example.org/sources/news-2015/"]
    study = json.loads(pages["jsonld:case_studies/leeds.md"])
    assert study["isBasedOn"][0]["name"] == "What needs to be shared?"
    source = json.loads(pages["jsonld:sources/grant-record.md"])
    assert source["@type"] == "CreativeWork" and source["datePublished"] == "2014-06"
    assert source["sameAs"] == "https://example.org/grant"
    assert [a["name"] for a in source["author"]] == ["Rob Wilson"]   # consent applies


# --- the shipped corpus ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> dict[str, str]:
    site = plan_site(load_corpus(ROOT), SiteOptions(network=False))
    return {p.src_uri: p.markdown for p in site.pages}


def test_every_seminar_and_case_study_page_cites_a_source_page(shipped):
    records = [uri for uri in shipped if uri.startswith(("seminars/", "case_studies/"))
               and not uri.endswith("index.md")]
    assert len(records) >= 20
    for uri in records:
        text = section(shipped[uri], "Sources and evidence")
        assert "](../sources/" in text, f"{uri} cites no source page"


def test_every_source_page_lists_what_it_supports(shipped):
    sources = [uri for uri in shipped if uri.startswith("sources/")
               and not uri.endswith("index.md")]
    assert len(sources) >= 5
    for uri in sources:
        assert "No record or entry cites this source yet." not in shipped[uri], uri
        assert "\n### " in section(shipped[uri], "What it supports"), uri


def test_statements_resting_on_one_of_the_pages_sources_are_summed_up_once(tmp_path):
    """A record may cite one source for its facts and another for context: when every
    statement cites the first, the page says so once rather than listing each."""
    case = """---
kind: case-study
title: Leeds front door
themes:
  - {id: consent, source: news-2015}
  - {id: families, source: news-2015}
sources: [news-2015, grant-record]
---

The account.
"""
    files = {**FILES, "case_studies/leeds.md": case}
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.lstrip("\n"), encoding="utf-8")
    site = plan_site(load_corpus(tmp_path), SiteOptions(network=False))
    page = next(p.markdown for p in site.pages if p.src_uri == "case_studies/leeds.md")
    text = section(page, "Sources and evidence")
    assert "What this page says comes from these 2 sources:" in text
    assert ("All 2 statements" not in text and "Both statements this page makes (themes) are "
            "stated in [What needs to be shared?](../sources/news-2015.md).") in text
    assert "kb-provenance" not in text
