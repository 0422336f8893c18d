"""The network's pages and files: links, escaping, consent, and a safe, self-hosted view."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from test_graph import REGISTRIES, SEMINARS, make_corpus

from kb import load_corpus
from kb.network import plan_network
from kb.network.layout import compute_layout, layout_key, radial_layout
from kb.pages.graphview import ASSETS, neighbour_lines, view_options
from kb.pages.network import entity_network_section, network_pages

HOSTILE = '<script>alert("x")</script> [link](http://evil.example) & <img src=x onerror=1>'


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    registries = {**REGISTRIES, "themes": REGISTRIES["themes"] + [
        {"id": "hostile", "name": HOSTILE, "description": "Hostile."}]}
    seminars = {**SEMINARS, "second": {**SEMINARS["second"],
                                       "themes": ["trust", "data", "hostile"]}}
    corpus = load_corpus(make_corpus(tmp_path_factory.mktemp("kb"), registries, seminars))
    network = plan_network(corpus)
    pages, assets = network_pages(corpus, network)
    return corpus, network, {p.src_uri: p.markdown for p in pages}, \
        {a.dest_uri: a.content for a in assets}


def test_pages_and_assets_are_where_the_site_expects(built):
    _, _, pages, assets = built
    assert set(pages) == {"network/index.md", "network/text.md", "network/analysis.md",
                          "data/index.md"}
    for name in ("data/isipp-network.graphml", "data/isipp-network.gexf",
                 "data/isipp-network.json", "data/csv/nodes.csv", "data/csv/edges.csv",
                 "assets/kb/graphview.js", "assets/kb/graphview.css",
                 "assets/kb/vendor/vis-network.min.js", "assets/kb/network-view.json",
                 "assets/kb/vendor/vis-network.LICENSE-MIT.txt"):
        assert name in assets, name
    assert "CC BY 4.0" in pages["data/index.md"]


def test_links_are_relative_markdown_links_to_pages(built):
    _, _, pages, assets = built
    for src, markdown in pages.items():
        assert "<a href" not in markdown, src
        for target in re.findall(r"\]\(([^)\s]+)\)", markdown):
            if target.startswith("http"):
                continue
            assert not target.startswith("/"), (src, target)
            path = target.split("?")[0].split("#")[0]
            resolved = (Path(src).parent / path).as_posix()
            resolved = re.sub(r"[^/]+/\.\./", "", resolved)
            assert resolved.endswith(".md") or f"data/{path}" in assets or \
                resolved in assets, (src, target)


def test_contributed_text_is_escaped_everywhere(built):
    _, network, pages, assets = built
    for src, markdown in pages.items():
        assert "<script>alert" not in markdown and "<img" not in markdown, src
    section = entity_network_section(*built[:2], "themes", "hostile", "themes/hostile.md")
    assert "<script>alert" not in section and "&lt;script&gt;" in section
    for markdown in [section, *pages.values()]:
        for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>',
                                markdown, re.S):
            assert "<" not in block and ">" not in block
            json.loads(block)
    view = assets["assets/kb/network-view.json"].decode()
    assert "<script" not in view and "\\u003cscript" in view
    assert HOSTILE in [row[1] for row in json.loads(view)["nodes"]]


def test_entity_section_has_measures_ego_view_and_text_equivalent(built):
    corpus, network, _, _ = built
    section = entity_network_section(corpus, network, "people", "ann-able", "people/ann-able.md")
    assert section.startswith("## In the network")
    assert "**Ties**" in section and "**Sectors reached**" in section
    assert 'data-kb-graph="ego"' in section and 'data-root="../../"' in section
    assert "### Ties" in section and "[Uni](../organisations/uni.md)" in section
    assert "(../network/index.md?focus=people:ann-able)" in section
    record = entity_network_section(corpus, network, "seminars", "first", "seminars/first.md")
    assert "**Sector diversity**" in record and "data-kb-graph" not in record


def test_no_section_for_people_who_are_not_nodes(built):
    corpus, network, _, _ = built
    assert entity_network_section(corpus, network, "people", "rob-role", "people/rob-role.md") == ""
    assert entity_network_section(corpus, network, "people", "wanda-gone", "x.md") == ""


def test_view_data_has_positions_and_no_withdrawn_people(built):
    _, network, _, assets = built
    view = json.loads(assets["assets/kb/network-view.json"])
    ids = [row[0] for row in view["nodes"]]
    assert ids == sorted(network.graph) and "people:wanda-gone" not in ids
    assert all(isinstance(row[3], int) and isinstance(row[4], int) for row in view["nodes"])
    assert view["options"]["physics"]["enabled"] is False
    assert view["options"]["edges"]["smooth"]["enabled"] is False
    assert len({tuple(t[2:]) for t in view["types"]}) == len(view["types"])


def test_the_script_never_uses_inner_html_or_another_host():
    script = (ASSETS / "graphview.js").read_text()
    assert ".innerHTML" not in script and "outerHTML" not in script
    assert "insertAdjacentHTML" not in script
    assert "document.write" not in script and "eval(" not in script
    for name in ("graphview.js", "graphview.css"):
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", (ASSETS / name).read_text())
    vendor = (ASSETS / "vendor" / "vis-network.min.js").read_text()
    assert "sourceMappingURL" not in vendor


def test_pyvis_options_are_static_and_quiet():
    options = view_options()
    assert options["interaction"]["hideEdgesOnDrag"]
    assert options["layout"]["improvedLayout"] is False


def test_layout_is_fixed_and_cached(built):
    _, network, _, _ = built
    graph = network.graph
    assert compute_layout(graph) == network.positions
    assert compute_layout(graph.copy()) is compute_layout(graph)  # found by content
    assert layout_key(graph.copy()) == layout_key(graph)


def test_layout_cache_is_bounded():
    """A long `mkdocs serve` session lays out a new graph after each edit of the ties; the
    cache keeps only the last few, the most recently used ones."""
    import networkx as nx

    from kb.network import layout

    first = nx.path_graph(["a0", "b0", "c0"])
    kept = layout.compute_layout(first)
    for i in range(1, 3 * layout.CACHE_SIZE):
        layout.compute_layout(nx.path_graph([f"a{i}", f"b{i}", f"c{i}"]))
        assert layout.compute_layout(first) is kept  # in use, so it stays
    assert len(layout._CACHE) == layout.CACHE_SIZE


def test_planning_pauses_the_collector_and_gives_it_back():
    """Planning runs with the cyclic garbage collector paused (at 10,000 records it found
    nothing and took a third of the time) and leaves it as it was, also after an error."""
    import gc

    from kb.network import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # whoever turned it off turns it on
    finally:
        gc.enable()

def test_radial_layout_rings():
    positions = radial_layout("c", [["a", "b"], ["d"]], radius=100)
    assert positions["c"] == (0, 0) and positions["a"] == (0, -100)
    assert positions["d"] == (0, -200)


def test_shipped_corpus_pages(tmp_path):
    corpus = load_corpus(Path(__file__).resolve().parent.parent)
    network = plan_network(corpus)
    pages, _ = network_pages(corpus, network)
    assert any(p.src_uri == "network/analysis.md" and "Boundary spanners" in p.markdown
               for p in pages)


def test_neighbours_with_the_same_name_keep_one_order():
    # Two case studies with one title: listed by id, whatever the order of the set they
    # pass through (string hashing differs from one run to the next).
    graph = nx.MultiDiGraph()
    graph.add_node("barriers:trust", type="barriers", label="Trust")
    for record in ("case_studies:b-second", "case_studies:a-first"):
        graph.add_node(record, type="case_studies", label="Leeds: early help")
        graph.add_edge(record, "barriers:trust", key="met_barrier")
    [line] = neighbour_lines(graph, "barriers:trust", "barriers/trust.md")
    assert line.index("a-first") < line.index("b-second")
