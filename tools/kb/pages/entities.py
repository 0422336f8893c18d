"""Pages for people, organisations, themes, barriers, places, sectors and projects."""

from __future__ import annotations

from collections.abc import Callable

from ..html_safety import esc, href
from ..kinds import KINDS, record_kind_label
from ..model import Entity, Record
from ..urls import page_uri
from .common import (
    Context,
    bullet_list,
    definition,
    entity_link,
    header,
    human_date,
    index_link,
    panel,
    record_link,
    sources_section,
)

SEMINAR_ROLES = {"speakers": "speaker", "organisers": "organiser", "contributors": "contributor"}


def entity_page(ctx: Context, entity: Entity) -> str:
    """The page of one entity: what it is, its facts, the records naming it, related entities."""
    src = page_uri(entity.kind, entity.id)
    singular = KINDS[entity.kind].singular
    description = entity.description or f"A {singular} in the knowledge base."
    parts = [
        header(entity.name, description),
        f"# {esc(entity.name)}\n\n",
        f"{esc(singular.capitalize())} · "
        f"{index_link(src, entity.kind, 'all ' + KINDS[entity.kind].label.lower())}\n"
        "{: .kb-kicker }\n\n",
    ]
    if entity.description:
        parts.append(f"{esc(entity.description)}\n{{: .kb-lead }}\n\n")
    facts = FACTS.get(entity.kind, _no_facts)(ctx, entity, src)
    if facts:
        parts.append(panel("Summary", facts))
    parts.append(SECTIONS.get(entity.kind, _records_section)(ctx, entity, src))
    parts.append(sources_section(ctx, src, entity.sources))
    return "".join(parts)


def _no_facts(ctx: Context, entity: Entity, src: str) -> str:
    return ""


def _person_facts(ctx: Context, entity: Entity, src: str) -> str:
    return "".join(
        [
            definition("Also known as", [esc(a) for a in entity.aliases if a != entity.name][:4]),
            definition("Role", [esc(entity.data["role"])] if entity.data.get("role") else []),
            definition("Affiliations", _affiliations(ctx, entity, src)),
        ]
    )


def _affiliations(ctx: Context, entity: Entity, src: str) -> list[str]:
    """Each organisation the person was with, and the dates of the records that say so."""
    seen: dict[str, list[str]] = {}
    for app in ctx.links.appearances.get(entity.id, []):
        if app.organisation:
            date = ctx.corpus.records[app.record].date
            seen.setdefault(app.organisation, []).append(date[:4] if date else "")
    default = entity.references.get("organisation", [])
    for org in default:
        seen.setdefault(org, [])
    out = []
    for org, years in seen.items():
        known = sorted({y for y in years if y})
        when = f" ({', '.join(known)})" if known else ""
        out.append(entity_link(ctx, src, "organisations", org) + when)
    return out


def _person_sections(ctx: Context, entity: Entity, src: str) -> str:
    items = []
    for app in ctx.links.appearances.get(entity.id, []):
        record = ctx.corpus.records[app.record]
        role = SEMINAR_ROLES.get(app.field, app.field)
        items.append(f"{record_link(src, record)} — {esc(role)}, {human_date(record.date)}")
    people = [
        f"{entity_link(ctx, src, 'people', p)} ({_times(n)})"
        for p, n in ctx.links.co_occurring("people", entity.id, "people")
        if ctx.named("people", p)
    ]
    projects = [
        entity_link(ctx, src, "projects", p.id)
        for p in ctx.corpus.entities("projects").values()  # noqa: E501
        if any(entity.id == r.person for refs in p.people.values() for r in refs)
    ]
    return (
        "## Seminars, events and case studies\n\n"
        + bullet_list(list(dict.fromkeys(items)), "No record names this person yet.")
        + "\n"
        + "## Appeared with\n\n"
        + bullet_list(people, "Nobody else is recorded with them.")
        + ("\n## Projects and publications\n\n" + bullet_list(projects, "") if projects else "")
        + "\n"
    )


def _organisation_facts(ctx: Context, entity: Entity, src: str) -> str:
    refs = entity.references
    children = ctx.links.inverse("organisations", "parent").get(entity.id, [])
    status = entity.data.get("status")
    return "".join(
        [
            definition(
                "Sector",
                [entity_link(ctx, src, "sectors", s) for s in refs.get("sector", [])]
                or ["Not recorded"],
            ),
            definition("Also known as", [esc(a) for a in entity.aliases][:5]),
            definition(
                "Part of",
                [entity_link(ctx, src, "organisations", o) for o in refs.get("parent", [])],
            ),
            definition("Includes", [entity_link(ctx, src, "organisations", o) for o in children]),
            definition(
                "Based in", [entity_link(ctx, src, "places", p) for p in refs.get("place", [])]
            ),
            definition("Status", [esc(status)] if status else []),
            definition(
                "Succeeded by",
                [entity_link(ctx, src, "organisations", o) for o in refs.get("successor", [])],
            ),
        ]
    )


def _organisation_sections(ctx: Context, entity: Entity, src: str) -> str:
    people = ctx.links.organisation_people(entity.id)
    people_links = [entity_link(ctx, src, "people", p) for p in people if ctx.named("people", p)]
    partners = [
        f"{entity_link(ctx, src, 'organisations', o)} ({_times(n)})"
        for o, n in ctx.links.co_occurring("organisations", entity.id, "organisations")
    ]
    return (
        _records_section(ctx, entity, src)
        + "## People\n\n"
        + bullet_list(people_links, "No named person is recorded here.")
        + "\n"
        + "## Partner organisations\n\n"
        + bullet_list(partners, "No other organisation appears in the same records.")
        + "\n"
    )


def _records_section(ctx: Context, entity: Entity, src: str) -> str:
    seminars = ctx.links.records_for(entity.kind, entity.id)
    fields: dict[str, set[str]] = {}
    for record_id, name in ctx.links.mentions.get((entity.kind, entity.id), []):
        fields.setdefault(record_id, set()).add(name)
    out = []
    for collection, title in (
        ("seminars", "Seminars and events"),
        ("case_studies", "Case studies and good practice"),
    ):
        items = [
            _record_item(src, r, entity.kind, fields.get(r.id, set()))
            for r in seminars
            if r.collection == collection
        ]
        out.append(f"## {title}\n\n" + bullet_list(items, "None recorded yet.") + "\n")
    for kind in ("themes", "organisations"):
        if kind == entity.kind:
            continue
        related = [
            f"{entity_link(ctx, src, kind, i)} ({_times(n)})"
            for i, n in ctx.links.co_occurring(entity.kind, entity.id, kind, 8)
        ]
        if related:
            out.append(
                f"## Often with these {KINDS[kind].label.lower()}\n\n"
                + bullet_list(related, "")
                + "\n"
            )
    return "".join(out)


def _record_item(src: str, record: Record, kind: str, fields: set[str]) -> str:
    how = ""
    if kind == "barriers":
        how = " — " + " and ".join(
            sorted({"overcome" if f == "overcome" else "still a barrier" for f in fields})
        )
    details = f"{esc(record_kind_label(record.kind, ''))}, {human_date(record.date)}{esc(how)}"
    return f'{record_link(src, record)} <span class="kb-muted">({details})</span>'


def _place_facts(ctx: Context, entity: Entity, src: str) -> str:
    refs = entity.references
    inside = ctx.links.inverse("places", "within").get(entity.id, [])
    orgs = ctx.links.inverse("organisations", "place").get(entity.id, [])
    return "".join(
        [
            definition("Kind", [esc(entity.data["kind"])] if entity.data.get("kind") else []),
            definition(
                "Within", [entity_link(ctx, src, "places", p) for p in refs.get("within", [])]
            ),
            definition("Includes", [entity_link(ctx, src, "places", p) for p in inside]),
            definition(
                "Organisations based here",
                [entity_link(ctx, src, "organisations", o) for o in orgs],
            ),
        ]
    )


def _sector_facts(ctx: Context, entity: Entity, src: str) -> str:
    orgs = ctx.links.inverse("organisations", "sector").get(entity.id, [])
    return definition("Organisations", [entity_link(ctx, src, "organisations", o) for o in orgs])


def _project_facts(ctx: Context, entity: Entity, src: str) -> str:
    refs, people = entity.references, entity.people
    url = entity.data.get("url")
    return "".join(
        [
            definition("Kind", [esc(entity.data.get("kind", ""))]),
            definition(
                "Date",
                [human_date(entity.data.get("date"))]
                if entity.data.get("date") not in (None, "unknown")
                else [],
            ),
            definition(
                "Organisations",
                [entity_link(ctx, src, "organisations", o) for o in refs.get("organisations", [])],
            ),
            definition(
                "Authors",
                [entity_link(ctx, src, "people", r.person) for r in people.get("authors", [])],
            ),
            definition(
                "People",
                [entity_link(ctx, src, "people", r.person) for r in people.get("people", [])],
            ),
            definition("Web address", [f"[{esc(url)}]({href(url)})"] if url else []),
        ]
    )


def _theme_facts(ctx: Context, entity: Entity, src: str) -> str:
    group = entity.data.get("group")
    return definition("Group", [esc(group)] if group else [])


def _times(n: int) -> str:
    return f"{n} record{'s' if n != 1 else ''}"


Builder = Callable[[Context, Entity, str], str]
FACTS: dict[str, Builder] = {
    "people": _person_facts,
    "organisations": _organisation_facts,
    "places": _place_facts,
    "sectors": _sector_facts,
    "projects": _project_facts,
    "themes": _theme_facts,
}
SECTIONS: dict[str, Builder] = {"people": _person_sections, "organisations": _organisation_sections}
