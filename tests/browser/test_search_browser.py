"""The Pagefind search in the header, as a reader uses it, on the MkDocs and Zensical builds."""

from __future__ import annotations

import pytest

SEMINAR = "seminars/bradford-families-2015/"


def search(pg, base: str, query: str, path: str = "") -> None:
    pg.goto(base + path)
    pg.keyboard.press("/")  # the shortcut focuses the box in the header
    # the whole query in one input event, as a paste: typed key by key, each prefix is searched
    # ("B", "Br", ...), and a prefix's results could be read before the last search returns
    pg.keyboard.insert_text(query)
    pg.locator(".kb-search__result").first.wait_for(timeout=10_000)
    # each result holds a hidden slot until its data arrives, in any order: read the list
    # only when the first page of results is all there
    pg.wait_for_function("!document.querySelector('.kb-search__results > li[hidden]')",
                         timeout=10_000)


def titles(pg) -> list[str]:
    return pg.locator(".kb-search__result .kb-search__title").all_inner_texts()


def test_bradford_consent_finds_the_bradford_seminars_first(page, site_server):
    search(page, site_server, "Bradford consent")
    top = page.locator(".kb-search__result").all()[:2]
    hrefs = [r.locator("a").get_attribute("href") for r in top]
    # Both seminars held in Bradford, above the theme, place and organisation pages; the
    # series seminar's title does not contain "Bradford": its hosts and speakers do.
    assert any(h.endswith("/" + SEMINAR) for h in hrefs), titles(page)[:5]
    assert any(h.endswith("/seminars/easi-workshop-bradford/") for h in hrefs), titles(page)[:5]
    assert [r.locator(".kb-search__kind").inner_text().split(" · ")[0] for r in top] == [
        "Seminar", "Seminar"]
    assert page.locator(".kb-search__excerpt mark").count() > 0  # the words are highlighted
    page.kb_watch.assert_clean()


def test_a_facet_narrows_the_results_and_is_kept_in_the_address(page, site_server):
    search(page, site_server, "consent")
    total = int(page.locator(".kb-search__status").inner_text().split()[0])
    label = page.locator(".kb-search__facet", has_text="Kind").locator(
        "label", has_text="Seminar")
    seminar = label.get_by_role("checkbox")
    count = int(label.inner_text().rsplit("(", 1)[1].rstrip(")"))
    assert 0 < count < total
    seminar.check()
    page.wait_for_function(f"document.querySelector('.kb-search__status').textContent"
                           f".startsWith('{count} result')")
    assert "q=consent" in page.url and "f.kind=Seminar" in page.url
    kinds = page.locator(".kb-search__kind").all_inner_texts()
    assert kinds and all(k.startswith("Seminar") for k in kinds)
    # The address alone brings the same search back.
    page.goto(page.url)
    page.locator(".kb-search__result").first.wait_for(timeout=10_000)
    assert page.locator(".kb-search__status").inner_text().startswith(f"{count} result")
    assert page.locator(".kb-search__facet").get_by_role("checkbox", name="Seminar").is_checked()
    page.kb_watch.assert_clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_search_is_accessible(browser, site_server, axe, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    pg = context.new_page()
    search(pg, site_server, "consent")
    violations = axe(pg)
    context.close()
    assert not violations, "\n".join(violations)


def test_search_on_a_phone_folds_the_facets_and_fits(browser, site_server, axe):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = context.new_page()
    search(pg, site_server, "consent", SEMINAR)
    assert not pg.locator(".kb-search__filters").evaluate("d => d.open")
    assert pg.locator(".kb-search__result").first.is_visible()
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    violations = axe(pg)
    context.close()
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("path", ["", SEMINAR, "network/"])
def test_key_pages_of_the_zensical_build(page, zensical_server, axe, path):
    page.goto(zensical_server + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    violations = axe(page)
    assert not violations, "\n".join(violations)
    page.kb_watch.assert_clean()


def test_search_on_the_zensical_build(page, zensical_server):
    search(page, zensical_server, "Bradford consent")
    assert any("Bradford" in t or "Multi-agency" in t for t in titles(page)[:2])
    page.kb_watch.assert_clean()


def test_a_page_view_fetches_neither_the_index_nor_the_sitemap(page, site_server):
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(site_server + SEMINAR)
    page.wait_for_load_state("networkidle")
    # The index loads when the search box is used; and the feed's link no longer makes
    # Material fetch sitemap.xml (it grows with every page of the site).
    assert not [u for u in fetched if "/pagefind/" in u or u.endswith("sitemap.xml")], fetched
    with page.expect_request(lambda r: "/pagefind/" in r.url):
        page.keyboard.press("/")
