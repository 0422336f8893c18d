"""Stage 4: the collaboration network as a typed networkx multigraph, and its projections.

Every node and edge carries the ids of the records (``records``) and the files (``files``) that
assert it, so any claim in the graph leads back to a file; every edge also carries how firmly
it is made (``evidence``) and the ids of the sources that support it (``sources``), from the
claims behind it (:class:`kb.model.Claim`). Sources are nodes too, tied to the records and
entries that cite them. People who agreed to be named only by their role are not nodes (their
organisation carries the tie); withdrawn people are absent.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx

from ..corpus import Corpus
from ..kinds import COLLECTIONS
from ..model import Citation, Claim, Entity, PersonRef, Record
from ..urls import page_uri, site_path
from .relations import (
    ENTITY_FIELDS,
    INVERSE,
    PARTICIPATION,
    PERSON_FIELDS,
    RECORD_IN,
    RECORD_OUT,
    RELATIONS,
    tie_evidence,
)

__all__ = ["ACTOR_KINDS", "INVERSE", "PARTICIPATION", "RELATIONS", "build_graph", "node_id",
           "split_node"]

#: The kinds whose nodes take part in the actor network.
ACTOR_KINDS = ("people", "organisations")


def node_id(kind: str, item_id: str) -> str:
    """The id of a node: ``node_id("people", "rob-wilson")`` -> ``"people:rob-wilson"``."""
    return f"{kind}:{item_id}"


def split_node(node: str) -> tuple[str, str]:
    """``"people:rob-wilson"`` -> ``("people", "rob-wilson")``."""
    kind, _, item_id = node.partition(":")
    return kind, item_id


def full_date(date: str) -> str:
    """Pad a partial ISO date so tools that need a day accept it: ``2015-06`` -> ``2015-06-01``."""
    return (date + "-01-01")[:10]


#: Who asserts a node or edge: a file, and the record's id and date when it is a record (a
#: plain tuple: hundreds of thousands are made and hashed at 10,000 records).
_Claim = tuple[str, str | None, str | None]


class _Tie:
    """The claims behind one edge, and the evidence, source ids and reasons they give."""

    __slots__ = ("claims", "evidence", "reasons", "sources")

    def __init__(self) -> None:
        self.claims: set[_Claim] = set()
        self.evidence: set[str] = set()
        self.sources: set[str] = set()
        #: ... the reasons given for the inferred or disputed ones
        self.reasons: set[str] = set()


class _Builder:
    """Accumulates nodes and edges with the claims behind them, then freezes them."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.nodes: dict[str, dict[str, object]] = {}
        self.node_claims: dict[str, set[_Claim]] = {}
        self.ties: dict[tuple[str, str, str], _Tie] = {}
        #: (kind, id) -> node id, or None when it is not a node (asked ~10 times per node)
        self._ids: dict[tuple[str, str], str | None] = {}

    def named(self, kind: str, item_id: str) -> bool:
        return self._node(kind, item_id) is not None

    def _node(self, kind: str, item_id: str) -> str | None:
        node = self._ids.get((kind, item_id), "")
        if node == "":
            node = self._ids[(kind, item_id)] = self._add_node(kind, item_id)
        return node

    def _add_node(self, kind: str, item_id: str) -> str | None:
        named = (item_id in self.corpus.records if kind in COLLECTIONS
                 else self.corpus.named(kind, item_id))
        if not named:
            return None
        node = node_id(kind, item_id)
        self.nodes[node] = {"type": kind, "label": _label(self.corpus, kind, item_id),
                            "url": site_path(page_uri(kind, item_id))}
        self.node_claims[node] = set()
        return node

    def node(self, kind: str, item_id: str, claim: _Claim) -> str | None:
        node = self._node(kind, item_id)
        if node is not None:
            self.node_claims[node].add(claim)
        return node

    def edge(self, source: tuple[str, str], target: tuple[str, str], relation: str,
             claim: _Claim, said: Claim | None = None) -> None:
        """A tie, asserted by ``claim`` (a file) and made by ``said`` (the claim in it)."""
        u, v = self.node(*source, claim), self.node(*target, claim)
        if u is None or v is None or u == v:
            return
        tie = self.ties.get((u, v, relation))
        if tie is None:
            tie = self.ties[(u, v, relation)] = _Tie()
        tie.claims.add(claim)
        if said is None:
            tie.evidence.add("stated")
            return
        tie.evidence.add(said.evidence)
        if said.reason and said.evidence != "stated":
            tie.reasons.add(said.reason)
        if said.sources:  # most claims cite none
            tie.sources.update(c.source for c in said.sources)

    def freeze(self) -> nx.MultiDiGraph:
        frozen = nx.MultiDiGraph()
        lists: dict[_Claim, tuple[list[str], list[str], list[int], list[str]]] = {}
        no_sources: list[str] = []
        frozen.add_nodes_from(
            (node, {**self.nodes[node], **_claim_attrs(self.node_claims[node], lists)})
            for node in sorted(self.nodes))
        for edge in sorted(self.ties):
            u, v, key = edge
            tie = self.ties[edge]
            attrs = _claim_attrs(tie.claims, lists)
            if key == "affiliated_with" and "start" in attrs:
                attrs["end"] = attrs["dates"][-1]  # type: ignore[index]  # the last dated claim
            if tie.reasons:
                attrs["reason"] = " | ".join(sorted(tie.reasons))
            frozen.add_edge(u, v, key=key, relation=RELATIONS[key], **attrs,
                            evidence=tie_evidence(tie.evidence),
                            sources=sorted(tie.sources) if tie.sources else no_sources)
        return frozen


def build_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """The typed network of the whole knowledge base.

    Nodes are ``kind:id`` (see :func:`node_id`) with ``type``, ``label``, ``url``,
    ``records``, ``files``, ``years``, ``dates`` and (when any record is dated) ``start``;
    organisations
    add ``sector``. Edges are keyed by relation (see :data:`RELATIONS`) and carry the same
    provenance, with ``evidence`` and ``sources``; ``affiliated_with`` edges also carry
    ``end``, the last dated record. Attribute lists may be shared between nodes and edges:
    read them, never change them in place.
    """
    builder = _Builder(corpus)
    for _, entities in sorted(corpus.registry.entities.items()):
        for entity in sorted(entities.values(), key=lambda e: e.id):
            _add_entity(builder, entity)
    for record in sorted(corpus.records.values(), key=lambda r: r.id):
        _add_record(builder, record)
    graph = builder.freeze()
    for node, data in graph.nodes(data=True):
        if data["type"] == "organisations":
            sector = organisation_sector(corpus, split_node(node)[1])
            if sector:
                data["sector"] = sector
    return graph


def _said(claims: list[Claim]) -> dict[tuple[str, str], Claim]:
    """The claims of a record or entry by (field, target node)."""
    return {(c.field, c.target): c for c in claims}


def _add_entity(builder: _Builder, entity: Entity) -> None:
    claim: _Claim = (entity.path, None, None)
    if builder.node(entity.kind, entity.id, claim) is None:
        return
    here = (entity.kind, entity.id)
    said = _said(entity.claims)
    for c in entity.claims:
        tie = ENTITY_FIELDS.get((entity.kind, c.field))
        if tie is None or c.target.startswith("people:"):
            continue  # people are added below, with the organisation a role-only one gives
        there = split_node(c.target)
        builder.edge(here, there, tie[0], claim, c) if tie[1] else builder.edge(
            there, here, tie[0], claim, c)
    for field, refs in entity.people.items():
        relation, outward = ENTITY_FIELDS.get((entity.kind, field), ("involved_in", False))
        if not outward:
            _add_people(builder, refs, here, relation, claim, said, field)
    _add_sources(builder, entity.sources, entity.claims, here, claim)


def _add_record(builder: _Builder, record: Record) -> None:
    claim: _Claim = (record.path, record.id, record.date)
    here = (record.collection, record.id)
    builder.node(*here, claim)
    said = _said(record.claims)
    for field, (kind, relation) in RECORD_OUT.items():
        for target in record.refs.get(field, []):
            builder.edge(here, (kind, target), relation, claim,
                         said.get((field, node_id(kind, target))))
    for field, (kind, relation) in RECORD_IN.items():
        for source in record.refs.get(field, []):
            builder.edge((kind, source), here, relation, claim,
                         said.get((field, node_id(kind, source))))
    for field, relation in PERSON_FIELDS.items():
        _add_people(builder, record.people.get(field, []), here, relation, claim, said, field)
    _add_sources(builder, record.sources, record.claims, here, claim)


def _add_people(builder: _Builder, refs: Iterable[PersonRef], here: tuple[str, str],
                relation: str, claim: _Claim, said: dict[tuple[str, str], Claim],
                field: str) -> None:
    for ref in refs:
        c = said.get((field, node_id("people", ref.person)))
        if builder.named("people", ref.person):
            builder.edge(("people", ref.person), here, relation, claim, c)
            if ref.organisation:
                builder.edge(("people", ref.person), ("organisations", ref.organisation),
                             "affiliated_with", claim, c)
        elif ref.organisation:  # role-only: the organisation carries the tie
            builder.edge(("organisations", ref.organisation), here, relation, claim, c)


def _add_sources(builder: _Builder, cited: list[Citation], claims: list[Claim],
                 here: tuple[str, str], claim: _Claim) -> None:
    """Each source the record or entry cites (for itself or for one claim) supports it."""
    ids = dict.fromkeys([c.source for c in cited]
                        + [s.source for c in claims for s in c.sources])
    for source_id in ids:
        builder.edge(("sources", source_id), here, "supports", claim,
                     Claim("sources", node_id(*here), "stated", (Citation(source_id),)))


def _claim_attrs(claims: set[_Claim],
                 lists: dict[_Claim, tuple[list[str], list[str], list[int], list[str]]],
                 ) -> dict[str, object]:
    """The provenance attributes of a node or edge. Most are asserted by one claim, and
    the lists of a claim are made once and shared by every tie it makes (a record makes
    about 15): at 10,000 records that is half a million lists fewer."""
    if len(claims) == 1:  # nothing to sort or merge
        claim = next(iter(claims))
        found = lists.get(claim)
        if found is None:
            file, record, date = claim
            found = lists[claim] = ([record] if record else [], [file],
                                    [int(date[:4])] if date else [], [date] if date else [])
        attrs: dict[str, object] = {"records": found[0], "files": found[1],
                                    "years": found[2], "dates": found[3]}
        if claim[2]:
            attrs["start"] = claim[2]
        return attrs
    # a theme has a claim per record that discusses it, but few distinct dates
    dates = sorted({date for _, _, date in claims if date})
    attrs = {
        "records": sorted({record for _, record, _ in claims if record}),
        "files": sorted({file for file, _, _ in claims}),
        "years": sorted({int(d[:4]) for d in dates}),
        # as written (2015, 2015-06 or 2015-06-03): a year stays a year, never a 1 January
        "dates": dates,
    }
    if dates:
        attrs["start"] = dates[0]
    return attrs


def _label(corpus: Corpus, kind: str, item_id: str) -> str:
    if kind in COLLECTIONS:
        record = corpus.records.get(item_id)
        return record.title if record else item_id
    entity = corpus.entity(kind, item_id)
    return entity.name if entity else item_id


def organisation_sector(corpus: Corpus, org_id: str) -> str | None:
    """An organisation's sector, or its nearest parent's when it has none."""
    seen: set[str] = set()
    current: str | None = org_id
    while current and current not in seen:
        seen.add(current)
        entity = corpus.entity("organisations", current)
        refs = entity.references if entity else {}
        if refs.get("sector"):
            return str(refs["sector"][0])
        parents = refs.get("parent")
        current = parents[0] if parents else None
    return None


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
