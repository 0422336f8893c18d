"""The ties of the network: what each relation field of a record or registry entry becomes.

A tie is drawn for each claim (:class:`kb.model.Claim`) a record or entry makes, in the
direction that reads naturally ("Rob Wilson *spoke at* the Bradford seminar", "the finding
*finding of* EASI"); sources are nodes that *support* what cites them.
"""

from __future__ import annotations

#: Edge types (the key of each edge) and how they read, source first.
RELATIONS = {
    "spoke_at": "spoke at", "organised": "organised", "hosted": "hosted",
    "affiliated_with": "affiliated with", "involved_in": "involved in",
    "discusses": "discusses", "met_barrier": "met barrier",
    "overcame_barrier": "overcame barrier", "presented_at": "presented at",
    "located_in": "located in", "in_sector": "in sector", "part_of": "part of",
    "led_workshop_at": "led a workshop at", "listed_in": "listed in the account of",
    "funded": "funded", "led": "led", "partner_in": "partner in",
    "principal_investigator_of": "principal investigator of",
    "investigator_of": "investigator of", "authored": "authored", "published": "published",
    "produced": "produced", "finding_of": "finding of", "impact_of": "impact of",
    "about": "about", "said": "said", "said_at": "said at", "supports": "supports",
}

#: How a relation reads from its target's side: "spoke at" -> "speakers".
INVERSE = {
    "spoke_at": "speakers", "organised": "organisers", "hosted": "hosted by",
    "affiliated_with": "people affiliated", "involved_in": "involved",
    "discusses": "discussed in", "met_barrier": "met in", "overcame_barrier": "overcome in",
    "presented_at": "case studies presented", "located_in": "located here",
    "in_sector": "organisations in this sector", "part_of": "includes",
    "led_workshop_at": "workshops led by", "listed_in": "case studies listed",
    "funded": "funded by", "led": "led by", "partner_in": "partners",
    "principal_investigator_of": "principal investigators",
    "investigator_of": "investigators", "authored": "authors", "published": "published by",
    "produced": "produced by", "finding_of": "findings", "impact_of": "impact",
    "about": "collaborations about it", "said": "said by", "said_at": "quotes said here",
    "supports": "sources",
}

#: Record fields naming people, and the relation each gives (person -> record).
PERSON_FIELDS = {"speakers": "spoke_at", "organisers": "organised",
                 "contributors": "involved_in"}
#: Record fields naming entities the record points to: field -> (kind, relation).
RECORD_OUT = {
    "themes": ("themes", "discusses"), "barriers": ("barriers", "met_barrier"),
    "overcome": ("barriers", "overcame_barrier"), "place": ("places", "located_in"),
    "places": ("places", "located_in"), "projects": ("projects", "part_of"),
    "series": ("projects", "part_of"), "presented_at": ("seminars", "presented_at"),
    "listed_in": ("seminars", "listed_in"),
}
#: Record fields naming entities that point at the record: field -> (kind, relation).
RECORD_IN = {"hosts": ("organisations", "hosted"),
             "organisations": ("organisations", "involved_in"),
             "workshop_leads": ("organisations", "led_workshop_at"),
             "case_studies": ("case_studies", "presented_at")}

#: A registry entry's fields: (kind, field) -> (relation, True when the tie points from the
#: entry to what the field names, False when from what it names to the entry). The target's
#: kind comes from the claim (a project or record field names either).
ENTITY_FIELDS = {
    ("organisations", "sector"): ("in_sector", True),
    ("organisations", "parent"): ("part_of", True),
    ("organisations", "place"): ("located_in", True),
    ("places", "within"): ("located_in", True),
    ("people", "organisation"): ("affiliated_with", True),
    ("projects", "organisations"): ("involved_in", False),
    ("projects", "people"): ("involved_in", False),
    ("projects", "authors"): ("involved_in", False),
    ("projects", "funders"): ("funded", False),
    ("projects", "lead"): ("led", False),
    ("projects", "partners"): ("partner_in", False),
    ("projects", "principal_investigators"): ("principal_investigator_of", False),
    ("projects", "investigators"): ("investigator_of", False),
    ("sources", "publisher"): ("published", False),
    ("sources", "authors"): ("authored", False),
    ("outputs", "authors"): ("authored", False),
    ("outputs", "produced_by"): ("produced", False),
    ("findings", "of"): ("finding_of", True),
    ("impacts", "of"): ("impact_of", True),
    ("collaborations", "partners"): ("partner_in", False),
    ("collaborations", "about"): ("about", True),
    ("quotes", "by"): ("said", False),
    ("quotes", "at"): ("said_at", True),
}

#: Relations that make a person or organisation a participant in a record.
PARTICIPATION = frozenset({"spoke_at", "organised", "hosted", "involved_in",
                           "led_workshop_at"})

#: How firmly a tie is made when several claims make it: a dispute anywhere is shown, else
#: any source stating it is enough, else it is inferred.
EVIDENCE_ORDER = ("disputed", "stated", "inferred")


def tie_evidence(evidence: set[str]) -> str:
    """The evidence of a tie from that of the claims behind it (see :data:`EVIDENCE_ORDER`)."""
    return next((e for e in EVIDENCE_ORDER if e in evidence), "stated")


#: The kinds whose nodes take part in the actor network.
ACTOR_KINDS = ("people", "organisations")


def node_id(kind: str, item_id: str) -> str:
    """The id of a node: ``node_id("people", "rob-wilson")`` -> ``"people:rob-wilson"``."""
    return f"{kind}:{item_id}"


def split_node(node: str) -> tuple[str, str]:
    """``"people:rob-wilson"`` -> ``("people", "rob-wilson")``."""
    kind, _, item_id = node.partition(":")
    return kind, item_id
