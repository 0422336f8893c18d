"""Stage 4: the collaboration network as a typed networkx multigraph (its projections are in
:mod:`kb.network.projection`, and importable from here too).

Every node and edge carries the ids of the records (``records``) and the files (``files``) that
assert it, so any claim in the graph leads back to a file; every edge also carries how firmly
it is made (``evidence``) and the ids of the sources that support it (``sources``), from the
claims behind it (:class:`kb.model.Claim`). Sources are nodes too, tied to the records and
entries that cite them. People who agreed to be named only by their role are not nodes (their
organisation carries the tie); withdrawn people are absent.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from ..corpus import Corpus
from ..kinds import COLLECTIONS
from ..model import Citation, Claim, Entity, PersonRef, Record
from ..urls import page_uri, site_path
from .projection import (
    ACTOR_WEIGHTING,
    MAX_PROJECTED_GROUP,
    WEIGHTINGS,
    activity_groups,
    actor_network,
    actor_ties,
    edges_keyed,
    participants,
    person_sectors,
    project,
)
from .relations import (
    ACTOR_KINDS,
    ENTITY_FIELDS,
    INVERSE,
    PARTICIPATION,
    PERSON_FIELDS,
    RECORD_IN,
    RECORD_OUT,
    RELATIONS,
    node_id,
    split_node,
    tie_evidence,
)

__all__ = ["ACTOR_KINDS", "ACTOR_WEIGHTING", "INVERSE", "MAX_PROJECTED_GROUP", "PARTICIPATION",
           "RELATIONS", "WEIGHTINGS", "activity_groups", "actor_network", "actor_ties",
           "build_graph", "edges_keyed", "node_id", "participants", "person_sectors",
           "project", "split_node"]


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
    organisations add ``sector``; a record whose date is inferred or disputed adds
    ``date_evidence`` and ``date_reason``. Edges are keyed by relation (see
    :data:`RELATIONS`) and carry the same provenance, with ``evidence`` and ``sources``;
    ``affiliated_with`` edges also carry ``end``, the last dated record. Attribute lists may
    be shared between nodes and edges: read them, never change them in place.
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
    for record in corpus.records.values():  # a date no source states is marked, with why
        said = record.value_claims.get("date")
        if said is not None and said.evidence != "stated":
            data = graph.nodes[node_id(record.collection, record.id)]
            data["date_evidence"] = said.evidence
            if said.reason:
                data["date_reason"] = said.reason
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
