"""Consent, enforced on everything that gets published.

A record or registry entry that names someone who withdrew consent (or who agreed to appear
only by role) in any of its published text is reported as an error and left out of the
corpus, so that no later stage (pages, search index, graph, exports, vocabularies) can
publish it, whatever the build's strictness. The file itself is untouched: fixing it brings
it back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from ...kinds import REGISTRIES
from ...model import Diagnostic, Document, Entity, Record
from ...names import normalise_name, quote
from ...schema import CLAIMS_KEY
from ..resolve import Registry, reference_plan
from .matching import PROTECTED, WithdrawnNames, anchor_words

_LEFT_OUT = "; until then this file is left out of the site"
_BODY = ("__body__",)

Texts = list[tuple[tuple[Any, ...], str]]


def protect(
    registry: Registry, records: dict[str, Record], docs: dict[str, Document]
) -> list[Diagnostic]:
    """Report protected names in published text, and remove what carries them."""
    finders = _Finders(registry)
    if not finders.all:
        return []
    diags: list[Diagnostic] = []
    removed: set[tuple[str, str]] = set()  # (registry or "records", id)
    for record in list(records.values()):
        found = _check(finders, record.path, _record_texts(record), _record_line(record))
        if found:
            diags += found
            removed.add(("records", record.id))
            del records[record.id]
    removed |= _check_entities(finders, registry, docs, diags)
    if removed:  # something was left out: drop every reference to it
        _scrub(registry, records, removed)
    # every diagnostic here says a file is left out until it is fixed
    return [dataclasses.replace(d, message=d.message + _LEFT_OUT) for d in diags]


def check_file_names(registry: Registry, records: dict[str, Record]) -> list[Diagnostic]:
    """Report, and leave out, records whose file name names a protected person: the name
    becomes the record's id, address, node and feed entry. Run before references are
    resolved, so that nothing (not even a suggestion) offers it."""
    finders = _Finders(registry)
    if not finders.all:
        return []
    diags = []
    for record in list(records.values()):
        finder = next(iter(finders.hits(record.id)), None)
        if finder is not None and finder.found(record.path, [(1, record.id)]):
            who = finder.reason.split(";")[0]  # "who has withdrawn consent to be named"
            diags.append(Diagnostic(
                record.path, 1, "error", finder.code,
                f"the file name {quote(record.id + '.md')} names someone {who}; rename the "
                "file without the name, e.g. after what the record describes (the file name "
                f"becomes the page's address){_LEFT_OUT}"))
            del records[record.id]
    return diags


class _Finders:
    """The finders of every protected consent level, with one quick test for them all."""

    def __init__(self, registry: Registry) -> None:
        self.all = [f for f in (WithdrawnNames(registry, c) for c in PROTECTED) if f.names]
        self.anchors = frozenset().union(*(f.anchors for f in self.all))

    def hits(self, *texts: str) -> list[WithdrawnNames]:
        """The finders whose people ``texts`` may name (see :meth:`WithdrawnNames.may_name`)."""
        words = anchor_words(*texts)
        if self.anchors.isdisjoint(words):
            return []  # the usual answer, in one pass in C
        found = set(words)
        return [finder for finder in self.all if finder.may_name(found)]


def _check(
    finders: _Finders,
    path: str,
    items: Texts,
    line_of: Callable[[tuple[Any, ...]], int],
) -> list[Diagnostic]:
    """Check one file's published strings; lines are worked out only when a name may be there."""
    hits = finders.hits(*(text for _, text in items))
    if not hits:
        return []
    texts = [(line_of(where), text) for where, text in items]
    return [d for finder in hits for d in finder.found(path, texts)]


def _record_line(record: Record) -> Callable[[tuple[Any, ...]], int]:
    def line_of(where: tuple[Any, ...]) -> int:
        return record.doc.body_line if where == _BODY else record.doc.line_of(*where)

    return line_of


def _entity_line(entity: Entity, doc: Document | None) -> Callable[[tuple[Any, ...]], int]:
    def line_of(where: tuple[Any, ...]) -> int:
        if doc is None or entity.generated:
            return entity.line
        return doc.line_of("items", entity.index, *where)

    return line_of


def _record_texts(record: Record) -> Texts:
    """Every string the record publishes: its text fields and the body. References (people,
    organisations, places, themes, records) are checked where they lead, as entities."""
    return [*_text_values(record.meta, record.collection), (_BODY, record.body)]


def _entity_texts(entity: Entity) -> Texts:
    # made from a name in a record, the name is all it publishes (when it is published); a
    # new source described in a record publishes its title, authority, url ... like any other
    if entity.generated and entity.kind != "sources":
        return [((), entity.name)] if entity.named else []
    data = entity.data
    if entity.kind == "people":  # a person's own names are references, not text ...
        own = {normalise_name(name) for name in (entity.name, *entity.aliases)}
        mine = ["name", "aliases"] + (["id"] if normalise_name(entity.id) in own else [])
        data = {k: v for k, v in data.items() if k not in mine}  # ... nor an id made of them
    return _text_values(data, "registry:" + entity.kind)


def _text_values(data: dict[str, Any], collection: str) -> Texts:
    """The text strings of a record's or entry's fields, skipping references without walking
    into them. Of a relation item only its published words are text: a person's role, a
    partner's contribution, an unattributed speaker ("a delegate") and the provenance of a
    claim (its reason, and each citation's locator and quote)."""
    plan = reference_plan(collection)
    found: Texts = []
    for key, value in data.items():
        step = plan.get(key)
        if key == CLAIMS_KEY:  # a date's or status's provenance, at its field's lines
            for name, provenance in value.items():
                _relation_texts([provenance], (name,), False, found)
        elif step is not None:
            if value.__class__ is not str or step[0] == "people":
                _relation_texts(value if step[1] else [value], (key,), step[1], found)
        elif isinstance(value, str):
            found.append(((key,), value))
        else:
            _add_strings(value, (key,), found)
    return found


#: The words inside a relation item that are published (everything else names an entity).
_PUBLISHED_KEYS = ("role", "contribution", "reason", "sources")


def _relation_texts(items: list[Any], path: tuple[Any, ...], is_list: bool,
                    found: Texts) -> None:
    for i, item in enumerate(items):
        where = (*path, i) if is_list else path
        if isinstance(item, str):
            if path[-1] == "by":  # a quote's unattributed speaker: "a delegate"
                found.append((where, item))
        elif isinstance(item, dict):
            for key in _PUBLISHED_KEYS:
                if isinstance(item.get(key), str):
                    found.append(((*where, key), item[key]))
                elif key == "sources" and isinstance(item.get(key), list):
                    _add_strings(item[key], (*where, key), found)


def _check_entities(
    finders: _Finders,
    registry: Registry,
    docs: dict[str, Document],
    diags: list[Diagnostic],
) -> set[tuple[str, str]]:
    removed = set()
    for kind in REGISTRIES:
        # a withdrawn person's own entry is never published, so it may hold their names; a
        # role-only person's role is published, so their entry is checked like any other
        named = [e for e in registry.entities[kind].values() if e.consent != "withdrawn"]
        for generated in (False, True):  # the registry's own entries, then those from records
            removed |= _check_group(
                finders, [e for e in named if e.generated is generated], docs.get(kind), diags
            )
    for kind, entity_id in removed:
        del registry.entities[kind][entity_id]
    return removed


def _check_group(
    finders: _Finders,
    entities: list[Entity],
    doc: Document | None,
    diags: list[Diagnostic],
) -> set[tuple[str, str]]:
    """One quick test for a group of entities; entry by entry only if it may name someone."""
    texts = {e.id: _entity_texts(e) for e in entities}
    if not finders.hits(*(t for items in texts.values() for _, t in items)):
        return set()
    removed = set()
    for entity in entities:
        found = _check(finders, entity.path, texts[entity.id], _entity_line(entity, doc))
        if found:
            diags += found
            removed.add((entity.kind, entity.id))
    return removed


def _scrub(registry: Registry, records: dict[str, Record], removed: set[tuple[str, str]]) -> None:
    """Drop references to whatever was left out, so no link or tie points at it."""
    gone: dict[str, set[str]] = {}  # registry or "records" -> ids left out
    for kind, removed_id in removed:
        gone.setdefault(kind, set()).add(removed_id)
    for record in records.values():
        _scrub_refs(record.refs, record.people, record.collection, gone)
        _scrub_provenance(record, gone)
    for kind in REGISTRIES:
        for entity in registry.entities[kind].values():
            _scrub_refs(
                entity.references, entity.people, "registry:" + kind,
                gone,
            )
            _scrub_provenance(entity, gone)


def _scrub_refs(
    refs: dict[str, list[str]],
    people: dict[str, list[Any]],
    collection: str,
    gone: dict[str, set[str]],
) -> None:
    plan = reference_plan(collection)
    for name, ids in refs.items():
        kind = plan[name][0] if name in plan else None
        if kind == "subjects":  # node ids, "projects:easi"
            nodes = _gone_nodes(gone)
            refs[name] = [i for i in ids if i not in nodes]
            continue
        left_out = gone.get("organisations" if kind == "partners" else str(kind))
        if left_out and not left_out.isdisjoint(ids):
            refs[name] = [i for i in ids if i not in left_out]
    left_out = gone.get("people")
    if left_out:
        for name, found in people.items():
            people[name] = [r for r in found if r.person not in left_out]


def _gone_nodes(gone: dict[str, set[str]]) -> set[str]:
    """The node ids (``people:x``, ``seminars:y``) of whatever was left out."""
    nodes = {f"{kind}:{item}" for kind, ids in gone.items() for item in ids}
    return nodes | {f"{c}:{item}" for c in ("seminars", "case_studies")
                    for item in gone.get("records", ())}


def _scrub_provenance(owner: Record | Entity, gone: dict[str, set[str]]) -> None:
    """Drop claims about whatever was left out, and citations of sources left out."""
    gone_nodes = _gone_nodes(gone)
    sources = gone.get("sources", set())
    owner.sources = [c for c in owner.sources if c.source not in sources]
    owner.claims = [
        dataclasses.replace(c, sources=tuple(s for s in c.sources if s.source not in sources))
        for c in owner.claims if c.target not in gone_nodes
    ]
    if isinstance(owner, Record):  # a date's or status's own sources
        owner.value_claims = {
            name: dataclasses.replace(
                c, sources=tuple(s for s in c.sources if s.source not in sources))
            for name, c in owner.value_claims.items()}


def _add_strings(value: Any, path: tuple[Any, ...], found: Texts) -> None:
    """Add every string inside the list or mapping ``value``, with its path, in order."""
    if isinstance(value, dict):
        items: Iterable[tuple[Any, Any]] = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, item in items:
        if isinstance(item, str):  # most of them: no call for each
            found.append(((*path, key), item))
        else:
            _add_strings(item, (*path, key), found)
