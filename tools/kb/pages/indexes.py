"""Index pages: home, the seminar timeline, the Browse overview and one list per kind (the
case-study finder is in :mod:`kb.pages.finder`)."""

from __future__ import annotations

from collections import defaultdict

from ..html_safety import esc
from ..kinds import KINDS, REGISTRIES
from ..model import Record
from ..urls import index_uri, page_uri, relative
from .common import (
    Context,
    bullet_list,
    entity_link,
    header,
    index_link,
)
from .lists import person_item, record_item
from .mentions import measure

ENTITY_INTROS = {
    "people": "People named in the records, with their consent. People who asked to appear "
    "only by their role, or not at all, are not listed.",
    "organisations": "Organisations the sources name in connection with the series and the "
    "work around it, grouped by sector.",
    "themes": "The themes the series and the Centre of Excellence for Information Sharing "
    "return to.",
    "barriers": "Barriers to sharing information that the sources list as still in the way, "
    "and barriers they list as overcome.",
    "places": "Places the sources name in connection with the seminars, workshops and case "
    "studies.",
    "sectors": "The professional sectors whose boundaries information has to cross.",
    "projects": "Projects, programmes, networks and publications around the series.",
    "sources": "The documents this knowledge base is built from: who published what, when, "
    "and with what authority.",
    "outputs": "Reports, chapters, surveys and other outputs of the projects and events.",
    "findings": "What the projects and events found, in the knowledge base's own words, "
    "each with its source.",
    "impacts": "The impact the projects and events planned or reported.",
    "collaborations": "Collaborations between organisations, and what each partner brought.",
    "quotes": "Words the sources attribute to people, or to unnamed delegates.",
}


def home_page(ctx: Context) -> str:
    src = "index.md"
    seminars = ctx.corpus.by_collection("seminars")
    studies = ctx.corpus.by_collection("case_studies")
    counts = [
        (len(seminars), "seminars and events", "seminars"),
        (len(studies), "case studies and good-practice accounts", "case_studies"),
        (_named_people(ctx), "people", "people"),
        (len(ctx.corpus.entities("organisations")), "organisations", "organisations"),
        (len(ctx.corpus.entities("themes")), "themes", "themes"),
        (len(ctx.corpus.entities("barriers")), "barriers", "barriers"),
    ]
    cards = "\n".join(
        f"- **{n}** [{label}]({relative(src, index_uri(kind))})" for n, label, kind in counts
    )
    latest = [record_item(ctx, src, r) for r in seminars if r.date][:5]
    featured = [record_item(ctx, src, r) for r in studies if r.kind == "case-study"][:3]
    return (
        header(
            None,
            "How public services share information across the "
            "boundaries between them: seminars, case studies and the network around the "
            "ESRC seminar series.",
        )
        + f"# {esc(ctx.site_name)}\n\n"
        + "What needs to be shared, or not shared, when we share information? This knowledge "
        "base gathers the ESRC seminar series on that question and the work around it: "
        "the seminars, the workshops of the EASI project and the Centre of Excellence for "
        "Information Sharing, the case studies and good practice listed in the sources, and the "
        "people and organisations who met across the boundaries between their services.\n"
        "{: .kb-lead }\n\n" + _actions(src)
        + '<div class="kb-counts" markdown>\n\n'
        + cards
        + "\n\n</div>\n\n"
        + "## Latest seminars and events\n\n"
        + bullet_list(latest, "No dated event yet.")
        + f"\nSee every event on the {index_link(src, 'seminars', 'seminar timeline')}.\n\n"
        + "## Case studies\n\n"
        + bullet_list(featured, "No case study yet.")
        + f"\nFind more with the {index_link(src, 'case_studies', 'case-study finder')}.\n"
    )


def _actions(src: str) -> str:
    """The home page's three actions, in a row of equal buttons (a column on a phone)."""
    return (
        '<div class="kb-actions" markdown>\n\n'
        "[About the series](about.md){ .md-button .md-button--primary } "
        f"[Explore the network]({relative(src, 'network/index.md')}){{ .md-button }} "
        "[Propose a case study](contribute/propose.md){ .md-button }\n\n</div>\n\n"
    )


def timeline_page(ctx: Context) -> str:
    """Seminars by year, newest first; undated ones last, said plainly."""
    src = index_uri("seminars")
    by_year: dict[str, list[Record]] = defaultdict(list)
    for record in ctx.corpus.by_collection("seminars"):
        by_year[str(record.year) if record.year else "Date not known"].append(record)
    parts = [
        header("Seminars and events", "Every seminar, workshop and event by year."),
        "# Seminars and events\n\n",
        "Every seminar of the series and every related workshop, newest first. Events "
        "whose date the sources do not give are listed at the end.\n\n",
    ]
    for year, records in by_year.items():
        parts.append(f"## {esc(year)}\n\n")
        for r in records:
            themes = ", ".join(
                entity_link(ctx, src, "themes", t) for t in r.refs.get("themes", [])[:4]
            )
            parts.append(
                f"- {record_item(ctx, src, r, status=True)}"
                + (f"  \n  Themes: {themes}" if themes else "")
                + "\n"
            )
        parts.append("\n")
    return "".join(parts)


def entity_index_page(ctx: Context, kind: str) -> str:
    """A list of every entity of one kind; organisations grouped by sector."""
    src = index_uri(kind)
    title = KINDS[kind].label
    entities = sorted(
        (e for e in ctx.corpus.entities(kind).values() if ctx.named(kind, e.id)),
        key=lambda e: e.name.casefold(),
    )
    parts = [
        header(title, ENTITY_INTROS[kind]),
        f"# {esc(title)}\n\n",
        ENTITY_INTROS[kind] + "\n\n",
    ]
    if kind == "organisations":
        groups: dict[str, list[str]] = defaultdict(list)
        for e in entities:
            sector = (e.references.get("sector") or [""])[0]
            groups[sector].append(e.id)
        for sector in sorted(groups, key=lambda s: _sector_name(ctx, s).casefold()):
            parts.append(f"## {esc(_sector_name(ctx, sector))}\n\n")
            parts.append(bullet_list([_index_item(ctx, src, kind, i) for i in groups[sector]], ""))
            parts.append("\n")
    else:
        parts.append(
            bullet_list(
                [_index_item(ctx, src, kind, e.id) for e in entities], "Nothing is listed yet."
            )
        )
    return "".join(parts)


def _sector_name(ctx: Context, sector: str) -> str:
    entity = ctx.corpus.entity("sectors", sector) if sector else None
    return entity.name if entity else sector or "Sector not recorded"


def _index_item(ctx: Context, src: str, kind: str, item_id: str) -> str:
    entity = ctx.corpus.entity(kind, item_id)
    count = len({r for r, _ in ctx.links.mentions.get((kind, item_id), [])})
    if kind == "people":  # a name alone does not say who someone is
        return person_item(ctx, src, item_id, tally=measure(ctx, f"people:{item_id}", count))
    extra = (
        f" — {esc(entity.description)}"
        if entity and entity.description and kind in ("themes", "barriers", "sectors")
        else ""
    )
    measured = measure(ctx, f"{kind}:{item_id}", count)  # never a bare "0 records" if named
    return (entity_link(ctx, src, kind, item_id)
            + f' <span class="kb-muted">({measured})</span>{extra}')


def browse_page(ctx: Context) -> str:
    """The Browse section's own page: every index it opens, with what each lists."""
    src = "browse/index.md"
    items = []
    for kind in REGISTRIES:
        n = sum(ctx.named(kind, i) for i in ctx.corpus.entities(kind))
        items.append(f"{index_link(src, kind)} ({n}): {ENTITY_INTROS[kind]}")
    return (
        header("Browse", "Every index of the knowledge base.")
        + "# Browse\n\n"
        + "Every list of the knowledge base, each leading to a page per entry. Seminars and "
        f"events have their {index_link(src, 'seminars', 'timeline')}, and case studies "
        f"their {index_link(src, 'case_studies', 'finder')}.\n\n"
        + bullet_list(items, "")
    )


def _named_people(ctx: Context) -> int:
    return sum(ctx.named("people", p) for p in ctx.corpus.entities("people"))


__all__ = ["browse_page", "entity_index_page", "home_page", "page_uri", "timeline_page"]
