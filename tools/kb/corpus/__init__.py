"""Load, validate and resolve a whole knowledge base: the engine-free entry point."""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..json_schema import Vocabulary
from ..kinds import COLLECTIONS, KINDS, REGISTRIES
from ..model import Diagnostic, Document, Entity, Record
from ..names import RESERVED_IDS, is_safe_id, suggest
from ..schema import CLOSED_KINDS
from .consent import salvage_people
from .consent.scan import check_file_names, protect
from .files import MAX_REGISTRY_BYTES, find_entries, load_document, load_yaml_file
from .limits import LIMIT_CODES
from .resolve import Registry, build_registry, resolve_corpus
from .validate import validate_record, validate_registry

#: Registry names written in the singular (or "persons"), and the registry meant.
_MISNAMED = {KINDS[k].singular: k for k in REGISTRIES} | {"persons": "people"}


@dataclass
class Corpus:
    """Everything the later stages need: records, entities and the problems found."""

    root: Path
    records: dict[str, Record]
    registry: Registry
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "warning"]

    @property
    def notices(self) -> list[Diagnostic]:
        """What a reviewer should know but nothing fails on: names new to the registries."""
        return [d for d in self.diagnostics if d.level == "notice"]

    def entities(self, kind: str) -> dict[str, Entity]:
        """Entities of one kind by id (``people``, ``organisations``, ...)."""
        return self.registry.entities[kind]

    def named(self, kind: str, item_id: str) -> bool:
        """Whether the entity exists and may be shown by name (people need consent)."""
        entity = self.registry.get(kind, item_id)
        return entity is not None and entity.named

    def entity(self, kind: str, entity_id: str | None) -> Entity | None:
        return self.registry.get(kind, entity_id)

    def by_collection(self, collection: str) -> list[Record]:
        """Records of one collection, newest first, undated last, then by title."""
        records = [r for r in self.records.values() if r.collection == collection]
        return sorted(records, key=lambda r: (r.date is None, _negate(r.date), r.title.casefold()))


def load_corpus(root: str | Path) -> Corpus:
    """Load every collection and registry under ``root`` and check them.

    Never raises for anything in the content; problems are in ``Corpus.diagnostics``.
    """
    with _collector_paused():
        return _load_corpus(Path(root))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while loading.

    Loading keeps every record alive and allocates millions of containers (and almost no
    cyclic garbage), so the collector would repeatedly walk the growing heap for nothing: a
    quarter of the time on a large corpus. Cyclic garbage (a YAML alias inside itself) waits
    for the next collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Move everything allocated meanwhile to the oldest generation (which also resets the
        # allocation count): otherwise the first allocation after enabling would walk it all.
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def _load_corpus(root: Path) -> Corpus:
    diagnostics: list[Diagnostic] = []
    entries: dict[str, list[dict[str, Any]]] = {}
    paths: dict[str, str] = {}
    docs: dict[str, Document] = {}
    unreadable = False
    for kind in REGISTRIES:
        path = root / "registries" / f"{kind}.yml"
        paths[kind] = f"registries/{kind}.yml"
        if not path.is_file() or _outside(root, path, paths[kind], diagnostics):
            continue
        doc, diags = load_yaml_file(path, paths[kind])
        diagnostics += diags
        problems = [d.line for d in diags if d.level == "error"]
        more: list[Diagnostic] = []
        if doc is not None:
            docs[kind] = doc
            entries[kind], more = validate_registry(doc, kind, problems)
            diagnostics += more
        if kind == "people" and (doc is None or any(d.code == "registry-not-list" for d in more)):
            unreadable = True  # consent fails closed: nobody is named (kb.corpus.consent)
            salvaged, error = salvage_people(path, paths[kind], MAX_REGISTRY_BYTES,
                                             min(problems, default=1))
            entries[kind] = entries.get(kind, []) + salvaged
            diagnostics.append(error)
    _stray_registries(root / "registries", diagnostics)
    registry, diags = build_registry(entries, paths, docs)
    registry.people_unreadable = unreadable
    diagnostics += diags
    records = _load_records(root, diagnostics)
    diagnostics += check_file_names(registry, records)
    diagnostics += resolve_corpus(registry, records, docs)
    diagnostics += protect(registry, records, docs)
    return Corpus(root, records, registry, sorted({_printable(d) for d in diagnostics}, key=_order))


def _load_records(root: Path, diagnostics: list[Diagnostic]) -> dict[str, Record]:
    records: dict[str, Record] = {}
    for collection in COLLECTIONS:
        folder = root / collection
        _nested_folders(folder, collection, diagnostics)
        folder_linked = folder.resolve() != root.resolve() / collection
        for entry in find_entries(folder, "*"):
            name, rel = entry.name, f"{collection}/{entry.name}"
            if (entry.is_symlink() or folder_linked) and _outside(
                    root, folder / name, rel, diagnostics):
                continue
            if not name.endswith(".md"):
                diagnostics.append(Diagnostic(rel, 0, "warning", "not-markdown",
                                              f"'{name}' is not read: records are Markdown "
                                              f"files ending in '.md'; rename it to "
                                              f"'{Path(name).stem}.md' if it is one"))
                continue
            doc, diags = load_document(entry.path, rel)  # a str: cheaper than a Path here
            diagnostics += diags
            if doc is None:
                continue
            record = _make_record(doc, collection, name[:-3], records, diagnostics)
            if record is not None:
                records[record.id] = record
    return records


def _make_record(doc: Document, collection: str, record_id: str, records: dict[str, Record],
                 diagnostics: list[Diagnostic]) -> Record | None:
    meta, diags = validate_record(doc, collection, record_id)
    diagnostics += diags
    if any(d.code in LIMIT_CODES for d in diags):
        return None  # over a limit: left out, so no later stage or engine does unbounded work
    if not is_safe_id(record_id):
        return None  # reported by validate_record; such an id must never reach a path
    if record_id in RESERVED_IDS:
        diagnostics.append(Diagnostic(doc.path, 1, "error", "reserved-id",
                                      f"'{record_id}.md' is reserved for the site's own pages; "
                                      "rename the file after its title"))
        return None
    if record_id in records:
        first = records[record_id].path
        diagnostics.append(Diagnostic(doc.path, 1, "error", "duplicate-id",
                                      f"the id '{record_id}' is already used by {first}; ids "
                                      "are unique across seminars/ and case_studies/, so rename "
                                      "one of the files"))
        return None
    title = meta.get("title") or record_id
    return Record(record_id, collection, doc.path, title, meta, doc.body, doc)


def _stray_registries(folder: Path, diagnostics: list[Diagnostic]) -> None:
    """Warn about YAML files in registries/ that are not read (``themes.yaml``, ``person.yml``)."""
    known = [f"{kind}.yml" for kind in REGISTRIES]
    for entry in find_entries(folder, "*.y*ml"):
        if entry.name not in known and entry.name.endswith((".yml", ".yaml")):
            stem = entry.name.rsplit(".", 1)[0].lower().replace("organiz", "organis")
            meant = _MISNAMED.get(stem, stem if stem in REGISTRIES else suggest(stem, REGISTRIES))
            hint = f" (did you mean '{meant}.yml'?)" if meant else ""
            diagnostics.append(Diagnostic(
                f"registries/{entry.name}", 0, "warning", "not-read",
                f"'{entry.name}' is not read: the registries are {', '.join(known)}{hint}"))


def _nested_folders(folder: Path, collection: str, diagnostics: list[Diagnostic]) -> None:
    try:
        with os.scandir(folder) as scan:
            names = sorted(e.name for e in scan if e.is_dir() and not e.name.startswith("."))
    except OSError:
        return
    for name in names:
        diagnostics.append(Diagnostic(
            f"{collection}/{name}/", 0, "warning", "not-read",
            f"the folder '{collection}/{name}/' is not read: records go directly in "
            f"{collection}/; move its files up"))


def _outside(root: Path, path: Path, rel: str, diagnostics: list[Diagnostic]) -> bool:
    """True (after reporting) when ``path`` is, or lies in a folder that is, a link to
    somewhere outside the knowledge base."""
    try:
        path.resolve().relative_to(root.resolve())
        return False
    except (ValueError, OSError, RuntimeError):
        diagnostics.append(Diagnostic(rel, 0, "error", "unsafe-path",
                                      f"'{path.name}' is a link to a file outside the knowledge "
                                      "base, which is not read; copy the file here instead"))
        return True


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _printable(d: Diagnostic) -> Diagnostic:
    """One line per diagnostic whatever a file name or quoted value holds (a newline, a
    terminal escape): such characters are shown as escapes like ``\\n``."""
    if _UNPRINTABLE.search(d.message) or _UNPRINTABLE.search(d.path):
        return Diagnostic(_escape(d.path), d.line, d.level, d.code, _escape(d.message))
    return d


def _escape(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _negate(date: str | None) -> str:
    """Sort key that puts later ISO dates first."""
    return "".join(chr(0x10FFFF - ord(c)) for c in date) if date else ""


def _order(d: Diagnostic) -> tuple[str, int, str, str]:
    return (d.path, d.line, d.code, d.message)


def corpus_vocabulary(corpus: Corpus) -> Vocabulary:
    """What the schemas suggest or accept, from the registries and records of ``corpus``.

    Closed vocabularies give every id, name and alias (all are accepted); people give only
    those who agreed to be named; records give their ids.
    """
    vocab: Vocabulary = {}
    for kind in CLOSED_KINDS:
        vocab[kind] = [s for e in corpus.entities(kind).values()
                       for s in (e.id, e.name, *e.aliases)]
    for kind in ("organisations", "places"):
        vocab[kind] = sorted(e.name for e in corpus.entities(kind).values())
    vocab["people"] = sorted(e.name for e in corpus.entities("people").values()
                             if e.named)
    for collection in ("seminars", "case_studies"):
        vocab[collection] = sorted(r.id for r in corpus.records.values()
                                   if r.collection == collection)
    return vocab
