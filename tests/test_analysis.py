"""Measures checked against their definitions and against networkx."""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter

import networkx as nx
import pytest
from test_graph import make_corpus

from kb import load_corpus
from kb.network.analysis import (
    EXPLANATIONS,
    ROLES,
    analyse,
    betweenness_centrality,
    blau_index,
    boundary_lens,
    brokerage,
    communities,
    sector_mix,
)
from kb.network.graph import actor_network, build_graph, participants


def brute_force_brokerage(graph: nx.Graph) -> dict[str, Counter]:
    """Gould-Fernandez roles straight from the definition, over every ordered triple."""
    group = dict(graph.nodes(data="sector"))
    roles = {n: Counter() for n in graph}
    for b in graph:
        for a, c in itertools.permutations(graph[b], 2):
            if graph.has_edge(a, c) or not (group[a] and group[b] and group[c]):
                continue
            ga, gb, gc = group[a], group[b], group[c]
            role = ("coordinator" if ga == gb == gc else "itinerant" if ga == gc
                    else "representative" if ga == gb else "gatekeeper" if gb == gc
                    else "liaison")
            roles[b][role] += 1
    return roles


def random_groups_graph(seed: int) -> nx.Graph:
    rng = random.Random(seed)
    graph = nx.gnp_random_graph(25, 0.15, seed=seed)
    graph = nx.relabel_nodes(graph, {i: f"n{i}" for i in graph})
    for node in graph:
        graph.nodes[node]["sector"] = rng.choice(["a", "b", "c", None])
        for _, _, d in graph.edges(node, data=True):
            d["weight"] = rng.randint(1, 4)
    return graph


@pytest.mark.parametrize("seed", range(8))
def test_brokerage_matches_the_definition(seed):
    graph = random_groups_graph(seed)
    expected = brute_force_brokerage(graph)
    found = brokerage(graph)
    for node in graph:
        assert {r: found[node][r] for r in ROLES} == {r: expected[node][r] for r in ROLES}


def test_brokerage_roles_on_a_path():
    graph = nx.Graph([("a", "b"), ("b", "c")])
    for node, sector in {"a": "x", "b": "y", "c": "x"}.items():
        graph.nodes[node]["sector"] = sector
    assert brokerage(graph)["b"]["itinerant"] == 2
    graph.nodes["c"]["sector"] = "z"
    assert brokerage(graph)["b"]["liaison"] == 2
    graph.nodes["c"]["sector"] = "y"
    roles = brokerage(graph)["b"]
    assert roles["gatekeeper"] == roles["representative"] == 1


@pytest.mark.parametrize("seed", range(3))
def test_constraint_and_effective_size_match_networkx(seed):
    graph = random_groups_graph(seed)
    lens = boundary_lens(graph)
    constraint = nx.constraint(graph, weight="weight")
    unweighted = nx.effective_size(graph)
    for node in graph:
        if graph.degree(node):
            assert lens[node].constraint == pytest.approx(constraint[node], abs=1e-4)
            assert lens[node].effective_size == pytest.approx(unweighted[node], abs=1e-4)
        else:
            assert lens[node].constraint is None


def test_participation_coefficient_and_sectors_reached():
    graph = nx.Graph()
    graph.add_edge("hub", "a1", weight=1)
    graph.add_edge("hub", "b1", weight=1)
    graph.add_edge("solo", "a2", weight=3)
    for node, sector in {"hub": "a", "a1": "a", "b1": "b", "solo": "a", "a2": "a"}.items():
        graph.nodes[node]["sector"] = sector
    lens = boundary_lens(graph)
    assert lens["hub"].participation == 0.5 and lens["hub"].sectors == ("a", "b")
    assert lens["solo"].participation == 0.0 and lens["solo"].sectors == ("a",)


def test_blau_index():
    assert blau_index(Counter({"a": 4})) == 0.0
    assert blau_index(Counter({"a": 1, "b": 1})) == 0.5
    assert blau_index(Counter()) == 0.0


def test_betweenness_is_exact_on_small_graphs():
    graph = nx.karate_club_graph()
    graph = nx.relabel_nodes(graph, {i: f"k{i:02d}" for i in graph})
    ours, method = betweenness_centrality(graph)
    expected = nx.betweenness_centrality(graph)
    assert method.startswith("exact")
    for node in graph:
        assert ours[node] == pytest.approx(expected[node], abs=1e-6)


def test_sampled_betweenness_states_its_error_and_keeps_within_it():
    graph = nx.relabel_nodes(nx.barabasi_albert_graph(400, 2, seed=3), str)
    ours, method = betweenness_centrality(graph, sample=200, limit=100)
    margin = float(method.split("\u00b1")[1].split()[0])
    assert "200 of 400" in method and "95%" in method
    expected = nx.betweenness_centrality(graph)
    assert max(abs(ours[n] - expected[n]) for n in graph) <= margin
    assert betweenness_centrality(graph, sample=200, limit=100) == (ours, method)


def test_communities_are_the_same_every_time():
    graph = nx.relabel_nodes(nx.les_miserables_graph(), str)
    first = communities(graph)
    assert communities(graph) == first
    sizes = Counter(first.values())
    assert sizes[1] == max(sizes.values()) and len(sizes) > 2


def test_sector_mix_and_ei_index(tmp_path):
    graph = build_graph(load_corpus(make_corpus(tmp_path)))
    actors = actor_network(graph)
    blau, mixing, ei = sector_mix(graph, actors, participants(graph))
    index, counts = blau["seminars:first"]
    assert counts == Counter({"academia": 2, "health": 1, "police": 1})
    assert index == pytest.approx(1 - (0.5**2 + 0.25**2 + 0.25**2))
    total = sum(mixing[s][t] for s in mixing for t in mixing if s <= t)
    assert total == sum(1 for u, v in actors.edges()
                        if actors.nodes[u].get("sector") and actors.nodes[v].get("sector"))
    for sector, (external, internal, value) in ei.items():
        if external + internal:
            assert value == pytest.approx((external - internal) / (external + internal), abs=1e-4)
        assert -1 <= value <= 1, sector


def test_analyse_covers_every_node(tmp_path):
    graph = build_graph(load_corpus(make_corpus(tmp_path)))
    analysis = analyse(graph)
    assert set(analysis.degree) == set(graph)
    assert set(analysis.community) == {n for n, t in graph.nodes(data="type")
                                       if t not in ("sectors", "sources")}
    assert set(analysis.boundary) == {n for n, t in graph.nodes(data="type")
                                      if t in ("people", "organisations")}
    assert all(0 <= b <= 1 for b in analysis.betweenness.values())
    assert set(analysis.projections) == {"people", "organisations", "themes", "actors"}
    assert not any(math.isnan(v.effective_size) for v in analysis.boundary.values())


def test_every_measure_is_explained_in_one_plain_sentence():
    for name, text in EXPLANATIONS.items():
        assert text.endswith(".") and len(text) < 700, name
    assert {"Betweenness", "Constraint", "Effective size", "Brokerage roles", "E-I index",
            "Sector diversity", "Participation across sectors"} <= set(EXPLANATIONS)
