"""Source pages: who published what, when, with what authority, and about whom.

A source's page says what it is (kind, publisher, authors, date, where to find it, the
authority it carries in plain words) and then every statement that cites it, grouped by the
record or entry the statement is about. The sources index lists every source with its kind,
publisher and date.
"""

from __future__ import annotations

from ..html_safety import esc, href, link
from ..kinds import COLLECTIONS, KINDS
from ..model import Citation, Entity, PersonRef
from ..urls import index_uri, page_uri, relative
from .common import (
    Context,
    bullet_list,
    definition,
    entity_link,
    header,
    human_date,
    index_link,
    panel,
)
from .mentions import number
from .provenance import (
    SOURCE_KIND_WORDS,
    Statement,
    evidence_note,
    field_label,
    node_link,
    publisher_text,
    source_date,
    split_node,
)


def source_page(ctx: Context, source: Entity) -> str:
    """The page of one source."""
    src = page_uri("sources", source.id)
    kind = SOURCE_KIND_WORDS.get(str(source.data.get("kind")), "source")
    lead = source.description or f"A {kind} this knowledge base draws on."
    parts = [
        header(source.name, lead),
        f"# {esc(source.data.get('title') or source.name)}\n\n",
        f"Source · {esc(kind.capitalize())} · {index_link(src, 'sources', 'all sources')}\n"
        "{: .kb-kicker }\n\n",
    ]
    if source.description:
        parts.append(f"{esc(source.description)}\n{{: .kb-lead }}\n\n")
    parts.append(panel("About this source", _facts(ctx, source, src)))
    parts.append(supports_section(ctx, source.id, src))
    return "".join(parts)


def _facts(ctx: Context, source: Entity, src: str) -> str:
    data = source.data
    url = data.get("url")
    return "".join([
        definition("Kind", [esc(SOURCE_KIND_WORDS.get(str(data.get("kind")),
                                                      "not recorded").capitalize())]),
        definition("Published by", [_publisher(ctx, source, src)]),
        definition("Authors", _authors(ctx, source, src)),
        definition("Date", [_date(data.get("date"))]),
        definition("Address", [f"[{esc(url)}]({href(url)})"] if url else []),
        definition("How to find it", [esc(data["find"])] if data.get("find") and not url else []),
        definition("Also known as", [esc(a) for a in source.aliases]),
        definition("Authority", [esc(data["authority"])] if data.get("authority") else []),
    ])


def _publisher(ctx: Context, source: Entity, src: str) -> str:
    if source.references.get("publisher"):
        return publisher_text(ctx, src, source.id)
    return "Not known: the source does not name its publisher"


def _authors(ctx: Context, source: Entity, src: str) -> list[str]:
    refs = source.people.get("authors", [])
    return [node_link(ctx, src, f"people:{r.person}", refs) for r in refs]


def _date(date: object) -> str:
    """A date as precise as the source gives it, and no more."""
    if date in (None, "unknown"):
        return "Not known: the source gives no date"
    text = str(date)
    if len(text) == 4:
        return f"{text} (the year only)"
    return human_date(text)


# --- what a source supports ----------------------------------------------------------------


def supports_section(ctx: Context, source_id: str, src: str) -> str:
    """Every statement citing the source, grouped by the kind of record or entry it comes
    from, then by record or entry."""
    subjects = _cited_subjects(ctx, source_id)
    heading = "## What it supports\n\n"
    if not subjects:
        return heading + "No record or entry cites this source yet.\n\n"
    n = sum(len(s) for s, _ in subjects.values())
    parts = [heading, f"Who published what, about whom: {_count(n, 'statement')} on "
             f"{_count(len(subjects), 'page')} of this knowledge base rest on this source.\n\n"]
    by_kind: dict[str, list[str]] = {}
    names = _Names(ctx, src)
    for subject, (statements, citation) in subjects.items():
        by_kind.setdefault(split_node(subject)[0], []).append(
            _subject_item(names, source_id, subject, statements, citation))
    for kind, items in by_kind.items():
        parts.append(f"### {esc(KINDS[kind].label)}\n\n" + "\n".join(items) + "\n")
    return "".join(parts)


def _cited_subjects(ctx: Context, source_id: str
                    ) -> dict[str, tuple[list[Statement], Citation | None]]:
    """subject node -> (its statements citing the source, its own citation of it), records
    first, then entries by kind; the source's own statements (its publisher, its authors)
    are on its page already."""
    found: dict[str, tuple[list[Statement], Citation | None]] = {}
    for subject, citation in ctx.claims.cited_by.get(source_id, []):
        found.setdefault(subject, ([], citation))
    for statement in ctx.claims.citing.get(source_id, []):
        found.setdefault(statement.subject, ([], None))[0].append(statement)
    found.pop(f"sources:{source_id}", None)
    order = {k: i for i, k in enumerate(KINDS)}
    return dict(sorted(found.items(),
                       key=lambda kv: (order[split_node(kv[0])[0]], number(ctx, kv[0]))))


class _Names:
    """The links of one page, each made once: a source page names the same themes, places
    and organisations many times."""

    def __init__(self, ctx: Context, src: str) -> None:
        self.ctx, self.src = ctx, src
        self._made: dict[str, str] = {}

    def __call__(self, node: str, people: list[PersonRef]) -> str:
        if node.startswith("people:"):  # shown as consent allows, from the record's own words
            return node_link(self.ctx, self.src, node, people)
        made = self._made.get(node)
        if made is None:
            made = self._made[node] = node_link(self.ctx, self.src, node)
        return made


def _subject_item(names: _Names, source_id: str, subject: str,
                  statements: list[Statement], citation: Citation | None) -> str:
    """One record or entry as a list item: its link, where it cites the source, what a
    finding says, and its statements that rest on the source, by field (a nested list)."""
    ctx, src = names.ctx, names.src
    kind, item_id = split_node(subject)
    where = _where(citation) if citation else ""
    head = f"- {_subject_link(ctx, src, subject)}" + (
        f' <span class="kb-muted">(cited at: {where})</span>' if where else "")
    lines = [head]
    if kind == "findings":
        entity = ctx.corpus.entity(kind, item_id)
        if entity is not None and entity.data.get("text"):
            lines.append(f"    {esc(entity.data['text'])}")
    by_field: dict[str, list[Statement]] = {}
    for statement in statements:
        by_field.setdefault(statement.claim.field, []).append(statement)
    people = _people_of(ctx, subject)
    for name, group in by_field.items():
        targets = _targets(names, source_id, group, people, citation)
        lines.append(f"    - **{esc(field_label(name, subject))}**: " + "; ".join(targets))
    return "\n\n".join(lines) + "\n"


def _subject_link(ctx: Context, src: str, subject: str) -> str:
    """A record or entry by its name; a quote by its words, in full."""
    kind, item_id = split_node(subject)
    entity = ctx.corpus.entity(kind, item_id) if kind == "quotes" else None
    if entity is not None:
        return link(f"\u201c{entity.data.get('text', '')}\u201d",
                    relative(src, page_uri(kind, item_id)))
    return node_link(ctx, src, subject)


def _where(citation: Citation) -> str:
    bits = [esc(citation.locator)] if citation.locator else []
    if citation.quote:
        bits.append(f"\u201c{esc(citation.quote)}\u201d")
    return ": ".join(bits)


def _targets(names: _Names, source_id: str, statements: list[Statement],
             people: list[PersonRef], whole: Citation | None) -> list[str]:
    """The targets of one field's statements, those sharing a place in the source and an
    evidence level together, each group followed once by where in the source it is (when
    that is not where the record's own citation points) and its evidence note."""
    groups: dict[tuple[str, str], list[str]] = {}
    for statement in statements:
        claim = statement.claim
        own = next((c for c in claim.sources if c.source == source_id), None)
        where = _where(own) if own is not None and own != whole else ""
        key = (where, evidence_note(claim))
        groups.setdefault(key, []).append(names(claim.target, people))
    return [", ".join(links) + (f" ({'; '.join(n for n in key if n)})" if any(key) else "")
            for key, links in groups.items()]


def _people_of(ctx: Context, subject: str) -> list[PersonRef]:
    kind, item_id = split_node(subject)
    if kind in COLLECTIONS:
        record = ctx.corpus.records.get(item_id)
        people = record.people if record else {}
    else:
        entity = ctx.corpus.entity(kind, item_id)
        people = entity.people if entity else {}
    return [r for refs in people.values() for r in refs]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# --- the index -------------------------------------------------------------------------------


def sources_index_page(ctx: Context, intro: str) -> str:
    """Every source, with what identifies it: kind, publisher, date, and how much rests on it."""
    src = index_uri("sources")
    sources = sorted(ctx.corpus.entities("sources").values(),
                     key=lambda e: (str(e.data.get("date", "")) in ("", "unknown"),
                                    str(e.data.get("date", "")), e.name.casefold()))
    items = []
    for source in sources:
        kind = SOURCE_KIND_WORDS.get(str(source.data.get("kind")), "source")
        n = len(_cited_subjects(ctx, source.id))
        facts = [esc(kind.capitalize()), publisher_text(ctx, src, source.id),
                 source_date(ctx, source.id), f"cited by {_count(n, 'page')}"]
        items.append(f"{entity_link(ctx, src, 'sources', source.id)}  \n  " + " · ".join(facts))
    return (header("Sources", intro) + "# Sources\n\n" + intro + "\n\n"
            + bullet_list(items, "No source is registered yet."))
