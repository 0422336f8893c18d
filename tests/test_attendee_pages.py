"""Issue 17 on the shipped corpus: lists that identify what they list, a finder that says
what it leaves out, measures in plain words first, and a Browse section that lists every index
it opens. (The golden tests pin the exact Markdown of a small corpus; these check the facts
that a practitioner's questions need, on the real one.)"""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT

from kb import load_corpus
from kb.kinds import REGISTRIES
from kb.pages import SiteOptions, plan_site
from kb.urls import index_uri

IGNORED = "<span data-pagefind-ignore>"


@pytest.fixture(scope="module")
def planned() -> dict[str, str]:
    site = plan_site(load_corpus(ROOT), SiteOptions())
    return {p.src_uri: p.markdown for p in site.pages}


@pytest.fixture(scope="module")
def pages(planned) -> dict[str, str]:
    """The pages without the spans that keep names out of the search index (tested below)."""
    return {src: markdown.replace(IGNORED, "") for src, markdown in planned.items()}


def item(markdown: str, title: str) -> str:
    """The list item (both lines) whose first line holds ``title``."""
    match = re.search(r"^- (.*" + re.escape(title) + r".*\n(?:  .*\n)*)", markdown, re.M)
    assert match, f"no item for {title!r}"
    return match.group(1)


def test_the_timeline_names_number_host_place_and_date(pages):
    bradford = item(pages["seminars/index.md"], "Multi\\-locale Working")
    assert bradford.startswith("Seminar 2: [Multi")  # a space after the colon
    assert "hosted by [University of Bradford School of Management]" in bradford
    assert "· 2015 ·" in bradford and "not recorded: place" in bradford
    fire = item(pages["seminars/index.md"], "CFOA")
    assert "at London Fire Brigade" in fire and "number in the series" in fire
    easi = item(pages["seminars/index.md"], "EASI two\\-day workshop in Bradford")
    assert "in [Bradford]" in easi and "20 participants" in easi
    assert "not recorded: host, date" in easi and "number in the series" not in easi


def test_every_list_of_events_uses_the_same_identifying_line(pages):
    for src in ("index.md", "themes/consent.md", "organisations/sedgemoor-district-council.md",
                "people/kate-cook.md", "projects/information-sharing-seminar-series.md"):
        assert "Seminar 2: [Multi" in pages[src], src
        assert "hosted by [University of Bradford School of Management]" in pages[src], src


def test_case_study_lists_show_places_and_organisations(pages):
    home = item(pages["index.md"], "Cheshire West and Chester integrated")
    assert "[Cheshire West and Chester](places/" in home
    assert "[Cheshire West and Chester Council](organisations/" in home
    listed = pages["themes/early-intervention.md"].split("## Case studies and good practice")[1]
    bristol = item(listed, "Bristol predictive")
    assert "[Bristol](../places/bristol.md)" in bristol
    assert "not recorded: organisation" in bristol


def test_people_lists_show_the_affiliation_at_the_time(pages):
    people = pages["people/index.md"]
    assert "[Kate Cook](kate-cook.md) — [Manchester Law School](" in people
    assert "(2015) · " in item(people, "[Kate Cook]")
    assert "Dissemination coordinator, [Centre of Excellence for Information Sharing]" in people
    assert "affiliation not recorded" in item(people, "[Nicola Underdown]")
    appeared = pages["people/kate-cook.md"].split("## Appeared with")[1]
    assert "[Paul Davidson](paul-davidson.md) — [Sedgemoor District Council]" in appeared
    org = pages["organisations/sedgemoor-district-council.md"].split("## People")[1]
    assert "[Paul Davidson](../people/paul-davidson.md) — speaker, 2015" in org


def test_theme_pages_say_who_else_worked_on_them(pages):
    people = pages["themes/early-intervention.md"].split("## People")[1].split("## ")[0]
    assert "None of these records names a person." in people
    assert "[Emma Hart](../people/emma-hart.md) — Engagement Manager" in people
    consent = pages["themes/consent.md"].split("## People")[1].split("## ")[0]
    assert "with their affiliation at the time" in consent
    assert "[Deborah Chambers](../people/deborah-chambers.md) — [Newcastle University]" in consent


def test_the_finder_offers_not_recorded_and_counts_and_hides_empty_filters(pages):
    finder = pages["case_studies/index.md"]
    sector = re.search(r'<select id="kb-filter-sector".*?</select>', finder).group(0)
    assert '<option value="-none" data-label="Sector not recorded">Sector not recorded (5)' \
        in sector
    assert 'data-label="Local government">Local government (1)</option>' in sector
    assert 'data-label="Any">Any (7)</option>' in sector
    assert 'id="kb-filter-barrier"' not in finder  # no case study records a barrier
    assert "### By barrier" not in finder and "None yet." not in finder
    assert '{ data-kb-facet="theme" data-kb-value="early-intervention" }' in finder


def test_measures_open_with_a_plain_sentence_and_wait_behind_a_disclosure(pages):
    section = pages["organisations/sedgemoor-district-council.md"].split("## In the network")[1]
    plain, rest = section.split("{: .kb-plain }")
    assert plain.strip() == ("Links local government with academia and children's and family "
                             "services: appears in 1 event with organisations from all three.")
    details = rest.split("<details")[1].split("</details>")[0]
    assert "**Constraint**" in details and "*Constraint*: Burt's constraint" in details
    assert "**Constraint**" not in rest.split("</details>")[1]
    assert pages["people/emma-hart.md"].split("## In the network")[1].lstrip().startswith(
        "Not named in any seminar, event or case study yet.")
    centre = pages["organisations/centre-of-excellence-for-information-sharing.md"]
    assert "Stays within cross\\-sector support: no other sector is recorded in the 1 event" \
        in centre
    # other kinds keep the disclosure without a sentence
    theme = pages["themes/consent.md"].split("## In the network")[1]
    assert ".kb-plain" not in theme and '<details class="kb-measures"' in theme


def test_browse_lists_every_index_it_opens():
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["nav"]
    browse = next(entry["Browse"] for entry in nav if "Browse" in entry)
    assert browse[0] == "browse/index.md"  # the section's own page, so People is listed too
    listed = [next(iter(e.values())) for e in browse[1:]]
    assert listed == [index_uri(kind) for kind in REGISTRIES]


def test_the_browse_page_links_every_index(pages):
    browse = pages["browse/index.md"]
    for kind in REGISTRIES:
        assert f"](../{index_uri(kind)})" in browse, kind
    assert "[People](../people/index.md) (13)" in browse


def test_names_of_other_pages_are_left_out_of_the_search_index(planned):
    """Hosts, places and affiliations in lists name other pages: indexed, they would rank a
    theme page above the seminar a reader searches for."""
    line = item(planned["seminars/index.md"], "Multi\\-locale Working").split("\n")[1]
    assert line.strip().startswith(IGNORED + "hosted by")
    assert IGNORED + " — [Manchester Law School]" in planned["people/index.md"]
    people = planned["themes/consent.md"].split("## People")[1]
    assert people.lstrip().startswith("<div data-pagefind-ignore markdown>")
