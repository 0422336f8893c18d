"""The network view with the keyboard alone and with axe: a focusable, named region with
instructions; arrow keys walk from node to node, each move announced and shown in the panel,
and the page does not move; every page with a graph has no axe violations, wide and narrow."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

VIEW = "document.querySelector('.kb-graph--main').kbView"


def open_view(page, site_server, query: str = "") -> None:
    page.goto(site_server + "network/" + query)
    page.wait_for_selector(".kb-graph--main[data-drawn]", timeout=15_000)


def tab_to_diagram(page) -> int:
    """Press Tab from the search box until the diagram has focus; returns the presses."""
    page.get_by_label("Find a node").focus()
    for presses in range(1, 40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('kb-graph__canvas')"):
            return presses
    raise AssertionError("Tab never reached the diagram")


def announced(page, before: str = "") -> str:
    page.wait_for_function(f"""(before) => {{ const t = {VIEW}.live.textContent;
        return t && t !== before; }}""", arg=before)
    return page.evaluate(f"{VIEW}.live.textContent")


def selected(page) -> str:
    return page.evaluate(f"{VIEW}.selected < 0 ? null : {VIEW}.data.nodes[{VIEW}.selected][0]")


def test_the_diagram_is_a_named_region_with_instructions(page, site_server):
    open_view(page, site_server)
    region = page.get_by_role("application", name="Diagram of the whole network")
    assert region.get_attribute("tabindex") == "0"
    help_id = region.get_attribute("aria-describedby")
    assert "arrow keys" in page.locator(f"#{help_id}").inner_text()
    live = page.locator(".kb-graph--main .kb-graph__live")
    assert live.get_attribute("aria-live") == "polite"
    # vis-network's own frame is no second tab stop
    assert page.locator(".kb-graph--main .vis-network[tabindex]").count() == 0
    # reached by Tab, its focus is visible
    tab_to_diagram(page)
    outline = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
    assert outline[0] == "solid" and outline[1] >= 3
    page.kb_watch.assert_clean()


def test_keyboard_walk_announces_each_move_and_the_page_stays(page, site_server):
    open_view(page, site_server)
    tab_to_diagram(page)
    scroll = page.evaluate("window.scrollY")
    page.keyboard.press("Home")
    text = announced(page)
    first = selected(page)
    label, kind, ties = page.evaluate(f"""() => {{ const v = {VIEW}, row = v.data.nodes[v.selected];
        return [row[1], v.data.types[row[2]][1], row[14]]; }}""")
    assert first == page.evaluate(f"{VIEW}.data.nodes[{VIEW}.order[0]][0]")
    assert text.startswith(f"{label}, {kind}, {ties} ties.")
    assert label in page.locator(".kb-graph--main .kb-graph__details").inner_text()
    # an arrow key follows a tie when one lies that way
    key, target = page.evaluate(f"""() => {{ const v = {VIEW}, i = v.selected;
        const dirs = {{ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1],
                       ArrowUp: [0, -1]}};
        for (const [key, d] of Object.entries(dirs)) {{
            let best = -1, cost = Infinity;
            for (const k of v.tiesOf(i)) {{
                const j = v.other(k, i), dx = v.x[j] - v.x[i], dy = v.y[j] - v.y[i];
                const along = dx * d[0] + dy * d[1], across = Math.abs(dx * d[1] - dy * d[0]);
                if (along > 0 && across <= 2 * along && along + 2 * across < cost) {{
                    cost = along + 2 * across; best = j;
                }}
            }}
            if (best >= 0) return [key, v.data.nodes[best][0]];
        }} }}""")
    page.keyboard.press(key)
    text = announced(page, text)
    assert selected(page) == target
    assert "Not tied" not in text and (" it." in text or label in text)
    # Shift and an arrow key: the nearest node that way, tied or not; the walk goes on
    seen = {first, target}
    for arrow in ("Shift+ArrowDown", "ArrowRight", "Shift+ArrowLeft", "ArrowUp"):
        page.keyboard.press(arrow)
        text = announced(page, text) if selected(page) not in seen else text
        seen.add(selected(page))
        name = page.evaluate(f"{VIEW}.data.nodes[{VIEW}.selected][1]")
        assert name in page.locator(".kb-graph--main .kb-graph__details").inner_text()
    assert len(seen) >= 4
    assert page.evaluate("window.scrollY") == scroll  # the page did not move
    assert page.evaluate("document.activeElement.classList.contains('kb-graph__canvas')")
    # Escape clears, and says so
    page.keyboard.press("Escape")
    # the last arrow's announcement may land after this point (a move back to a node seen
    # before is not waited for above): wait for the one Escape makes
    page.wait_for_function(f"{VIEW}.live.textContent === 'Selection cleared.'")
    assert announced(page, text) == "Selection cleared."
    assert selected(page) is None
    page.kb_watch.assert_clean()


def test_enter_opens_the_page_of_the_node(page, site_server):
    open_view(page, site_server)
    tab_to_diagram(page)
    page.keyboard.press("Home")
    url = page.evaluate(f"{VIEW}.data.nodes[{VIEW}.selected][6]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/" + url)
    page.kb_watch.assert_clean()


def test_keys_zoom_and_fit(page, site_server):
    open_view(page, site_server)
    tab_to_diagram(page)
    scale = page.evaluate(f"{VIEW}.network.getScale()")
    page.keyboard.press("+")
    assert page.evaluate(f"{VIEW}.network.getScale()") > scale
    page.keyboard.press("0")
    assert abs(page.evaluate(f"{VIEW}.network.getScale()") - scale) < 1e-6
    page.kb_watch.assert_clean()


def test_the_ego_diagram_walks_too(page, site_server):
    page.goto(site_server + "organisations/newcastle-university/")
    page.wait_for_selector(".kb-graph--ego[data-drawn]", timeout=15_000)
    region = page.get_by_role("application", name="Diagram of the ties of Newcastle University")
    region.focus()
    page.keyboard.press("Home")
    ego = "document.querySelector('.kb-graph--ego').kbView"
    page.wait_for_function(f"{ego}.live.textContent.length > 0")
    assert page.evaluate(f"{ego}.live.textContent").startswith(
        "Newcastle University, organisation, ")
    page.kb_watch.assert_clean()


GRAPH_PAGES = ["network/", "organisations/newcastle-university/", "people/deborah-chambers/",
               "themes/consent/"]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", GRAPH_PAGES)
def test_pages_with_a_graph_are_accessible(browser, site_server, axe, path, width):
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 400 else 844})
    pg = context.new_page()
    pg.goto(site_server + path)
    pg.wait_for_selector("[data-kb-graph][data-drawn]", timeout=15_000)
    violations = axe(pg)
    # and with a node selected: the panel filled with its ties
    pg.evaluate("""() => { const v = document.querySelector('[data-kb-graph]').kbView;
        v.select(v.order[0], 'key'); }""")
    violations += axe(pg)
    context.close()
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("path", ["network/", "network/text/", "network/analysis/", "data/"])
def test_network_pages_are_accessible(page, site_server, axe, path):
    page.goto(site_server + path)
    page.wait_for_load_state("networkidle")
    if page.locator("[data-kb-graph]").count():
        page.wait_for_selector("[data-kb-graph][data-drawn]", timeout=15_000)
    violations = axe(page)
    assert not violations, "\n".join(violations)
    page.kb_watch.assert_clean()


def test_network_view_in_the_dark_scheme_is_accessible(browser, site_server, axe):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    pg = context.new_page()
    pg.goto(site_server + "network/?focus=organisations:newcastle-university&colour=sector")
    pg.wait_for_selector("[data-kb-graph][data-drawn]", timeout=15_000)
    assert "Academia" in pg.locator(".kb-graph__key").inner_text()  # the key, by sector
    assert "Own sector" in pg.locator(".kb-graph__details").inner_text()  # the panel, filled
    violations = axe(pg)
    context.close()
    assert not violations, "\n".join(violations)
