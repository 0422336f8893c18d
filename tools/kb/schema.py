"""The content model as data: one definition that the validator, the JSON Schema and the
field reference page are all checked against."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .kinds import CASE_STUDY_KINDS

#: Value types a field can have. ``*-list`` types take a YAML list.
TYPES = (
    "text", "date", "count", "choice", "url",
    "person-list", "organisation", "organisation-list", "place", "place-list",
    "theme-list", "barrier-list", "sector", "project", "project-list",
    "record-list", "source-list", "text-list",
)

#: Which registry a reference type points into.
REFERENCE_KIND = {
    "person-list": "people", "organisation": "organisations", "organisation-list": "organisations",
    "place": "places", "place-list": "places", "theme-list": "themes",
    "barrier-list": "barriers", "sector": "sectors", "project": "projects",
    "project-list": "projects",
}

STATUSES = ("planned", "held", "cancelled")
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

    @property
    def is_list(self) -> bool:
        return self.type.endswith("-list")


_SOURCES = Field("sources", "source-list", description="Where the facts come from.")
_SUMMARY = Field("summary", "text", description="One or two sentences for lists and search.")

COLLECTION_FIELDS: dict[str, tuple[Field, ...]] = {
    "seminars": (
        Field("title", "text", True, description="The event's title as announced."),
        Field("date", "date", True, description="YYYY, YYYY-MM, YYYY-MM-DD or unknown."),
        Field("number", "count", description="Its place in the series."),
        Field("series", "project", description="The series or project it belongs to."),
        Field("status", "choice", choices=STATUSES, description="Defaults to held."),
        Field("place", "place", description="Where it happened."),
        Field("venue", "text", description="The building or venue, when known."),
        Field("participants", "count", description="How many took part, when known."),
        Field("hosts", "organisation-list", description="Organisations that hosted it."),
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
        Field("date", "date", description="When the work was reported."),
        _SUMMARY,
        Field("places", "place-list", description="Where the work happened."),
        Field("organisations", "organisation-list", description="Organisations involved."),
        Field("themes", "theme-list", description="Themes it illustrates."),
        Field("barriers", "barrier-list", description="Barriers it met."),
        Field("overcome", "barrier-list", description="Barriers it overcame."),
        Field("projects", "project-list", description="Programmes or projects it belongs to."),
        Field("presented_at", "record-list", description="Events where it was presented."),
        Field("contributors", "person-list", description="People who contributed it."),
        _SOURCES,
    ),
}

_COMMON = (
    Field("id", "text", True, description="Lowercase a-z, 0-9 and hyphens."),
    Field("name", "text", True, description="The canonical name."),
    Field("aliases", "text-list", description="Other names for the same thing."),
    Field("description", "text", description="One line, in your own words."),
    Field("sources", "source-list", description="Where the facts come from."),
)

REGISTRY_FIELDS: dict[str, tuple[Field, ...]] = {
    "people": _COMMON + (
        Field("consent", "choice", True, CONSENT,
              "named, role-only or withdrawn, as the person agreed; never assumed."),
        Field("role", "text", description="A default role."),
        Field("organisation", "organisation", description="A default organisation."),
    ),
    "organisations": _COMMON + (
        Field("sector", "sector", True, description="An id from sectors.yml."),
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
    ),
}

#: Registries whose description is required (controlled vocabularies explain themselves).
DESCRIBED = ("themes", "barriers", "sectors")

#: Registries that are controlled vocabularies: an unknown value is an error, not a new entry.
CLOSED_KINDS = ("themes", "barriers", "projects", "sectors")

#: The collection each record-list field points into.
RECORD_TARGET = {"presented_at": "seminars", "case_studies": "case_studies"}

#: Characters no published text may hold: C0/C1 controls (but tab and newline), U+FFFE/FFFF.
#: Written for both Python's re and JavaScript's RegExp (the JSON Schema uses it too).
CONTROL_CHARS = r"\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff"

SOURCE_KEYS = ("title", "publisher", "date", "url")
PERSON_KEYS = ("name", "organisation", "role", "consent")


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
    "case_studies": "Case study",
}
