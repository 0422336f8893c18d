"""The search index (Pagefind): the facets each page declares, the index built inside the real
build, and its decoded text (what the consent gate scans)."""

from __future__ import annotations

import gzip
import html
import re
from pathlib import Path

from conftest import ROOT

from kb.corpus import load_corpus
from kb.pages.backrefs import build_links
from kb.pages.common import Context
from kb.pages.search import (
    INDEX_DIR,
    build_index,
    entity_search_block,
    index_text,
    record_search_block,
)

FACET = re.compile(r'data-pagefind-(filter|meta)="(\w+)\[data-kb-value\]" data-kb-value="([^"]*)"')


def facets(block: str) -> set[tuple[str, str, str]]:
    return {(role, key, html.unescape(value)) for role, key, value in FACET.findall(block)}


def shipped() -> Context:
    corpus = load_corpus(ROOT)
    return Context(corpus, build_links(corpus), "KB")


def test_a_seminar_declares_kind_theme_sector_place_and_year():
    ctx = shipped()
    found = facets(record_search_block(ctx, ctx.corpus.records["bradford-families-2015"]))
    assert {("filter", "kind", "Seminar"), ("filter", "theme", "Consent"),
            ("filter", "year", "2015"), ("meta", "kind", "Seminar"),
            ("meta", "date", "2015"), ("filter", "sector", "Academia")} <= found
    easi = facets(record_search_block(ctx, ctx.corpus.records["easi-workshop-bradford"]))
    assert ("filter", "place", "Bradford") in easi


def test_an_organisation_declares_its_kind_and_sector():
    ctx = shipped()
    org = ctx.corpus.entity("organisations", "newcastle-university")
    assert org is not None
    found = facets(entity_search_block(ctx, "organisations", org))
    assert ("filter", "kind", "Organisation") in found
    assert any(key == "sector" for _, key, _ in found)


def test_facet_values_are_attributes_never_markup(tmp_path):
    (tmp_path / "registries").mkdir()
    (tmp_path / "registries/themes.yml").write_text(
        '- id: evil\n  name: \'Evil" onmouseover="x <b>, with a comma\'\n', encoding="utf-8")
    (tmp_path / "seminars").mkdir()
    (tmp_path / "seminars/s.md").write_text("---\ntitle: T\ndate: 2016\nthemes: [evil]\n---\n",
                                            encoding="utf-8")
    corpus = load_corpus(tmp_path)
    block = record_search_block(Context(corpus, build_links(corpus), "KB"),
                                corpus.records["s"])
    assert "<b>" not in block and 'onmouseover="x' not in block
    assert ("filter", "theme", 'Evil" onmouseover="x <b>, with a comma') in facets(block)


def test_index_text_decodes_what_pagefind_compresses(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<html><body><main data-pagefind-body><h1>Zebedee Quillfeather</h1>"
        "<p>spoke about consent</p></main></body></html>", encoding="utf-8")
    report = build_index(site)
    assert report.pages == 1
    raw = b"".join(p.read_bytes() for p in (site / INDEX_DIR).rglob("*") if p.is_file())
    assert b"quillfeather" not in raw.lower()  # compressed: a byte scan would miss the name
    assert "Zebedee Quillfeather" in index_text(site)
    assert index_text(tmp_path / "nothing-here") == ""


def test_the_real_build_carries_the_index_and_not_lunrs(built_site: Path):
    assert (built_site / INDEX_DIR / "pagefind-entry.json").is_file()
    assert not (built_site / "search" / "search_index.json").exists()
    text = index_text(built_site)
    assert "University of Bradford School of Management" in text  # hosts are indexed
    fragment = next((built_site / INDEX_DIR / "fragment").iterdir())
    assert gzip.decompress(fragment.read_bytes()).startswith(b"pagefind_dcd")
