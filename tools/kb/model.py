"""The data the pipeline passes between stages: plain, frozen where it can be."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

#: How much a diagnostic matters. ``error``: the file cannot be published as it is (fails every
#: check); ``warning``: something to tidy (fails ``--strict`` checks and the strict build);
#: ``notice``: something a reviewer should know, such as a name new to the registries, which
#: is normal in a contribution and fails nothing.
Level = Literal["error", "warning", "notice"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in the content, located to a file and line.

    Attributes:
        path: Project-relative POSIX path of the file.
        line: 1-based line in the file, or 0 when the whole file is concerned.
        level: ``error`` (the file cannot be published as it is), ``warning`` (to tidy;
            fails strict checks) or ``notice`` (for the reviewer; fails nothing), see
            :data:`Level`.
        code: A short stable name for the kind of problem, e.g. ``unknown-theme``.
        message: Plain-English explanation that quotes the value and says how to fix it.
    """

    path: str
    line: int
    level: Level
    code: str
    message: str

    def format(self) -> str:
        """Render in compiler style: ``path:line: level: message [code]``."""
        return f"{self.path}:{self.line}: {self.level}: {self.message} [{self.code}]"


@dataclass
class Document:
    """A parsed source file: frontmatter data, where each value was, and the body."""

    path: str
    data: dict[str, Any]
    lines: dict[tuple[Any, ...], int]
    body: str = ""
    body_line: int = 1

    def line_of(self, *path: Any) -> int:
        """The line of the value at ``path`` (e.g. ``("speakers", 2)``), or its nearest parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


@dataclass(frozen=True)
class PersonRef:
    """A person named by a record, with the affiliation and role given there (if any)."""

    person: str
    organisation: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Citation:
    """A source cited for a record, an entry or one claim: an id from registries/sources.yml,
    with where in it (``locator``: a section) and its words (``quote``: one sentence)."""

    source: str
    locator: str | None = None
    quote: str | None = None


#: How firmly a claim is made (kb.schema.EVIDENCE).
Evidence = Literal["stated", "inferred", "disputed"]


@dataclass(frozen=True)
class Claim:
    """One relation a record or registry entry states, with its sources and how firmly.

    Attributes:
        field: The field that states it (``speakers``, ``hosts``, ``of``; ``date`` or
            ``status`` for a value claim).
        target: What it points at, as a node id: ``people:rob-wilson``,
            ``seminars:bradford-families-2015``; for a value claim, the value (``2016-10``).
        evidence: ``stated`` (the sources say it), ``inferred`` (the knowledge base infers it,
            for ``reason``) or ``disputed`` (the sources disagree, as ``reason`` says).
        sources: The item's own citations, or else the record's or entry's.
        reason: Why it is inferred or disputed; published to readers.
    """

    field: str
    target: str
    evidence: Evidence = "stated"
    sources: tuple[Citation, ...] = ()
    reason: str | None = None


@dataclass
class Record:
    """A seminar, event, case study or good-practice account after validation."""

    id: str
    collection: str
    path: str
    title: str
    meta: dict[str, Any]
    body: str
    doc: Document
    #: Resolved references: field name -> entity ids (or record ids), in file order.
    refs: dict[str, list[str]] = field(default_factory=dict)
    #: Resolved people: field name -> PersonRef, withdrawn people already removed.
    people: dict[str, list[PersonRef]] = field(default_factory=dict)
    #: The sources the record cites (its ``sources:``), resolved to registry ids.
    sources: list[Citation] = field(default_factory=list)
    #: Every relation it states, one per resolved item, in file order (kb.corpus.claims).
    claims: list[Claim] = field(default_factory=list)
    #: Its date and status when written as claims with their own provenance, field -> claim
    #: (the value itself stays in :attr:`meta`, where every reader finds it).
    value_claims: dict[str, Claim] = field(default_factory=dict)

    @property
    def date(self) -> str | None:
        """The ISO date (possibly partial), or None when unknown."""
        value = self.meta.get("date")
        return None if value in (None, "unknown") else str(value)

    @property
    def year(self) -> int | None:
        """The year of :attr:`date`, or None."""
        return int(self.date[:4]) if self.date else None

    @property
    def kind(self) -> str:
        """``seminar``, ``case-study`` or ``good-practice``."""
        return "seminar" if self.collection == "seminars" else str(self.meta.get("kind"))


#: The consent levels under which anything about a person is published.
_PUBLISHABLE = ("named", "role-only")


@dataclass
class Entity:
    """An entry of a registry: a person, organisation, theme, barrier, place, sector, project,
    source, output, finding, impact, collaboration or quote."""

    kind: str
    id: str
    name: str
    data: dict[str, Any]
    path: str
    line: int
    aliases: tuple[str, ...] = ()
    #: True when no registry entry exists and the entity was created from a record.
    generated: bool = False
    #: Position of its entry in the registry's ``items`` (None for a generated entity).
    index: int | None = None
    #: True for a withdrawn stand-in kept for an entry in doubt (kb.corpus.consent).
    withheld: bool = False
    #: What resolution found (kb.corpus.resolve): field -> ids of the entities it names ...
    references: dict[str, list[str]] = field(default_factory=dict)
    #: ... and, for person fields, field -> the people named.
    people: dict[str, list[PersonRef]] = field(default_factory=dict)
    #: The sources the entry cites, resolved to registry ids ...
    sources: list[Citation] = field(default_factory=list)
    #: ... and every relation it states, one per resolved item, in file order.
    claims: list[Claim] = field(default_factory=list)

    @property
    def consent(self) -> str:
        """For people: ``named``, ``role-only`` or ``withdrawn``; ``named`` for other kinds.
        Fails closed: no value, or one that is not exactly one of those (both reported by
        the validator), is ``withdrawn``."""
        if self.kind != "people":
            return "named"
        value = self.data.get("consent")
        return value if value in _PUBLISHABLE else "withdrawn"

    @property
    def named(self) -> bool:
        """Whether the entity may be shown by name: always, except people who asked to appear
        only by role or not at all."""
        return self.consent == "named"

    @property
    def description(self) -> str:
        return str(self.data.get("description") or "")


@dataclass(frozen=True)
class Page:
    """A page of the site to generate: its source path (``people/rob-wilson.md``) and Markdown."""

    src_uri: str
    markdown: str


@dataclass(frozen=True)
class Asset:
    """A static file to add to the built site (``assets/kb/graph.js``): its bytes, or the file
    on disk that holds them (the data downloads, written there as they are made: hundreds of
    megabytes on a large corpus, never held in memory).

    Attributes:
        dest_uri: Where it goes in the site.
        content: Its bytes (empty when ``path`` is given).
        path: The file holding it, when it is on disk.
    """

    dest_uri: str
    content: bytes = b""
    path: Path | None = None

    def read(self) -> bytes:
        """Its bytes, read from disk when it is there (small files only, e.g. in tests)."""
        return self.path.read_bytes() if self.path is not None else self.content
