"""Index pages: home, the seminar timeline, the case-study finder and one list per kind."""

from __future__ import annotations

from collections import defaultdict

from ..html_safety import attr, esc
from ..kinds import KINDS, record_kind_label
from ..model import Record
from ..urls import index_uri, page_uri, relative
from .common import (
    Context,
    bullet_list,
    entity_link,
    header,
    human_date,
    index_link,
    record_link,
)
from .records import STATUS_LABELS

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
    latest = [f"{record_link(src, r)} — {human_date(r.date)}" for r in seminars if r.date][:5]
    featured = [
        f"{record_link(src, r)}" + (f" — {esc(r.meta['summary'])}" if r.meta.get("summary") else "")
        for r in studies
        if r.kind == "case-study"
    ][:3]
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
        "{: .kb-lead }\n\n" + f"[About the series](about.md){{ .md-button .md-button--primary }} "
        f"[Explore the network]({relative(src, 'network/index.md')}){{ .md-button }} "
        f"[Propose a case study](contribute/propose.md){{ .md-button }}\n\n"
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
            number = f"Seminar {r.meta['number']}: " if r.meta.get("number") else ""
            place = (
                entity_link(ctx, src, "places", r.refs["place"][0]) if r.refs.get("place") else ""
            )
            themes = ", ".join(
                entity_link(ctx, src, "themes", t) for t in r.refs.get("themes", [])[:4]
            )
            bits = [
                human_date(r.date),
                STATUS_LABELS.get(str(r.meta.get("status", "held")), "Held"),
            ]
            bits += [place] if place else []
            parts.append(
                f"- {esc(number)}{record_link(src, r)}  \n  {' · '.join(bits)}"
                + (f"  \n  Themes: {themes}" if themes else "")
                + "\n"
            )
        parts.append("\n")
    return "".join(parts)


def finder_page(ctx: Context) -> str:
    """Every case study as a card carrying its facets; static lists to browse without script."""
    src = index_uri("case_studies")
    records = ctx.corpus.by_collection("case_studies")
    facets: dict[str, set[str]] = {name: set() for name in
                                   ("kind", "theme", "barrier", "sector", "place")}
    cards = []
    for r in records:
        values = _facets(ctx, r)
        for key, vals in values.items():
            facets[key] |= set(vals)
        data = " ".join(f'data-{k}="{attr(" ".join(v))}"' for k, v in values.items())
        summary = esc(r.meta["summary"]) if r.meta.get("summary") else ""
        cards.append(
            f'<li class="kb-card" {data} markdown>{record_link(src, r)}'
            f'<br><span class="kb-muted">{esc(record_kind_label(r.kind, ""))}'
            f"</span> {summary}</li>"
        )
    return (
        header(
            "Case studies and good practice",
            "Find case studies by theme, barrier, sector and place.",
        )
        + "# Case studies and good practice\n\n"
        + "Case studies describe how one place shared information across services; "
        "good-practice accounts describe a practice that a source presents as good practice. "
        "Narrow the list with the filters, or browse by theme, barrier, sector or place below.\n\n"
        + _filter_form(ctx, facets)
        + '<p class="kb-finder-count" role="status" aria-live="polite"></p>\n\n'
        + '<ul class="kb-finder" markdown>\n'
        + "\n".join(cards)
        + "\n</ul>\n\n"
        + _browse_lists(ctx, src, facets)
    )


def _facets(ctx: Context, record: Record) -> dict[str, list[str]]:
    sectors = sorted({f[1] for f in ctx.links.features.get(record.id, ()) if f[0] == "sectors"})
    return {
        "kind": [record.kind],
        "theme": record.refs.get("themes", []),
        "barrier": record.refs.get("barriers", []) + record.refs.get("overcome", []),
        "sector": sectors,
        "place": record.refs.get("places", []),
    }


def _filter_form(ctx: Context, facets: dict[str, set[str]]) -> str:
    kinds = {
        "kind": None,
        "theme": "themes",
        "barrier": "barriers",
        "sector": "sectors",
        "place": "places",
    }
    selects = []
    for facet, kind in kinds.items():
        options = ['<option value="">Any</option>']
        for value in sorted(facets[facet], key=lambda v: _name(ctx, kind, v).casefold()):
            options.append(
                f'<option value="{attr(value)}">{attr(_name(ctx, kind, value))}</option>'
            )
        selects.append(
            f'<label for="kb-filter-{facet}">{facet.capitalize()}</label>'
            f'<select id="kb-filter-{facet}" data-facet="{facet}">{"".join(options)}</select>'
        )
    return (
        '<form class="kb-filters" hidden aria-label="Filter case studies">'
        + "".join(f'<div class="kb-filter">{s}</div>' for s in selects)
        + '<button type="reset" class="md-button">Clear filters</button></form>\n\n'
    )


def _name(ctx: Context, kind: str | None, value: str) -> str:
    if kind is None:
        return record_kind_label(value, value)
    entity = ctx.corpus.entity(kind, value)
    return entity.name if entity else value


def _browse_lists(ctx: Context, src: str, facets: dict[str, set[str]]) -> str:
    out = []
    for facet, kind in (
        ("theme", "themes"),
        ("barrier", "barriers"),
        ("sector", "sectors"),
        ("place", "places"),
    ):
        links = [
            entity_link(ctx, src, kind, v)
            for v in sorted(facets[facet], key=lambda v: _name(ctx, kind, v).casefold())
        ]
        out.append(f"### By {facet}\n\n" + bullet_list(links, "None yet.") + "\n")
    return "## Browse\n\n" + "".join(out)


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
            sector = (e.references.get("sector") or ["not recorded"])[0]
            groups[sector].append(e.id)
        for sector in sorted(groups, key=lambda s: _name(ctx, "sectors", s).casefold()):
            parts.append(f"## {esc(_name(ctx, 'sectors', sector))}\n\n")
            parts.append(bullet_list([_index_item(ctx, src, kind, i) for i in groups[sector]], ""))
            parts.append("\n")
    else:
        parts.append(
            bullet_list(
                [_index_item(ctx, src, kind, e.id) for e in entities], "Nothing is listed yet."
            )
        )
    return "".join(parts)


def _index_item(ctx: Context, src: str, kind: str, item_id: str) -> str:
    entity = ctx.corpus.entity(kind, item_id)
    count = len({r for r, _ in ctx.links.mentions.get((kind, item_id), [])})
    extra = (
        f" — {esc(entity.description)}"
        if entity and entity.description and kind in ("themes", "barriers", "sectors")
        else ""
    )
    return (
        entity_link(ctx, src, kind, item_id)
        + f' <span class="kb-muted">({count} record{"s" if count != 1 else ""})</span>{extra}'
    )


def _named_people(ctx: Context) -> int:
    return sum(ctx.named("people", p) for p in ctx.corpus.entities("people"))


__all__ = ["entity_index_page", "finder_page", "home_page", "page_uri", "timeline_page"]
