"""Pages for what the work produced and what was said: outputs, findings, impact,
collaborations and quotes, each with its index page.

Each page says what the entry is, links the project or event it belongs to (which links
back: kb.pages.mentions), and ends with its sources and evidence (kb.pages.provenance).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ..html_safety import esc, href
from ..kinds import KINDS
from ..model import Entity
from ..schema import UNATTRIBUTED
from ..urls import index_uri, page_uri
from .common import (
    Context,
    bullet_list,
    definition,
    entity_link,
    header,
    human_date,
    index_link,
    panel,
    person_label,
)
from .provenance import (
    evidence_badge,
    evidence_note,
    finding_link,
    finding_name,
    node_link,
    provenance_section,
    subject_name,
)

#: What an output is, in running text.
OUTPUT_KIND_WORDS = {"book-chapter": "book chapter", "training-materials": "training materials",
                     "web-page": "web page"}


def work_page(ctx: Context, entity: Entity) -> str:
    """The page of an output, finding, impact, collaboration or quote."""
    src = page_uri(entity.kind, entity.id)
    title = _title(ctx, entity)
    lead = _lead(entity)
    parts = [
        header(title, lead or f"A {KINDS[entity.kind].singular} in the knowledge base."),
        f"# {esc(title)}\n\n",
        f"{esc(KINDS[entity.kind].singular.capitalize())} · "
        f"{index_link(src, entity.kind, 'all ' + KINDS[entity.kind].label.lower())}\n"
        "{: .kb-kicker }\n\n",
    ]
    if entity.kind == "quotes" and entity.name != entity.data.get("text"):
        parts.append(_quote_block(ctx, entity, src))  # the title shortened it
    elif lead:
        parts.append(f"{esc(lead)}\n{{: .kb-lead }}\n\n")
    facts = FACTS[entity.kind](ctx, entity, src)
    if facts:
        parts.append(panel("Summary", facts))
    if entity.kind == "collaborations":
        parts.append(_partners_section(ctx, entity, src))
    parts.append(provenance_section(ctx, src, f"{entity.kind}:{entity.id}", entity.claims,
                                    entity.sources, entity.people))
    return "".join(parts)


def _title(ctx: Context, entity: Entity) -> str:
    if entity.kind == "findings":
        return finding_name(ctx, entity.id)
    if entity.kind == "quotes":
        return f"\u201c{entity.name}\u201d"
    return str(entity.data.get("title") or entity.name)


def _lead(entity: Entity) -> str:
    if entity.kind == "findings":
        return str(entity.data.get("text", ""))
    return entity.description


# --- facts of each kind ----------------------------------------------------------------------


def _of(ctx: Context, entity: Entity, src: str, name: str) -> list[str]:
    return [node_link(ctx, src, n) for n in entity.references.get(name, [])]


def _date(value: object) -> list[str]:
    return [human_date(str(value))] if value not in (None, "unknown", "") else []


def _texts(entity: Entity, name: str) -> list[str]:
    return [esc(v) for v in entity.data.get(name) or []]


def _entry_evidence(entity: Entity) -> list[str]:
    level = entity.data.get("evidence")
    if level not in ("inferred", "disputed"):
        return []
    return [f"{evidence_badge(str(level))} {esc(entity.data.get('reason', ''))}"]


def _output_facts(ctx: Context, entity: Entity, src: str) -> str:
    url = entity.data.get("url")
    kind = str(entity.data.get("kind", ""))
    return "".join([
        definition("Kind", [esc(OUTPUT_KIND_WORDS.get(kind, kind))]),
        definition("Date", _date(entity.data.get("date")) or ["Not known"]),
        definition("Authors",
                   [person_label(ctx, src, r) for r in entity.people.get("authors", [])]),
        definition("Produced by", _of(ctx, entity, src, "produced_by")),
        definition("Web address", [f"[{esc(url)}]({href(url)})"] if url else []),
    ])


def _finding_facts(ctx: Context, entity: Entity, src: str) -> str:
    number = entity.data.get("number")
    return "".join([
        definition("Finding of", _of(ctx, entity, src, "of")),
        definition("Number", [str(int(number))] if number else []),
        definition("Evidence", _entry_evidence(entity)),
    ])


def _impact_facts(ctx: Context, entity: Entity, src: str) -> str:
    return "".join([
        definition("Impact of", _of(ctx, entity, src, "of")),
        definition("Impact types", _texts(entity, "types")),
        definition("First year of impact", _date(entity.data.get("first_year"))),
        definition("Who uses it", _texts(entity, "users")),
        definition("Who benefits", _texts(entity, "beneficiaries")),
        definition("Outcomes", _texts(entity, "outcomes")),
        definition("Evidence", _entry_evidence(entity)),
    ])


def _collaboration_facts(ctx: Context, entity: Entity, src: str) -> str:
    return "".join([
        definition("Started", _date(entity.data.get("start"))),
        definition("About", _of(ctx, entity, src, "about")),
        definition("Evidence", _entry_evidence(entity)),
    ])


def _quote_facts(ctx: Context, entity: Entity, src: str) -> str:
    return "".join([
        definition("Said by", [speaker(ctx, entity, src)]),
        definition("Where", [node_link(ctx, src, f"{_at_kind(ctx, a)}:{a}")
                             for a in entity.references.get("at", [])]),
        definition("When", _date(entity.data.get("date")) or ["Not known"]),
    ])


def _at_kind(ctx: Context, record_id: str) -> str:
    record = ctx.corpus.records.get(record_id)
    return record.collection if record else "seminars"


def speaker(ctx: Context, entity: Entity, src: str) -> str:
    """Who said a quote: a person as consent allows, or the source's own words for someone it
    does not name ("a delegate"), or that it does not say."""
    refs = entity.people.get("by", [])
    if refs:
        return person_label(ctx, src, refs[0])
    by = entity.data.get("by")
    if isinstance(by, str) and by.lower().startswith(UNATTRIBUTED):
        return f"{esc(by)} (the source does not name them)"
    return "Not attributed by the source"


def _quote_block(ctx: Context, entity: Entity, src: str) -> str:
    text = esc(entity.data.get("text", ""))
    return f'<blockquote class="kb-quote" markdown>\n\n{text}\n\n</blockquote>\n\n'


def _partners_section(ctx: Context, entity: Entity, src: str) -> str:
    """Each partner and what it brought, with how firmly the sources say it took part."""
    claims = {c.target: c for c in entity.claims if c.field == "partners"}
    items = []
    for org, contribution in partner_contributions(ctx, entity):
        claim = claims.get(f"organisations:{org}")
        text = entity_link(ctx, src, "organisations", org)
        if claim is not None and claim.evidence != "stated":
            text += f" ({evidence_note(claim)})"
        if contribution:
            text += f"  \n  {esc(contribution)}"
        items.append(text)
    return "## Partners and what each brought\n\n" + bullet_list(
        items, "The sources name no partner.") + "\n"


def partner_contributions(ctx: Context, entity: Entity) -> list[tuple[str, str]]:
    """(organisation id, what it brought) for each partner of a collaboration, in order."""
    out = []
    for item in entity.data.get("partners") or []:
        name = item.get("organisation") if isinstance(item, dict) else item
        org = ctx.corpus.registry.lookup("organisations", str(name)) if name else None
        if org is not None:
            contribution = item.get("contribution", "") if isinstance(item, dict) else ""
            out.append((org, str(contribution or "")))
    return out


Builder = Callable[[Context, Entity, str], str]
FACTS: dict[str, Builder] = {
    "outputs": _output_facts,
    "findings": _finding_facts,
    "impacts": _impact_facts,
    "collaborations": _collaboration_facts,
    "quotes": _quote_facts,
}
#: The kinds whose pages this module makes.
WORK_KINDS = tuple(FACTS)


# --- index pages ---------------------------------------------------------------------------


def work_index_page(ctx: Context, kind: str, intro: str) -> str:
    """Every entry of one kind, grouped by the project or event it belongs to."""
    src = index_uri(kind)
    title = KINDS[kind].label
    parts = [header(title, intro), f"# {esc(title)}\n\n", intro + "\n\n"]
    entities = [e for e in ctx.corpus.entities(kind).values() if ctx.named(kind, e.id)]
    if not entities:
        return "".join(parts) + "Nothing is listed yet.\n"
    groups: dict[str, list[Entity]] = defaultdict(list)
    for entity in entities:
        groups[_group_of(ctx, entity)].append(entity)
    for group in sorted(groups, key=lambda g: (g == "", subject_name(ctx, g).casefold())):
        if len(groups) > 1 or group:
            name = subject_name(ctx, group) if group else "Not tied to a project or event"
            parts.append(f"## {esc(name)}\n\n")
        items = [_index_item(ctx, src, e) for e in sorted(groups[group], key=_order)]
        parts.append(bullet_list(items, "") + "\n")
    return "".join(parts)


def _group_of(ctx: Context, entity: Entity) -> str:
    refs = entity.references
    for name in ("of", "produced_by", "about"):
        if refs.get(name):
            return refs[name][0]
    if refs.get("at"):
        return f"{_at_kind(ctx, refs['at'][0])}:{refs['at'][0]}"
    return ""


def _order(entity: Entity) -> tuple[int, str]:
    number = entity.data.get("number")
    return (int(number) if number else 10**6, entity.name.casefold())


def _index_item(ctx: Context, src: str, entity: Entity) -> str:
    if entity.kind == "findings":
        return finding_link(ctx, src, entity.id) + f"  \n  {esc(entity.data.get('text', ''))}"
    link = entity_link(ctx, src, entity.kind, entity.id)
    if entity.kind == "quotes":
        when = _date(entity.data.get("date"))
        return f"{link}  \n  {speaker(ctx, entity, src)}" + (f", {when[0]}" if when else "")
    if entity.kind == "outputs":
        kind = str(entity.data.get("kind", ""))
        when = _date(entity.data.get("date")) or ["date not known"]
        return f"{link}  \n  {esc(OUTPUT_KIND_WORDS.get(kind, kind).capitalize())} · {when[0]}"
    if entity.kind == "collaborations":
        partners = [entity_link(ctx, src, "organisations", o)
                    for o, _ in partner_contributions(ctx, entity)]
        return f"{link}  \n  Partners: {', '.join(partners) or 'none named'}"
    types = _texts(entity, "types")
    return link + (f"  \n  {', '.join(types)}" if types else "")
