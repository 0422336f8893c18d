"""The MkDocs adapter: the only module that imports MkDocs. It wires the engine-free pipeline
into a build and does nothing else."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from .corpus import load_corpus
from .gate import OutputGate, gate_for, report
from .html_safety import clean_html, sanitise_between
from .pages import Site, SiteOptions, plan_site
from .pages.search import SearchIndexError, build_index
from .pages.settings import proposal_email, read_config

log = logging.getLogger("mkdocs.plugins.kb")
#: How each level is logged. MkDocs' --strict fails on warnings; a notice (a name new to the
#: registries, normal in a contribution) is shown at INFO, so it never fails the build.
_LOG = {"error": log.error, "warning": log.warning, "notice": log.info}


class KnowledgeBaseConfig(base.Config):
    """Options of the ``kb`` plugin in mkdocs.yml."""

    root = c.Optional(c.Dir(exists=True))
    """Folder holding seminars/, case_studies/ and registries/ (default: beside mkdocs.yml)."""
    network = c.Type(bool, default=True)
    """Add the network view, its analysis and the data downloads."""
    entity_pages = c.Type(bool, default=True)
    """Add a page for every record and entity (turn off only to measure the bare site)."""
    search_index = c.Type(bool, default=True)
    """Build the Pagefind search index after the site (turn off only to measure without it)."""


class KnowledgeBasePlugin(BasePlugin[KnowledgeBaseConfig]):
    """Adds the knowledge base's records, entity pages and data to a MkDocs site."""

    def __init__(self) -> None:
        self.site = Site()
        self.root = Path.cwd()
        self.published_url: str | None = None
        self.proposal_email: str | None = None
        self.gate = OutputGate(())
        #: The folder the data downloads are written into for this build (removed after it).
        self.downloads: Path | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config_file = Path(config.config_file_path or "mkdocs.yml").resolve()
        self.root = Path(self.config.root).resolve() if self.config.root else config_file.parent
        # the address as written: `mkdocs serve` has replaced config.site_url by now
        written = read_config(config_file).get("site_url")
        self.published_url = written if isinstance(written, str) and written.strip() else None
        self.proposal_email, problem = proposal_email(config.extra)
        if problem:
            log.warning(problem)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        corpus = load_corpus(self.root)
        for d in corpus.diagnostics:
            _LOG[d.level](d.format())
        if config.strict and corpus.errors:  # stop before anything is written
            raise PluginError(f"{len(corpus.errors)} error(s) in the content, listed above; "
                              "the strict build writes nothing until they are fixed")
        # the downloads (545 MB at 10,000 records) are written to disk as they are made and
        # copied into the site by MkDocs: a folder of this build's own, removed when it ends
        self._remove_downloads()
        self.downloads = Path(tempfile.mkdtemp(prefix="kb-downloads-"))
        options = SiteOptions(
            site_url=config.site_url or "http://127.0.0.1:8000/",
            repo_url=config.repo_url,
            site_name=config.site_name,
            network=self.config.network,
            entity_pages=self.config.entity_pages,
            published_url=self.published_url,
            proposal_email=self.proposal_email,
            downloads=self.downloads,
        )
        self.site = plan_site(corpus, options)
        self.gate = gate_for(corpus.entities("people").values())
        docs = Path(config.docs_dir).resolve().relative_to(self.root).as_posix()
        to_root = "../" * (docs.count("/") + 1)  # edit links are relative to docs_dir
        for page in self.site.pages:
            added = _replace(files, File.generated(config, page.src_uri, content=page.markdown))
            if added:
                path = self.site.edit_paths.get(page.src_uri)
                added.edit_uri = to_root + path if path is not None else None
        for asset in self.site.assets:
            if asset.path is not None:
                file = File.generated(config, asset.dest_uri, abs_src_path=str(asset.path))
            else:
                file = File.generated(config, asset.dest_uri, content=asset.content)
            _replace(files, file)
        return files

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        jsonld = self.site.jsonld.get(page.file.src_uri)
        if jsonld:
            page.meta["kb_jsonld"] = jsonld
        return context

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        marker = self.site.contributed.get(page.file.src_uri)
        return sanitise_between(html, marker, clean_html) if marker else html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._remove_downloads()  # copied into the site by now
        # the search index first, inside the build, so that the gate reads it too
        if self.config.search_index:
            try:
                indexed = build_index(Path(config.site_dir))
            except SearchIndexError as error:
                raise PluginError(str(error)) from None
            log.info(f"search index: {indexed.pages} pages in {indexed.seconds:.2f} s")
        # the output gate (kb.gate): a protected name anywhere in the site, search index
        # included, removes the site and fails the build, whatever its strictness
        site_dir = Path(config.site_dir)
        theme = [Path(folder) for folder in config.theme.dirs]  # its own files pass as they are
        findings = self.gate.check_tree(site_dir, unchanged=theme)
        if findings:
            shutil.rmtree(site_dir, ignore_errors=True)
            raise PluginError(report(findings) + f"\nThe site folder {site_dir} was removed.")

    def on_build_error(self, *, error: Exception) -> None:
        self._remove_downloads()

    def on_shutdown(self) -> None:
        self._remove_downloads()

    def _remove_downloads(self) -> None:
        if self.downloads is not None:
            shutil.rmtree(self.downloads, ignore_errors=True)
            self.downloads = None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        for folder in ("seminars", "case_studies", "registries"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server


def _replace(files: Files, file: File) -> File | None:
    """Add a generated file, unless a hand-written file at the same path exists (it wins).
    Returns the file when it was added."""
    if files.get_file_from_path(file.src_uri) is not None:
        return None
    files.append(file)
    return file
