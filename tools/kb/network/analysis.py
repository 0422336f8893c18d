"""Measures of the network: centrality, communities, sector mixing, and the boundary-spanning
lens (:mod:`kb.network.boundary`, importable from here too).

The heavy lifting (betweenness, Louvain, Burt's constraint) runs in igraph's compiled code with
a fixed random seed, so the same corpus always gives the same numbers.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import igraph as ig
import networkx as nx

from ..kinds import COLLECTIONS
from .aside import Here, Pairs, Runner, seeded
from .boundary import (
    CROSSING_ROLES,
    ROLES,
    Boundary,
    actor_lens,
    blau_index,
    boundary_lens,
    boundary_ranking,
    brokerage,
    participation,
    tie_weights,
)
from .graph import actor_ties, participants, project, split_node

__all__ = ["CROSSING_ROLES", "EXPLANATIONS", "ROLES", "Analysis", "Boundary", "analyse",
           "betweenness_centrality", "blau_index", "boundary_lens", "boundary_ranking",
           "brokerage", "communities", "core_graph", "core_igraph", "node_facets",
           "participation", "sector_mix", "seeded", "tie_pairs", "to_igraph"]

SEED = 7
#: Above this many nodes betweenness is estimated from a seeded sample of source nodes.
EXACT_BETWEENNESS_LIMIT = 3000
BETWEENNESS_SAMPLE = 600
@dataclass
class Analysis:
    """Every measure the site shows and the exports carry, keyed by node id."""

    degree: dict[str, int]
    betweenness: dict[str, float]
    betweenness_method: str
    community: dict[str, int]
    boundary: dict[str, Boundary]
    #: record -> (Blau index, or None when no organisation taking part has a known sector;
    #: the organisations taking part, counted by sector).
    blau: dict[str, tuple[float | None, Counter[str]]]
    mixing: dict[str, dict[str, int]]
    #: sector -> (ties outside, ties within, E-I index, or None for a sector without ties).
    ei: dict[str, tuple[int, int, float | None]]
    projections: dict[str, nx.Graph] = field(default_factory=dict)
    #: record node -> (people, organisations) taking part in it.
    participants: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)


def to_igraph(graph: nx.Graph, weight: str | None = None) -> tuple[ig.Graph, list[str]]:
    """An undirected igraph copy of ``graph`` (nodes in sorted order) and that order."""
    nodes, pairs = _simple_pairs(graph)
    copy = ig.Graph(n=len(nodes), edges=pairs, directed=False)
    if weight:
        adjacency = graph.adj
        copy.es["weight"] = [adjacency[nodes[u]][nodes[v]].get(weight, 1) for u, v in pairs]
    return copy, nodes


def _simple_pairs(graph: nx.Graph) -> tuple[list[str], Pairs]:
    """``graph``'s nodes in sorted order and its tied pairs of indices, loops left out."""
    nodes = sorted(graph)
    return nodes, [pair for pair in tie_pairs(graph, nodes) if pair[0] != pair[1]]


def tie_pairs(graph: nx.Graph, nodes: list[str]) -> list[tuple[int, int]]:
    """The pairs of tied nodes as sorted pairs of indices into ``nodes`` (which is sorted),
    in sorted order, once each whatever the direction or number of ties; loops included.

    Read from the adjacency, so a pair tied several times is looked at once per direction.
    """
    index = {n: i for i, n in enumerate(nodes)}
    if not graph.is_directed():  # each tie is seen from both ends: keep it from the lower
        found: list[tuple[int, int]] = []
        for u in nodes:
            a = index[u]
            found.extend((a, b) for b in sorted(index[v] for v in graph.adj[u]) if b >= a)
        return found
    pairs: set[tuple[int, int]] = set()
    for u, neighbours in graph.adjacency():
        a = index[u]
        for v in neighbours:
            b = index[v]
            pairs.add((a, b) if a <= b else (b, a))
    return sorted(pairs)


#: Node types that centrality and communities leave out (see :func:`core_graph`).
NOT_CORE = frozenset({"sectors", "sources"})


def core_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph that centrality and communities read.

    Sector and source nodes are left out: a sector is a classification and a source is the
    evidence of ties, not a tie itself, and as hubs they would make everything they touch
    look central.
    """
    simple = nx.Graph()
    simple.add_nodes_from(n for n, t in graph.nodes(data="type") if t not in NOT_CORE)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u in simple and v in simple)
    return simple


def core_igraph(graph: nx.MultiDiGraph) -> tuple[ig.Graph, list[str]]:
    """``to_igraph(core_graph(graph))``, without the networkx copy in between (at 10,000
    records that copy was the largest short-lived object of the analysis)."""
    nodes, pairs = core_pairs(graph)
    return ig.Graph(n=len(nodes), edges=pairs, directed=False), nodes


def core_pairs(graph: nx.MultiDiGraph) -> tuple[list[str], Pairs]:
    """The nodes of :func:`core_graph` in sorted order and its tied pairs of indices."""
    nodes = sorted(n for n, t in graph.nodes(data="type") if t not in NOT_CORE)
    index = {n: i for i, n in enumerate(nodes)}
    pairs = set()
    for u, targets in graph.adjacency():  # each pair once, however many ties it has
        a = index.get(u)
        if a is None:
            continue
        for v in targets:
            b = index.get(v)
            if b is not None and a != b:
                pairs.add((a, b) if a < b else (b, a))
    return nodes, sorted(pairs)


#: Betweenness (with the sentence saying how it was computed) and communities of the core.
CoreMeasures = tuple[dict[str, float], str, dict[str, int]]


def start_core_measures(graph: nx.MultiDiGraph, runner: Runner) -> Callable[[], CoreMeasures]:
    """Submit the core's betweenness and communities to ``runner`` (:mod:`kb.network.aside`);
    returns the function that gives them, for :func:`analyse`."""
    nodes, pairs = core_pairs(graph)  # read once for both measures
    betweenness = _betweenness(runner, nodes, pairs, BETWEENNESS_SAMPLE, EXACT_BETWEENNESS_LIMIT)
    membership = runner.submit("communities", len(nodes), pairs, SEED)
    return lambda: (*betweenness(), _numbered(nodes, membership()))


def analyse(graph: nx.MultiDiGraph, core: Callable[[], CoreMeasures] | None = None,
            ) -> Analysis:
    """Compute every measure of :class:`Analysis` for the typed graph from ``build_graph``.

    ``core`` gives the measures igraph computes for the core (from
    :func:`start_core_measures`, perhaps in a second process while this one works); by
    default they are computed here. The actor network (people and organisations,
    :func:`kb.network.graph.actor_network`) is read by the boundary lens and the sector
    mixing, then let go: it is the densest network of the analysis and nothing after needs it.
    """
    measured = core or start_core_measures(graph, Here())
    taking_part = participants(graph)
    projections = {kind: project(graph, kind, taking_part)
                   for kind in ("people", "organisations", "themes")}
    sector_of, shared = actor_ties(graph, taking_part)
    blau, mixing, ei = _sector_mix(graph, sector_of, shared, taking_part)
    boundary = actor_lens(sector_of, tie_weights(shared))
    del shared
    degree = _degrees(graph)
    betweenness, method, community = measured()
    return Analysis(
        degree=degree, betweenness=betweenness, betweenness_method=method,
        community=community, boundary=boundary,
        blau=blau, mixing=mixing, ei=ei, projections=projections, participants=taking_part,
    )


def _degrees(graph: nx.MultiDiGraph) -> dict[str, int]:
    """How many different nodes each node is tied to, in either direction."""
    succ, pred = graph.succ, graph.pred
    return {n: len(succ[n].keys() | pred[n].keys()) for n in sorted(graph)}


def betweenness_centrality(graph: nx.Graph, sample: int = BETWEENNESS_SAMPLE,
                           limit: int = EXACT_BETWEENNESS_LIMIT) -> tuple[dict[str, float], str]:
    """Normalised betweenness, exact up to ``limit`` nodes, else from ``sample`` sources.

    Returns the scores and a sentence saying how they were computed (and, when sampled, the
    error bound: each score is a mean of ``sample`` independent terms in [0, 2], so by
    Hoeffding's inequality it is within the stated margin with 95% probability).
    """
    return _betweenness(Here(), *_simple_pairs(graph), sample, limit)()


EXACT = "exact (Brandes' algorithm)"


def _betweenness(runner: Runner, nodes: list[str], pairs: Pairs, sample: int,
                 limit: int) -> Callable[[], tuple[dict[str, float], str]]:
    n = len(nodes)
    if n < 3:
        return lambda: (dict.fromkeys(nodes, 0.0), EXACT)
    scale = 2 / ((n - 1) * (n - 2))
    if n <= limit:
        raw = runner.submit("betweenness", n, pairs, None)
        # igraph counts each unordered pair once for undirected graphs, as the scale expects.
        return lambda: ({node: round(b * scale, 6)
                         for node, b in zip(nodes, raw(), strict=True)}, EXACT)
    sources = sorted(random.Random(SEED).sample(range(n), sample))
    sampled = runner.submit("betweenness", n, pairs, sources)
    margin = 2 * math.sqrt(math.log(2 / 0.05) / (2 * sample))
    method = (f"estimated from {sample} of {n} source nodes chosen with seed {SEED}; each "
              f"score is within \u00b1{margin:.2f} of the exact value with 95% probability")
    return lambda: ({node: round(b * n / sample * scale, 6)
                     for node, b in zip(nodes, sampled(), strict=True)}, method)


def communities(graph: nx.Graph, seed: int = SEED) -> dict[str, int]:
    """Louvain communities (igraph's multilevel method, fixed seed), numbered largest first."""
    nodes, pairs = _simple_pairs(graph)
    return _numbered(nodes, Here().submit("communities", len(nodes), pairs, seed)())


def _numbered(nodes: list[str], membership: list[int]) -> dict[str, int]:
    """Each node's community, numbered from 1 by size, largest first."""
    groups: dict[int, list[str]] = {}
    for node, group in zip(nodes, membership, strict=True):
        groups.setdefault(group, []).append(node)
    ordered = sorted(groups.values(), key=lambda members: (-len(members), members[0]))
    return {node: i + 1 for i, members in enumerate(ordered) for node in members}


def sector_mix(graph: nx.MultiDiGraph, actors: nx.Graph,
               taking_part: dict[str, tuple[set[str], set[str]]]) -> tuple[
        dict[str, tuple[float | None, Counter[str]]], dict[str, dict[str, int]],
        dict[str, tuple[int, int, float | None]]]:
    """Per-record sector diversity, the sector mixing matrix and the E-I index per sector."""
    return _sector_mix(graph, dict(actors.nodes(data="sector")), actors.edges(), taking_part)


def _sector_mix(graph: nx.MultiDiGraph, sector_of: dict[str, str | None],
                ties: Iterable[tuple[str, str]],
                taking_part: dict[str, tuple[set[str], set[str]]]) -> tuple[
        dict[str, tuple[float | None, Counter[str]]], dict[str, dict[str, int]],
        dict[str, tuple[int, int, float | None]]]:
    """:func:`sector_mix` from each actor's sector and the pairs of actors tied."""
    blau = {}
    org_sector = {o: s for o, s in graph.nodes(data="sector") if s}
    for record, (_, orgs) in sorted(taking_part.items()):
        counts = Counter(org_sector[o] for o in orgs if o in org_sector)
        blau[record] = (blau_index(counts), counts)
    sectors = sorted({s for s in sector_of.values() if s})
    mixing = {s: dict.fromkeys(sectors, 0) for s in sectors}
    for u, v in ties:
        su, sv = sector_of[u], sector_of[v]
        if su and sv:
            mixing[su][sv] += 1
            if su != sv:
                mixing[sv][su] += 1
    ei = {}
    for s in sectors:
        internal = mixing[s][s]
        external = sum(mixing[s][t] for t in sectors if t != s)
        total = internal + external
        ei[s] = (external, internal, round((external - internal) / total, 4) if total else None)
    return blau, mixing, ei


#: Each measure in a sentence a practitioner understands (shown on the analysis page).
EXPLANATIONS = {
    "Ties (degree)": "How many different people, organisations, events, themes and other "
                     "entries a node is directly connected to.",
    "Betweenness": "How often a node lies on the shortest route between two others: high "
                   "values mark the people, events or themes that link otherwise separate "
                   "parts of the network (0 = never, 1 = on every route).",
    "Community": "A group of nodes more connected to each other than to the rest, found by "
                 "the Louvain method from a fixed starting point, so the groups are the same "
                 "on every build.",
    "Sectors reached": "The sectors of everyone a person or organisation is tied to, with "
                       "their own: the worlds they connect.",
    "Participation across sectors": "How evenly a person's or organisation's ties are spread "
                                    "over sectors: 0 means all in one sector, values near 1 "
                                    "mean spread over many.",
    "Ties across sectors": "For a person or organisation, how many activities it shared with "
                           "people and organisations of other sectors (and, beside it, of "
                           "its own), each partner counted once per shared activity.",
    "Constraint": "Burt's constraint: high (up to 1) when a node's contacts all know each "
                  "other, low when they do not, which leaves it free to broker between them.",
    "Effective size": "Burt's effective size: how many of a node's contacts bring something "
                      "new, not counting contacts who are tied to each other.",
    "Brokerage roles": "Gould and Fernandez's roles count the times a node links two others "
                       "who are not tied to each other, by sector: coordinator (all three in "
                       "one sector), itinerant (the two linked share a sector, the broker is "
                       "from another), gatekeeper (the broker lets an outsider into its own "
                       "sector), representative (the broker takes its own sector's contact "
                       "out to another) and liaison (all three in different sectors). Ties "
                       "here have no direction, so gatekeeper and representative counts are "
                       "equal.",
    "Sector diversity": "For a seminar or case study, Blau's index of the sectors of the "
                        "organisations taking part: 0 means all from one sector; the higher, "
                        "the more evenly mixed.",
    "Mixing matrix": "How many ties join each pair of sectors: the diagonal counts ties "
                     "within a sector.",
    "E-I index": "For each sector, (ties to other sectors - ties within) / all its ties: -1 "
                 "means a sector that only talks to itself, +1 one whose ties all go outside.",
}


def node_facets(graph: nx.MultiDiGraph, analysis: Analysis) -> dict[str, tuple[set[str], set[str]]]:
    """For each node, the sectors and themes it belongs with, for the view's filters.

    A record's sectors are those of the organisations taking part and its themes those it
    discusses; a person or organisation takes both from the records they take part in (and
    their own sector); a theme, barrier, place or project from the records tied to it.
    """
    facets: dict[str, tuple[set[str], set[str]]] = {n: (set(), set()) for n in graph}
    for record, (people, orgs) in analysis.participants.items():
        sectors = set(analysis.blau.get(record, (0, {}))[1])
        themes = {v for v, keyed in graph.succ[record].items() if "discusses" in keyed}
        for node in (record, *people, *orgs):
            facets[node][0].update(sectors)
            facets[node][1].update(themes)
    types = dict(graph.nodes(data="type"))
    for node, kind in types.items():
        own = analysis.boundary[node].sector if node in analysis.boundary else None
        if own:
            facets[node][0].add(own)
        if kind == "sectors":
            facets[node][0].add(split_node(node)[1])
        elif kind == "themes":
            facets[node][1].add(node)
        if kind not in (*COLLECTIONS, "people", "organisations"):
            for other in itertools.chain(graph.pred[node], graph.succ[node]):
                if types[other] in COLLECTIONS:
                    facets[node][0].update(facets[other][0])
                    facets[node][1].update(facets[other][1])
    return facets
