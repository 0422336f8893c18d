"""Measures of the network: centrality, communities and the boundary-spanning lens.

The heavy lifting (betweenness, Louvain, Burt's constraint) runs in igraph's compiled code with
a fixed random seed, so the same corpus always gives the same numbers. Gould and Fernandez's
brokerage roles have no library implementation; :func:`brokerage` counts them directly.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

import igraph as ig
import networkx as nx

from ..kinds import COLLECTIONS
from .graph import actor_ties, participants, project, split_node

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
    #: None when none of its contacts has a known sector.
    participation: float | None
    brokerage: dict[str, int]
    #: Shared activities with people and organisations of another sector, and of its own
    #: (None when its own sector is not known).
    across: int | None = None
    within: int | None = None


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
    pairs = [pair for pair in tie_pairs(graph, nodes) if pair[0] != pair[1]]
    copy = ig.Graph(n=len(nodes), edges=pairs, directed=False)
    if weight:
        adjacency = graph.adj
        copy.es["weight"] = [adjacency[nodes[u]][nodes[v]].get(weight, 1) for u, v in pairs]
    return copy, nodes


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
    return ig.Graph(n=len(nodes), edges=sorted(pairs), directed=False), nodes


def analyse(graph: nx.MultiDiGraph) -> Analysis:
    """Compute every measure of :class:`Analysis` for the typed graph from ``build_graph``.

    The actor network (people and organisations, :func:`kb.network.graph.actor_network`)
    is read by the boundary lens and the sector mixing, then let go: it is the densest
    network of the analysis and nothing after needs it.
    """
    core = core_igraph(graph)  # converted once for both measures below
    betweenness, method = _betweenness(*core, BETWEENNESS_SAMPLE, EXACT_BETWEENNESS_LIMIT)
    taking_part = participants(graph)
    projections = {kind: project(graph, kind, taking_part)
                   for kind in ("people", "organisations", "themes")}
    sector_of, shared = actor_ties(graph, taking_part)
    blau, mixing, ei = _sector_mix(graph, sector_of, shared, taking_part)
    boundary = _lens(sector_of, _weights(shared))
    del shared
    return Analysis(
        degree=_degrees(graph),
        betweenness=betweenness, betweenness_method=method,
        community=_communities(*core, SEED), boundary=boundary,
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
    return _lens(dict(actors.nodes(data="sector")),
                 {n: {m: attrs.get("weight", 1) for m, attrs in neighbours.items()}
                  for n, neighbours in actors.adjacency()})


def _weights(shared: dict[tuple[str, str], list[str]]) -> dict[str, dict[str, int]]:
    """Each actor's ties as {other: weight}, others in sorted order (as in the networkx
    graph :func:`kb.network.graph.actor_network` makes from the same pairs)."""
    ties: dict[str, dict[str, int]] = {}
    for (u, v), activities in shared.items():
        ties.setdefault(u, {})[v] = ties.setdefault(v, {})[u] = len(activities)
    return ties


def _lens(sector_of: dict[str, str | None],
          ties: dict[str, dict[str, int]]) -> dict[str, Boundary]:
    """:func:`boundary_lens` from each actor's sector and its ties with their weights."""
    copy, nodes, tie_sectors = _weighted_igraph(sector_of, ties)
    weights = copy.es["weight"] if copy.ecount() else None
    constraint = copy.constraint(weights=weights)
    clustering = copy.transitivity_local_undirected(mode="zero")
    roles = _brokerage({n: s for n, s in sector_of.items() if s}, ties, sector_of)
    lens = {}
    no_ties: dict[str, int] = {}
    for i, node in enumerate(nodes):
        alters = ties.get(node, no_ties)
        degree = len(alters) + (node in alters)  # a loop counts twice, as in networkx
        own = sector_of[node]
        by_sector = tie_sectors[i]
        lens[node] = Boundary(
            sector=own, sectors=tuple(sorted(set(by_sector) | ({own} if own else set()))),
            constraint=None if not degree or math.isnan(constraint[i])
            else round(constraint[i], 4),
            # Borgatti's effective size for unweighted ties: degree - 2 * ties among alters / degree
            effective_size=round(degree - clustering[i] * (degree - 1), 4),
            participation=blau_index(by_sector), brokerage=roles[node],
            across=sum(w for s, w in by_sector.items() if s != own) if own else None,
            within=by_sector.get(own, 0) if own else None)
    return lens


def _weighted_igraph(sector_of: dict[str, str | None], ties: dict[str, dict[str, int]],
                     ) -> tuple[ig.Graph, list[str], list[Counter[str]]]:
    """``to_igraph(actors, weight="weight")``, and for each node (in the same order) its
    :func:`_tie_weights_by_sector`, from one walk over the ties (the actor network has a few
    hundred thousand at 10,000 records)."""
    nodes = sorted(sector_of)
    index = {n: i for i, n in enumerate(nodes)}
    pairs: list[tuple[int, int]] = []
    weights: list[object] = []
    tie_sectors: list[Counter[str]] = []
    for a, node in enumerate(nodes):
        by_sector: Counter[str] = Counter()
        later = []
        for other, weight in ties.get(node, {}).items():  # in the order the sums always took
            sector = sector_of[other]
            if sector:
                by_sector[sector] += weight
            if index[other] > a:
                later.append((index[other], weight))
        later.sort()
        pairs.extend((a, b) for b, _ in later)
        weights.extend(weight for _, weight in later)
        tie_sectors.append(by_sector)
    copy = ig.Graph(n=len(nodes), edges=pairs, directed=False)
    copy.es["weight"] = weights
    return copy, nodes, tie_sectors


def _tie_weights_by_sector(actors: nx.Graph, node: str,
                           sector_of: dict[str, str | None]) -> Counter[str]:
    """The weights of a node's ties, added up by the sector at the other end (known only)."""
    by_sector: Counter[str] = Counter()
    for other, attrs in actors[node].items():
        sector = sector_of[other]
        if sector:
            by_sector[sector] += attrs.get("weight", 1)
    return by_sector


#: Gould-Fernandez roles in which the broker links someone of another sector.
CROSSING_ROLES = ("itinerant", "gatekeeper", "representative", "liaison")


def boundary_ranking(lens: dict[str, Boundary]) -> list[tuple[int, bool, str]]:
    """People and organisations with ties across sectors, best placed first.

    Ranked by shared activities with people and organisations of other sectors, then by
    sectors reached, then by brokerage across sectors (:data:`CROSSING_ROLES`), then by
    Burt's constraint (lower first: contacts who are less tied to each other). Returns
    ``(rank, shared, node)``: nodes equal on all four share a rank (``shared`` is True),
    since the records give no way to tell them apart. Nodes whose own sector is not known,
    or with no tie across sectors, are not ranked.
    """
    def key(node: str) -> tuple[float, ...]:
        b = lens[node]
        return (-(b.across or 0), -len(b.sectors),
                -sum(b.brokerage[r] for r in CROSSING_ROLES),
                1.0 if b.constraint is None else b.constraint)

    ranked = sorted((n for n, b in lens.items() if b.across), key=lambda n: (key(n), n))
    counts = Counter(key(n) for n in ranked)
    result: list[tuple[int, bool, str]] = []
    for i, node in enumerate(ranked):
        same = bool(result) and key(result[-1][2]) == key(node)
        result.append((result[-1][0] if same else i + 1, counts[key(node)] > 1, node))
    return result


def participation(actors: nx.Graph, node: str) -> float | None:
    """Participation coefficient across sectors: 1 - sum over sectors of (share of ties)^2
    (None when no contact has a known sector)."""
    sector_of = dict(actors.nodes(data="sector"))
    return blau_index(_tie_weights_by_sector(actors, node, sector_of))  # Blau, over weights


def brokerage(graph: nx.Graph, group: str = "sector") -> dict[str, dict[str, int]]:
    """Gould and Fernandez's brokerage roles, counted on the ties of an undirected graph.

    For each broker b and each ordered pair (a, c) of b's neighbours that are not tied to each
    other, the path a -> b -> c is classed by the groups of a, b and c. Undirected ties give
    both orders of each pair, so gatekeeper and representative counts are equal.
    Nodes without a group neither broker nor are brokered.

    Neighbourhoods are bit sets (Python integers), so that for each tie (b, a) the c's come
    from three population counts in C, not a walk over b's neighbours: the actor network of
    10,000 records has a few hundred thousand ties, most of them inside dense events.
    """
    return _brokerage({n: g for n, g in graph.nodes(data=group) if g}, graph.adj, graph)


def _brokerage(groups: dict[str, str], neighbours: Mapping[str, Iterable[str]],
               nodes: Iterable[str]) -> dict[str, dict[str, int]]:
    """:func:`brokerage` from each node's group (those that have one), the neighbours of
    each of them, and every node."""
    roles = {n: dict.fromkeys(ROLES, 0) for n in nodes}
    index = {n: i for i, n in enumerate(groups)}
    member: dict[str, int] = {}
    for n, g in groups.items():
        member[g] = member.get(g, 0) | (1 << index[n])
    alters = {n: [m for m in neighbours.get(n, ()) if m in index and m != n] for n in groups}
    mask = {n: sum(1 << index[m] for m in set(ms)) for n, ms in alters.items()}
    # for each a: everyone but a and its neighbours, as a mask (one AND per tie below)
    apart = {n: ~(mask[n] | (1 << index[n])) for n in groups}
    for b, gb in groups.items():
        around, own = mask[b], member[gb]
        coordinator = representative = itinerant = gatekeeper = liaison = 0
        for a in set(alters[b]):
            open_ = around & apart[a]  # b's other neighbours that a is not tied to
            total, same_b = open_.bit_count(), (open_ & own).bit_count()
            ga = groups[a]
            if ga == gb:
                coordinator += same_b
                representative += total - same_b
            else:
                same_a = (open_ & member[ga]).bit_count()
                itinerant += same_a
                gatekeeper += same_b
                liaison += total - same_a - same_b
        roles[b] = {"coordinator": coordinator, "itinerant": itinerant,
                    "gatekeeper": gatekeeper, "representative": representative,
                    "liaison": liaison}
    return roles


def blau_index(counts: Counter[str]) -> float | None:
    """Blau's index of diversity: 1 - sum of squared shares (0 = one group only); None when
    there is nothing to count: unknown, not zero."""
    total = sum(counts.values())
    return round(1 - sum((c / total) ** 2 for c in counts.values()), 4) if total else None


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
