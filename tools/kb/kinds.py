"""The kinds of things the knowledge base holds: one table that every stage reads.

Four words that used to share "kind" have a name each:

- a *kind* (:data:`KINDS`) is a collection of Markdown records (``seminars``,
  ``case_studies``) or a registry of entities (``people``, ``organisations`` ...). Its name
  is the same everywhere: the content folder or registry file stem, the site folder of its
  pages, the node type of the network and the prefix of node ids (``people:rob-wilson``);
- a *record kind* (:data:`RECORD_KINDS`) is what one record is (``seminar``, ``case-study``,
  ``good-practice``): the ``kind`` field of a case study, and the argument of ``kb new``;
- a *place type* and a *project type* are the ``kind`` field of a place or a project in its
  registry (``kb.schema.PLACE_TYPES``, ``kb.schema.PROJECT_TYPES``).

Adding a registry is one line here plus its fields in ``kb.schema``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """A collection of records or a registry of entities."""

    #: The content folder (collections) or ``registries/<name>.yml`` stem (registries), and
    #: the node type in the network.
    name: str
    #: One of them, in running text and in the network's legend: "seminar or event".
    singular: str
    #: Several of them, in running text: "seminars and events".
    plural: str
    #: The heading of its index page: "Seminars and events".
    label: str
    #: Records (Markdown files in a folder) rather than registry entries.
    is_collection: bool = False

    @property
    def folder(self) -> str:
        """Where its pages go on the site (the same as the content folder)."""
        return self.name


#: Every kind, in the order lists, legends and the data dictionary show them.
KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("seminars", "seminar or event", "seminars and events", "Seminars and events", True),
    Kind("case_studies", "case study", "case studies", "Case studies and good practice", True),
    Kind("people", "person", "people", "People"),
    Kind("organisations", "organisation", "organisations", "Organisations"),
    Kind("themes", "theme", "themes", "Themes"),
    Kind("barriers", "barrier", "barriers", "Barriers"),
    Kind("places", "place", "places", "Places"),
    Kind("sectors", "sector", "sectors", "Sectors"),
    Kind("projects", "project", "projects", "Projects and publications"),
    Kind("sources", "source", "sources", "Sources"),
    Kind("outputs", "output", "outputs", "Outputs"),
    Kind("findings", "finding", "findings", "Findings"),
    Kind("impacts", "impact", "impacts", "Impact"),
    Kind("collaborations", "collaboration", "collaborations", "Collaborations"),
    Kind("quotes", "quote", "quotes", "Quotes"),
)}
#: The collections of records: ``seminars/`` and ``case_studies/``.
COLLECTIONS = tuple(name for name, k in KINDS.items() if k.is_collection)
#: The registries (YAML lists that contributors edit), by file stem.
REGISTRIES = tuple(name for name, k in KINDS.items() if not k.is_collection)


@dataclass(frozen=True)
class RecordKind:
    """What one record is; a case study's ``kind`` field, and what ``kb new`` makes."""

    name: str
    #: The collection (folder) it goes into.
    collection: str
    #: How pages name it: "Good-practice account".
    label: str


#: Every record kind, in the order ``kb new`` offers them.
RECORD_KINDS: dict[str, RecordKind] = {r.name: r for r in (
    RecordKind("case-study", "case_studies", "Case study"),
    RecordKind("good-practice", "case_studies", "Good-practice account"),
    RecordKind("seminar", "seminars", "Seminar or event"),
)}
#: The values of a case study's ``kind`` field.
CASE_STUDY_KINDS = tuple(n for n, r in RECORD_KINDS.items() if r.collection == "case_studies")


def record_kind_label(name: str, default: str) -> str:
    """The label of a record kind, or ``default`` for a value that is none (the validator
    reports it)."""
    kind = RECORD_KINDS.get(name)
    return kind.label if kind else default
