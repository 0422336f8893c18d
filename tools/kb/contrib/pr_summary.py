"""What a contribution adds, in plain English, for the pull-request job summary.

:func:`summarise_changes` compares two loaded knowledge bases (the base branch and the pull
request) and returns Markdown: new, changed and removed records; new people, organisations and
other entries; new links in the network; and what a reviewer should check before merging.
People who asked to be named only by their role, or not at all, are never named here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..corpus import Corpus
from ..corpus.resolve import OPEN_KINDS
from ..html_safety import esc
from ..kinds import KINDS, REGISTRIES, record_kind_label
from ..model import Entity, Record
from ..network.graph import RELATIONS, build_graph

#: How many links to list before saying "and N more".
MAX_LINKS = 40



def summarise_changes(base: Corpus, head: Corpus) -> str:
    """Markdown describing what ``head`` adds to ``base``, and what to check before merging."""
    added = [r for r in head.records.values() if r.id not in base.records]
    removed = [r for r in base.records.values() if r.id not in head.records]
    changed = [(base.records[r.id], r) for r in head.records.values()
               if r.id in base.records and _differs(base.records[r.id], r)]
    entities = {kind: _new_entities(base, head, kind) for kind in REGISTRIES}
    links = _new_links(base, head)
    parts = ["## What this contribution adds", "",
             _headline(added, changed, removed, entities, links), ""]
    parts += _records_section("New records", added, _describe_record)
    parts += _records_section("Changed records", changed, _describe_change)
    parts += _records_section("Removed records", removed, _describe_record)
    parts += _entities_section({k: [e for e in v if not e.generated] for k, v in entities.items()})
    parts += _new_names_section(entities)
    parts += _links_section(links)
    parts += _checks_section(base, head, added, entities)
    return "\n".join(parts).rstrip() + "\n"


def _differs(old: Record, new: Record) -> bool:
    return old.meta != new.meta or old.body.strip() != new.body.strip() or old.path != new.path


def _new_entities(base: Corpus, head: Corpus, kind: str) -> list[Entity]:
    before = base.entities(kind)
    return sorted((e for e in head.entities(kind).values() if e.id not in before),
                  key=lambda e: e.name.casefold())


def _new_links(base: Corpus, head: Corpus) -> list[tuple[str, str, str]]:
    """Edges of the head network that the base network lacks, as (source, relation, target)."""
    old, new = build_graph(base), build_graph(head)
    before = set(old.edges(keys=True))
    out = []
    for u, v, key in sorted(new.edges(keys=True)):
        if (u, v, key) not in before:
            out.append((new.nodes[u]["label"], RELATIONS.get(key, key), new.nodes[v]["label"]))
    return out


def _headline(added: list[Record], changed: list[Any], removed: list[Record],
              entities: dict[str, list[Entity]], links: list[Any]) -> str:
    clauses = []
    for verb, records in (("adds", added), ("changes", [new for _, new in changed]),
                          ("removes", removed)):
        if records:
            clauses.append(f"{verb} {_count_records(records)}")
    new = [_of_kind(len(items), kind) for kind, items in entities.items() if items]
    if new:
        clauses.append("brings in " + _join(new))
    if links:
        clauses.append(f"adds {_plural(len(links), 'link', 'links')} to the network")
    if not clauses:
        return "This contribution does not change any record or registry entry."
    return "This contribution " + _join(clauses) + "."


def _count_records(records: Iterable[Record]) -> str:
    counts: dict[str, int] = {}
    for record in records:
        counts[record.collection] = counts.get(record.collection, 0) + 1
    return _join([_of_kind(n, c) for c, n in sorted(counts.items(), reverse=True)])


def _of_kind(n: int, kind: str) -> str:
    return _plural(n, KINDS[kind].singular, KINDS[kind].plural)


def _records_section(title: str, items: list[Any], describe: Any) -> list[str]:
    if not items:
        return []
    return [f"### {title}", "", *(f"- {describe(item)}" for item in items), ""]


def _describe_record(record: Record) -> str:
    facts = [record_kind_label(record.kind, record.kind).lower(), f"`{record.path}`"]
    if record.date:
        facts.append(f"dated {record.date}")
    facts.append(_plural(len(record.meta.get("sources", [])), "source", "sources"))
    return f"**{esc(record.title)}** ({', '.join(facts)})"


def _describe_change(pair: tuple[Record, Record]) -> str:
    old, new = pair
    fields = sorted(k for k in {*old.meta, *new.meta} if old.meta.get(k) != new.meta.get(k))
    what = [f"`{f}`" for f in fields]
    if old.body.strip() != new.body.strip():
        what.append("the text")
    if old.path != new.path:
        what.append(f"moved from `{old.path}`")
    return f"**{esc(new.title)}** (`{new.path}`): {_join(what) or 'formatting only'}"


def _entities_section(entities: dict[str, list[Entity]]) -> list[str]:
    lines = []
    for kind, items in entities.items():
        if not items:
            continue
        shown = [_describe_entity(e) for e in items]
        lines.append(f"- **{KINDS[kind].plural.capitalize()}**: " + "; ".join(shown))
    return ["### New people, organisations and other entries", "", *lines, ""] if lines else []


def _new_names_section(entities: dict[str, list[Entity]]) -> list[str]:
    """One line for each name new to the registries, for the reviewer to check and add; a
    person with the consent the contribution claims for them (named only if it says they
    agreed to be named: the summary is public)."""
    lines = [_new_name(e) for kind in OPEN_KINDS for e in entities.get(kind, []) if e.generated]
    if not lines:
        return []
    return ["### New names to check", "",
            "Names that no registry lists yet. Each is fine to merge once checked: add it to "
            "its registry (or, if it is listed under another name, point the record at that "
            "name).", "", *lines, ""]


def _new_name(entity: Entity) -> str:
    where = f"`{entity.path}` line {entity.line}"
    if entity.kind == "people":
        who = (f"new person: {esc(entity.name)}" if entity.named
               else "new person, not named here")
        return (f"- {who} (consent claimed: {_claimed(entity)}; {where}) \u2014 check consent "
                "and add to registries/people.yml")
    noun = KINDS[entity.kind].singular
    return (f"- new {noun}: {esc(entity.name)} ({where}) \u2014 check it is not listed under "
            f"another name and add to registries/{entity.kind}.yml")


def _claimed(entity: Entity) -> str:
    """The consent a contribution claims for a new person (the most private, when records
    differ), and whether a record naming them does not state it (they are then shown by role
    only)."""
    unstated = " (a record does not state it)" if entity.data.get("unstated") else ""
    return entity.consent + unstated


def _describe_entity(entity: Entity) -> str:
    if entity.kind == "people" and entity.consent == "withdrawn":
        return "a person who has withdrawn consent (not named)"
    if entity.kind == "people" and entity.consent == "role-only":
        return "a person to be shown by role only (not named)"
    where = "from a record, not yet in the registry" if entity.generated else f"`{entity.path}`"
    return f"{esc(entity.name)} ({where})"


def _links_section(links: list[tuple[str, str, str]]) -> list[str]:
    if not links:
        return []
    lines = [f"- {esc(a)} *{relation}* {esc(b)}" for a, relation, b in links[:MAX_LINKS]]
    if len(links) > MAX_LINKS:
        lines.append(f"- and {len(links) - MAX_LINKS} more")
    return ["### New links in the network", "", *lines, ""]


def _checks_section(base: Corpus, head: Corpus, added: list[Record],
                    entities: dict[str, list[Entity]]) -> list[str]:
    lines = []
    unsourced = [r for r in added if not r.meta.get("sources")]
    lines.append(_check(not unsourced, "Every new record names its sources",
                        "no sources: " + _join(f"`{r.path}`" for r in unsourced)))
    unlisted = [e for e in entities["people"] if e.generated]
    lines.append(_check(not unlisted, "Everyone named is in registries/people.yml with their "
                        "consent recorded", "not in the registry yet: "
                        + _join(_unlisted(unlisted))))
    new_errors = len(head.errors) - len(base.errors)
    lines.append(_check(not head.errors, "`kb validate` finds no errors",
                        f"{_plural(len(head.errors), 'error', 'errors')}"
                        + (f" ({new_errors:+d} against the base branch)" if new_errors else "")
                        + "; see the annotations on the changed files"))
    lines.append("- [ ] No personal information about service users, and nothing that "
                 "identifies them (reviewer to confirm)")
    return ["### Before merging", "", *lines, ""]


def _check(ok: bool, text: str, problem: str) -> str:
    return f"- [x] {text}" if ok else f"- [ ] {text}: {problem}"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _unlisted(people: list[Entity]) -> list[str]:
    """Names of people from records who are not in the registry; those who are not to be
    named are counted, never named: the summary is public."""
    shown = [esc(e.name) for e in people if e.named]
    hidden = len(people) - len(shown)
    return shown + ([_plural(hidden, "person not named here", "people not named here")]
                    if hidden else [])


def _join(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
