"""The content model as data: one definition that the validator, the JSON Schema and the
field reference page are all checked against."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .kinds import CASE_STUDY_KINDS

#: Value types a field can have. ``*-list`` types take a YAML list.
TYPES = (
    "text", "date", "count", "choice", "url",
    "person", "person-list", "organisation", "organisation-list", "place", "place-list",
    "theme-list", "barrier-list", "sector", "project", "project-list",
    "record", "record-list", "project-or-record", "partner-list", "source-list", "text-list",
)

#: Which registry a reference type points into.
REFERENCE_KIND = {
    "person": "people", "person-list": "people", "organisation": "organisations",
    "organisation-list": "organisations", "place": "places", "place-list": "places",
    "theme-list": "themes", "barrier-list": "barriers", "sector": "sectors",
    "project": "projects", "project-list": "projects", "partner-list": "organisations",
}
#: Types whose every value (or item) is a relation, a claim that may carry its own sources
#: and evidence (kb.corpus.claims): references to entities and to records.
RELATION_TYPES = frozenset({*REFERENCE_KIND, "record", "record-list", "project-or-record"})
#: What a ``project-or-record`` value may point at: a project, or a record of a collection.
SUBJECT_KINDS = ("projects", "seminars", "case_studies")

STATUSES = ("planned", "held", "cancelled")
#: How firmly a claim is made: the source says it; the knowledge base infers it (a reason
#: is required); sources disagree (the reason says how).
EVIDENCE = ("stated", "inferred", "disputed")
#: Evidence levels that need a reason.
NEEDS_REASON = ("inferred", "disputed")
#: What a source is (the ``kind`` of an entry in sources.yml).
SOURCE_TYPES = ("news-item", "grant-record", "trade-press-article", "blog-post", "report",
                "web-page", "book", "book-chapter", "article", "survey", "other")
#: What an output is (the ``kind`` of an entry in outputs.yml).
OUTPUT_TYPES = ("report", "book", "book-chapter", "article", "survey", "training-materials",
                "presentation", "web-page", "other")
CONSENT = ("named", "role-only", "withdrawn")
ORG_STATUSES = ("active", "closed", "merged", "renamed")
PLACE_TYPES = ("city", "town", "district", "county", "region", "nation", "country")
PROJECT_TYPES = ("seminar-series", "project", "programme", "publication", "survey", "report",
                 "network")


@dataclass(frozen=True)
class Field:
    """One frontmatter or registry field."""

    name: str
    type: str
    required: bool = False
    choices: tuple[str, ...] = ()
    description: str = ""
    #: A relation the knowledge base sets itself (an organisation's sector is its own
    #: classification, not what a source says): it gives no claim, so needs no source.
    classification: bool = False
    #: The value may also be the word ``unknown`` (a source's publisher): it names nothing.
    unknown: bool = False
    #: The value may be written as a claim, a mapping of ``value`` with its own ``source``,
    #: ``evidence`` and ``reason`` (a record's date or status: kb.corpus.claims).
    claim: bool = False

    @property
    def is_list(self) -> bool:
        return self.type.endswith("-list")


_SOURCES = Field("sources", "source-list",
                 description="Where the facts come from: ids from registries/sources.yml.")
_SUMMARY = Field("summary", "text", description="One or two sentences for lists and search.")

COLLECTION_FIELDS: dict[str, tuple[Field, ...]] = {
    "seminars": (
        Field("title", "text", True, description="The event's title as announced."),
        Field("date", "date", True, description="YYYY, YYYY-MM, YYYY-MM-DD or unknown.",
              claim=True),
        Field("number", "count", description="Its place in the series."),
        Field("series", "project", description="The series or project it belongs to."),
        Field("status", "choice", choices=STATUSES, description="Defaults to held.",
              claim=True),
        Field("place", "place", description="Where it happened."),
        Field("venue", "text", description="The building or venue, when known."),
        Field("participants", "count", description="How many took part, when known."),
        Field("hosts", "organisation-list", description="Organisations that hosted it."),
        Field("workshop_leads", "organisation-list",
              description="Organisations that led a workshop at it (not hosts)."),
        Field("organisers", "person-list", description="People who organised it."),
        Field("speakers", "person-list", description="People who spoke."),
        Field("themes", "theme-list", description="Themes discussed."),
        Field("barriers", "barrier-list", description="Barriers reported as still in the way."),
        Field("overcome", "barrier-list", description="Barriers reported as overcome."),
        Field("projects", "project-list", description="Projects it belongs to or discusses."),
        Field("case_studies", "record-list", description="Case studies presented there."),
        _SUMMARY,
        _SOURCES,
    ),
    "case_studies": (
        Field("kind", "choice", True, CASE_STUDY_KINDS, "case-study or good-practice."),
        Field("title", "text", True, description="A short, descriptive title."),
        Field("date", "date", description="When the work was reported.", claim=True),
        _SUMMARY,
        Field("places", "place-list", description="Where the work happened."),
        Field("organisations", "organisation-list", description="Organisations involved."),
        Field("themes", "theme-list", description="Themes it illustrates."),
        Field("barriers", "barrier-list", description="Barriers it met."),
        Field("overcome", "barrier-list", description="Barriers it overcame."),
        Field("projects", "project-list", description="Programmes or projects it belongs to."),
        Field("presented_at", "record-list", description="Events where it was presented."),
        Field("listed_in", "record-list",
              description="Events whose report or account lists it (not presented there)."),
        Field("contributors", "person-list", description="People who contributed it."),
        _SOURCES,
    ),
}

_COMMON = (
    Field("id", "text", True, description="Lowercase a-z, 0-9 and hyphens."),
    Field("name", "text", True, description="The canonical name."),
    Field("aliases", "text-list", description="Other names for the same thing."),
    Field("description", "text", description="One line, in your own words."),
    _SOURCES,
)
#: The fields of the provenance registries, which need no name (a finding has its text).
_ID = Field("id", "text", True, description="Lowercase a-z, 0-9 and hyphens.")
_OPTIONAL_NAME = Field("name", "text", description="A short name (made from the text if absent).")
_EVIDENCE = (
    Field("evidence", "choice", choices=EVIDENCE,
          description="stated (the default), inferred or disputed, for the entry's claims."),
    Field("reason", "text", description="Why it is inferred or disputed (required then)."),
)

REGISTRY_FIELDS: dict[str, tuple[Field, ...]] = {
    "people": _COMMON + (
        Field("consent", "choice", True, CONSENT,
              "named, role-only or withdrawn, as the person agreed; never assumed."),
        Field("role", "text", description="A default role."),
        Field("organisation", "organisation", description="A default organisation."),
    ),
    "organisations": _COMMON + (
        Field("sector", "sector", True, description="An id from sectors.yml.",
              classification=True),
        Field("parent", "organisation", description="The organisation it is part of."),
        Field("place", "place", description="Where it is based."),
        Field("status", "choice", choices=ORG_STATUSES, description="active, closed, ..."),
        Field("successor", "organisation", description="Who took over its work."),
    ),
    "themes": _COMMON + (Field("group", "text", description="The family of themes."),),
    "barriers": _COMMON,
    "places": _COMMON + (
        Field("kind", "choice", choices=PLACE_TYPES, description="city, county, ..."),
        Field("within", "place", description="A larger place."),
    ),
    "sectors": _COMMON,
    "projects": _COMMON + (
        Field("kind", "choice", True, PROJECT_TYPES, "seminar-series, project, ..."),
        Field("date", "date", description="When it started or was published."),
        Field("organisations", "organisation-list", description="Organisations involved."),
        Field("people", "person-list", description="People involved."),
        Field("authors", "person-list", description="Authors, for publications."),
        Field("url", "url", description="Its address, when known."),
        Field("funders", "organisation-list", description="Organisations that funded it."),
        Field("lead", "organisation", description="The lead organisation."),
        Field("partners", "organisation-list", description="Partner organisations."),
        Field("principal_investigators", "person-list",
              description="Its principal investigators."),
        Field("investigators", "person-list", description="Its other investigators."),
    ),
    "sources": (
        _ID,
        Field("title", "text", True, description="The title as the source gives it."),
        Field("aliases", "text-list", description="Other titles it goes by."),
        Field("kind", "choice", True, SOURCE_TYPES, "news-item, grant-record, blog-post, ..."),
        Field("publisher", "organisation", True, unknown=True,
              description="The organisation that published it, or unknown."),
        Field("authors", "person-list", description="Its authors, when it names them."),
        Field("date", "date", True, description="When it was published, or unknown."),
        Field("url", "url", description="Its address, only when the source gives one."),
        Field("find", "text", description="How to find it, when it has no address."),
        Field("authority", "text", True,
              description="Who speaks in it, with what standing, in plain words."),
        Field("description", "text", description="One line, in your own words."),
    ),
    "outputs": (
        _ID,
        Field("title", "text", True, description="The title of the output."),
        Field("aliases", "text-list", description="Other titles it goes by."),
        Field("kind", "choice", True, OUTPUT_TYPES, "report, book-chapter, survey, ..."),
        Field("date", "date", description="When it was published or produced."),
        Field("authors", "person-list", description="Its authors."),
        Field("produced_by", "project-or-record",
              description="The project or event that produced it."),
        Field("url", "url", description="Its address, when known."),
        Field("description", "text", description="One line, in your own words."),
        _SOURCES,
    ),
    "findings": (
        _ID, _OPTIONAL_NAME,
        Field("of", "project-or-record", True,
              description="The project or event whose finding it is."),
        Field("number", "count", description="Its number within that project or event."),
        Field("text", "text", True, description="The finding, in our own words."),
        _SOURCES, *_EVIDENCE,
    ),
    "impacts": (
        _ID, _OPTIONAL_NAME,
        Field("of", "project-or-record", True,
              description="The project or event whose impact it is."),
        Field("types", "text-list", description="Impact types, as the source gives them."),
        Field("first_year", "date", description="The first year of impact."),
        Field("users", "text-list", description="Who uses it."),
        Field("beneficiaries", "text-list", description="Who benefits."),
        Field("outcomes", "text-list", description="The outcomes, planned or reported."),
        Field("description", "text", description="One line, in your own words."),
        _SOURCES, *_EVIDENCE,
    ),
    "collaborations": (
        _ID, _OPTIONAL_NAME,
        Field("partners", "partner-list", True,
              description="Each partner organisation and what it brought."),
        Field("start", "date", description="When it started."),
        Field("about", "project-or-record",
              description="The project or event it was about."),
        Field("description", "text", description="What it was, in your own words."),
        _SOURCES, *_EVIDENCE,
    ),
    "quotes": (
        _ID,
        Field("text", "text", True, description="The words, exactly as the source gives them."),
        Field("by", "person",
              description="Who said it; leave out, or write 'a delegate', when unattributed."),
        Field("at", "record", description="The event or record where it was said."),
        Field("date", "date", description="When it was said."),
        _SOURCES,
    ),
}

#: Registries whose description is required (controlled vocabularies explain themselves).
DESCRIBED = ("themes", "barriers", "sectors")

#: Registries that are controlled vocabularies: an unknown value is an error, not a new entry.
CLOSED_KINDS = ("themes", "barriers", "projects", "sectors")
#: The field an entry of these registries takes its name from when it has no ``name``.
NAME_FROM = {"sources": "title", "outputs": "title", "findings": "text", "quotes": "text",
             "impacts": "id", "collaborations": "id"}

#: The collection each record field points into (None: any collection).
RECORD_TARGET: dict[str, str | None] = {
    "presented_at": "seminars", "listed_in": "seminars", "case_studies": "case_studies",
    "at": None,
}

#: Characters no published text may hold: C0/C1 controls (but tab and newline), U+FFFE/FFFF.
#: Written for both Python's re and JavaScript's RegExp (the JSON Schema uses it too).
CONTROL_CHARS = r"\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff"

#: A citation of a registered source (``- source: id`` with ``locator`` and ``quote``) ...
CITATION_KEYS = ("source", "locator", "quote")
#: ... and a source described in place: a registered one, found by its title (the older form),
#: or a new one, which needs its ``authority`` too (kb.corpus.provenance; issue 14).
LEGACY_SOURCE_KEYS = ("title", "kind", "publisher", "date", "url", "authority")
#: The end of a sentence followed by more words: a citation's quote is one sentence at most.
#: Written for both Python's re and JavaScript's RegExp (the JSON Schema uses it too).
MORE_THAN_A_SENTENCE = r"[.!?][\"'\u201d\u2019)\]]*\s+\S"
#: What any relation item may carry beside its value (kb.corpus.claims).
CLAIM_KEYS = ("source", "sources", "evidence", "reason")
#: The keys that give the value of a relation item written as a mapping.
VALUE_KEYS = ("id", "name")
#: The key that gives the value of a date or status written as a claim (kb.schema.Field.claim).
VALUE_KEY = "value"
PERSON_KEYS = ("name", "organisation", "role", "consent")
PARTNER_KEYS = ("organisation", "contribution")
#: Where a cleaned record keeps the provenance of its date and status when written as claims
#: (field -> its ``sources``, ``evidence`` and ``reason``): a key no file can give
#: (kb.corpus.claims).
CLAIMS_KEY = "@claims"
#: The words that make a quote's ``by`` an unattributed description ("a delegate").
UNATTRIBUTED = ("a ", "an ")


@functools.cache
def fields_for(collection: str) -> dict[str, Field]:
    """The fields of a collection (``seminars``) or registry (``registry:people``) by name.
    Built once per collection; callers only read the result."""
    if collection.startswith("registry:"):
        return {f.name: f for f in REGISTRY_FIELDS[collection.split(":", 1)[1]]}
    return {f.name: f for f in COLLECTION_FIELDS[collection]}

#: Headings of the text below the frontmatter, with what to write under each.
BODY_SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "case-study": (
        ("What was done", "Describe the work: who shared what information with whom, and "
                          "why. Say where each fact comes from."),
        ("What made a difference", "What helped, what got in the way, and what changed as a "
                                   "result. Name people only with their consent."),
    ),
    "good-practice": (
        ("The practice", "Describe the practice as the source reports it. Say where "
                         "each fact comes from."),
        ("Why it helps", "What it made possible, and what others would need to do it. Name "
                         "people only with their consent."),
    ),
    "seminar": (
        ("What was discussed", "The questions, talks and discussions, as the sources report "
                               "them. Say where each fact comes from."),
        ("What came out of it", "Conclusions, follow-up work and publications, when known."),
    ),
}

#: What one item of each list field is called, in prompts and form labels.
ITEM_LABELS = {
    "places": "Place", "organisations": "Organisation", "themes": "Theme",
    "barriers": "Barrier met", "overcome": "Barrier overcome", "projects": "Project",
    "presented_at": "Event", "contributors": "Contributor", "sources": "Source",
    "hosts": "Host", "organisers": "Organiser", "speakers": "Speaker",
    "case_studies": "Case study", "listed_in": "Event listing it",
    "workshop_leads": "Workshop lead",
}
