"""Measures checked against their definitions and against networkx."""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter

import networkx as nx
import pytest
from test_graph import REGISTRIES, SEMINARS, make_corpus

from kb import load_corpus
from kb.network.analysis import (
    EXPLANATIONS,
    ROLES,
    Boundary,
    analyse,
    betweenness_centrality,
    blau_index,
    boundary_lens,
    boundary_ranking,
    brokerage,
    communities,
    core_graph,
    core_igraph,
    sector_mix,
    to_igraph,
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
    assert blau_index(Counter()) is None  # nothing to count: unknown, not zero


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
    assert set(analysis.projections) == {"people", "organisations", "themes"}  # not actors:
    # the densest network, read by the boundary lens and let go (issue 15's memory target)
    core, nodes = core_igraph(graph)
    expected, expected_nodes = to_igraph(core_graph(graph))
    assert nodes == expected_nodes and core.get_edgelist() == expected.get_edgelist()
    assert not any(math.isnan(v.effective_size) for v in analysis.boundary.values())


def test_every_measure_is_explained_in_one_plain_sentence():
    for name, text in EXPLANATIONS.items():
        assert text.endswith(".") and len(text) < 700, name
    assert {"Betweenness", "Constraint", "Effective size", "Brokerage roles", "E-I index",
            "Sector diversity", "Participation across sectors"} <= set(EXPLANATIONS)


def test_unknown_values_are_none_not_zero(tmp_path):
    """A record with no organisation of known sector has no diversity; a sector without ties
    has no E-I index; an actor whose contacts have no known sector has no participation."""
    registries = {**REGISTRIES, "sectors": REGISTRIES["sectors"] + [
        {"id": "media", "name": "Media", "description": "A sector."}],
        "organisations": REGISTRIES["organisations"] + [
            {"id": "paper", "name": "Paper", "sector": "media"},
            {"id": "club", "name": "Club"}],
        "people": REGISTRIES["people"] + [{"id": "dan-dee", "name": "Dan Dee",
                                             "consent": "named"}]}
    seminars = {**SEMINARS, "quiet": {"title": "Quiet", "date": "2016",
                                      "speakers": ["Dan Dee"], "hosts": ["Club"]}}
    graph = build_graph(load_corpus(make_corpus(tmp_path, registries, seminars)))
    analysis = analyse(graph)
    assert analysis.blau["seminars:quiet"] == (None, Counter())
    assert analysis.blau["seminars:undated"][0] == 0.0  # one organisation: one sector, known
    assert analysis.ei["media"] == (0, 0, None)  # Paper takes part in nothing
    assert analysis.boundary["people:dan-dee"].participation is None
    assert analysis.boundary["people:dan-dee"].across is None  # own sector not known
    assert analysis.boundary["organisations:paper"].participation is None


def test_actor_network_ties_people_and_organisations_by_shared_activities(tmp_path):
    graph = build_graph(load_corpus(make_corpus(tmp_path)))
    actors = actor_network(graph)
    # Ann Able spoke at "second" with Cat Cole, organised "first" for Uni School, which Uni
    # hosted, and is a partner with Uni in the series project; she is affiliated with Uni.
    ann_uni = actors["people:ann-able"]["organisations:uni"]
    assert ann_uni["activities"] == ["projects:series", "seminars:first", "seminars:second",
                                     "affiliation"]
    assert ann_uni["weight"] == 4
    assert actors["people:ann-able"]["people:cat-cole"]["activities"] == ["seminars:second"]
    # a person and an organisation from different sectors at one event are tied
    assert actors.has_edge("people:bob-baker", "organisations:uni")
    assert actors.graph["weighting"].startswith("number of activities both took part in")


def test_boundary_ranking_shares_a_rank_only_between_equals():
    def lens(across: int | None, sectors: int, liaison: int, constraint: float | None):
        roles = dict.fromkeys(ROLES, 0) | {"liaison": liaison}
        return Boundary("a", tuple("abcdef"[:sectors]), constraint, 1.0, 0.5, roles,
                        across, 0 if across is not None else None)
    ranking = boundary_ranking({
        "top": lens(5, 2, 0, 0.5), "twin-1": lens(3, 3, 1, 0.2), "twin-2": lens(3, 3, 1, 0.2),
        "looser": lens(3, 3, 1, 0.3), "fewer-sectors": lens(3, 2, 9, 0.1),
        "none-across": lens(0, 1, 0, 0.9), "unknown-sector": lens(None, 3, 0, 0.1)})
    assert ranking == [(1, False, "top"), (2, True, "twin-1"), (2, True, "twin-2"),
                       (4, False, "looser"), (5, False, "fewer-sectors")]


def test_boundary_ranking_tells_the_shipped_corpus_apart():
    """Issue 15: 15 of the 16 first "boundary spanners" had identical values. Ties that
    remain are between people the records cannot tell apart (same activities, same sectors).
    (The corrected corpus of issue 13 gives fewer distinctions than before: 4 ranks in the
    first 16, where the old one gave 11; the ranking never ties nodes the measures separate.)"""
    from pathlib import Path

    graph = build_graph(load_corpus(Path(__file__).resolve().parent.parent))
    lens = analyse(graph).boundary
    ranking = boundary_ranking(lens)[:16]
    assert len({rank for rank, _, _ in ranking}) >= 4
    for rank, shared, _ in ranking:
        assert shared == (sum(1 for r, _, _ in boundary_ranking(lens) if r == rank) > 1)
