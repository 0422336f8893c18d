"""The one-mode projections of the network and the actor network the boundary lens reads.

Both are made from who takes part in what (:func:`participants`); at 10,000 records the
projections hold about 150,000 ties and the actor network 300,000, so pairs are counted on
node indices and the graph is read from its adjacency.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from ..kinds import COLLECTIONS
from .relations import ACTOR_KINDS, PARTICIPATION, split_node


def participants(graph: nx.MultiDiGraph) -> dict[str, tuple[set[str], set[str]]]:
    """For each seminar and case study node: the people and organisations taking part.

    An organisation takes part when it hosts or is involved, when a role-only participant
    represents it, or when a named participant is affiliated with it in that record.
    """
    affiliations: dict[str, list[tuple[str, str]]] = {}
    for person, org, attrs in edges_keyed(graph, "affiliated_with"):
        for record_id in attrs["records"]:
            affiliations.setdefault(record_id, []).append((person, org))
    found: dict[str, tuple[set[str], set[str]]] = {}
    for node, kind in graph.nodes(data="type"):
        if kind not in COLLECTIONS:
            continue
        people: set[str] = set()
        orgs: set[str] = set()
        for source, keyed in graph.pred[node].items():
            if not PARTICIPATION.isdisjoint(keyed):
                (people if source.startswith("people:") else orgs).add(source)
        orgs.update(org for person, org in affiliations.get(split_node(node)[1], ())
                    if person in people)
        found[node] = (people, orgs)
    return found


def person_sectors(graph: nx.MultiDiGraph) -> dict[str, Counter[str]]:
    """For each person: the sectors of their affiliations, counted by asserting files."""
    sectors: dict[str, Counter[str]] = {}
    for person, org, attrs in edges_keyed(graph, "affiliated_with"):
        if graph.nodes[org].get("sector"):
            counter = sectors.setdefault(person, Counter())
            counter[graph.nodes[org]["sector"]] += len(attrs["files"])
    return sectors


def edges_keyed(graph: nx.MultiDiGraph, key: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """The edges of one relation as ``(source, target, attributes)``, in the graph's order.

    Read from the adjacency: filtering ``graph.edges(keys=True, data=True)`` makes a tuple
    for every edge of the graph (175,000 at 10,000 records) to keep a few thousand.
    """
    for u, targets in graph.adjacency():
        for v, keyed in targets.items():
            attrs = keyed.get(key)
            if attrs is not None:
                yield u, v, attrs


def _pair_lists(nodes: list[str], groups: Iterable[tuple[str, set[str]]],
                ) -> dict[tuple[int, int], list[str]]:
    """For each pair of ``nodes`` (sorted) that share a group of at most
    :data:`MAX_PROJECTED_GROUP` members: the names of their groups, in the order given.

    Pairs are of indices into ``nodes``, so sorting them is sorting the node ids, at a
    fraction of the cost (a projection has up to a few hundred thousand pairs).
    """
    index = {n: i for i, n in enumerate(nodes)}
    pairs: dict[tuple[int, int], list[str]] = {}
    for name, members in groups:
        if len(members) <= MAX_PROJECTED_GROUP:
            for pair in itertools.combinations(sorted(index[m] for m in members), 2):
                pairs.setdefault(pair, []).append(name)
    return pairs


#: How each projection weights its ties; written into the projection and its exports.
WEIGHTINGS = {
    "people": "number of seminars, events and case studies in which both people took part",
    "organisations": "number of seminars, events and case studies in which both "
                     "organisations took part (hosting, involved, or through a participant)",
    "themes": "number of seminars, events and case studies tagged with both themes",
}


#: A record with more participants than this adds no ties to a projection: every pair of
#: them would be a tie (2,000 people make two million), and a gathering that large says
#: little about who works with whom. They stay tied to the record in the two-mode network.
MAX_PROJECTED_GROUP = 100


def project(graph: nx.MultiDiGraph, kind: str,
            taking_part: dict[str, tuple[set[str], set[str]]] | None = None) -> nx.Graph:
    """A weighted one-mode projection: ``people``, ``organisations`` or ``themes``.

    Two nodes are tied when they share a record; ``weight`` counts the shared records and
    ``records`` lists them. ``graph.graph["weighting"]`` names the weighting.
    ``taking_part`` is :func:`participants` of ``graph``, when already computed. Records
    with more than :data:`MAX_PROJECTED_GROUP` members add no ties; ``left_out`` (set only
    then) lists them.
    """
    groups = _record_groups(graph, kind, taking_part)
    projection = nx.Graph(weighting=WEIGHTINGS[kind], kind=kind)
    projection.add_nodes_from(sorted(n for n, t in graph.nodes(data="type") if t == kind))
    large = sorted(split_node(r)[1] for r, m in groups.items() if len(m) > MAX_PROJECTED_GROUP)
    if large:
        projection.graph["left_out"] = " ".join(large)
    nodes = sorted(graph)
    pairs = _pair_lists(nodes, ((split_node(record)[1], members)
                                for record, members in sorted(groups.items())))
    projection.add_edges_from(
        (nodes[u], nodes[v], {"weight": len(pairs[u, v]), "records": pairs[u, v]})
        for u, v in sorted(pairs))
    return projection


def _record_groups(graph: nx.MultiDiGraph, kind: str,
                   taking_part: dict[str, tuple[set[str], set[str]]] | None,
                   ) -> dict[str, set[str]]:
    if kind == "themes":
        return {n: {v for _, v, k in graph.out_edges(n, keys=True) if k == "discusses"}
                for n, t in graph.nodes(data="type") if t in COLLECTIONS}
    index = 0 if kind == "people" else 1
    taking_part = participants(graph) if taking_part is None else taking_part
    return {record: groups[index] for record, groups in taking_part.items()}


#: How the actor network weights its ties (stated on the analysis page).
ACTOR_WEIGHTING = ("number of activities both took part in: seminars, events and case studies "
                   "(as speaker, organiser, host, contributor or organisation involved) and "
                   "projects (as a listed partner); an affiliation counts as one")


def activity_groups(graph: nx.MultiDiGraph,
                    taking_part: dict[str, tuple[set[str], set[str]]]) -> dict[str, set[str]]:
    """The people and organisations of each record (see :func:`participants`) and each
    project (those the project lists), by the activity's node id."""
    groups = {record: people | orgs for record, (people, orgs) in taking_part.items()}
    for node, kind in graph.nodes(data="type"):
        if kind == "projects":
            groups[node] = {u for u, _, k in graph.in_edges(node, keys=True)
                            if k in PARTICIPATION and split_node(u)[0] in ACTOR_KINDS}
    return groups


def actor_network(graph: nx.MultiDiGraph,
                  taking_part: dict[str, tuple[set[str], set[str]]] | None = None) -> nx.Graph:
    """People and organisations in one network, tied by what they did together.

    Two of them are tied when they took part in the same seminar, event or case study, or
    in the same project, or when one is affiliated with the other; ``weight`` counts these
    shared activities (see :data:`ACTOR_WEIGHTING`) and ``activities`` lists them (node ids,
    ``affiliation`` for an affiliation). Activities with more than
    :data:`MAX_PROJECTED_GROUP` members add no ties, as in :func:`project`. Unlike two
    one-mode projections side by side, this tells apart people who met different partners,
    and it lets a person's ties to organisations count.

    This is the network the boundary lens reads: each node has ``sector`` (an organisation's
    own, a person's most frequent affiliation) when it is known.
    """
    sector_of, shared = actor_ties(graph, taking_part)
    actors = nx.Graph(weighting=ACTOR_WEIGHTING, kind="actors")
    actors.add_nodes_from(sector_of)
    actors.add_edges_from((u, v, {"weight": len(activities), "activities": activities})
                          for (u, v), activities in shared.items())
    for node, sector in sector_of.items():
        if sector:
            actors.nodes[node]["sector"] = sector
    return actors


def actor_ties(graph: nx.MultiDiGraph,
               taking_part: dict[str, tuple[set[str], set[str]]] | None = None,
               ) -> tuple[dict[str, str | None], dict[tuple[str, str], list[str]]]:
    """:func:`actor_network` as plain dicts: each actor's sector (None when not known), in
    node order, and the shared activities of each tied pair, in pair order (both sorted).

    The analysis reads these without the networkx graph, which at 10,000 records (300,000
    ties) was the largest object it made.
    """
    taking_part = participants(graph) if taking_part is None else taking_part
    nodes = sorted(graph)
    shared = _pair_lists(nodes, sorted(activity_groups(graph, taking_part).items()))
    index = {n: i for i, n in enumerate(nodes)}
    for person, org, _ in edges_keyed(graph, "affiliated_with"):
        a, b = index[person], index[org]
        shared.setdefault((a, b) if a < b else (b, a), []).append("affiliation")
    sectors = person_sectors(graph)
    sector_of: dict[str, str | None] = {}
    for node in sorted(n for n, t in graph.nodes(data="type") if t in ACTOR_KINDS):
        sector = graph.nodes[node].get("sector")
        if node in sectors:
            sector = sorted(sectors[node].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        sector_of[node] = sector or None
    return sector_of, {(nodes[u], nodes[v]): shared[u, v] for u, v in sorted(shared)}
