"""What other entries say about a record or entity: the statements that point at it.

A person's page shows the projects they led or worked on, the outputs they wrote, the quotes
they said and the sources they wrote; an organisation's its funding and project roles, its
collaborations and the sources it published; a project's or an event's its findings,
outputs, impact and quotes; a theme's what was said about it. Each statement carries how it
is known (inferred or disputed ones are marked with their reason), so that no page is a dead
end that only counts records.
"""

from __future__ import annotations

from collections.abc import Callable

from ..html_safety import esc, link
from ..kinds import COLLECTIONS, KINDS
from ..urls import page_uri, relative
from .common import Context, bullet_list, definition, entity_link, human_date, panel
from .provenance import (
    SOURCE_KIND_WORDS,
    Statement,
    evidence_note,
    field_label,
    finding_link,
    node_link,
    provenance_of,
    source_date,
    split_node,
)
from .work import OUTPUT_KIND_WORDS, partner_contributions, speaker

#: The section each kind of entry's statements go under, in page order.
HEADINGS = {
    "projects": "Roles in projects",
    "findings": "Findings",
    "outputs": "Outputs",
    "impacts": "Impact",
    "collaborations": "Collaborations",
    "quotes": "Quotes",
    "sources": "Sources",
}
#: The heading of the sources an organisation published or a person wrote.
_SOURCE_HEADINGS = {"organisations": "Sources it published", "people": "Sources they wrote"}
#: The role a statement gives what it is about: (kind of entry, field) -> words.
ROLES = {
    ("projects", "funders"): "funder", ("projects", "lead"): "lead organisation",
    ("projects", "partners"): "partner",
    ("projects", "principal_investigators"): "principal investigator",
    ("projects", "investigators"): "investigator", ("projects", "people"): "involved",
    ("projects", "authors"): "author", ("projects", "organisations"): "involved",
    ("collaborations", "partners"): "partner", ("outputs", "authors"): "author",
    ("sources", "publisher"): "publisher", ("sources", "authors"): "author",
}
#: Kinds whose records' statements are listed as "what the sources say" on their pages (the
#: other kinds list the records that name them in sections of their own).
SAID_ABOUT = ("themes", "barriers")
#: Fields of entries that their targets' pages show already (kb.pages.entities).
_SHOWN_ELSEWHERE = {("people", "organisation"), ("organisations", "parent"),
                    ("organisations", "place"), ("organisations", "successor"),
                    ("places", "within")}


def mentions_section(ctx: Context, node: str, src: str) -> str:
    """The sections of statements other entries make about ``node`` (a ``kind:id``)."""
    groups: dict[str, list[str]] = {}
    said: list[Statement] = []
    for statement in sorted(ctx.claims.about.get(node, []), key=lambda s: number(ctx, s.subject)):
        kind, _ = split_node(statement.subject)
        if statement.subject == node or (kind, statement.claim.field) in _SHOWN_ELSEWHERE:
            continue
        if kind in COLLECTIONS:
            if split_node(node)[0] in SAID_ABOUT:
                said.append(statement)
            continue
        if kind in HEADINGS:
            groups.setdefault(kind, []).append(ITEMS[kind](ctx, src, statement, node))
    parts = [project_roles(ctx, node, src)] if node.startswith("projects:") else []
    if said:
        parts.append("## What the sources say about it\n\n" + _said(ctx, src, said))
    for kind, heading in HEADINGS.items():
        items = list(dict.fromkeys(groups.get(kind, [])))
        if kind == "sources":
            heading = _SOURCE_HEADINGS.get(split_node(node)[0], heading)
        if items:
            parts.append(f"## {heading}\n\n" + bullet_list(items, "") + "\n")
    return "".join(parts)


#: A project's own roles, in the order its page shows them (kb.schema: the grant records' roles).
PROJECT_ROLES = ("funders", "lead", "principal_investigators", "investigators", "partners")


def project_roles(ctx: Context, node: str, src: str) -> str:
    """A panel of a project's roles (funders, lead, investigators, partners), each marked when
    the knowledge base infers it rather than a source stating it."""
    entity = ctx.corpus.entity("projects", split_node(node)[1])
    if entity is None:
        return ""
    people = [r for refs in entity.people.values() for r in refs]
    by_field: dict[str, list[str]] = {}
    for claim in entity.claims:
        if claim.field in PROJECT_ROLES:
            note = evidence_note(claim)
            by_field.setdefault(claim.field, []).append(
                node_link(ctx, src, claim.target, people) + (f" ({note})" if note else ""))
    body = "".join(definition(field_label(f), by_field.get(f, [])) for f in PROJECT_ROLES)
    return "## Roles\n\n" + panel("Roles", body) if body else ""


def number(ctx: Context, node: str) -> int:
    """A finding's number within its project or event (0 for anything else), to list them in
    order whatever the order of the registry."""
    kind, item_id = split_node(node)
    entity = ctx.corpus.entity(kind, item_id) if kind == "findings" else None
    value = entity.data.get("number") if entity else None
    return int(value) if value else 0


def _said(ctx: Context, src: str, statements: list[Statement]) -> str:
    """Records that state the theme or barrier: those on their own sources' word counted
    once (the lists below name them), and each that says more listed with how it is known: its
    own source or the source's words, or inferred or disputed with the reason."""
    plain: list[str] = []
    told: dict[str, list[str]] = {}  # how it is known -> the records known so (said once)
    for statement in statements:
        kind, item_id = split_node(statement.subject)
        record = ctx.corpus.records.get(item_id)
        claim = statement.claim
        if (claim.evidence == "stated" and record is not None
                and claim.sources == tuple(record.sources)
                and not any(c.quote for c in claim.sources)):
            plain.append(statement.subject)
        else:
            told.setdefault(_how(ctx, src, statement, sources=True), []).append(
                node_link(ctx, src, statement.subject))
    n = len(set(plain))
    out = ""
    if n:
        out = (f"{'One record states' if n == 1 else f'{n} records state'} it on the word of "
               f"{'its' if n == 1 else 'their'} own sources (listed below, each with its "
               "sources on its page)" + (". Others say more:" if told else ".") + "\n\n")
    items = [", ".join(dict.fromkeys(links)) + f" \u2014 {how}" for how, links in told.items()]
    return out + (bullet_list(items, "") + "\n" if items else "")


def _how(ctx: Context, src: str, statement: Statement, sources: bool) -> str:
    """How a statement is known, briefly: marked when inferred or disputed, with its reason;
    its sources when ``sources``."""
    claim = statement.claim
    if sources:
        return provenance_of(ctx, src, claim, short=True)
    return evidence_note(claim)


def _tail(ctx: Context, src: str, statement: Statement, sources: bool = False) -> str:
    how = _how(ctx, src, statement, sources)
    return f' <span class="kb-muted">({how})</span>' if how else ""


def _role(statement: Statement) -> str:
    kind, _ = split_node(statement.subject)
    return ROLES.get((kind, statement.claim.field), "")


def _project_item(ctx: Context, src: str, statement: Statement, node: str) -> str:
    role = _role(statement)
    return (node_link(ctx, src, statement.subject) + (f" \u2014 {role}" if role else "")
            + _tail(ctx, src, statement, sources=True))


def _collaboration_item(ctx: Context, src: str, statement: Statement, node: str) -> str:
    _, item_id = split_node(statement.subject)
    entity = ctx.corpus.entity("collaborations", item_id)
    text = node_link(ctx, src, statement.subject)
    start = entity.data.get("start") if entity else None
    if start not in (None, "unknown"):
        text += f", from {human_date(str(start))}"
    if entity is not None and statement.claim.field == "partners":
        brought = dict(partner_contributions(ctx, entity)).get(split_node(node)[1], "")
        text += " \u2014 partner" + (f": {esc(brought)}" if brought else "")
    return text + _tail(ctx, src, statement, sources=True)


def _output_item(ctx: Context, src: str, statement: Statement, node: str) -> str:
    _, item_id = split_node(statement.subject)
    entity = ctx.corpus.entity("outputs", item_id)
    data = entity.data if entity else {}
    kind = str(data.get("kind", ""))
    date = data.get("date")
    facts = [esc(OUTPUT_KIND_WORDS.get(kind, kind))] if kind else []
    facts.append(human_date(str(date)) if date not in (None, "unknown") else "date not known")
    role = _role(statement)
    return (node_link(ctx, src, statement.subject) + f" \u2014 {', '.join(facts)}"
            + (f"; {role}" if role else "") + _tail(ctx, src, statement))


def _finding_item(ctx: Context, src: str, statement: Statement, node: str) -> str:
    _, item_id = split_node(statement.subject)
    entity = ctx.corpus.entity("findings", item_id)
    text = esc(entity.data.get("text", "")) if entity else ""
    number = entity.data.get("number") if entity else None
    if number and statement.claim.field == "of" and statement.claim.target == node:
        # on the page of its own project or event: "Finding 3" is enough
        target = link(f"Finding {int(number)}", relative(src, page_uri("findings", item_id)))
    else:
        target = finding_link(ctx, src, item_id)
    return target + (f": {text}" if text else "") + _tail(
        ctx, src, statement)


def _impact_item(ctx: Context, src: str, statement: Statement, node: str) -> str:
    _, item_id = split_node(statement.subject)
    entity = ctx.corpus.entity("impacts", item_id)
    types = [esc(t) for t in (entity.data.get("types") or [])] if entity else []
    return node_link(ctx, src, statement.subject) + (
        f" \u2014 {', '.join(types)}" if types else "") + _tail(ctx, src, statement)


def _quote_item(ctx: Context, src: str, statement: Statement, node: str) -> str:
    _, item_id = split_node(statement.subject)
    entity = ctx.corpus.entity("quotes", item_id)
    if entity is None:
        return ""
    words = link(f"\u201c{entity.data.get('text', '')}\u201d",
                 relative(src, page_uri("quotes", item_id)))
    bits = [] if statement.claim.field == "by" else [speaker(ctx, entity, src)]
    if statement.claim.field != "at":
        bits += [node_link(ctx, src, f"{_collection(ctx, a)}:{a}")
                 for a in entity.references.get("at", [])]
    date = entity.data.get("date")
    if date not in (None, "unknown"):
        bits.append(human_date(str(date)))
    return words + (f" \u2014 {', '.join(bits)}" if bits else "") + _tail(ctx, src, statement)


def _collection(ctx: Context, record_id: str) -> str:
    record = ctx.corpus.records.get(record_id)
    return record.collection if record else "seminars"


def _source_item(ctx: Context, src: str, statement: Statement, node: str) -> str:
    _, item_id = split_node(statement.subject)
    entity = ctx.corpus.entity("sources", item_id)
    kind = SOURCE_KIND_WORDS.get(str(entity.data.get("kind")), "source") if entity else "source"
    return (entity_link(ctx, src, "sources", item_id)
            + f" \u2014 {esc(kind)}, {source_date(ctx, item_id)}; {_role(statement)}")


Item = Callable[[Context, str, Statement, str], str]
ITEMS: dict[str, Item] = {
    "projects": _project_item,
    "findings": _finding_item,
    "outputs": _output_item,
    "impacts": _impact_item,
    "collaborations": _collaboration_item,
    "quotes": _quote_item,
    "sources": _source_item,
}


def measure(ctx: Context, node: str, records: int) -> str:
    """What names an entity, for index pages: "3 records", "2 records, 1 project", or, for
    one no record names, what does ("1 project, 2 sources"), never a bare "0 records"."""
    counts: dict[str, set[str]] = {}
    for statement in ctx.claims.about.get(node, []):
        kind = split_node(statement.subject)[0]
        if (kind in HEADINGS and statement.subject != node
                and (kind, statement.claim.field) not in _SHOWN_ELSEWHERE):
            counts.setdefault(kind, set()).add(statement.subject)
    bits = [f"{records} record{'' if records == 1 else 's'}"] if records or not counts else []
    bits += [f"{len(counts[k])} {KINDS[k].singular if len(counts[k]) == 1 else KINDS[k].plural}"
             for k in HEADINGS if k in counts]
    return ", ".join(bits)
