"""The published site as a reader meets it, in headless Chromium."""

from __future__ import annotations

import pytest

PAGES = {
    "home": "",
    "seminar": "seminars/bradford-families-2015/",
    "timeline": "seminars/",
    "case study": "case_studies/bristol-predictive-analytics/",
    "finder": "case_studies/",
    "person": "people/deborah-chambers/",
    "organisation": "organisations/newcastle-university/",
    "theme": "themes/consent/",
    "barrier": "barriers/concerns-over-trust-between-agencies/",
    "place": "places/bradford/",
    "sector": "sectors/academia/",
    "project": "projects/easi/",
    "glossary": "glossary/",
    "accessibility": "accessibility/",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_accessible_and_private(page, site_server, axe, name):
    page.goto(site_server + PAGES[name])
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    assert page.locator("main").count() == 1
    violations = axe(page)
    assert not violations, "\n".join(violations)
    page.kb_watch.assert_clean()


def test_seminar_leads_to_speaker_organisation_and_sector(page, site_server):
    page.goto(site_server + PAGES["seminar"])
    page.get_by_role("link", name="Kate Cook").first.click()
    page.wait_for_url("**/people/kate-cook/")
    page.get_by_role("link", name="Manchester Law School").first.click()
    page.wait_for_url("**/organisations/manchester-law-school/")
    sector = page.locator(".kb-panel dd a").first
    sector.click()
    page.wait_for_url("**/sectors/**")
    assert page.locator("h1").inner_text()
    page.kb_watch.assert_clean()


def test_finder_filter_narrows_the_list(page, site_server):
    page.goto(site_server + "case_studies/")
    cards = page.locator(".kb-finder .kb-card")
    total = cards.count()
    assert total >= 7
    page.select_option("#kb-filter-kind", "good-practice")
    visible = page.locator(".kb-finder .kb-card:visible").count()
    assert 0 < visible < total
    assert "kind=good-practice" in page.url
    assert page.locator(".kb-finder-count").inner_text() == f"{visible} of {total} shown"
    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function(
        f"document.querySelectorAll('.kb-finder .kb-card:not([hidden])').length === {total}"
    )
    page.kb_watch.assert_clean()


def test_search_finds_a_speaker_by_name(page, site_server):
    page.goto(site_server)
    page.keyboard.press("/")
    page.keyboard.type("Cornford")
    result = page.locator(".kb-search__result a").first
    result.wait_for(timeout=10_000)
    assert "Cornford" in result.inner_text()
    page.kb_watch.assert_clean()


def test_phone_layout_has_no_horizontal_scroll(browser, site_server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    pg = context.new_page()
    for path in (PAGES["seminar"], PAGES["finder"], PAGES["person"]):
        pg.goto(site_server + path)
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide on a 360px phone"
    context.close()


@pytest.mark.parametrize("name", ["home", "seminar", "finder", "organisation"])
def test_dark_scheme_is_accessible(browser, site_server, axe, name):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    pg = context.new_page()
    pg.goto(site_server + PAGES[name])
    pg.wait_for_load_state("networkidle")
    assert pg.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    violations = axe(pg)
    context.close()
    assert not violations, "\n".join(violations)


def test_home_leads_to_the_propose_form(page, site_server):
    page.goto(site_server)
    page.get_by_role("link", name="Propose a case study").first.click()
    page.wait_for_url("**/contribute/propose/")
    assert page.locator("form").count() >= 1
    page.kb_watch.assert_clean()
