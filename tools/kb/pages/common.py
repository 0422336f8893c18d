"""Small pieces shared by every page: links, people, dates, sources, page headers."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..corpus import Corpus
from ..html_safety import attr, esc, link
from ..kinds import KINDS
from ..model import Citation, PersonRef, Record
from ..urls import index_uri, page_uri, relative
from .backrefs import Links

_MONTHS = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]


@dataclass
class Context:
    """What every page function needs: the corpus, its link index and the site's settings."""

    corpus: Corpus
    links: Links
    site_name: str
    #: Paths of records whose body the validator refused under the body policy.
    unsafe_bodies: frozenset[str] = frozenset()

    def named(self, kind: str, item_id: str) -> bool:
        """True when the entity has a page of its own (people need consent to be named)."""
        return self.corpus.named(kind, item_id)


def header(title: str | None, description: str = "", **extra: str) -> str:
    """YAML frontmatter for a generated page; values are HTML-escaped for the theme's head.

    Each value is written as a JSON string, which is also a valid YAML double-quoted scalar:
    the same result as ``yaml.safe_dump``, many times faster (this runs for every page).
    """
    meta = {"title": attr(title)} if title else {}  # the home page takes the site's name
    if description:
        meta["description"] = attr(" ".join(description.split()))
    meta.update(extra)
    lines = [
        f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in sorted(meta.items())
    ]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def entity_link(ctx: Context, src_uri: str, kind: str, item_id: str) -> str:
    """A link to an entity's page, or its escaped name when it has no page."""
    entity = ctx.corpus.entity(kind, item_id)
    if entity is None:
        return esc(item_id)
    if not entity.named:
        return esc("a participant whose name is not published")
    return link(entity.name, relative(src_uri, page_uri(kind, item_id)))


def record_link(src_uri: str, record: Record) -> str:
    return link(record.title, relative(src_uri, page_uri(record.collection, record.id)))


def index_link(src_uri: str, kind: str, text: str | None = None) -> str:
    return link(text or KINDS[kind].label, relative(src_uri, index_uri(kind)))


def person_label(ctx: Context, src_uri: str, ref: PersonRef) -> str:
    """A person as a link with their affiliation at the time, honouring consent."""
    entity = ctx.corpus.entity("people", ref.person)
    org = entity_link(ctx, src_uri, "organisations", ref.organisation) if ref.organisation else ""
    if entity is not None and entity.consent == "role-only":
        role = esc(ref.role or "participant")
        return f"a {role} from {org}" if org else f"a {role} (name not published)"
    name = entity_link(ctx, src_uri, "people", ref.person)
    parts = [p for p in (esc(ref.role) if ref.role else "", org) if p]
    return f"{name} ({', '.join(parts)})" if parts else name


def human_date(date: str | None) -> str:
    """``2016-10`` -> ``October 2016``; None -> ``Date not known``."""
    if not date:
        return "Date not known"
    parts = date.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def sources_section(ctx: Context, src_uri: str, citations: list[Citation]) -> str:
    """A "Sources" section: who published what, and when, each linked to its source page."""
    items = [citation_text(ctx, src_uri, c) for c in citations]
    if not items:
        return "## Sources\n\nNo source is recorded for this page yet.\n"
    return "## Sources\n\n" + "\n".join(f"- {item}" for item in items) + "\n"


def citation_text(ctx: Context, src_uri: str, citation: Citation) -> str:
    """One cited source: its title (a link to its page), publisher and date, and where in it
    (a locator, a quote)."""
    source = ctx.corpus.entity("sources", citation.source)
    if source is None:
        return esc(citation.source)
    data = source.data
    publisher = data.get("publisher")
    org = (ctx.corpus.registry.lookup("organisations", publisher)
           if publisher and publisher != "unknown" else None)
    details = [
        entity_link(ctx, src_uri, "organisations", org) if org else "publisher not known",
        human_date(data["date"]) if data.get("date") not in (None, "unknown")
        else "date not known",
    ]
    if citation.locator:
        details.append(esc(citation.locator))
    text = f"{entity_link(ctx, src_uri, 'sources', source.id)}, {', '.join(details)}"
    if citation.quote:
        text += f": \u201c{esc(citation.quote)}\u201d"
    return text


def bullet_list(items: list[str], empty: str) -> str:
    """A Markdown list, or a sentence saying there is nothing to list."""
    return "\n".join(f"- {item}" for item in items) + "\n" if items else f"{empty}\n"


def definition(term: str, values: list[str]) -> str:
    """One entry of a definition list (``def_list``), skipped when there is no value."""
    if not values:
        return ""
    return f"{term}\n:   " + "<br>\n    ".join(values) + "\n\n"


def panel(title: str, body: str, weight: int | None = None) -> str:
    """A summary panel: a labelled region holding a definition list. ``weight`` makes its
    words count more in the search index (Pagefind's data-pagefind-weight)."""
    extra = f' data-pagefind-weight="{weight}"' if weight else ""
    return (
        f'<section class="kb-panel" aria-label="{attr(title)}"{extra} markdown>\n\n'
        f"{body}\n</section>\n\n"
    )
