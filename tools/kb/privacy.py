"""Consent, enforced on everything that gets published.

A record or registry entry that names someone who withdrew consent (or who agreed to appear
only by role) in any of its published text is reported as an error and left out of the
corpus, so that no later stage (pages, search index, graph, exports, vocabularies) can
publish it, whatever the build's strictness. The file itself is untouched: fixing it brings
it back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .model import REGISTRIES, Diagnostic, Document, Entity, Record
from .resolve import Registry, WithdrawnNames
from .schema import REFERENCE_KIND, fields_for

QUARANTINE_CODES = frozenset({"withdrawn-name", "role-only-name"})
_LEFT_OUT = "; until then this file is left out of the site"


def protect(
    registry: Registry, records: dict[str, Record], docs: dict[str, Document]
) -> list[Diagnostic]:
    """Report protected names in published text, and remove what carries them."""
    finders = [
        f for f in (WithdrawnNames(registry, c) for c in ("withdrawn", "role-only")) if f.names
    ]
    if not finders:
        return []
    diags: list[Diagnostic] = []
    for record in list(records.values()):
        found = _check(finders, record.path, _record_texts(record))
        if found:
            diags += found
            del records[record.id]
    removed = _check_entities(finders, registry, docs, diags)
    _scrub(registry, records, removed)
    return [_explain(d) for d in diags]


def _check(
    finders: list[WithdrawnNames], path: str, texts: list[tuple[int, str]]
) -> list[Diagnostic]:
    return [d for finder in finders for d in finder.check(path, texts)]


def _record_texts(record: Record) -> list[tuple[int, str]]:
    """Every string the record publishes, with its line: all fields, and the body. People's
    own names are references (consent decides how they show), so they are not text."""
    people = {f.name for f in fields_for(record.collection).values() if f.type == "person-list"}
    texts = [
        (record.doc.line_of(*path), text)
        for path, text in _strings(record.meta, ())
        if not (path[0] in people and path[-1] == "name")
    ]
    texts.append((record.doc.body_line, record.body))
    return texts


def _entity_texts(entity: Entity, doc: Document | None) -> list[tuple[int, str]]:
    base = ("items", entity.data.get("_index"))
    data = {k: v for k, v in entity.data.items() if not k.startswith("_")}
    if entity.generated:
        return [(entity.line, entity.name)]
    people = {
        f.name for f in fields_for("registry:" + entity.kind).values() if f.type == "person-list"
    }
    return [
        (doc.line_of(*base, *path) if doc else entity.line, text)
        for path, text in _strings(data, ())
        if not (path[0] in people and path[-1] == "name")
    ]


def _check_entities(
    finders: list[WithdrawnNames],
    registry: Registry,
    docs: dict[str, Document],
    diags: list[Diagnostic],
) -> set[tuple[str, str]]:
    removed = set()
    for kind in REGISTRIES:
        for entity in list(registry.entities[kind].values()):
            if kind == "people" and entity.consent != "named":
                continue  # their own entry is where their name belongs; it is never published
            found = _check(finders, entity.path, _entity_texts(entity, docs.get(kind)))
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


def _strings(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


def _explain(d: Diagnostic) -> Diagnostic:
    if d.code not in QUARANTINE_CODES:
        return d
    return Diagnostic(d.path, d.line, d.level, d.code, d.message + _LEFT_OUT)
