"""Measures of the network: centrality, communities and the boundary-spanning lens.

The heavy lifting (betweenness, Louvain, Burt's constraint) runs in igraph's compiled code with
a fixed random seed, so the same corpus always gives the same numbers. Gould and Fernandez's
brokerage roles have no library implementation; :func:`brokerage` counts them directly.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import igraph as ig
import networkx as nx

from ..kinds import COLLECTIONS
from .graph import actor_network, participants, project, split_node

SEED = 7
#: Above this many nodes betweenness is estimated from a seeded sample of source nodes.
EXACT_BETWEENNESS_LIMIT = 3000
BETWEENNESS_SAMPLE = 600
ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")


@dataclass
class Boundary:
    """How one person or organisation sits across sectors (see the analysis page)."""

    sector: str | None
    sectors: tuple[str, ...]
    constraint: float | None
    effective_size: float
    participation: float
    brokerage: dict[str, int]


@dataclass
class Analysis:
    """Every measure the site shows and the exports carry, keyed by node id."""

    degree: dict[str, int]
    betweenness: dict[str, float]
    betweenness_method: str
    community: dict[str, int]
    boundary: dict[str, Boundary]
    blau: dict[str, tuple[float, Counter[str]]]
    mixing: dict[str, dict[str, int]]
    ei: dict[str, tuple[int, int, float]]
    projections: dict[str, nx.Graph] = field(default_factory=dict)
    #: record node -> (people, organisations) taking part in it.
    participants: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)


@contextmanager
def seeded(seed: int = SEED) -> Iterator[None]:
    """Run igraph's randomised algorithms from a fixed seed, then restore its generator."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def to_igraph(graph: nx.Graph, weight: str | None = None) -> tuple[ig.Graph, list[str]]:
    """An undirected igraph copy of ``graph`` (nodes in sorted order) and that order."""
    nodes = sorted(graph)
    index = {n: i for i, n in enumerate(nodes)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v]))
                    for u, v in graph.edges() if u != v})
    copy = ig.Graph(n=len(nodes), edges=pairs, directed=False)
    if weight:
        copy.es["weight"] = [graph[nodes[u]][nodes[v]].get(weight, 1) for u, v in pairs]
    return copy, nodes


#: Node types that centrality and communities leave out (see :func:`core_graph`).
_NOT_CORE = frozenset({"sectors", "sources"})


def core_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph that centrality and communities read.

    Sector and source nodes are left out: a sector is a classification and a source is the
    evidence of ties, not a tie itself, and as hubs they would make everything they touch
    look central.
    """
    simple = nx.Graph()
    simple.add_nodes_from(n for n, t in graph.nodes(data="type") if t not in _NOT_CORE)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u in simple and v in simple)
    return simple


def analyse(graph: nx.MultiDiGraph) -> Analysis:
    """Compute every measure of :class:`Analysis` for the typed graph from ``build_graph``."""
    core = to_igraph(core_graph(graph))  # converted once for both measures below
    betweenness, method = _betweenness(*core, BETWEENNESS_SAMPLE, EXACT_BETWEENNESS_LIMIT)
    taking_part = participants(graph)
    projections = {kind: project(graph, kind, taking_part)
                   for kind in ("people", "organisations", "themes")}
    actors = actor_network(graph, projections)
    blau, mixing, ei = sector_mix(graph, actors, taking_part)
    return Analysis(
        degree={n: len(set(nx.all_neighbors(graph, n))) for n in sorted(graph)},
        betweenness=betweenness, betweenness_method=method,
        community=_communities(*core, SEED), boundary=boundary_lens(actors),
        blau=blau, mixing=mixing, ei=ei,
        projections=projections | {"actors": actors}, participants=taking_part,
    )


def betweenness_centrality(graph: nx.Graph, sample: int = BETWEENNESS_SAMPLE,
                           limit: int = EXACT_BETWEENNESS_LIMIT) -> tuple[dict[str, float], str]:
    """Normalised betweenness, exact up to ``limit`` nodes, else from ``sample`` sources.

    Returns the scores and a sentence saying how they were computed (and, when sampled, the
    error bound: each score is a mean of ``sample`` independent terms in [0, 2], so by
    Hoeffding's inequality it is within the stated margin with 95% probability).
    """
    return _betweenness(*to_igraph(graph), sample, limit)


def _betweenness(copy: ig.Graph, nodes: list[str], sample: int,
                 limit: int) -> tuple[dict[str, float], str]:
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0), "exact (Brandes' algorithm)"
    scale = 2 / ((n - 1) * (n - 2))
    if n <= limit:
        raw, method = copy.betweenness(directed=False), "exact (Brandes' algorithm)"
    else:
        sources = sorted(random.Random(SEED).sample(range(n), sample))
        raw = [b * n / sample for b in copy.betweenness(directed=False, sources=sources)]
        margin = 2 * math.sqrt(math.log(2 / 0.05) / (2 * sample))
        method = (f"estimated from {sample} of {n} source nodes chosen with seed {SEED}; each "
                  f"score is within \u00b1{margin:.2f} of the exact value with 95% probability")
    # igraph counts each unordered pair once for undirected graphs, as the scale expects.
    return {node: round(b * scale, 6) for node, b in zip(nodes, raw, strict=True)}, method


def communities(graph: nx.Graph, seed: int = SEED) -> dict[str, int]:
    """Louvain communities (igraph's multilevel method, fixed seed), numbered largest first."""
    return _communities(*to_igraph(graph), seed)


def _communities(copy: ig.Graph, nodes: list[str], seed: int) -> dict[str, int]:
    with seeded(seed):
        membership = copy.community_multilevel().membership if copy.ecount() else \
            list(range(len(nodes)))
    groups: dict[int, list[str]] = {}
    for node, group in zip(nodes, membership, strict=True):
        groups.setdefault(group, []).append(node)
    ordered = sorted(groups.values(), key=lambda members: (-len(members), members[0]))
    return {node: i + 1 for i, members in enumerate(ordered) for node in members}


def boundary_lens(actors: nx.Graph) -> dict[str, Boundary]:
    """Sectors reached, constraint, effective size, participation and brokerage per actor."""
    copy, nodes = to_igraph(actors, weight="weight")
    weights = copy.es["weight"] if copy.ecount() else None
    constraint = copy.constraint(weights=weights)
    clustering = copy.transitivity_local_undirected(mode="zero")
    roles = brokerage(actors)
    lens = {}
    for i, node in enumerate(nodes):
        degree = actors.degree(node)
        own = actors.nodes[node].get("sector")
        reached = {actors.nodes[m].get("sector") for m in actors[node]} | {own}
        lens[node] = Boundary(
            sector=own, sectors=tuple(sorted(s for s in reached if s)),
            constraint=None if not degree or math.isnan(constraint[i])
            else round(constraint[i], 4),
            # Borgatti's effective size for unweighted ties: degree - 2 * ties among alters / degree
            effective_size=round(degree - clustering[i] * (degree - 1), 4),
            participation=participation(actors, node), brokerage=roles[node])
    return lens


def participation(actors: nx.Graph, node: str) -> float:
    """Participation coefficient across sectors: 1 - sum over sectors of (share of ties)^2."""
    by_sector: Counter[str] = Counter()
    for other, attrs in actors[node].items():
        sector = actors.nodes[other].get("sector")
        if sector:
            by_sector[sector] += attrs.get("weight", 1)
    return blau_index(by_sector)  # the same formula, over tie weights


def brokerage(graph: nx.Graph, group: str = "sector") -> dict[str, dict[str, int]]:
    """Gould and Fernandez's brokerage roles, counted on the ties of an undirected graph.

    For each broker b and each ordered pair (a, c) of b's neighbours that are not tied to each
    other, the path a -> b -> c is classed by the groups of a, b and c. Undirected ties give
    both orders of each pair, so gatekeeper and representative counts are equal.
    Nodes without a group neither broker nor are brokered.
    """
    groups = {n: g for n, g in graph.nodes(data=group) if g}
    roles = {n: dict.fromkeys(ROLES, 0) for n in graph}
    for b, gb in groups.items():
        alters = {n for n in graph[b] if n in groups and n != b}
        in_group = Counter(groups[n] for n in alters)
        for a in alters:
            closed = (set(graph[a]) & alters) | {a}
            counts = in_group - Counter(groups[n] for n in closed)
            _classify(roles[b], groups[a], gb, counts)
    return roles


def _classify(tally: dict[str, int], ga: str, gb: str, counts: Counter[str]) -> None:
    """Add the paths a -> b -> c (c counted by group in ``counts``) to ``tally``."""
    same_b, total = counts.get(gb, 0), sum(counts.values())
    if ga == gb:
        tally["coordinator"] += same_b
        tally["representative"] += total - same_b
    else:
        same_a = counts.get(ga, 0)
        tally["itinerant"] += same_a
        tally["gatekeeper"] += same_b
        tally["liaison"] += total - same_a - same_b


def blau_index(counts: Counter[str]) -> float:
    """Blau's index of diversity: 1 - sum of squared shares (0 = one group only)."""
    total = sum(counts.values())
    return round(1 - sum((c / total) ** 2 for c in counts.values()), 4) if total else 0.0


def sector_mix(graph: nx.MultiDiGraph, actors: nx.Graph,
               taking_part: dict[str, tuple[set[str], set[str]]]) -> tuple[
        dict[str, tuple[float, Counter[str]]], dict[str, dict[str, int]],
        dict[str, tuple[int, int, float]]]:
    """Per-record sector diversity, the sector mixing matrix and the E-I index per sector."""
    blau = {}
    for record, (_, orgs) in sorted(taking_part.items()):
        counts = Counter(graph.nodes[o]["sector"] for o in orgs if graph.nodes[o].get("sector"))
        blau[record] = (blau_index(counts), counts)
    sectors = sorted({s for _, s in actors.nodes(data="sector") if s})
    mixing = {s: dict.fromkeys(sectors, 0) for s in sectors}
    for u, v in actors.edges():
        su, sv = actors.nodes[u].get("sector"), actors.nodes[v].get("sector")
        if su and sv:
            mixing[su][sv] += 1
            if su != sv:
                mixing[sv][su] += 1
    ei = {}
    for s in sectors:
        internal = mixing[s][s]
        external = sum(mixing[s][t] for t in sectors if t != s)
        total = internal + external
        ei[s] = (external, internal, round((external - internal) / total, 4) if total else 0.0)
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
        themes = {v for _, v, k in graph.out_edges(record, keys=True) if k == "discusses"}
        for node in (record, *people, *orgs):
            facets[node][0].update(sectors)
            facets[node][1].update(themes)
    for node, data in graph.nodes(data=True):
        kind = data["type"]
        own = analysis.boundary[node].sector if node in analysis.boundary else None
        if own:
            facets[node][0].add(own)
        if kind == "sectors":
            facets[node][0].add(split_node(node)[1])
        elif kind == "themes":
            facets[node][1].add(node)
        if kind not in (*COLLECTIONS, "people", "organisations"):
            for other in nx.all_neighbors(graph, node):
                if graph.nodes[other]["type"] in COLLECTIONS:
                    facets[node][0].update(facets[other][0])
                    facets[node][1].update(facets[other][1])
    return facets
