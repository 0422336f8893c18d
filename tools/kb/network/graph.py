"""Stage 4: the collaboration network as a typed networkx multigraph, and its projections.

Every node and edge carries the ids of the records (``records``) and the files (``files``) that
assert it, so any claim in the graph leads back to a file. People who agreed to be named only
by their role are not nodes (their organisation carries the tie); withdrawn people are absent.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from ..corpus import Corpus
from ..kinds import COLLECTIONS
from ..model import Entity, PersonRef, Record
from ..urls import page_uri, site_path

#: Edge types (the key of each edge) and how they read, source first.
RELATIONS = {
    "spoke_at": "spoke at", "organised": "organised", "hosted": "hosted",
    "affiliated_with": "affiliated with", "involved_in": "involved in",
    "discusses": "discusses", "met_barrier": "met barrier",
    "overcame_barrier": "overcame barrier", "presented_at": "presented at",
    "located_in": "located in", "in_sector": "in sector", "part_of": "part of",
}

#: Record fields naming people, and the relation each gives.
_PERSON_FIELDS = {"speakers": "spoke_at", "organisers": "organised",
                  "contributors": "involved_in"}
#: Record fields naming entities the record points to: field -> (kind, relation).
_RECORD_OUT = {
    "themes": ("themes", "discusses"), "barriers": ("barriers", "met_barrier"),
    "overcome": ("barriers", "overcame_barrier"), "place": ("places", "located_in"),
    "places": ("places", "located_in"), "projects": ("projects", "part_of"),
    "series": ("projects", "part_of"), "presented_at": ("seminars", "presented_at"),
}
#: Record fields naming entities that point at the record: field -> (kind, relation).
_RECORD_IN = {"hosts": ("organisations", "hosted"),
              "organisations": ("organisations", "involved_in"),
              "case_studies": ("case_studies", "presented_at")}
#: Registry fields of entities: (kind, field) -> (target kind, relation).
_ENTITY_OUT = {
    ("organisations", "sector"): ("sectors", "in_sector"),
    ("organisations", "parent"): ("organisations", "part_of"),
    ("organisations", "place"): ("places", "located_in"),
    ("places", "within"): ("places", "located_in"),
    ("people", "organisation"): ("organisations", "affiliated_with"),
}
#: The provenance registries (issue 13) join the graph with their own relations later.
_NOT_YET_IN_GRAPH = frozenset({"sources", "outputs", "findings", "impacts", "collaborations",
                               "quotes"})
#: Relations that make a person or organisation a participant in a record.
PARTICIPATION = frozenset({"spoke_at", "organised", "hosted", "involved_in"})
ACTOR_KINDS = ("people", "organisations")

#: How a relation reads from its target's side: "spoke at" -> "speakers".
INVERSE = {
    "spoke_at": "speakers", "organised": "organisers", "hosted": "hosted by",
    "affiliated_with": "people affiliated", "involved_in": "involved",
    "discusses": "discussed in", "met_barrier": "met in", "overcame_barrier": "overcome in",
    "presented_at": "case studies presented", "located_in": "located here",
    "in_sector": "organisations in this sector", "part_of": "includes",
}


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


@dataclass(frozen=True)
class _Claim:
    """Who asserts a node or edge: a record (dated or not) or a registry file."""

    file: str
    record: str | None = None
    date: str | None = None


class _Builder:
    """Accumulates nodes and edges with the claims behind them, then freezes them."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.graph = nx.MultiDiGraph()
        self.claims: dict[object, set[_Claim]] = {}

    def named(self, kind: str, item_id: str) -> bool:
        if kind in COLLECTIONS:
            return item_id in self.corpus.records
        return self.corpus.named(kind, item_id)

    def node(self, kind: str, item_id: str, claim: _Claim) -> str | None:
        if not self.named(kind, item_id):
            return None
        node = node_id(kind, item_id)
        if node not in self.graph:
            self.graph.add_node(node, type=kind, label=_label(self.corpus, kind, item_id),
                                url=site_path(page_uri(kind, item_id)))
        self.claims.setdefault(node, set()).add(claim)
        return node

    def edge(self, source: tuple[str, str], target: tuple[str, str], relation: str,
             claim: _Claim) -> None:
        u, v = self.node(*source, claim), self.node(*target, claim)
        if u is None or v is None or u == v:
            return
        self.graph.add_edge(u, v, key=relation)
        self.claims.setdefault((u, v, relation), set()).add(claim)

    def freeze(self) -> nx.MultiDiGraph:
        frozen = nx.MultiDiGraph()
        for node in sorted(self.graph):
            frozen.add_node(node, **self.graph.nodes[node], **_claim_attrs(self.claims[node]))
        for u, v, key in sorted(self.graph.edges(keys=True)):
            attrs = _claim_attrs(self.claims[(u, v, key)])
            if key == "affiliated_with" and "start" in attrs:
                attrs["end"] = max(c.date for c in self.claims[(u, v, key)] if c.date)
            frozen.add_edge(u, v, key=key, relation=RELATIONS[key], **attrs)
        return frozen


def build_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """The typed network of the whole knowledge base.

    Nodes are ``kind:id`` (see :func:`node_id`) with ``type``, ``label``, ``url``,
    ``records``, ``files``, ``years`` and (when any record is dated) ``start``; organisations
    add ``sector``. Edges are keyed by relation (see :data:`RELATIONS`) and carry the same
    provenance; ``affiliated_with`` edges also carry ``end``, the last dated record.
    """
    builder = _Builder(corpus)
    for kind, entities in sorted(corpus.registry.entities.items()):
        if kind in _NOT_YET_IN_GRAPH:
            continue
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


def _add_entity(builder: _Builder, entity: Entity) -> None:
    claim = _Claim(entity.path)
    if builder.node(entity.kind, entity.id, claim) is None:
        return
    refs = entity.references
    for (kind, field), (target, relation) in _ENTITY_OUT.items():
        if kind == entity.kind:
            for target_id in refs.get(field, []):
                builder.edge((kind, entity.id), (target, target_id), relation, claim)
    if entity.kind == "projects":
        for org in refs.get("organisations", []):
            builder.edge(("organisations", org), ("projects", entity.id), "involved_in", claim)
        for refs_list in entity.people.values():
            _add_people(builder, refs_list, ("projects", entity.id), "involved_in", claim)


def _add_record(builder: _Builder, record: Record) -> None:
    claim = _Claim(record.path, record.id, record.date)
    here = (record.collection, record.id)
    builder.node(*here, claim)
    for field, (kind, relation) in _RECORD_OUT.items():
        for target in record.refs.get(field, []):
            builder.edge(here, (kind, target), relation, claim)
    for field, (kind, relation) in _RECORD_IN.items():
        for source in record.refs.get(field, []):
            builder.edge((kind, source), here, relation, claim)
    for field, relation in _PERSON_FIELDS.items():
        _add_people(builder, record.people.get(field, []), here, relation, claim)


def _add_people(builder: _Builder, refs: Iterable[PersonRef], here: tuple[str, str],
                relation: str, claim: _Claim) -> None:
    for ref in refs:
        if builder.named("people", ref.person):
            builder.edge(("people", ref.person), here, relation, claim)
            if ref.organisation:
                builder.edge(("people", ref.person), ("organisations", ref.organisation),
                             "affiliated_with", claim)
        elif ref.organisation:  # role-only: the organisation carries the tie
            builder.edge(("organisations", ref.organisation), here, relation, claim)


def _claim_attrs(claims: set[_Claim]) -> dict[str, object]:
    dates = sorted(c.date for c in claims if c.date)
    attrs: dict[str, object] = {
        "records": sorted({c.record for c in claims if c.record}),
        "files": sorted({c.file for c in claims}),
        "years": sorted({int(d[:4]) for d in dates}),
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
    for person, org, key, attrs in graph.edges(keys=True, data=True):
        if key == "affiliated_with":
            for record_id in attrs["records"]:
                affiliations.setdefault(record_id, []).append((person, org))
    found: dict[str, tuple[set[str], set[str]]] = {}
    for node, kind in graph.nodes(data="type"):
        if kind not in COLLECTIONS:
            continue
        people: set[str] = set()
        orgs: set[str] = set()
        for source, _, key in graph.in_edges(node, keys=True):
            if key in PARTICIPATION:
                (people if source.startswith("people:") else orgs).add(source)
        orgs.update(org for person, org in affiliations.get(split_node(node)[1], ())
                    if person in people)
        found[node] = (people, orgs)
    return found


def person_sectors(graph: nx.MultiDiGraph) -> dict[str, Counter[str]]:
    """For each person: the sectors of their affiliations, counted by asserting files."""
    sectors: dict[str, Counter[str]] = {}
    for person, org, key, attrs in graph.edges(keys=True, data=True):
        if key == "affiliated_with" and graph.nodes[org].get("sector"):
            counter = sectors.setdefault(person, Counter())
            counter[graph.nodes[org]["sector"]] += len(attrs["files"])
    return sectors


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
    pairs: dict[tuple[str, str], list[str]] = {}
    large = sorted(split_node(r)[1] for r, m in groups.items() if len(m) > MAX_PROJECTED_GROUP)
    if large:
        projection.graph["left_out"] = " ".join(large)
    for record, members in sorted(groups.items()):
        if len(members) > MAX_PROJECTED_GROUP:
            continue
        for pair in itertools.combinations(sorted(members), 2):
            pairs.setdefault(pair, []).append(split_node(record)[1])
    for (u, v), records in sorted(pairs.items()):
        projection.add_edge(u, v, weight=len(records), records=records)
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


def actor_network(graph: nx.MultiDiGraph,
                  projections: dict[str, nx.Graph] | None = None) -> nx.Graph:
    """People and organisations tied by co-participation, collaboration and affiliation.

    This is the network the boundary lens reads: each node has ``sector`` (an
    organisation's own, a person's most frequent affiliation) when it is known.
    ``projections`` holds the people and organisations projections, when already made.
    """
    actors = nx.Graph()
    for kind in ACTOR_KINDS:
        made = projections[kind] if projections else project(graph, kind)
        actors.add_edges_from(made.edges(data=True))
        actors.add_nodes_from(n for n, t in graph.nodes(data="type") if t == kind)
    for person, org, key, attrs in graph.edges(keys=True, data=True):
        if key == "affiliated_with":
            actors.add_edge(person, org, weight=max(1, len(attrs["records"])),
                            records=attrs["records"])
    sectors = person_sectors(graph)
    for node in actors:
        sector = graph.nodes[node].get("sector")
        if node in sectors:
            sector = sorted(sectors[node].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        if sector:
            actors.nodes[node]["sector"] = sector
    return actors
