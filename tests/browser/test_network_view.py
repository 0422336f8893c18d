"""The network view in headless Chromium: it draws, selects then inspects, filters honestly,
colours and sizes by attribute, goes full screen and exports, and stays self-hosted."""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

ORG = "organisations:newcastle-university"
COUNCIL = "organisations:sedgemoor-district-council"
VIEW = "document.querySelector('.kb-graph--main').kbView"


def open_view(page, site_server, query: str = ""):
    page.goto(site_server + "network/" + query)
    page.wait_for_selector(".kb-graph--main[data-drawn]", timeout=15_000)
    return page.locator(".kb-graph--main")


def shown(page) -> list[str]:
    """Ids of the nodes the filters leave shown."""
    return page.evaluate(f"""() => {{ const v = {VIEW};
        return v.data.nodes.filter((row, i) => !v.hidden[i]).map(row => row[0]); }}""")


def screen_point(page, node: str) -> dict[str, float]:
    """Where a node is drawn, in page coordinates."""
    return page.evaluate(f"""(node) => {{ const v = {VIEW}, i = v.byId[node], c = v.camera();
        const box = v.canvas.getBoundingClientRect();
        return {{x: box.left + v.x[i] * c.s + c.tx, y: box.top + v.y[i] * c.s + c.ty}}; }}""", node)


def pixel(page, node: str) -> list[list[int]]:
    """The colours (over the white page) at the centre of a node's marker and at four points
    half-way to its edge: a label may cover one of them."""
    return page.evaluate(f"""(node) => {{ const v = {VIEW}, i = v.byId[node], c = v.camera();
        const canvas = v.canvasElement, ratio = canvas.width / v.canvas.clientWidth;
        const r = v.size[i] * c.s / 2, x = v.x[i] * c.s + c.tx, y = v.y[i] * c.s + c.ty;
        return [[0, 0], [r, 0], [-r, 0], [0, r], [0, -r]].map(([dx, dy]) => {{
            const p = canvas.getContext('2d').getImageData(Math.round((x + dx) * ratio),
                                                           Math.round((y + dy) * ratio), 1, 1).data;
            return [0, 1, 2].map(k => Math.round(p[k] * p[3] / 255 + 255 * (1 - p[3] / 255)));
        }}); }}""", node)


def near(colour: list[int], samples: list[list[int]], slack: int = 12) -> bool:
    """Whether one of the samples is the colour, give or take anti-aliasing."""
    return any(max(abs(a - b) for a, b in zip(colour, p, strict=True)) <= slack for p in samples)


def all_shown_nodes_fit(page) -> bool:
    return page.evaluate(f"""() => {{ const v = {VIEW}, c = v.camera();
        for (let i = 0; i < v.n; i++) {{
            if (v.hidden[i]) continue;
            const x = v.x[i] * c.s + c.tx, y = v.y[i] * c.s + c.ty;
            if (x < 0 || y < 0 || x > c.w || y > c.h) return false;
        }}
        return true; }}""")


def test_graph_page_draws_labels_without_errors_or_other_hosts(page, site_server):
    open_view(page, site_server)
    assert page.evaluate("typeof window.kbGraphDrawn") == "number"
    assert len(shown(page)) > 20
    assert page.locator(".kb-graph__canvas canvas").count() == 1
    labels = page.evaluate(f"{VIEW}.labels.map(l => l[0])")
    # the most central are labelled at the start, and no two labels overlap
    assert len(labels) >= 10
    assert page.evaluate(f"{VIEW}.order[0]") in labels
    boxes = page.evaluate(f"""() => {{ const v = {VIEW};
        const m = document.createElement('canvas').getContext('2d');
        m.font = '13px sans-serif';
        return v.labels.filter(l => !l[4])
            .map(l => [l[2], l[3] - 8, l[2] + m.measureText(l[1]).width, l[3] + 8]); }}""")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    page.kb_watch.assert_clean()


def test_a_click_selects_and_inspects_without_leaving_the_page(page, site_server):
    open_view(page, site_server)
    url = page.url
    point = screen_point(page, ORG)
    page.mouse.click(point["x"], point["y"])
    panel = page.locator(".kb-graph--main .kb-graph__details")
    panel.get_by_text("Newcastle University", exact=True).wait_for()
    assert page.url.split("?")[0] == url.split("?")[0]
    text = panel.inner_text()
    assert "Organisation" in text and "Own sector" in text and "Academia" in text
    assert "Sectors its records reach" in text and "Local government" in text
    assert "most connected of" in text and "Betweenness" in text and "Community" in text
    # ties grouped by relation, and their evidence and sources (the shipped corpus records them)
    assert "People affiliated (" in text and "Deborah Chambers" in text
    assert "stated; sources: " in text
    link = panel.get_by_role("link", name="Open its page")
    assert link.get_attribute("href").endswith("organisations/newcastle-university/")
    assert parse_qs(urlsplit(page.url).query)["focus"] == [ORG]
    # the panel is beside the diagram, in view
    canvas = page.locator(".kb-graph--main .kb-graph__canvas").bounding_box()
    box = panel.bounding_box()
    assert box["x"] >= canvas["x"] + canvas["width"] and box["y"] < canvas["y"] + canvas["height"]
    page.kb_watch.assert_clean()


def test_selection_highlights_neighbours_and_dims_the_rest(page, site_server):
    open_view(page, site_server)
    blue, green = [0x00, 0x72, 0xB2], [0x00, 0x9E, 0x73]
    assert near(blue, pixel(page, COUNCIL))
    page.evaluate(f"(node) => {VIEW}.select({VIEW}.byId[node], 'pointer')", ORG)
    spot = page.evaluate(f"""() => {{ const v = {VIEW};
        return v.data.nodes.map((row, i) => [row[0], v.spot[i]]).filter(p => p[1]); }}""")
    lit = dict(spot)
    assert lit[ORG] == 2 and lit["people:deborah-chambers"] == 1 and COUNCIL not in lit
    faded = [round(v * 0.18 + 255 * 0.82) for v in blue]
    assert not near(blue, pixel(page, COUNCIL)) and near(faded, pixel(page, COUNCIL))
    assert near(green, pixel(page, "people:deborah-chambers"))  # a neighbour, at full strength
    labels = page.evaluate(f"{VIEW}.labels.map(l => {VIEW}.data.nodes[l[0]][0])")
    assert set(labels) == set(lit)  # the selection and all its neighbours, labelled
    page.keyboard.press("Escape")  # focus is not on the diagram: nothing happens
    page.locator(".kb-graph--main .kb-graph__canvas").focus()
    page.keyboard.press("Escape")
    assert page.evaluate(f"{VIEW}.selected") == -1
    assert near(blue, pixel(page, COUNCIL))
    assert "focus" not in parse_qs(urlsplit(page.url).query)
    page.kb_watch.assert_clean()


def test_a_tap_on_a_phone_shows_the_panel_below_the_diagram_in_view(browser, site_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    pg = context.new_page()
    pg.goto(site_server + "network/")
    pg.wait_for_selector(".kb-graph--main[data-drawn]", timeout=15_000)
    pg.locator(".kb-graph--main .kb-graph__canvas").scroll_into_view_if_needed()
    point = screen_point(pg, ORG)
    pg.touchscreen.tap(point["x"], point["y"])
    panel = pg.locator(".kb-graph--main .kb-graph__details")
    panel.get_by_text("Newcastle University", exact=True).wait_for()
    canvas = pg.locator(".kb-graph--main .kb-graph__canvas").bounding_box()
    box = panel.bounding_box()
    assert box["y"] >= canvas["y"] + canvas["height"]
    assert box["y"] < 844  # in view
    assert parse_qs(urlsplit(pg.url).query)["focus"] == [ORG]
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_choosing_a_tie_in_the_panel_moves_there(page, site_server):
    open_view(page, site_server, f"?focus={ORG}")
    panel = page.locator(".kb-graph--main .kb-graph__details")
    panel.get_by_role("button", name="Deborah Chambers").click()
    panel.get_by_text("Person", exact=True).wait_for()
    assert parse_qs(urlsplit(page.url).query)["focus"] == ["people:deborah-chambers"]
    assert page.evaluate("document.activeElement.className") == "kb-graph__name"
    page.keyboard.press("Escape")  # from the panel, back to the diagram
    assert page.evaluate("document.activeElement.classList.contains('kb-graph__canvas')")
    page.kb_watch.assert_clean()


def test_search_selects_a_node(page, site_server):
    open_view(page, site_server)
    page.get_by_label("Find a node").fill("Newcastle University")
    page.get_by_role("button", name="Find").click()
    assert parse_qs(urlsplit(page.url).query)["focus"] == [ORG]
    assert page.evaluate(f"{VIEW}.data.nodes[{VIEW}.selected][0]") == ORG
    assert "Newcastle University" in page.locator(".kb-graph--main .kb-graph__details").inner_text()
    page.kb_watch.assert_clean()


def test_a_type_filter_hides_nodes_refits_and_is_kept_in_the_url(page, site_server):
    open_view(page, site_server)
    before = len(shown(page))
    scale = page.evaluate(f"{VIEW}.network.getScale()")
    for kind in ("theme", "barrier", "place", "sector", "project"):
        page.get_by_label(kind, exact=True).uncheck()
    after = shown(page)
    assert 0 < len(after) < before and not any(n.startswith("themes:") for n in after)
    assert page.evaluate(f"{VIEW}.network.getScale()") != scale  # zoomed to fit
    assert all_shown_nodes_fit(page)
    types = parse_qs(urlsplit(page.url).query)["types"][0].split(",")
    assert "themes" not in types and "people" in types
    assert "nodes shown" in page.locator(".kb-graph--main .kb-graph__status").inner_text()
    page.kb_watch.assert_clean()


def test_own_sector_is_not_sectors_reached(page, site_server):
    open_view(page, site_server)
    page.get_by_label("Sectors its records reach").select_option(label="Academia")
    reached = shown(page)
    assert COUNCIL in reached and ORG in reached  # the council took part in academic seminars
    page.get_by_label("Sectors its records reach").select_option(label="All")
    page.get_by_label("Own sector").select_option(label="Academia")
    own = shown(page)
    assert ORG in own and COUNCIL not in own and "sectors:academia" in own
    assert "people:deborah-chambers" in own  # affiliated with an academic organisation
    assert any(n.startswith("seminars:") for n in own)  # events they are tied to
    assert all_shown_nodes_fit(page)
    assert parse_qs(urlsplit(page.url).query)["own"] == ["academia"]
    page.kb_watch.assert_clean()


def test_theme_filter_keeps_what_is_connected_and_zooms_to_it(page, site_server):
    open_view(page, site_server)
    scale = page.evaluate(f"{VIEW}.network.getScale()")
    page.get_by_label("Theme", exact=True).select_option(label="Consent")
    kept = shown(page)
    assert "themes:consent" in kept and "themes:leadership" not in kept
    assert page.evaluate(f"{VIEW}.network.getScale()") > scale and all_shown_nodes_fit(page)
    assert parse_qs(urlsplit(page.url).query)["theme"] == ["themes:consent"]
    page.kb_watch.assert_clean()


def test_years_keep_undated_nodes_and_mark_them(page, site_server):
    open_view(page, site_server)
    years = page.evaluate(f"{VIEW}.data.years")
    assert page.get_by_label("From year").get_attribute("min") == str(years[0])
    assert page.get_by_label("To year").get_attribute("max") == str(years[1])
    dated = page.evaluate(f"""() => {{ const v = {VIEW};
        return Object.fromEntries(v.data.nodes.map(row => [row[0], row[9]])); }}""")
    undated = {n for n, y in dated.items() if not y}
    only_first = {n for n, y in dated.items() if y and max(y) == years[0]}
    assert undated and only_first
    page.get_by_label("From year").fill(str(years[1]))  # a range input: sets its value
    kept = set(shown(page))
    assert undated <= kept and not (only_first & kept)
    assert page.evaluate(f"{VIEW}.markUndated") is True
    assert "No year recorded" in page.locator(".kb-graph--main .kb-graph__key").inner_text()
    assert "dashed outline" in page.locator(".kb-graph--main .kb-graph__status").inner_text()
    page.get_by_label("Include undated").uncheck()
    assert not (undated & set(shown(page)))
    query = parse_qs(urlsplit(page.url).query)
    assert query["year"] == [f"{years[1]}-{years[1]}"] and query["undated"] == ["0"]
    page.kb_watch.assert_clean()


def test_a_shared_view_with_a_hidden_node_says_so_and_keys_the_undated(page, site_server):
    open_view(page, site_server, f"?focus={COUNCIL}&year=2016-2016")  # the council: 2015 only
    panel = page.locator(".kb-graph--main .kb-graph__details")
    assert "Hidden by the filters." in panel.inner_text()
    assert "No year recorded" in page.locator(".kb-graph--main .kb-graph__key").inner_text()
    page.kb_watch.assert_clean()


def test_the_url_restores_a_shared_view(page, site_server):
    open_view(page, site_server, f"?focus={ORG}&types=people,organisations&year=2015-2015"
                                 "&colour=community&size=betweenness")
    assert page.get_by_label("theme", exact=True).is_checked() is False
    assert page.get_by_label("From year").input_value() == "2015"
    assert page.get_by_label("Colour by").input_value() == "community"
    assert page.get_by_label("Size by").input_value() == "betweenness"
    kinds = {n.split(":")[0] for n in shown(page)}
    assert kinds and kinds <= {"people", "organisations"}
    assert "Newcastle University" in page.locator(".kb-graph--main .kb-graph__details").inner_text()
    page.kb_watch.assert_clean()


def test_colour_and_size_by_attribute_and_the_key_follows(page, site_server):
    open_view(page, site_server)
    key = page.locator(".kb-graph--main .kb-graph__key")
    assert "organisation (29)" in key.inner_text() and "seminar or event" in key.inner_text()
    page.get_by_label("Colour by").select_option("community")
    assert "community 1" in key.inner_text() and "Shape shows the type" in key.inner_text()
    group = page.evaluate(f"(n) => {VIEW}.data.nodes[{VIEW}.byId[n]][11]", ORG)
    colour = page.evaluate(f"(n) => {VIEW}.fill[{VIEW}.byId[n]]", ORG)
    assert colour == page.evaluate(f"{VIEW}.scheme.colours.key[{group - 1}].colour")
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    assert near([red, green, blue], pixel(page, ORG))
    page.get_by_label("Colour by").select_option("sector")
    assert "Academia" in key.inner_text() and "no sector of its own" in key.inner_text()
    academia = page.evaluate(
        f"{VIEW}.scheme.colours.key.find(k => k.label === 'Academia').colour")
    assert page.evaluate(f"(n) => {VIEW}.fill[{VIEW}.byId[n]]", ORG) == academia
    sizes = page.evaluate(f"Array.from({VIEW}.size)")
    page.get_by_label("Size by").select_option("brokerage")
    assert page.evaluate(f"Array.from({VIEW}.size)") != sizes
    assert "Size: brokerage" in key.inner_text()
    page.get_by_label("Size by").select_option("betweenness")
    assert "Size: betweenness" in key.inner_text()
    query = parse_qs(urlsplit(page.url).query)
    assert query["colour"] == ["sector"] and query["size"] == ["betweenness"]
    page.kb_watch.assert_clean()


def test_full_screen_and_back(page, site_server):
    open_view(page, site_server)
    button = page.get_by_role("button", name="Full screen")
    button.click()
    block = "document.querySelector('.kb-graph--main')"
    page.wait_for_function(f"document.fullscreenElement === {block}")
    page.wait_for_function(f"{block}.querySelector('.kb-graph__canvas').clientHeight > 500")
    exit_button = page.get_by_role("button", name="Exit full screen")
    assert exit_button.get_attribute("aria-pressed") == "true"
    assert page.locator(".kb-graph--main .kb-graph__key").is_visible()
    page.get_by_role("button", name="Exit full screen").click()
    page.wait_for_function("document.fullscreenElement === null")
    # the button follows the fullscreenchange event, which may come a moment after
    page.wait_for_function(f"{block}.querySelector('[aria-pressed]')"
                           ".getAttribute('aria-pressed') === 'false'", timeout=5_000)
    assert page.get_by_role("button", name="Full screen").get_attribute("aria-pressed") == "false"
    page.kb_watch.assert_clean()


def test_full_screen_without_the_fullscreen_api_covers_the_page(page, site_server):
    page.add_init_script("Element.prototype.requestFullscreen = undefined;")
    open_view(page, site_server)
    page.get_by_role("button", name="Full screen").click()
    box = page.locator(".kb-graph--main").bounding_box()
    assert box["x"] == 0 and box["y"] == 0 and box["width"] == 1280 and box["height"] == 900
    page.locator(".kb-graph--main .kb-graph__canvas").focus()
    page.keyboard.press("Escape")
    assert page.locator(".kb-graph--main").bounding_box()["y"] > 0
    page.kb_watch.assert_clean()


def test_the_current_view_exports_as_png_and_svg(page, site_server):
    open_view(page, site_server, f"?focus={ORG}&colour=community")
    width = page.evaluate(f"{VIEW}.canvas.clientWidth")
    with page.expect_download() as got:
        page.get_by_role("button", name="Save PNG").click()
    png = got.value
    assert png.suggested_filename == "network-view.png"
    data = open(png.path(), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    assert struct.unpack(">I", data[16:20])[0] == 2 * width  # twice the resolution
    with page.expect_download() as got:
        page.get_by_role("button", name="Save SVG").click()
    svg = got.value
    assert svg.suggested_filename == "network-view.svg"
    root = ET.parse(io.BytesIO(open(svg.path(), "rb").read())).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("width") == str(round(width))
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert "Newcastle University" in texts and "Deborah Chambers" in texts
    assert any(t and t.startswith("community 1 (") for t in texts)  # the key
    assert len(list(root.iter(f"{ns}path"))) > 5
    page.kb_watch.assert_clean()  # made in the browser: no request anywhere


def test_provenance_is_shown_when_ties_carry_it(page, site_server):
    """Ties will carry evidence and sources (the provenance model); the panel shows them."""
    open_view(page, site_server)
    page.evaluate(f"""(node) => {{ const v = {VIEW}, i = v.byId[node];
        v.data.provenance = [['stated', [0], ''], ['inferred', [], 'same organisation']];
        v.data.sources = [['seed-002', 'A news item', 'sources/seed-002/']];
        v.tiesOf(i).forEach((k, j) => {{ v.E[4 * k + 3] = j % 2; }});
        v.select(i, 'pointer'); }}""", ORG)
    panel = page.locator(".kb-graph--main .kb-graph__details")
    text = panel.inner_text()
    assert "stated; sources: A news item" in text
    assert "inferred by the knowledge base (same organisation); sources not recorded" in text
    assert panel.get_by_role("link", name="A news item").first.get_attribute("href") == \
        "../sources/seed-002/"
    page.kb_watch.assert_clean()


def test_ego_view_has_a_key_labels_and_a_panel(page, site_server):
    page.goto(site_server + "organisations/newcastle-university/")
    page.wait_for_selector(".kb-graph--ego[data-drawn]", timeout=15_000)
    ego = "document.querySelector('.kb-graph--ego').kbView"
    assert page.evaluate(f"{ego}.n") > 1
    assert "organisation (" in page.locator(".kb-graph--ego .kb-graph__key").inner_text()
    labelled = page.evaluate(f"{ego}.labels.map(l => l[0])")
    quiet = page.evaluate(f"{ego}.data.quiet")
    assert len(labelled) >= 5 and (not quiet or set(quiet) & set(labelled))
    page.evaluate(f"{ego}.select({ego}.byId['people:deborah-chambers'], 'pointer')")
    panel = page.locator(".kb-graph--ego .kb-graph__details").inner_text()
    assert "Deborah Chambers" in panel and "Local government" in panel  # a sector reached
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


def inferred_ties(page) -> set[int]:
    """Indexes of the ties whose evidence is exactly "inferred", read from the view data."""
    edges, provenance = page.evaluate(f"[{VIEW}.data.edges, {VIEW}.data.provenance]")
    return {k for k in range(len(edges) // 4)
            if edges[4 * k + 3] >= 0 and provenance[edges[4 * k + 3]][0] == "inferred"}


def drawn(page) -> set[int]:
    return set(page.evaluate(f"{VIEW}.drawn"))


PI = "people:rob-wilson"  # principal investigator of the series: an inferred tie


def test_show_inferred_ties_hides_exactly_the_inferred_ties(page, site_server):
    open_view(page, site_server)
    inferred = inferred_ties(page)
    assert inferred  # the shipped corpus infers some ties
    box = page.get_by_label("Show inferred ties")
    assert box.is_checked()
    before, nodes = drawn(page), shown(page)
    assert inferred <= before  # all drawn: fewer ties than the budget
    key = page.locator(".kb-graph--main .kb-graph__key")
    assert f"dashed: inferred by the knowledge base ({len(inferred)})" in key.inner_text()
    box.uncheck()
    assert drawn(page) == before - inferred and shown(page) == nodes
    assert parse_qs(urlsplit(page.url).query)["inferred"] == ["0"]
    assert "inferred are hidden" in page.locator(".kb-graph--main .kb-graph__status").inner_text()
    box.check()
    assert drawn(page) == before and "inferred" not in parse_qs(urlsplit(page.url).query)
    page.kb_watch.assert_clean()


def test_hidden_inferred_ties_leave_the_walk_and_the_panel_says_so(page, site_server):
    open_view(page, site_server, f"?focus={PI}&inferred=0")
    assert not page.get_by_label("Show inferred ties").is_checked()  # from the address
    series = page.evaluate(f"""(node) => {{ const v = {VIEW}, i = v.byId[node];
        return v.tiesOf(i).filter(k => v.evidence[k] === 1).map(k => v.other(k, i)); }}""", PI)
    assert series and not page.evaluate(f"(o) => o.some(i => {VIEW}.spot[i])", series)
    panel = page.locator(".kb-graph--main .kb-graph__details")
    assert "hidden: inferred ties are off" in panel.inner_text()
    # the keyboard walk follows the ties drawn: from every node with an inferred tie, each arrow
    # lands on the nearest node that way along a tie still shown (the cone of graphview-keys.js)
    walks = page.evaluate(f"""() => {{ const v = {VIEW}, out = [];
        const dirs = {{ArrowLeft: [-1, 0], ArrowRight: [1, 0],
                       ArrowUp: [0, -1], ArrowDown: [0, 1]}};
        const cost = (i, j, d) => {{ const dx = v.x[j] - v.x[i], dy = v.y[j] - v.y[i];
            const along = dx * d[0] + dy * d[1], across = Math.abs(dx * d[1] - dy * d[0]);
            return along <= 0 || across > 2 * along ? Infinity : along + 2 * across; }};
        const best = (i, ks, d) => {{ let b = -1, c = Infinity;
            for (const k of ks) {{ const j = v.other(k, i), x = cost(i, j, d);
                if (j !== i && !v.hidden[j] && x < c) {{ c = x; b = j; }} }}
            return b; }};
        for (let i = 0; i < v.n; i++) {{
            const ks = v.tiesOf(i);
            if (!ks.some(k => v.evidence[k] === 1)) continue;
            for (const [key, d] of Object.entries(dirs)) {{
                const want = best(i, ks.filter(k => v.tieShown(k)), d);
                if (want < 0) continue;
                v.select(i, 'key');
                v.canvas.dispatchEvent(new KeyboardEvent('keydown', {{key: key, bubbles: true}}));
                out.push([want, v.selected, best(i, ks, d)]);
            }}
        }}
        return out; }}""")
    assert all(want == got for want, got, _ in walks)
    assert any(want != through_inferred for want, _, through_inferred in walks)
    page.evaluate(f"(node) => {VIEW}.select({VIEW}.byId[node], 'pointer')", PI)
    page.get_by_label("Show inferred ties").check()
    assert page.evaluate(f"(o) => o.every(i => {VIEW}.spot[i] === 1)", series)
    assert "hidden: inferred ties are off" not in panel.inner_text()
    page.kb_watch.assert_clean()


def test_an_inferred_tie_reads_inferred_and_is_drawn_dashed(page, site_server):
    open_view(page, site_server, f"?focus={PI}")
    panel = page.locator(".kb-graph--main .kb-graph__details")
    word = panel.locator(".kb-graph__evidence strong", has_text="inferred by the knowledge base")
    assert word.count() >= 1 and word.first.is_visible()
    # the canvas strokes inferred ties with a dash (the PNG export draws on a canvas the same way)
    dashes = page.evaluate(f"""() => {{ const v = {VIEW}, seen = [];
        const paint = kbGraph.CanvasSurface.prototype.paint;
        kbGraph.CanvasSurface.prototype.paint = function (style) {{
            if (style.stroke) seen.push(style.dash ? style.dash.join(' ') : '');
            return paint.call(this, style); }};
        v.paint(v.canvasElement.getContext('2d'));
        kbGraph.CanvasSurface.prototype.paint = paint;
        return seen; }}""")
    assert "6 4" in dashes
    with page.expect_download() as got:
        page.get_by_role("button", name="Save SVG").click()
    root = ET.parse(got.value.path()).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    dashed = [p for p in root.iter(f"{ns}path") if p.get("stroke-dasharray") == "6 4"]
    ties = sum(p.get("d").count("M") for p in dashed if p.get("stroke") in ("#707070", "#1a1a1a"))
    # every inferred tie drawn, dashed, and the key's sample of one
    assert ties == len(inferred_ties(page) & drawn(page)) + 1
    assert "dashed: inferred by the knowledge base" in " ".join(
        t.text or "" for t in root.iter(f"{ns}text"))  # and keyed
    page.kb_watch.assert_clean()


def test_the_inferred_ties_control_passes_axe(page, site_server, axe):
    open_view(page, site_server, f"?focus={PI}")
    violations = axe(page)
    page.get_by_label("Show inferred ties").uncheck()
    violations += axe(page)
    assert not violations, "\n".join(violations)
    page.kb_watch.assert_clean()
