"""``kb index`` and ``kb zensical-config``: the search index of a built site, and the way to
build the site with Zensical instead of MkDocs (``make build-zensical`` runs both)."""

from __future__ import annotations

from pathlib import Path

import click

from ..pages.search import SearchIndexError, build_index
from ..pages.zensical import UNSUPPORTED, write_zensical_config


@click.command("index")
@click.argument("site", type=click.Path(exists=True, file_okay=False, path_type=Path))
def index(site: Path) -> None:
    """Build the Pagefind search index of a site built by any engine, into SITE/pagefind/.

    The MkDocs build does this itself; run it after building with another engine. Exit
    status: 0 when the index was written, 1 when Pagefind failed.
    """
    try:
        report = build_index(site)
    except SearchIndexError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Indexed {report.pages} pages of {site} in {report.seconds:.2f} s.")


@click.command("zensical-config")
@click.option("--mkdocs-config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=Path("mkdocs.yml"), show_default=True,
              help="Our MkDocs configuration: navigation, theme, palette, extensions.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Configuration file to write (Zensical reads the MkDocs format).")
@click.option("--docs", "docs_dir", required=True,
              help="The folder `kb pages --out` wrote, relative to --out's folder.")
@click.option("--site", "site_dir", required=True,
              help="Where Zensical builds the site, relative to --out's folder.")
def zensical_config(mkdocs_config: Path, out: Path, docs_dir: str, site_dir: str) -> None:
    """Write a Zensical configuration for the pages `kb pages --out` wrote, and list what the
    Zensical build does not support."""
    write_zensical_config(mkdocs_config, out, docs_dir, site_dir)
    click.echo(f"Wrote {out}. Not supported by the Zensical build:")
    for item in UNSUPPORTED:
        click.echo(f"  - {item}")
