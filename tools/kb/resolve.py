"""Stage 3: registries, name matching, references between records, and consent.

A name that matches nothing in a registry of people, organisations or places becomes a new
entity with a warning; an unknown theme, barrier, sector or project is an error, because those
lists are controlled vocabularies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .model import REGISTRIES, Diagnostic, Document, Entity, PersonRef, Record, Source
from .names import did_you_mean, fold, normalise_name, slugify
from .schema import REFERENCE_KIND, fields_for

#: Registries that grow from records (a new name is a warning, not an error).
OPEN_KINDS = ("people", "organisations", "places")
_SINGULAR = {"people": "person", "organisations": "organisation", "themes": "theme",
             "barriers": "barrier", "places": "place", "sectors": "sector", "projects": "project"}


class Registry:
    """Every entity by kind and id, with an index of normalised names and aliases."""

    def __init__(self) -> None:
        self.entities: dict[str, dict[str, Entity]] = {kind: {} for kind in REGISTRIES}
        self._index: dict[str, dict[str, str]] = {kind: {} for kind in REGISTRIES}

    def key(self, kind: str, text: str) -> str:
        return normalise_name(text) if kind == "people" else fold(text)

    def add(self, entity: Entity) -> Diagnostic | None:
        """Register an entity; returns a warning when one of its names is already taken."""
        self.entities[entity.kind][entity.id] = entity
        index, clash = self._index[entity.kind], None
        for name in (entity.id, entity.name, *entity.aliases):
            key = self.key(entity.kind, name)
            owner = index.setdefault(key, entity.id)
            if owner != entity.id and clash is None and name != entity.id:
                clash = Diagnostic(entity.path, entity.line, "warning", "ambiguous-name",
                                   f"the name '{name}' of '{entity.id}' is already used by "
                                   f"'{owner}'; references to it will mean '{owner}'. Remove "
                                   "the alias from one of them")
        return clash

    def lookup(self, kind: str, text: str) -> str | None:
        """The id of the entity called ``text`` (by id, name or alias), or None."""
        if text in self.entities[kind]:
            return text
        return self._index[kind].get(self.key(kind, text))

    def get(self, kind: str, entity_id: str | None) -> Entity | None:
        return self.entities[kind].get(entity_id) if entity_id else None

    def names(self, kind: str) -> list[str]:
        return [e.name for e in self.entities[kind].values()]


def build_registry(entries: dict[str, list[dict[str, Any]]], paths: dict[str, str]) -> tuple[Registry, list[Diagnostic]]:
    """Make a :class:`Registry` from validated registry entries."""
    registry, diags = Registry(), []
    for kind in REGISTRIES:
        for entry in entries.get(kind, []):
            entity = Entity(kind, entry["id"], entry["name"], entry, paths[kind],
                            entry["_line"], tuple(entry.get("aliases", ())))
            clash = registry.add(entity)
            if clash:
                diags.append(clash)
    return registry, diags


class Resolver:
    """Turns names in records and registries into entity ids, collecting diagnostics."""

    def __init__(self, registry: Registry, records: dict[str, Record]) -> None:
        self.registry = registry
        self.records = records
        self.diagnostics: list[Diagnostic] = []

    def warn_or_error(self, doc: Document, path: tuple[Any, ...], level: str, code: str, msg: str) -> None:
        self.diagnostics.append(Diagnostic(doc.path, doc.line_of(*path), level, code, msg))  # type: ignore[arg-type]

    def entity(self, kind: str, text: str, doc: Document, path: tuple[Any, ...]) -> str | None:
        """Resolve one name; create an entity (with a warning) for open registries."""
        found = self.registry.lookup(kind, text)
        if found:
            return found
        hint = did_you_mean(text, self.registry.names(kind), 0.7)
        noun = _SINGULAR[kind]
        if kind not in OPEN_KINDS:
            known = ", ".join(sorted(self.registry.entities[kind])[:12])
            self.warn_or_error(doc, path, "error", f"unknown-{noun}",
                               f"unknown {noun} '{text}'{hint}; use an id from "
                               f"registries/{kind}.yml (e.g. {known}) or add it there")
            return None
        new_id = self._free_id(kind, slugify(text))
        self.registry.add(Entity(kind, new_id, text.strip(), {}, doc.path,
                                 doc.line_of(*path), generated=True))
        self.warn_or_error(doc, path, "warning", f"new-{noun}",
                           f"'{text}' is not in registries/{kind}.yml, so it was added as a new "
                           f"{noun}{hint}; if it is already listed under another name, use that "
                           f"name or add this one to its aliases, otherwise add an entry for it")
        return new_id

    def _free_id(self, kind: str, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.registry.entities[kind]:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def person(self, value: dict[str, str], doc: Document, path: tuple[Any, ...]) -> PersonRef | None:
        person_id = self.entity("people", value["name"], doc, (*path, "name"))
        entity = self.registry.get("people", person_id)
        if entity is None or entity.consent == "withdrawn":
            return None
        org = value.get("organisation")
        org_id = self.entity("organisations", org, doc, (*path, "organisation")) if org else None
        if org_id is None and entity.data.get("organisation"):
            org_id = self.registry.lookup("organisations", entity.data["organisation"])
        return PersonRef(entity.id, org_id, value.get("role") or entity.data.get("role"))

    def fields(self, data: dict[str, Any], collection: str, doc: Document, base: tuple[Any, ...],
               refs: dict[str, list[str]], people: dict[str, list[PersonRef]]) -> None:
        """Resolve every reference field of ``data`` into ``refs`` and ``people``."""
        for field in fields_for(collection).values():
            value = data.get(field.name)
            if value is None:
                continue
            path = (*base, field.name)
            if field.type == "person-list":
                found = [self.person(v, doc, (*path, i)) for i, v in enumerate(value)]
                people[field.name] = [p for p in found if p is not None]
            elif field.type in REFERENCE_KIND:
                kind = REFERENCE_KIND[field.type]
                items = value if field.is_list else [value]
                ids = [self.entity(kind, v, doc, (*path, i) if field.is_list else path)
                       for i, v in enumerate(items)]
                refs[field.name] = _unique(i for i in ids if i)
            elif field.type == "record-list":
                refs[field.name] = self.record_ids(field.name, value, doc, path)

    def record_ids(self, name: str, ids: list[str], doc: Document, path: tuple[Any, ...]) -> list[str]:
        wanted = "seminars" if name == "presented_at" else "case_studies"
        found = []
        for i, record_id in enumerate(ids):
            target = self.records.get(record_id)
            if target is None:
                hint = did_you_mean(record_id, [r.id for r in self.records.values()
                                                if r.collection == wanted], 0.6)
                self.warn_or_error(doc, (*path, i), "error", "unknown-record",
                                   f"'{name}' names '{record_id}', but there is no file "
                                   f"{wanted}/{record_id}.md{hint}")
            elif target.collection != wanted:
                self.warn_or_error(doc, (*path, i), "error", "wrong-record",
                                   f"'{name}' must name files in {wanted}/, but '{record_id}' "
                                   f"is in {target.collection}/")
            else:
                found.append(record_id)
        return _unique(found)


def resolve_corpus(registry: Registry, records: dict[str, Record],
                   registry_docs: dict[str, Document]) -> list[Diagnostic]:
    """Resolve every reference in registries and records; fill ``Record.refs``/``people``."""
    resolver = Resolver(registry, records)
    for kind in REGISTRIES:
        doc = registry_docs.get(kind)
        if doc is None:
            continue
        for entity in list(registry.entities[kind].values()):
            if entity.generated:
                continue
            refs: dict[str, list[str]] = {}
            people: dict[str, list[PersonRef]] = {}
            resolver.fields(_without_self_refs(entity), "registry:" + kind, doc,
                            ("items", entity.data["_index"]), refs, people)
            entity.data["_refs"], entity.data["_people"] = refs, people
    for record in records.values():
        resolver.fields(record.meta, record.collection, record.doc, (), record.refs, record.people)
        record.sources = [Source(**s) for s in record.meta.get("sources", [])]
    resolver.diagnostics.extend(check_withdrawn_text(registry, records.values()))
    return resolver.diagnostics


def check_withdrawn_text(registry: Registry, records: Iterable[Record]) -> list[Diagnostic]:
    """A withdrawn person's name must not appear in a record's text either."""
    pattern = withdrawn_pattern(registry)
    if pattern is None:
        return []
    diags = []
    for record in records:
        text_lines = [(record.doc.line_of(k), str(record.meta.get(k, ""))) for k in ("title", "summary")]
        text_lines += list(enumerate(record.body.splitlines(), start=record.doc.body_line))
        for line, text in text_lines:
            match = pattern.search(text)
            if match:
                diags.append(Diagnostic(record.path, line, "error", "withdrawn-name",
                                        f"the text names '{match.group(0)}', who has withdrawn "
                                        "consent to be named; remove the name or describe "
                                        "their role instead"))
    return diags


def withdrawn_pattern(registry: Registry) -> re.Pattern[str] | None:
    """A regex matching any name or alias of a withdrawn person (titles optional)."""
    names = sorted({normalise_name(n) for e in registry.entities["people"].values()
                    if e.consent == "withdrawn" for n in (e.name, *e.aliases)}, key=len, reverse=True)
    parts = [r"\W+".join(re.escape(w) for w in n.split()) for n in names if len(n) > 3]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.I) if parts else None


def _without_self_refs(entity: Entity) -> dict[str, Any]:
    return {k: v for k, v in entity.data.items() if not k.startswith("_")}


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))
