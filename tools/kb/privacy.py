"""Consent, enforced on everything that gets published.

A record or registry entry that names someone who withdrew consent (or who agreed to appear
only by role) in any of its published text is reported as an error and left out of the
corpus, so that no later stage (pages, search index, graph, exports, vocabularies) can
publish it, whatever the build's strictness. The file itself is untouched: fixing it brings
it back.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

from .model import REGISTRIES, Diagnostic, Document, Entity, Record
from .resolve import PROTECTED, Registry, WithdrawnNames, _without_self_refs, anchor_words
from .schema import REFERENCE_KIND, fields_for

_LEFT_OUT = "; until then this file is left out of the site"
_BODY = ("__body__",)

Texts = list[tuple[tuple[Any, ...], str]]


def protect(
    registry: Registry, records: dict[str, Record], docs: dict[str, Document]
) -> list[Diagnostic]:
    """Report protected names in published text, and remove what carries them."""
    finders = [
        f for f in (WithdrawnNames(registry, c) for c in PROTECTED) if f.names
    ]
    if not finders:
        return []
    diags: list[Diagnostic] = []
    for record in list(records.values()):
        found = _check(finders, record.path, _record_texts(record), _record_line(record))
        if found:
            diags += found
            del records[record.id]
    removed = _check_entities(finders, registry, docs, diags)
    if diags:  # something was left out: drop every reference to it
        _scrub(registry, records, removed)
    # every diagnostic here says a file is left out until it is fixed
    return [dataclasses.replace(d, message=d.message + _LEFT_OUT) for d in diags]


def _check(
    finders: list[WithdrawnNames],
    path: str,
    items: Texts,
    line_of: Callable[[tuple[Any, ...]], int],
) -> list[Diagnostic]:
    """Check one file's published strings; lines are worked out only when a name may be there."""
    words = anchor_words("\n".join(text for _, text in items))
    hits = [finder for finder in finders if finder.may_name(words)]
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
        return doc.line_of("items", entity.data.get("_index"), *where)

    return line_of


def _record_texts(record: Record) -> Texts:
    """Every string the record publishes: its text fields and the body. References (people,
    organisations, places, themes, records) are checked where they lead, as entities."""
    return [*_text_values(record.meta, record.collection), (_BODY, record.body)]


def _entity_texts(entity: Entity) -> Texts:
    if entity.generated:  # made from a name in a record: the name is all it publishes
        return [((), entity.name)]
    data = _without_self_refs(entity)
    if entity.kind == "people":  # a person's own names are references, not text
        data = {k: v for k, v in data.items() if k not in ("name", "aliases")}
    return _text_values(data, "registry:" + entity.kind)


def _text_values(data: dict[str, Any], collection: str) -> Texts:
    """The text strings of a record's or entry's fields, skipping references without walking
    into them; of a person mapping only the role is text."""
    refs, people = _reference_fields(collection)
    found: Texts = []
    for key, value in data.items():
        if key in people:
            found += [
                ((key, i, "role"), v["role"])
                for i, v in enumerate(value)
                if isinstance(v, dict) and isinstance(v.get("role"), str)
            ]
        elif key not in refs:
            found += _strings(value, (key,))
    return found


@functools.cache
def _reference_fields(collection: str) -> tuple[frozenset[str], frozenset[str]]:
    """Fields of ``collection`` that hold references, and those of them that hold people."""
    fields = fields_for(collection).values()
    refs = frozenset(f.name for f in fields if f.type in REFERENCE_KIND or f.type == "record-list")
    return refs, frozenset(f.name for f in fields if f.type == "person-list")


def _check_entities(
    finders: list[WithdrawnNames],
    registry: Registry,
    docs: dict[str, Document],
    diags: list[Diagnostic],
) -> set[tuple[str, str]]:
    removed = set()
    for kind in REGISTRIES:
        # a person's own entry is where their name belongs; it is never published
        entities = [
            e for e in registry.entities[kind].values() if e.named
        ]
        texts = {e.id: _entity_texts(e) for e in entities}
        words = anchor_words("\n".join(t for items in texts.values() for _, t in items))
        if not any(finder.may_name(words) for finder in finders):
            continue  # one quick test for the whole registry; entry by entry only if needed
        for entity in entities:
            found = _check(
                finders, entity.path, texts[entity.id], _entity_line(entity, docs.get(kind))
            )
            if found:
                diags += found
                removed.add((kind, entity.id))
                del registry.entities[kind][entity.id]
    return removed


def _scrub(registry: Registry, records: dict[str, Record], removed: set[tuple[str, str]]) -> None:
    """Drop references to whatever was left out, so no link or tie points at it."""
    for record in records.values():
        _scrub_refs(record.refs, record.people, record.collection, records, removed)
    for kind in REGISTRIES:
        for entity in registry.entities[kind].values():
            _scrub_refs(
                entity.data.get("_refs", {}),
                entity.data.get("_people", {}),
                "registry:" + kind,
                records,
                removed,
            )


def _scrub_refs(
    refs: dict[str, list[str]],
    people: dict[str, list[Any]],
    collection: str,
    records: dict[str, Record],
    removed: set[tuple[str, str]],
) -> None:
    fields = fields_for(collection)
    for name, ids in refs.items():
        kind = REFERENCE_KIND.get(fields[name].type) if name in fields else None
        refs[name] = [i for i in ids if ((kind, i) not in removed if kind else i in records)]
    for name, found in people.items():
        people[name] = [r for r in found if ("people", r.person) not in removed]


def _strings(value: Any, path: tuple[Any, ...]) -> Texts:
    """Every string inside ``value`` with its path, in document order."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in _strings(item, (*path, key))]
    if isinstance(value, list):
        return [s for i, item in enumerate(value) for s in _strings(item, (*path, i))]
    return []
