"""The data the network view draws and the block that holds it: own sectors apart from sectors
reached, the measures the panel and the colour and size choices read, ties with their evidence
and sources, and a block that loads its data early and only from the site."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from test_graph import make_corpus

from kb import load_corpus
from kb.kinds import KINDS
from kb.network import plan_network
from kb.network.graph import RELATIONS
from kb.pages.graphview import (
    ASSETS,
    SHAPE_NAMES,
    STYLES,
    VIEW_FILES,
    VIEW_SCRIPTS,
    graph_block,
    view_data,
)
from kb.pages.network import network_pages

NODE = {name: i for i, name in enumerate(
    ["id", "label", "type", "x", "y", "size", "url", "sectors", "themes", "years", "own",
     "community", "betweenness", "brokerage", "ties"])}


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    corpus = load_corpus(make_corpus(tmp_path_factory.mktemp("kb")))
    network = plan_network(corpus)
    _, assets = network_pages(corpus, network)
    data = json.loads(next(a.content for a in assets if a.dest_uri.endswith("network-view.json")))
    return network, data, {row[0]: row for row in data["nodes"]}


def test_own_sector_is_apart_from_sectors_reached(view):
    _, data, rows = view
    sectors = [s[0] for s in data["sectors"]]
    own = {n: (sectors[r[NODE["own"]]] if r[NODE["own"]] >= 0 else None) for n, r in rows.items()}
    assert own["organisations:uni"] == "academia"
    assert own["organisations:uni-school"] == "academia"
    assert own["people:bob-baker"] == "health"  # from the organisation of their affiliation
    assert own["sectors:police"] == "police"
    assert own["seminars:first"] is None and own["themes:trust"] is None
    # Uni reaches health through the seminars it takes part in; its own sector is academia
    reached = {sectors[i] for i in rows["organisations:uni"][NODE["sectors"]]}
    assert {"academia", "health"} <= reached


def test_nodes_carry_the_measures_of_the_analysis(view):
    network, _, rows = view
    analysis = network.analysis
    for node, row in rows.items():
        assert row[NODE["ties"]] == analysis.degree[node]
        assert row[NODE["community"]] == analysis.community.get(node, 0)
        assert row[NODE["betweenness"]] == round(analysis.betweenness.get(node, 0.0), 4)
        lens = analysis.boundary.get(node)
        assert row[NODE["brokerage"]] == (sum(lens.brokerage.values()) if lens else -1)
    assert rows["sectors:academia"][NODE["community"]] == 0  # sectors are left out


def test_ties_are_a_flat_list_of_four_numbers(view):
    network, data, _ = view
    edges, n = data["edges"], len(data["nodes"])
    assert len(edges) == 4 * network.graph.number_of_edges()
    for k in range(0, len(edges), 4):
        source, target, relation, provenance = edges[k:k + 4]
        assert 0 <= source < n and 0 <= target < n and 0 <= relation < len(RELATIONS)
        assert 0 <= provenance < len(data["provenance"])  # every tie has its evidence
    assert [r[0] for r in data["relations"]] == list(RELATIONS)
    assert data["relations"][0][2] == "speakers"  # how "spoke at" reads from the event
    assert {row[0] for row in data["provenance"]} <= {"stated", "inferred", "disputed"}
    assert "inferred" in {row[0] for row in data["provenance"]}  # the corpus marks some
    assert data["sources"]
    assert all(len(t) == 5 for t in data["types"])  # with the plural, for the panel


def test_evidence_and_sources_of_ties_are_carried_when_recorded():
    graph = nx.MultiDiGraph()
    for node, kind in (("people:ann", "people"), ("seminars:one", "seminars"),
                       ("themes:trust", "themes"), ("sources:seed-001", "sources")):
        graph.add_node(node, type=kind if kind != "sources" else "themes", label=node.upper(),
                       url=f"{node.replace(':', '/')}/")
    graph.add_edge("people:ann", "seminars:one", key="spoke_at", evidence="stated",
                   sources=["seed-001", "seed-009"])
    graph.add_edge("seminars:one", "themes:trust", key="discusses", evidence=["inferred"],
                   sources=[], reason="the title names it")
    graph.add_edge("people:ann", "themes:trust", key="involved_in")
    positions = dict.fromkeys(graph, (0, 0))
    data = view_data(graph, positions, {}, {}, {})
    edges = data["edges"]
    kept = {tuple(edges[k:k + 3]): edges[k + 3] for k in range(0, len(edges), 4)}
    nodes = [row[0] for row in data["nodes"]]
    rel = list(RELATIONS)

    def provenance(u: str, v: str, key: str) -> list | None:
        index = kept[(nodes.index(u), nodes.index(v), rel.index(key))]
        return None if index < 0 else data["provenance"][index]

    stated = provenance("people:ann", "seminars:one", "spoke_at")
    assert stated[0] == "stated" and stated[2] == ""
    assert [data["sources"][s] for s in stated[1]] == [
        ["seed-001", "SOURCES:SEED-001", "sources/seed-001/"], ["seed-009", "seed-009", ""]]
    assert provenance("seminars:one", "themes:trust", "discusses") == [
        "inferred", [], "the title names it"]
    assert provenance("people:ann", "themes:trust", "involved_in") is None


def test_every_type_has_a_shape_of_its_own_with_a_name():
    """Colour is never the only cue (WCAG 1.4.1): no two types share a shape, and the key on
    the network page can name each one (the browser tests check the script draws them)."""
    assert set(STYLES) == set(KINDS)
    shapes = [shape for _, shape in STYLES.values()]
    assert len(set(shapes)) == len(shapes), sorted(s for s in shapes if shapes.count(s) > 1)
    assert set(shapes) <= set(SHAPE_NAMES)
    words = [SHAPE_NAMES[s] for s in shapes]
    assert len(set(words)) == len(words)


def test_the_block_preloads_its_data_and_loads_the_scripts_in_order():
    block = graph_block("../", "Diagram <of> the network", src="assets/kb/network-view.json")
    assert ('<link rel="preload" href="../assets/kb/network-view.json" as="fetch" '
            'crossorigin="anonymous">') in block
    scripts = re.findall(r'<script src="\.\./assets/kb/([^"]+)" defer></script>', block)
    assert scripts == list(VIEW_SCRIPTS) and scripts[0] == "vendor/vis-network.min.js"
    assert 'data-label="Diagram &lt;of&gt; the network"' in block
    assert "role=" not in block.split("kb-graph__canvas")[1].split(">")[0]  # set by the script
    ego = graph_block("../../", "Ties", data={"nodes": []}, mode="ego")
    assert "preload" not in ego and 'class="kb-graph__data"' in ego


def test_the_scripts_never_use_inner_html_or_another_host():
    for name in VIEW_FILES:
        if name.startswith("vendor/"):
            continue
        text = (ASSETS / name).read_text()
        for banned in (".innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                       "eval(", "new Function"):
            assert banned not in text, (name, banned)
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), name
