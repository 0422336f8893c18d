"""The network view in headless Chromium: it draws, filters, finds, navigates, and stays
accessible and self-hosted."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

ORG = "organisations:newcastle-university"


def open_view(page, site_server, query: str = ""):
    page.goto(site_server + "network/" + query)
    page.wait_for_selector(".kb-graph--main[data-drawn]", timeout=15_000)
    return page.locator(".kb-graph--main")


def shown_nodes(page) -> int:
    return page.evaluate("""() => {
        const view = document.querySelector('.kb-graph--main').kbView;
        return view.nodes.get({filter: n => !n.hidden}).length; }""")


def test_graph_page_draws_without_errors_or_other_hosts(page, site_server):
    open_view(page, site_server)
    assert page.evaluate("typeof window.kbGraphDrawn") == "number"
    assert shown_nodes(page) > 20
    assert page.locator(".kb-graph__canvas canvas").count() == 1
    page.kb_watch.assert_clean()


def test_a_type_filter_hides_nodes_and_is_kept_in_the_url(page, site_server):
    open_view(page, site_server)
    before = shown_nodes(page)
    page.get_by_label("theme", exact=True).uncheck()
    after = shown_nodes(page)
    assert 0 < after < before
    types = parse_qs(urlsplit(page.url).query)["types"][0].split(",")
    assert "themes" not in types and "people" in types
    assert "nodes shown" in page.locator(".kb-graph--main .kb-graph__status").inner_text()
    page.kb_watch.assert_clean()


def test_search_focuses_a_node(page, site_server):
    open_view(page, site_server)
    page.get_by_label("Find a node").fill("Newcastle University")
    page.get_by_role("button", name="Find").click()
    assert parse_qs(urlsplit(page.url).query)["focus"] == [ORG]
    selected = page.evaluate("""() => {
        const view = document.querySelector('.kb-graph--main').kbView;
        return view.data.nodes[view.network.getSelectedNodes()[0]][0]; }""")
    assert selected == ORG
    assert "Newcastle University" in page.locator(".kb-graph--main .kb-graph__details").inner_text()
    page.kb_watch.assert_clean()


def test_the_url_restores_a_shared_view(page, site_server):
    open_view(page, site_server, f"?focus={ORG}&types=people,organisations&year=2015-2015")
    assert page.get_by_label("theme", exact=True).is_checked() is False
    assert page.get_by_label("From year").input_value() == "2015"
    kinds = page.evaluate("""() => {
        const view = document.querySelector('.kb-graph--main').kbView;
        return [...new Set(view.nodes.get({filter: n => !n.hidden})
            .map(n => view.data.nodes[n.id][2]))].map(t => view.data.types[t][0]); }""")
    assert set(kinds) <= {"people", "organisations"} and kinds
    page.kb_watch.assert_clean()


def test_clicking_a_node_opens_its_page(page, site_server):
    open_view(page, site_server, f"?focus={ORG}")
    page.locator(".kb-graph--main .kb-graph__canvas").scroll_into_view_if_needed()
    point = page.evaluate("""(node) => {
        const view = document.querySelector('.kb-graph--main').kbView;
        const id = view.byId[node];
        const pos = view.network.getPosition(id);
        const dom = view.network.canvasToDOM(pos);
        const box = view.box.querySelector('.kb-graph__canvas').getBoundingClientRect();
        return {x: box.left + dom.x, y: box.top + dom.y}; }""", ORG)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/organisations/newcastle-university/", timeout=10_000)
    page.kb_watch.assert_clean()


@pytest.mark.parametrize("path", ["network/", "network/text/", "network/analysis/", "data/",
                                  "organisations/newcastle-university/"])
def test_network_pages_are_accessible(page, site_server, axe, path):
    page.goto(site_server + path)
    page.wait_for_load_state("networkidle")
    if page.locator("[data-kb-graph]").count():
        page.wait_for_selector("[data-kb-graph][data-drawn]", timeout=15_000)
    violations = axe(page)
    assert not violations, "\n".join(violations)
    page.kb_watch.assert_clean()


def test_ego_view_draws_on_entity_pages(page, site_server):
    page.goto(site_server + "organisations/newcastle-university/")
    page.wait_for_selector(".kb-graph--ego[data-drawn]", timeout=15_000)
    count = page.evaluate("document.querySelector('.kb-graph--ego').kbView.data.nodes.length")
    assert count > 1
    assert page.get_by_role("heading", name="In the network").count() == 1
    page.kb_watch.assert_clean()


def test_text_version_is_reachable_by_keyboard(page, site_server):
    page.goto(site_server + "network/")
    link = page.get_by_role("link", name="Text version of the network")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/network/text/")
    assert page.locator("main a[href*='organisations/newcastle-university']").count() >= 1
    page.kb_watch.assert_clean()
