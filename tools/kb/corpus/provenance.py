"""Stage 3 for provenance: cited sources resolved against registries/sources.yml, and the
claims a record or entry states.

A citation names a source by id. The older form, a source described in place by its title, is
still read when exactly one registered source has that title (with a warning giving the id).
A source described in place that no registered source has the title of, and that says with
what ``authority`` it speaks, is a new source: normal in a contribution, like a new name, it
is reported as a notice for the reviewer to add to registries/sources.yml (issue 14). Any other
citation that matches no source is an ``unknown-source`` error, with the nearest id or title
suggested.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..model import Citation, Claim, Diagnostic, Document, Entity
from ..names import Suggester, fold, quote
from ..schema import EVIDENCE

#: How close a text must be to a source's id or title for "did you mean" (the form uses
#: the same).
SOURCE_CUTOFF = 0.6
#: Makes a new source from a description in place: (description, file, path) -> its id.
NewSource = Callable[[dict[str, str], Document, tuple[Any, ...]], str]
#: The reason of a classification claim (kb.schema.Field.classification).
CLASSIFICATION = "The knowledge base's own classification, not a statement of a source."


class Sources:
    """The registered sources, with what citations need to find them."""

    def __init__(self, entities: dict[str, Entity]) -> None:
        self.entities = entities
        self._titles: dict[str, list[str]] = {}
        for entity in entities.values():
            self._titles.setdefault(fold(str(entity.data.get("title", ""))), []).append(
                entity.id)
        self._suggester: Suggester | None = None

    def by_title(self, title: str) -> list[str]:
        """The ids of the sources with this title (ignoring case, accents, punctuation)."""
        return self._titles.get(fold(title), [])

    def add(self, entity: Entity) -> None:
        """A new source, described in a record: later citations of its title find it."""
        self._titles.setdefault(fold(entity.name), []).append(entity.id)

    def suggest(self, text: str) -> str:
        """" (did you mean 'id'?)" for the registered source whose id or title is nearest
        ``text``."""
        if self._suggester is None:
            registered = [e for e in self.entities.values() if not e.generated]
            show = {e.id: e.id for e in registered}
            show |= {str(e.data.get("title", e.id)): e.id for e in registered}
            self._suggester = Suggester(show, key=fold, show=show)
        match = self._suggester.suggest(text, SOURCE_CUTOFF)
        return f" (did you mean '{match}'?)" if match else ""


class Citations:
    """Resolves citations, collecting diagnostics."""

    def __init__(self, sources: Sources, diagnostics: list[Diagnostic],
                 new_source: NewSource | None = None) -> None:
        self.sources = sources
        self.diagnostics = diagnostics
        #: Makes a new source from a description in place (kb.corpus.resolve.Resolver).
        self.new_source = new_source

    def resolve(self, items: Iterable[dict[str, str]], doc: Document,
                path: tuple[Any, ...]) -> list[Citation]:
        """The citations of ``items`` (cleaned by kb.corpus.claims) that name a source."""
        found: list[Citation] = []
        for i, item in enumerate(items):
            citation = self.one(item, doc, (*path, i))
            if citation is not None and citation not in found:
                found.append(citation)
        return found

    def one(self, item: dict[str, str], doc: Document, path: tuple[Any, ...]) -> Citation | None:
        if "source" in item:
            if item["source"] in self.sources.entities:
                return Citation(item["source"], item.get("locator"), item.get("quote"))
            self._unknown(doc, path, f"the source {quote(item['source'])}", item["source"])
            return None
        title = item.get("title", "")
        matches = self.sources.by_title(title)
        if len(matches) > 1:
            self._report(doc, path, "error", "unknown-source",
                         f"the source titled {quote(title)}, described in place, could be any "
                         f"of {len(matches)} sources in registries/sources.yml "
                         f"({', '.join(matches)}); cite the one you mean by its id")
            return None
        if not matches and item.get("authority") and self.new_source is not None:
            return Citation(self.new_source(item, doc, path))
        if not matches:
            self._unknown(doc, path, f"the source titled {quote(title)}, described in place,",
                          title, new=True)
            return None
        if self.sources.entities[matches[0]].generated and self.new_source is not None:
            return Citation(self.new_source(item, doc, path))  # a new source, cited again
        self._report(doc, path, "warning", "source-by-title",
                     f"the source titled {quote(title)} is registered as '{matches[0]}'; cite it "
                     f"by its id: '- {matches[0]}' (the description is read from "
                     "registries/sources.yml)")
        return Citation(matches[0])

    def _unknown(self, doc: Document, path: tuple[Any, ...], what: str, text: str,
                 new: bool = False) -> None:
        hint = self.sources.suggest(text)
        empty = "" if self.sources.entities else " (it has no sources yet)"
        describe = ("; if it is a new source, say with what standing it speaks in "
                    "'authority:' beside its title (and its kind, publisher, date and url)"
                    if new else "")
        self._report(doc, path, "error", "unknown-source",
                     f"{what} is not in registries/sources.yml{hint}; cite a source by its id "
                     f"there{empty}, or add an entry for it (id, title, kind, publisher, date, "
                     f"authority){describe}")

    def _report(self, doc: Document, path: tuple[Any, ...], level: Any, code: str,
                message: str) -> None:
        self.diagnostics.append(Diagnostic(doc.path, doc.line_of(*path), level, code, message))


class ClaimMaker:
    """Makes the claims of one record or entry, with its citations as the default sources."""

    def __init__(self, citations: Citations, doc: Document, cited: list[Citation]) -> None:
        self.citations = citations
        self.doc = doc
        self.cited = tuple(cited)
        self.claims: list[Claim] = []
        #: The path of each claim that has no source at all (reported once per file part).
        self.unsourced: list[tuple[Any, ...]] = []
        self._seen: set[tuple[str, str]] = set()

    def add(self, field: str, target: str, provenance: dict[str, Any] | None,
            path: tuple[Any, ...]) -> None:
        """A claim of ``field`` about ``target``, from the item's provenance (or the defaults);
        one per field and target."""
        if (field, target) in self._seen:
            return
        self._seen.add((field, target))
        provenance = provenance or {}
        sources = self.cited
        if "sources" in provenance:
            sources = tuple(self.citations.resolve(provenance["sources"], self.doc,
                                                   (*path, "sources")))
        elif not sources:
            self.unsourced.append(path)
        evidence = provenance.get("evidence", EVIDENCE[0])
        self.claims.append(Claim(field, target, evidence, sources, provenance.get("reason")))

    def classify(self, field: str, target: str) -> None:
        """A relation the knowledge base sets itself (an organisation's sector): a claim the
        knowledge base infers, with no source, for :data:`CLASSIFICATION`."""
        if (field, target) not in self._seen:
            self._seen.add((field, target))
            self.claims.append(Claim(field, target, "inferred", (), CLASSIFICATION))

    def report_unsourced(self, what: str, where: str) -> None:
        """One warning for the claims that no source supports, at the first of them:
        ``what`` they are claims of, ``where`` to add sources."""
        if not self.unsourced:
            return
        fields = list(dict.fromkeys(str(next(p for p in reversed(path) if isinstance(p, str)))
                                    for path in self.unsourced))
        n = len(self.unsourced)
        self.citations.diagnostics.append(Diagnostic(
            self.doc.path, self.doc.line_of(*self.unsourced[0]), "warning", "unsourced-claim",
            f"{n} claim{'s' if n > 1 else ''} of {what} ({', '.join(fields)}) "
            f"{'have' if n > 1 else 'has'} no source; add 'sources:' with ids from "
            f"registries/sources.yml {where}"))
