"""The boundary-spanning lens: how each person and organisation sits across sectors.

Burt's constraint and the local clustering behind effective size run in igraph's compiled
code. Gould and Fernandez's brokerage roles have no library implementation;
:func:`brokerage` counts them directly.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import igraph as ig
import networkx as nx

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


def boundary_lens(actors: nx.Graph) -> dict[str, Boundary]:
    """Sectors reached, constraint, effective size, participation and brokerage per actor."""
    return actor_lens(dict(actors.nodes(data="sector")),
                 {n: {m: attrs.get("weight", 1) for m, attrs in neighbours.items()}
                  for n, neighbours in actors.adjacency()})


def tie_weights(shared: dict[tuple[str, str], list[str]]) -> dict[str, dict[str, int]]:
    """Each actor's ties as {other: weight}, others in sorted order (as in the networkx
    graph :func:`kb.network.graph.actor_network` makes from the same pairs)."""
    ties: dict[str, dict[str, int]] = {}
    for (u, v), activities in shared.items():
        ties.setdefault(u, {})[v] = ties.setdefault(v, {})[u] = len(activities)
    return ties


def actor_lens(sector_of: dict[str, str | None],
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
