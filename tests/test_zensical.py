"""The way off MkDocs: the same site built with Zensical from `kb pages --out`."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import ROOT

from kb.pages.search import INDEX_DIR
from kb.pages.zensical import UNSUPPORTED, zensical_config


def pages(site: Path) -> set[str]:
    return {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")
            if INDEX_DIR not in p.parts}


def test_zensical_builds_the_same_pages_as_mkdocs(zensical_site: Path, built_site: Path):
    assert len(pages(built_site)) > 150
    assert pages(zensical_site) == pages(built_site)
    assert (zensical_site / INDEX_DIR / "pagefind-entry.json").is_file()


def test_the_configuration_keeps_nav_palette_and_overrides_and_drops_our_plugin():
    ours = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    config = zensical_config(ROOT / "mkdocs.yml", "build/docs", "site-zensical")
    assert config["nav"] == ours["nav"]
    assert config["theme"]["palette"] == ours["theme"]["palette"]
    assert config["theme"]["custom_dir"] == "overrides"
    assert config["plugins"] == []
    assert (config["docs_dir"], config["site_dir"]) == ("build/docs", "site-zensical")
    assert any("JSON-LD" in item for item in UNSUPPORTED)


def test_the_readme_lists_what_zensical_does_not_support():
    readme = (ROOT / "README.md").read_text()
    assert "make build-zensical" in readme
    for item in UNSUPPORTED:
        assert item.split(":")[0] in readme, item
