"""Provenance as a reader meets it, in headless Chromium: a record's "Sources and evidence"
section, the source page it leads to and back, accessible in both colour schemes and on a
phone."""

from __future__ import annotations

import pytest

RECORD = "seminars/easi-workshop-bradford/"
SOURCE = "sources/easi-grant-record/"


def test_a_records_provenance_panel_leads_to_its_source_and_back(page, site_server, axe):
    page.goto(site_server + RECORD)
    page.wait_for_load_state("networkidle")
    panel = page.locator("h2#sources-and-evidence")
    assert panel.is_visible()
    section = page.locator("h2#sources-and-evidence ~ *")
    inferred = page.locator(".kb-provenance .kb-evidence--inferred").first
    assert inferred.is_visible() and inferred.inner_text() == "Inferred"
    assert "by the knowledge base:" in page.locator(".kb-provenance").first.inner_text()
    assert not axe(page), "\n".join(axe(page))
    section.locator("a[href*='/sources/']").first.click()
    page.wait_for_url("**/" + SOURCE)
    assert page.locator("h1").inner_text().startswith("Effective and Appropriate Sharing")
    assert page.get_by_role("heading", name="What it supports").is_visible()
    back = page.locator(f"h2#what-it-supports ~ ul a[href$='/{RECORD}']").first
    assert back.is_visible()
    violations = axe(page)
    assert not violations, "\n".join(violations)
    back.click()
    page.wait_for_url("**/" + RECORD)
    page.kb_watch.assert_clean()


@pytest.mark.parametrize("path", [RECORD, SOURCE, "sources/", "findings/",
                                  "people/rob-wilson/", "projects/easi/", "quotes/"])
def test_provenance_pages_are_accessible_in_the_dark_and_on_a_phone(browser, site_server, axe,
                                                                    path):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                  color_scheme="dark")
    pg = context.new_page()
    pg.goto(site_server + path)
    pg.wait_for_load_state("networkidle")
    width = pg.evaluate("document.documentElement.scrollWidth")
    violations = axe(pg)
    context.close()
    assert width <= 360, f"{path} is {width}px wide on a 360px phone"
    assert not violations, "\n".join(violations)


def test_the_series_leader_shows_that_he_led_the_series(page, site_server):
    page.goto(site_server + "people/rob-wilson/")
    roles = page.locator("h2#roles-in-projects + ul").inner_text()
    assert "principal investigator" in roles
    page.kb_watch.assert_clean()


def test_a_field_with_several_lines_keeps_them_beside_its_name(page, site_server):
    """Themes known two ways are two lines (dd) under one name (dt): both in the second
    column, not one of them wrapped into the first."""
    page.goto(site_server + "case_studies/bristol-predictive-analytics/")
    lines = page.locator(".kb-provenance dd")
    assert lines.count() >= 3
    lefts = {round(lines.nth(i).bounding_box()["x"]) for i in range(lines.count())}
    names = page.locator(".kb-provenance dt")
    assert len(lefts) == 1
    assert lefts.pop() > names.first.bounding_box()["x"] + 50
    page.kb_watch.assert_clean()
