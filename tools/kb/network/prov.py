"""The provenance of the knowledge base as W3C PROV-O, in JSON-LD (``kb export --format prov``).

Every record and every published registry entry is a ``prov:Entity`` derived from the sources
it cites (for itself or for one of its claims): ``prov:wasDerivedFrom`` and, since those are
the documents it was written from, ``prov:hadPrimarySource``. Each source is a
``prov:Entity`` attributed (``prov:wasAttributedTo``) to its publisher and authors, with its
date typed as honestly as it is known: ``xsd:gYear`` for a year, ``xsd:gYearMonth`` for a
month, ``xsd:date`` for a day, and no date when it is unknown. Outputs are attributed to their
authors and quotes to who said them. Agents are organisations and people: a person who agreed
to appear only by role is a blank node labelled with the role (no name, no address); a
withdrawn person is not in the file at all. Identifiers are the site's page addresses.
"""

from __future__ import annotations

import json
from typing import Any

from ..corpus import Corpus
from ..kinds import REGISTRIES
from ..model import Citation, Claim, Entity, PersonRef
from ..urls import page_uri, site_path

#: The name of the file ``kb export --format prov`` writes.
PROV_FILE = "isipp-provenance.jsonld"
PROV = "http://www.w3.org/ns/prov#"
_LINKS = ("prov:wasDerivedFrom", "prov:hadPrimarySource", "prov:wasAttributedTo",
          "prov:actedOnBehalfOf", "rdfs:seeAlso")
CONTEXT: dict[str, Any] = {
    "prov": PROV,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dcterms": "http://purl.org/dc/terms/",
    **{name: {"@type": "@id"} for name in _LINKS},
}
#: Registry fields whose people or organisations a thing is attributed to.
_ATTRIBUTED = {"sources": ("publisher", "authors"), "outputs": ("authors",), "quotes": ("by",)}


def prov_document(corpus: Corpus, site_url: str) -> dict[str, Any]:
    """The JSON-LD document: ``@context`` and a ``@graph`` of nodes sorted by id."""
    doc = _Document(corpus, site_url.rstrip("/") + "/")
    for record in corpus.records.values():
        doc.entity(record.collection, record.id, record.title, record.sources, record.claims,
                   record.date)
    for kind in REGISTRIES:
        for entity in corpus.entities(kind).values():
            if corpus.named(kind, entity.id):
                doc.registry_entry(entity)
    return {"@context": CONTEXT, "@graph": [doc.nodes[k] for k in sorted(doc.nodes)]}


def prov_jsonld(corpus: Corpus, site_url: str) -> bytes:
    """:func:`prov_document` as UTF-8 JSON; the same corpus gives the same bytes."""
    text = json.dumps(prov_document(corpus, site_url), ensure_ascii=False, indent=1)
    return (text + "\n").encode()


class _Document:
    """The nodes of the graph by id, merged as they are met."""

    def __init__(self, corpus: Corpus, base: str) -> None:
        self.corpus = corpus
        self.base = base
        self.nodes: dict[str, dict[str, Any]] = {}
        self._blank = 0

    def iri(self, kind: str, item_id: str) -> str:
        return self.base + site_path(page_uri(kind, item_id))

    def node(self, node_id: str, *types: str) -> dict[str, Any]:
        node = self.nodes.setdefault(node_id, {"@id": node_id, "@type": []})
        node["@type"] = sorted({*node["@type"], *types})
        return node

    def entity(self, kind: str, item_id: str, label: str, cited: list[Citation],
               claims: list[Claim], date: str | None = None) -> dict[str, Any]:
        """A record or entry as a prov:Entity derived from every source it cites."""
        node = self.node(self.iri(kind, item_id), "prov:Entity")
        node["rdfs:label"] = label
        sources = sorted({self.iri("sources", c.source) for c in cited}
                         | {self.iri("sources", s.source) for c in claims for s in c.sources})
        if sources:
            node["prov:wasDerivedFrom"] = node["prov:hadPrimarySource"] = sources
        if date:
            node["dcterms:date"] = typed_date(date)
        return node

    def registry_entry(self, entity: Entity) -> None:
        kind = entity.kind
        data = entity.data
        node = self.entity(kind, entity.id, entity.name, entity.sources, entity.claims,
                           _date(data.get("date")))
        if kind == "sources":
            self.source(node, entity)
        if kind == "organisations":
            self.node(node["@id"], "prov:Agent", "prov:Organization")
        if kind == "people":
            self.node(node["@id"], "prov:Agent", "prov:Person")
        agents = [self.agent(field, entity) for field in _ATTRIBUTED.get(kind, ())]
        found = sorted({a for group in agents for a in group})
        if found:
            node["prov:wasAttributedTo"] = found

    def source(self, node: dict[str, Any], entity: Entity) -> None:
        """A source's title, kind, authority and address; it is its own primary source."""
        node.pop("prov:wasDerivedFrom", None)
        node.pop("prov:hadPrimarySource", None)
        node["dcterms:title"] = str(entity.data.get("title", entity.name))
        node["dcterms:type"] = str(entity.data.get("kind", ""))
        if entity.data.get("authority"):
            node["rdfs:comment"] = str(entity.data["authority"])
        if entity.data.get("url"):
            node["rdfs:seeAlso"] = str(entity.data["url"])

    def agent(self, field: str, entity: Entity) -> list[str]:
        """The agents a field of ``entity`` names: organisations, and people by consent."""
        people = entity.people.get(field)
        if people is not None:
            return [a for a in (self.person(ref) for ref in people) if a]
        orgs = entity.references.get(field, [])
        return [self.organisation(org) for org in orgs]

    def organisation(self, org_id: str) -> str:
        org = self.corpus.entity("organisations", org_id)
        node = self.node(self.iri("organisations", org_id), "prov:Agent", "prov:Organization")
        node.setdefault("rdfs:label", org.name if org else org_id)
        return str(node["@id"])

    def person(self, ref: PersonRef) -> str | None:
        """A named person's page; a role-only person as a blank node with their role only."""
        entity = self.corpus.entity("people", ref.person)
        if entity is None or entity.consent == "withdrawn":
            return None
        if entity.named:
            node = self.node(self.iri("people", ref.person), "prov:Agent", "prov:Person")
            node.setdefault("rdfs:label", entity.name)
            return str(node["@id"])
        self._blank += 1
        node = self.node(f"_:role-only-{self._blank}", "prov:Agent", "prov:Person")
        node["rdfs:label"] = ref.role or "a person whose name is not published"
        if ref.organisation:
            node["prov:actedOnBehalfOf"] = self.organisation(ref.organisation)
        return str(node["@id"])


def typed_date(date: str) -> dict[str, str]:
    """A partial ISO date as the XML Schema type that says exactly what is known."""
    date = date[:10]
    kind = {4: "xsd:gYear", 7: "xsd:gYearMonth"}.get(len(date), "xsd:date")
    return {"@value": date, "@type": kind}


def _date(value: Any) -> str | None:
    return None if value in (None, "unknown") else str(value)
