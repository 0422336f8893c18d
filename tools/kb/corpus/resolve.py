"""Stage 3: registries, name matching and references between records.

A name that matches nothing in a registry of people, organisations or places becomes a new
entity with a notice (new names are normal in a contribution: the reviewer adds them to the
registry); an unknown theme, barrier, sector or project is an error, because those lists are
controlled vocabularies.

A new person is shown without the titles the record gives them ("Dr Jane Hollis" becomes
``jane-hollis``, "Jane Hollis"), with the consent the record states on them
(``consent: named``, ``role-only`` or ``withdrawn``). Consent is never assumed: a new person
whose consent the record does not state is shown by role only, with a warning; one named in
several records gets the most private consent any of them states.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable
from typing import Any

from ..kinds import KINDS, REGISTRIES
from ..model import Citation, Claim, Diagnostic, Document, Entity, Level, PersonRef, Record
from ..names import (
    RESERVED_IDS,
    Suggester,
    fold,
    normalise_name,
    quote,
    slugify,
    split_honorific,
)
from ..schema import (
    CLAIMS_KEY,
    CLOSED_KINDS,
    LEGACY_SOURCE_KEYS,
    NAME_FROM,
    RECORD_TARGET,
    REFERENCE_KIND,
    REGISTRY_FIELDS,
    SUBJECT_KINDS,
    fields_for,
)
from .claims import plain_text, split_item
from .consent.forms import close_collisions
from .provenance import Citations, ClaimMaker, Sources

#: Registries that grow from records (a new name is a notice, not an error).
OPEN_KINDS = tuple(kind for kind in REGISTRIES if kind not in CLOSED_KINDS)
#: How close a name must be to a registry's for "did you mean" (the form uses the same).
SUGGEST_CUTOFF = 0.7
#: ... and a record id to a record's.
RECORD_CUTOFF = 0.6
#: Consent levels from the most private: a new person named in several records gets the
#: first of those stated.
_PRIVATE_FIRST = ("withdrawn", "role-only", "named")
_ELSEWHERE = ("If it is already listed under another name, use that name or add this one to "
              "its aliases")
#: How a new person appears, by the consent stated (None: not stated).
_SHOWN = {"named": "shown by name, as the record says (consent: named)",
          "role-only": "shown by role only, as the record says (consent: role-only)",
          "withdrawn": "not shown (consent: withdrawn)",
          None: "shown by role only until the record says whether they agreed to be named"}



class Registry:
    """Every entity by kind and id, with an index of normalised names and aliases."""

    def __init__(self) -> None:
        self.entities: dict[str, dict[str, Entity]] = {kind: {} for kind in REGISTRIES}
        self._index: dict[str, dict[str, str]] = {kind: {} for kind in REGISTRIES}
        #: Texts already looked up, as written, with what they found (names recur in thousands
        #: of records). A text keeps the entity it first found, so it means the same in every
        #: record whatever entities are added meanwhile.
        self._found: dict[str, dict[str, str]] = {kind: {} for kind in REGISTRIES}
        self._suggesters: dict[str, Suggester] = {}
        #: True when registries/people.yml exists but cannot be read: then every person a
        #: record names is withdrawn (kb.corpus.consent).
        self.people_unreadable = False

    def key(self, kind: str, text: str) -> str:
        return normalise_name(text) if kind == "people" else fold(text)

    def add(self, entity: Entity) -> Diagnostic | None:
        """Register an entity; returns a warning when one of its names is already taken."""
        self.entities[entity.kind][entity.id] = entity
        if not entity.generated:
            self._suggesters.pop(entity.kind, None)
        index, clash = self._index[entity.kind], None
        # a stand-in's made-up id (kb.corpus.consent.withheld_entry) is not a name to look up
        own_id = () if entity.id.startswith("~") else (entity.id,)
        withheld = entity.withheld
        for name in (*own_id, entity.name, *entity.aliases):
            key = self.key(entity.kind, name)
            owner = index.setdefault(key, entity.id)
            # (a stand-in for an entry in doubt has an error of its own already)
            if owner != entity.id and clash is None and name != entity.id and not withheld:
                clash = self._clash(entity, name, owner)
        return clash

    def _clash(self, entity: Entity, name: str, owner: str) -> Diagnostic:
        # the other entry is named only when both may be: diagnostics can be public
        if entity.named and self.entities[entity.kind][owner].named:
            about, used_by, meaning = f" of '{entity.id}'", f"'{owner}'", f"'{owner}'"
        else:
            about, used_by, meaning = "", "another entry", "that entry"
        return Diagnostic(entity.path, entity.line, "warning", "ambiguous-name",
                          f"the name '{name}'{about} is already used by {used_by}; references "
                          f"to it will mean {meaning}. Remove the alias from one of them")

    def lookup(self, kind: str, text: str) -> str | None:
        """The id of the entity called ``text`` (by id, name or alias), or None."""
        found = self._found[kind].get(text)
        if found is None:
            if text in self.entities[kind]:
                found = text
            else:
                found = self._index[kind].get(self.key(kind, text))
            if found is not None:
                self._found[kind][text] = found
        return found

    def get(self, kind: str, entity_id: str | None) -> Entity | None:
        return self.entities[kind].get(entity_id) if entity_id else None

    def names(self, kind: str) -> list[str]:
        return [e.name for e in self.entities[kind].values()]

    def suggest(self, kind: str, text: str, cutoff: float) -> str | None:
        """The registry entry (not one made from a record, nor a person who has not consented
        to be named) whose name or alias is closest to
        ``text``: its id for controlled vocabularies, its name for people, organisations and
        places."""
        suggester = self._suggesters.get(kind)
        if suggester is None:
            show = self.suggestion_choices(kind)
            suggester = self._suggesters[kind] = Suggester(
                show, key=lambda name: self.key(kind, name), show=show)
        return suggester.suggest(text, cutoff)

    def suggestion_choices(self, kind: str) -> dict[str, str]:
        """What :meth:`suggest` chooses from, in order: each name, alias and id of a registry
        entry, mapped to what the suggestion shows. The proposal form suggests from the same
        (kb.pages.propose)."""
        show: dict[str, str] = {}
        for entity in self.entities[kind].values():
            # never suggest a name consent keeps private: diagnostics can be public
            if not entity.generated and entity.named:
                shown = entity.name if kind in OPEN_KINDS else entity.id
                for name in (entity.name, *entity.aliases, entity.id):
                    show.setdefault(name, shown)
        return show


def build_registry(entries: dict[str, list[dict[str, Any]]], paths: dict[str, str],
                   docs: dict[str, Document] | None = None) -> tuple[Registry, list[Diagnostic]]:
    """Make a :class:`Registry` from validated registry entries. A named person whose name or
    alias is also a protected person's is made withdrawn first (:func:`close_collisions`)."""
    registry = Registry()
    diags = close_collisions(entries.get("people", []), (docs or {}).get("people"),
                             paths.get("people", "registries/people.yml"))
    for kind in REGISTRIES:
        for entry in entries.get(kind, []):
            data = {k: v for k, v in entry.items() if not k.startswith("_")}
            entity = Entity(kind, entry["id"], entry_name(kind, entry), data, paths[kind],
                            entry["_line"], tuple(entry.get("aliases", ())),
                            index=entry.get("_index"), withheld=entry.get("_withheld", False))
            clash = registry.add(entity)
            if clash:
                diags.append(clash)
    return registry, diags


#: The longest name made from an entry's text (a finding, a quote), in characters.
_NAME_CHARS = 80


def entry_name(kind: str, entry: dict[str, Any]) -> str:
    """An entry's name: its ``name``, or for the provenance registries the field it is named
    after (a source's title; a finding's or quote's text, shortened at a word)."""
    if entry.get("name"):
        return str(entry["name"])
    field = NAME_FROM.get(kind, "id")
    text = " ".join(str(entry.get(field) or entry["id"]).split())
    if field != "text" or len(text) <= _NAME_CHARS:  # a title is a name as it stands
        return text
    return text[:_NAME_CHARS].rsplit(" ", 1)[0].rstrip(",;:.") + "\u2026"


class Resolver:
    """Turns names in records and registries into entity ids, collecting diagnostics."""

    def __init__(self, registry: Registry, records: dict[str, Record]) -> None:
        self.registry = registry
        self.records = records
        self.diagnostics: list[Diagnostic] = []
        self._record_ids: dict[str | None, Suggester] = {}
        self.citations = Citations(Sources(registry.entities["sources"]), self.diagnostics,
                                   self.new_source)
        #: (file, person) already told that their consent is not stated
        self._asked: set[tuple[str, str]] = set()

    def suggest_record(self, collection: str | None, record_id: str) -> str:
        suggester = self._record_ids.get(collection)
        if suggester is None:
            suggester = self._record_ids[collection] = Suggester(
                r.id for r in self.records.values() if collection in (None, r.collection))
        match = suggester.suggest(record_id, RECORD_CUTOFF)
        return f" (did you mean '{match}'?)" if match else ""

    def warn_or_error(self, doc: Document, path: tuple[Any, ...], level: Level, code: str,
                      msg: str) -> None:
        self.diagnostics.append(Diagnostic(doc.path, doc.line_of(*path), level, code, msg))

    def entity(self, kind: str, text: str, doc: Document, path: tuple[Any, ...]) -> str | None:
        """Resolve one name; create an entity (with a notice) for open registries."""
        found = self.registry.lookup(kind, text)
        if found:
            return found
        match = self.registry.suggest(kind, text, SUGGEST_CUTOFF)
        hint = f" (did you mean '{match}'?)" if match else ""
        noun = KINDS[kind].singular
        if kind not in OPEN_KINDS:
            field = next((p for p in reversed(path) if isinstance(p, str)), kind)
            self.warn_or_error(doc, path, "error", f"unknown-{noun}",
                               f"unknown {noun} {quote(text)} in '{field}'{hint}; use an id "
                               f"from registries/{kind}.yml{self._examples(kind, match)} or "
                               "add it there")
            return None
        new_id = self._free_id(kind, slugify(text))
        self.registry.add(Entity(kind, new_id, text.strip(), {}, doc.path,
                                 doc.line_of(*path), generated=True))
        self.warn_or_error(doc, path, "notice", f"new-{noun}",
                           f"{quote(text)} is a new {noun}, not in registries/{kind}.yml"
                           f"{hint}; a reviewer adds it there. {_ELSEWHERE}")
        return new_id

    def new_person(self, text: str, stated: str | None, doc: Document,
                   path: tuple[Any, ...]) -> str:
        """Create a person a record names who is in no registry: their titles left out of
        their id and name, their consent as the record states it (role-only when it does
        not, with a warning)."""
        _, bare = split_honorific(text)
        new_id = self._free_id("people", slugify(bare))
        line = doc.line_of(*path, "name")
        if self.registry.people_unreadable:
            # nobody's consent can be established: nobody is published by name
            self.registry.add(Entity("people", new_id, bare, {"consent": "withdrawn"},
                                     doc.path, line, generated=True))
            return new_id
        data = {"consent": stated or "role-only"} | ({"unstated": True} if stated is None else {})
        self.registry.add(Entity("people", new_id, bare, data, doc.path, line, generated=True))
        match = self.registry.suggest("people", text, SUGGEST_CUTOFF)
        hint = f" (did you mean '{match}'?)" if match else ""
        shown = f"{quote(bare)}, " if bare != text.strip() else ""
        self.warn_or_error(doc, (*path, "name"), "notice", "new-person",
                           f"{quote(text)} is a new person, not in registries/people.yml{hint}: "
                           f"{shown}{_SHOWN[stated]}; a reviewer checks their consent and adds "
                           "them there. If they are already listed under another name, use that "
                           "name or add this one to their aliases")
        if stated is None:
            self._unstated(text, doc, path)
        return new_id

    def new_source(self, item: dict[str, str], doc: Document, path: tuple[Any, ...]) -> str:
        """A source a record describes in place that no registry lists: created (with a
        notice) the first time, and described by every description of it. Its publisher is
        resolved like a registered source's, and the claim that it published it rests on the
        source itself."""
        title = item["title"]
        found = [i for i in self.citations.sources.by_title(title)
                 if self.registry.entities["sources"][i].generated]
        if found:
            entity = self.registry.entities["sources"][found[0]]
        else:
            hint = self.citations.sources.suggest(title)
            entity = Entity("sources", self._free_id("sources", slugify(title)), title, {},
                            doc.path, doc.line_of(*path), generated=True)
            entity.sources = [Citation(entity.id)]  # as a registered source's, its own
            self.registry.add(entity)
            self.citations.sources.add(entity)
            self.warn_or_error(doc, path, "notice", "new-source",
                               f"{quote(title)} is a new source, not in registries/sources.yml"
                               f"{hint}; a reviewer adds it there as '{entity.id}' (with its "
                               "kind, publisher, date and authority). If it is already listed "
                               "under another title, cite it by its id")
        for key in LEGACY_SOURCE_KEYS:
            if key in item:
                entity.data.setdefault(key, item[key])
        publisher = item.get("publisher")
        if publisher and publisher != "unknown" and not entity.references.get("publisher"):
            org = self.registry.lookup("organisations", publisher) or self.entity(
                "organisations", publisher, doc, (*path, "publisher"))
            if org:
                entity.references["publisher"] = [org]
                entity.claims = [Claim("publisher", f"organisations:{org}",
                                       sources=(Citation(entity.id),))]
        return entity.id

    def take_consent(self, entity: Entity, text: str, stated: str | None, doc: Document,
                     path: tuple[Any, ...]) -> None:
        """Take in the consent a record states for a person it names. A person new to the
        registry gets the most private consent stated for them anywhere; a registered
        person's consent is the registry's, whatever a record says."""
        if entity.generated:
            if self.registry.people_unreadable:
                return
            if stated is None:
                entity.data["unstated"] = True
                self._unstated(text, doc, path)
            level = stated or "role-only"
            if _PRIVATE_FIRST.index(level) < _PRIVATE_FIRST.index(entity.consent):
                entity.data["consent"] = level
        elif stated is not None and stated != entity.consent:
            # which level the registry gives is not said: diagnostics can be public
            self.warn_or_error(doc, (*path, "consent"), "warning", "consent-ignored",
                               f"{quote(text)} is in registries/people.yml, whose consent "
                               "decides how they appear, so the consent written here is "
                               "ignored; remove it (and ask a maintainer to update the "
                               "registry if it is out of date)")

    def _unstated(self, text: str, doc: Document, path: tuple[Any, ...]) -> None:
        key = (doc.path, normalise_name(text))
        if key in self._asked:
            return  # once for each person in a file
        self._asked.add(key)
        self.warn_or_error(doc, path, "warning", "unstated-consent",
                           f"the record does not say whether {quote(text)}, who is not in "
                           "registries/people.yml, agreed to be named, so they are shown by "
                           "role only; ask them, then write them as '- name: ...' with "
                           "'consent: named' (or 'consent: role-only') on the next line")

    def _examples(self, kind: str, match: str | None) -> str:
        if match:
            return ""
        known = sorted(self.registry.entities[kind])
        if not known:
            return " (it has no entries yet)"
        return f" (e.g. {', '.join(known[:6])}{', ...' if len(known) > 6 else ''})"

    def _free_id(self, kind: str, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.registry.entities[kind] or candidate in RESERVED_IDS:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def person(self, value: dict[str, str], doc: Document,
               path: tuple[Any, ...]) -> PersonRef | None:
        lookup = self.registry.lookup
        name, stated = value["name"], value.get("consent")
        person_id = lookup("people", name)
        if person_id is None:
            person_id = self.new_person(name, stated, doc, path)
        elif (known := self.registry.get("people", person_id)) is not None:
            self.take_consent(known, name, stated, doc, path)
        entity = self.registry.get("people", person_id)
        if entity is None or entity.consent == "withdrawn":
            return None
        org = value.get("organisation")
        org_id = None
        if org:
            org_id = lookup("organisations", org) or self.entity(
                "organisations", org, doc, (*path, "organisation"))
        if org_id is None and entity.data.get("organisation"):
            org_id = lookup("organisations", entity.data["organisation"])
        return PersonRef(entity.id, org_id, value.get("role") or entity.data.get("role"))

    def fields(self, data: dict[str, Any], collection: str, doc: Document, base: tuple[Any, ...],
               refs: dict[str, list[str]], people: dict[str, list[PersonRef]],
               claims: ClaimMaker) -> None:
        """Resolve every reference field of ``data`` into ``refs`` and ``people``, and each
        resolved item into a claim."""
        plan = reference_plan(collection)
        for name, value in data.items():
            step = plan.get(name)
            if step is None or value is None:
                continue
            kind, is_list = step
            path = (*base, name)
            found: list[Any] = []
            for i, item in enumerate(value if is_list else [value]):
                where = (*path, i) if is_list else path
                plain, provenance = split_item(item)
                target = self.item(kind, name, plain, doc, where)
                if target is None:
                    continue
                found.append(target)
                if name in _CLASSIFICATIONS.get(collection, ()):
                    claims.classify(name, self.target_node(kind, target))
                else:
                    claims.add(name, self.target_node(kind, target), provenance, where)
            if kind == "people":
                # one person named twice (e.g. by name and alias) is listed once
                firsts = {p.person: p for p in reversed(found)}
                people[name] = [p for p in found if firsts[p.person] is p]
            else:
                refs[name] = _unique(found)

    def item(self, kind: str, name: str, plain: Any, doc: Document,
             path: tuple[Any, ...]) -> Any:
        """What one item names: a PersonRef for people, an id (a ``kind:id`` node id for a
        project or record), or None when it names nothing that may be published."""
        if kind == "people":
            return None if isinstance(plain, str) else self.person(plain, doc, path)
        if kind == "records":
            return self.record_id(name, plain_text(plain), doc, path)
        if kind == "subjects":
            return self.subject(name, plain_text(plain), doc, path)
        if kind == "partners":
            org = plain["organisation"]
            return self.registry.lookup("organisations", org) or self.entity(
                "organisations", org, doc, (*path, "organisation"))
        text = plain_text(plain)
        if text == "unknown" and name in _UNKNOWN_ALLOWED:
            return None  # a source's publisher that is not known names nothing
        return self.registry.lookup(kind, text) or self.entity(kind, text, doc, path)

    def target_node(self, kind: str, target: Any) -> str:
        """The node id a claim points at: ``people:rob-wilson``, ``seminars:...``."""
        if kind == "people":
            return f"people:{target.person}"
        if kind == "records":
            return f"{self.records[target].collection}:{target}"
        if kind == "subjects":
            return str(target)
        return f"{'organisations' if kind == 'partners' else kind}:{target}"

    def record_id(self, name: str, record_id: str, doc: Document,
                  path: tuple[Any, ...]) -> str | None:
        wanted = RECORD_TARGET[name]
        target = self.records.get(record_id)
        where = f"{wanted}/" if wanted else "seminars/ or case_studies/"
        if target is None:
            hint = self.suggest_record(wanted, record_id)
            self.warn_or_error(doc, path, "error", "unknown-record",
                               f"'{name}' names '{record_id}', but there is no file "
                               f"{wanted or 'seminars'}/{record_id}.md{hint}")
        elif wanted and target.collection != wanted:
            self.warn_or_error(doc, path, "error", "wrong-record",
                               f"'{name}' must name files in {where}, but '{record_id}' "
                               f"is in {target.collection}/")
        else:
            return record_id
        return None

    def subject(self, name: str, text: str, doc: Document, path: tuple[Any, ...]) -> str | None:
        """A project or a record, as a node id. ``projects:easi`` or ``seminars:...`` says
        which; a plain id or name is looked up in both, and must be found in exactly one."""
        kind, sep, rest = text.partition(":")
        if sep and kind in SUBJECT_KINDS:
            candidates = [self._subject_in(kind, rest.strip())]
        else:
            candidates = [self._subject_in(k, text) for k in SUBJECT_KINDS]
        found = [c for c in candidates if c]
        if len(found) == 1:
            return found[0]
        if found:
            self.warn_or_error(doc, path, "error", "ambiguous-reference",
                               f"'{name}' names {quote(text)}, which is both "
                               f"{' and '.join(found)}; write one of them in full, e.g. "
                               f"'{name}: {found[0]}'")
            return None
        match = self.registry.suggest("projects", text, 0.7)
        hint = f" (did you mean '{match}'?)" if match else self.suggest_record(None, text)
        self.warn_or_error(doc, path, "error", "unknown-reference",
                           f"'{name}' names {quote(text)}, which is neither a project in "
                           f"registries/projects.yml nor a record in seminars/ or "
                           f"case_studies/{hint}")
        return None

    def _subject_in(self, kind: str, text: str) -> str | None:
        if kind == "projects":
            found = self.registry.lookup("projects", text)
            return f"projects:{found}" if found else None
        record = self.records.get(text)
        return f"{kind}:{text}" if record is not None and record.collection == kind else None


def resolve_corpus(registry: Registry, records: dict[str, Record],
                   registry_docs: dict[str, Document]) -> list[Diagnostic]:
    """Resolve every reference in registries and records; fill ``Record.refs``/``people``/
    ``sources``/``claims`` and the same of each entity."""
    resolver = Resolver(registry, records)
    for kind in REGISTRIES:
        doc = registry_docs.get(kind)
        if doc is None:
            continue
        for entity in list(registry.entities[kind].values()):
            if entity.generated or entity.consent == "withdrawn":
                continue  # a withdrawn person's entry must not create anything published
            _resolve_entity(resolver, entity, doc)
    for record in records.values():
        cited = resolver.citations.resolve(record.meta.get("sources", []), record.doc,
                                           ("sources",))
        claims = ClaimMaker(resolver.citations, record.doc, cited)
        resolver.fields(record.meta, record.collection, record.doc, (), record.refs,
                        record.people, claims)
        claims.report_unsourced("this record", "to the file (or 'source:' to an entry)")
        record.sources, record.claims = cited, claims.claims
        record.value_claims = _value_claims(resolver, record, cited)
    _drop_withdrawn(registry, records)
    return resolver.diagnostics


def _value_claims(resolver: Resolver, record: Record, cited: list[Citation]
                  ) -> dict[str, Claim]:
    """The record's date and status written as claims (kb.schema.CLAIMS_KEY), each with its
    own sources or else the record's; the value is the claim's target."""
    claims = ClaimMaker(resolver.citations, record.doc, cited)
    for name, provenance in record.meta.get(CLAIMS_KEY, {}).items():
        if name in record.meta:
            claims.add(name, str(record.meta[name]), provenance, (name,))
    return {c.field: c for c in claims.claims}


def _drop_withdrawn(registry: Registry, records: dict[str, Record]) -> None:
    """Leave out people who turned out withdrawn after a record named them (a new person
    whom a later record says withdrew), and the claims about them."""
    people = registry.entities["people"]

    def gone(person_id: str) -> bool:
        entity = people.get(person_id)
        return entity is None or entity.consent == "withdrawn"

    def kept(refs: list[PersonRef]) -> list[PersonRef]:
        return [p for p in refs if not gone(p.person)]

    def claimed(claims: list[Claim]) -> list[Claim]:
        return [c for c in claims if not (c.target.startswith("people:")
                                           and gone(c.target.split(":", 1)[1]))]

    holders: list[Record | Entity] = [*records.values()]
    holders += [e for entities in registry.entities.values() for e in entities.values()]
    for holder in holders:
        found = holder.people
        for name, refs in found.items():
            found[name] = kept(refs)
        holder.claims = claimed(holder.claims)


def _resolve_entity(resolver: Resolver, entity: Entity, doc: Document) -> None:
    path = ("items", entity.index)
    if entity.kind == "sources":  # a source's own claims (publisher, authors) rest on it
        cited = [Citation(entity.id)]
    else:
        cited = resolver.citations.resolve(entity.data.get("sources", []), doc,
                                           (*path, "sources"))
    claims = ClaimMaker(resolver.citations, doc, cited)
    refs: dict[str, list[str]] = {}
    people: dict[str, list[PersonRef]] = {}
    resolver.fields(entity.data, "registry:" + entity.kind, doc, path, refs, people, claims)
    evidence, reason = entity.data.get("evidence"), entity.data.get("reason")
    if evidence:  # the entry's own evidence is that of each claim it makes
        claims.claims = [dataclasses.replace(c, evidence=evidence, reason=c.reason or reason)
                         if c.evidence == "stated" else c for c in claims.claims]
    claims.report_unsourced(f"the entry '{entity.id}'",
                           "to the entry (or 'source:' to one of its items)")
    entity.references, entity.people = refs, people
    entity.sources, entity.claims = cited, claims.claims
    if entity.kind == "quotes" and entity.data.get("by") and not people.get("by") and not (
            isinstance(entity.data["by"], str)):
        # said by someone who may not be named (withdrawn, or in doubt): not published at all
        del resolver.registry.entities["quotes"][entity.id]


#: Fields that are the knowledge base's own classification (kb.schema.Field): inferred
#: claims with no source.
_CLASSIFICATIONS = {f"registry:{kind}": tuple(f.name for f in fields if f.classification)
                    for kind, fields in REGISTRY_FIELDS.items()}
#: Fields that may say ``unknown`` (kb.schema.Field.unknown).
_UNKNOWN_ALLOWED = frozenset(f.name for fields in REGISTRY_FIELDS.values() for f in fields
                             if f.unknown)


@functools.cache
def reference_plan(collection: str) -> dict[str, tuple[str, bool]]:
    """The reference fields of a collection or registry: name -> (what they name, is a list);
    what they name is a registry, ``people`` (with affiliations), ``records``, ``subjects``
    (a project or a record, as node ids) or ``partners`` (organisations, with what each
    brought)."""
    plan = {}
    for field in fields_for(collection).values():
        if field.type in ("person", "person-list"):
            plan[field.name] = ("people", field.is_list)
        elif field.type in ("record", "record-list"):
            plan[field.name] = ("records", field.is_list)
        elif field.type == "project-or-record":
            plan[field.name] = ("subjects", False)
        elif field.type == "partner-list":
            plan[field.name] = ("partners", True)
        elif field.type in REFERENCE_KIND:
            plan[field.name] = (REFERENCE_KIND[field.type], field.is_list)
    return plan


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))
