"""Stage 5: plan the site as a list of Markdown pages and static files. No MkDocs here.

``plan_site`` is what the MkDocs plugin and ``kb pages --out`` both call, so any engine that
reads Markdown with YAML frontmatter can build the same site.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..corpus import Corpus
from ..corpus.body_policy import POLICY_CODES
from ..kinds import REGISTRIES
from ..model import Asset, Entity, Page
from ..urls import index_uri, page_uri
from .backrefs import build_links
from .common import Context
from .entities import entity_page
from .feeds import atom_feed, entity_jsonld, record_jsonld
from .finder import finder_page
from .indexes import ENTITY_INTROS, browse_page, entity_index_page, home_page, timeline_page
from .plain import plain_summary
from .provenance import PROVENANCE_HEADING
from .records import record_page
from .search import entity_search_block, record_search_block
from .sources import source_page, sources_index_page
from .work import WORK_KINDS, work_index_page, work_page

__all__ = ["Site", "SiteOptions", "plan_site"]

ASSETS = Path(__file__).resolve().parent / "assets"
#: The site's own style sheet and script (the network and contribution modules add theirs).
STATIC = ("kb.css", "site.js", "search.css", "search.js")


@dataclass(frozen=True)
class SiteOptions:
    """Settings for planning the site.

    Attributes:
        site_url: The published address, for canonical URLs, JSON-LD and the feed.
        repo_url: The GitHub repository, for the "propose a case study" page.
        site_name: Shown on the home page and in the feed.
        network: Whether to add the network pages and exports (slower on large corpora).
        entity_pages: Whether to add a page per entity and per record.
        published_url: The ``site_url`` written in mkdocs.yml, or None when it has none
            (``mkdocs serve`` replaces ``site_url`` with its local address); files made by
            the proposal form point at the schemas there.
        proposal_email: Where proposals may be emailed, by those without a GitHub account
            (``extra.proposal_email`` in mkdocs.yml); the page offers it only when set.
        downloads: A folder to write the network's data downloads into as they are made
            (the site's assets then name the files there); None keeps them in memory.
    """

    site_url: str = "https://example.invalid/"
    repo_url: str | None = None
    site_name: str = "Information Sharing in Policy and Practice"
    network: bool = True
    entity_pages: bool = True
    published_url: str | None = None
    proposal_email: str | None = None
    downloads: Path | None = None


@dataclass
class Site:
    """The planned site: pages, static files, and per-page data for the page head."""

    pages: list[Page] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    #: src_uri -> JSON-LD (already safe to place inside a script element).
    jsonld: dict[str, str] = field(default_factory=dict)
    #: src_uri -> path of the source file to edit, relative to the project root.
    edit_paths: dict[str, str] = field(default_factory=dict)
    #: src_uris of pages that contain contributed text, and the marker around that text.
    contributed: dict[str, str] = field(default_factory=dict)


def plan_site(corpus: Corpus, options: SiteOptions | None = None) -> Site:
    """Plan every generated page and file for ``corpus``."""
    options = options or SiteOptions()
    ctx = Context(
        corpus,
        build_links(corpus),
        options.site_name,
        unsafe_bodies=frozenset(
            d.path for d in corpus.errors if d.code in POLICY_CODES),
    )
    site = Site()
    network = _network(ctx) if options.network else None
    site.pages += [
        Page("index.md", home_page(ctx)),
        Page(index_uri("seminars"), timeline_page(ctx)),
        Page(index_uri("case_studies"), finder_page(ctx)),
        Page("browse/index.md", browse_page(ctx)),
    ]
    site.pages += [Page(index_uri(kind), _index_page(ctx, kind)) for kind in REGISTRIES]
    if options.entity_pages:
        _plan_records(ctx, site, options, network)
        _plan_entities(ctx, site, options, network)
    site.assets.append(Asset("feed.xml", atom_feed(ctx, options.site_url, options.site_name)))
    site.assets += [Asset(f"assets/kb/{name}", (ASSETS / name).read_bytes()) for name in STATIC]
    if network is not None:
        _add_network_pages(ctx, site, network, options.downloads)
    _plan_contrib(ctx, site, options)
    return site


def _plan_records(ctx: Context, site: Site, options: SiteOptions, network: Any) -> None:
    marker = "kb-contributed-" + secrets.token_hex(8)
    for record in ctx.corpus.records.values():
        src = page_uri(record.collection, record.id)
        markdown = record_page(ctx, record, marker) + record_search_block(ctx, record)
        site.pages.append(Page(src, _with_network(ctx, network, record.collection, record.id,
                                                  src, markdown)))
        site.jsonld[src] = record_jsonld(ctx, record, options.site_url)
        site.edit_paths[src] = record.path
        site.contributed[src] = marker


def _plan_entities(ctx: Context, site: Site, options: SiteOptions, network: Any) -> None:
    for kind in REGISTRIES:
        for entity in ctx.corpus.entities(kind).values():
            if not ctx.named(kind, entity.id):
                continue
            src = page_uri(kind, entity.id)
            markdown = _entity_page(ctx, entity) + entity_search_block(ctx, kind, entity)
            site.pages.append(Page(src, _with_network(ctx, network, kind, entity.id, src,
                                                      markdown)))
            jsonld = entity_jsonld(ctx, entity, options.site_url)
            if jsonld:
                site.jsonld[src] = jsonld
            if not entity.generated:
                site.edit_paths[src] = entity.path


def _index_page(ctx: Context, kind: str) -> str:
    """The list of one kind: sources and the work's outputs, findings, impact, collaborations
    and quotes have lists of their own (grouped by what they belong to)."""
    if kind == "sources":
        return sources_index_page(ctx, ENTITY_INTROS[kind])
    if kind in WORK_KINDS:
        return work_index_page(ctx, kind, ENTITY_INTROS[kind])
    return entity_index_page(ctx, kind)


def _entity_page(ctx: Context, entity: Entity) -> str:
    if entity.kind == "sources":
        return source_page(ctx, entity)
    if entity.kind in WORK_KINDS:
        return work_page(ctx, entity)
    return entity_page(ctx, entity)


def _network(ctx: Context) -> Any:
    """The network (graph, analysis, layout), planned once for every page that shows it."""
    # Imported here: networkx and igraph are only loaded when the network is wanted.
    from ..network import plan_network

    return plan_network(ctx.corpus)


def _with_network(ctx: Context, network: Any, kind: str, item_id: str, src: str,
                  markdown: str) -> str:
    """A page's Markdown with its "In the network" section, when there is one, before the
    sources and evidence (the page's last section, as references close an article)."""
    if network is None:
        return markdown
    from .network import entity_network_section

    extra = entity_network_section(ctx.corpus, network, kind, item_id, src,
                                   lead=plain_summary(ctx, kind, item_id))
    if not extra:
        return markdown
    # the last such heading is the generated one (a contributed body comes before it)
    head, found, tail = markdown.rpartition("\n" + PROVENANCE_HEADING)
    if not found:
        return markdown + "\n" + extra
    return head + "\n\n" + extra + "\n" + found.lstrip("\n") + tail


def _add_network_pages(ctx: Context, site: Site, network: Any, downloads: Path | None,
                       ) -> None:
    from .network import network_pages

    pages, assets = network_pages(ctx.corpus, network, downloads)
    site.pages += pages
    site.assets += assets


def _plan_contrib(ctx: Context, site: Site, options: SiteOptions) -> None:
    from .propose import contrib_pages

    pages, assets = contrib_pages(ctx.corpus, options)
    site.pages += pages
    site.assets += assets
