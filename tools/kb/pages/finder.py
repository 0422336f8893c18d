"""The case-study finder: every case study as a card carrying its facets, a form of filters
that site.js brings to life, and static lists to browse by without script.

A filter never hides a record silently: a record with no value for a facet (no organisation,
so no sector) can be chosen as "not recorded", every option says how many records it keeps,
and the script says how many records a filter left out only for lack of data. A facet no
record has a value for is not offered at all.
"""

from __future__ import annotations

from collections import Counter

from ..html_safety import attr, esc
from ..kinds import record_kind_label
from ..model import Record
from ..names import ID_RE
from ..urls import index_uri
from .common import Context, bullet_list, entity_link, header, record_link
from .lists import facts_line, study_facts, unindexed

#: The value of the "not recorded" option: ids never start with a hyphen, so none clashes.
NOT_RECORDED = "-none"
#: Each facet and the registry its values come from (kinds of record have none).
FACETS: dict[str, str | None] = {
    "kind": None,
    "theme": "themes",
    "barrier": "barriers",
    "sector": "sectors",
    "place": "places",
}


def finder_page(ctx: Context) -> str:
    """The finder: filters, a live result line, the cards, then lists to browse by."""
    src = index_uri("case_studies")
    records = ctx.corpus.by_collection("case_studies")
    values = [_facets(ctx, r) for r in records]
    cards = [_card(ctx, src, r, v) for r, v in zip(records, values, strict=True)]
    return (
        header(
            "Case studies and good practice",
            "Find case studies by theme, barrier, sector and place.",
        )
        + "# Case studies and good practice\n\n"
        + "Case studies describe how one place shared information across services; "
        "good-practice accounts describe a practice that a source presents as good practice. "
        "Narrow the list with the filters, or browse by theme, barrier, sector or place below.\n\n"
        + _filter_form(ctx, values)
        + '<p class="kb-finder-count" role="status" aria-live="polite"></p>\n\n'
        + '<p class="kb-finder-more" hidden></p>\n\n'
        + '<ul class="kb-finder" markdown>\n'
        + "\n".join(cards)
        + "\n</ul>\n\n"
        + _browse_lists(ctx, src, values)
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


def _card(ctx: Context, src: str, record: Record, values: dict[str, list[str]]) -> str:
    data = " ".join(f'data-{k}="{attr(" ".join(v))}"' for k, v in values.items())
    details = unindexed(facts_line(*study_facts(ctx, src, record)))
    summary = esc(record.meta["summary"]) if record.meta.get("summary") else ""
    return (
        f'<li class="kb-card" {data} markdown>{record_link(src, record)}'
        f"<br>{details}"
        + (f'<br><span class="kb-muted">{summary}</span>' if summary else "")
        + "</li>"
    )


def _filter_form(ctx: Context, values: list[dict[str, list[str]]]) -> str:
    selects = [_select(ctx, facet, kind, values) for facet, kind in FACETS.items()]
    if not values:
        return "No case study is recorded yet.\n\n"
    return (
        '<form class="kb-filters" hidden aria-label="Filter case studies">'
        + "".join(f'<div class="kb-filter">{s}</div>' for s in selects if s)
        + '<button type="reset" class="md-button">Clear filters</button></form>\n\n'
    )


def _select(ctx: Context, facet: str, kind: str | None, values: list[dict[str, list[str]]]
            ) -> str:
    """One filter with a count on each option, or "" when no record has a value for it."""
    counts = Counter(v for record in values for v in set(record[facet]))
    if not counts:
        return ""
    missing = sum(1 for record in values if not record[facet])
    noun = facet if facet != "kind" else "kind of record"
    options = [_option("", "Any", len(values))]
    options += [_option(v, _name(ctx, kind, v), counts[v])
                for v in sorted(counts, key=lambda v: _name(ctx, kind, v).casefold())]
    if missing:
        options.append(_option(NOT_RECORDED, f"{noun.capitalize()} not recorded", missing))
    return (
        f'<label for="kb-filter-{facet}">{facet.capitalize()}</label>'
        f'<select id="kb-filter-{facet}" data-facet="{facet}" data-noun="{attr(noun)}">'
        + "".join(options)
        + "</select>"
    )


def _option(value: str, label: str, count: int) -> str:
    # the script rewrites the count as other filters change; the label stays in data-label
    return (f'<option value="{attr(value)}" data-label="{attr(label)}">'
            f"{attr(label)} ({count})</option>")


def _name(ctx: Context, kind: str | None, value: str) -> str:
    if kind is None:
        return record_kind_label(value, value)
    entity = ctx.corpus.entity(kind, value)
    return entity.name if entity else value


def _browse_lists(ctx: Context, src: str, values: list[dict[str, list[str]]]) -> str:
    out = []
    for facet, kind in FACETS.items():
        found = {v for record in values for v in record[facet]}
        if kind is None or not found:
            continue
        links = [entity_link(ctx, src, kind, v) + _marked(facet, v)
                 for v in sorted(found, key=lambda v: _name(ctx, kind, v).casefold())]
        out.append(f"### By {facet}\n\n" + bullet_list(links, "") + "\n")
    return "## Browse\n\n" + "".join(out) if out else ""


def _marked(facet: str, value: str) -> str:
    """Attributes by which the script finds the page of a chosen filter value (ids are
    checked as [a-z0-9-] when loaded; one that is not gets no attributes)."""
    return f'{{ data-kb-facet="{facet}" data-kb-value="{value}" }}' if ID_RE.match(value) else ""


__all__ = ["NOT_RECORDED", "finder_page"]
