"""``kb validate`` and ``kb pages``: check the content, and write the site's pages."""

from __future__ import annotations

import shutil
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..corpus import load_corpus
from ..corpus.diagnostics import FORMATS, fails
from .options import gate_outputs, knowledge_base, root_option, staging

if TYPE_CHECKING:
    from ..corpus import Corpus
    from ..pages import Site


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1 on any warning). "
              "Notices, such as a name new to the registries, never fail.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default="text",
    show_default=True,
    help="text for people, github for workflow annotations, json for programs.",
)
@root_option
def validate(paths: tuple[Path, ...], strict: bool, fmt: str, root: Path | None) -> None:
    """Check every record and registry, or only report on PATHS (files or folders).

    The whole knowledge base is always read, so that references between files are checked.
    Exit status: 0 when there are no errors, 1 when there are errors (or warnings with
    --strict), 2 when the command itself was used wrongly. Notices (a new person, organisation
    or place, for the reviewer) are shown but never fail.
    """
    root = knowledge_base(root)
    corpus = load_corpus(root)
    diagnostics = corpus.diagnostics
    if paths:
        wanted = [_relative(p, root) for p in paths]
        diagnostics = [
            d
            for d in diagnostics
            if any(
                w in ("", ".") or d.path == w or d.path.startswith(w.rstrip("/") + "/")
                for w in wanted
            )
        ]
    click.echo(FORMATS[fmt](diagnostics))
    raise SystemExit(1 if fails(diagnostics, strict) else 0)


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the pages into; created if missing. Existing files with "
    "the same names are replaced, others are left alone.",
)
@click.option(
    "--site-url",
    default="https://information-sharing.github.io/knowledge-base/",
    show_default=True,
    help="Published address, used in canonical links and the feed.",
)
@click.option(
    "--network/--no-network",
    default=True,
    show_default=True,
    help="Include the network pages and data downloads.",
)
@root_option
def pages(out: Path, site_url: str, network: bool, root: Path | None) -> None:
    """Write the whole site's sources as plain Markdown (with YAML frontmatter): the hand-written
    pages of docs/ plus every generated page and file, so that a site engine without our MkDocs
    plugin can build the same site."""
    from ..pages import SiteOptions, plan_site
    from ..pages.settings import proposal_email, read_config

    root = knowledge_base(root)
    corpus = load_corpus(root)
    email, problem = proposal_email(read_config(root / "mkdocs.yml").get("extra"))
    if problem:
        click.echo(f"Note: {problem}", err=True)
    out = out.resolve()
    with staging(out) as downloads:  # the data downloads, made on disk, moved in at the end
        site = plan_site(corpus, SiteOptions(site_url=site_url, network=network,
                                             published_url=site_url, proposal_email=email,
                                             downloads=downloads))
        _write_pages(corpus, root / "docs", site, out)
    click.echo(
        f"Wrote {len(site.pages)} pages and {len(site.assets)} files to {out}. "
        f"{len(corpus.errors)} errors and {len(corpus.warnings)} warnings in the content "
        "(run 'kb validate' to see them)."
    )


def _write_pages(corpus: Corpus, docs: Path, site: Site, out: Path) -> None:
    """Gate every output, then write it under ``out``: the hand-written pages of ``docs``,
    the generated pages and files, and the downloads (moved from where they were made)."""
    files = [(p.src_uri, p.markdown.encode("utf-8")) for p in site.pages]
    files += [(a.dest_uri, a.content) for a in site.assets if a.path is None]
    made = [(a.dest_uri, a.path) for a in site.assets if a.path is not None]
    # the output gate reads everything before anything is written: a hit leaves nothing behind
    hand_written = [(p.relative_to(docs).as_posix(), p)
                    for p in sorted(docs.rglob("*")) if p.is_file()] if docs.is_dir() else []
    gate_outputs(corpus, chain(hand_written, files, made))
    if docs.is_dir():  # the hand-written pages, so that --out is a complete docs folder
        shutil.copytree(docs, out, dirs_exist_ok=True)
    written: list[tuple[str, bytes | Path]] = [*files, *made]
    for uri, data in written:
        target = (out / uri).resolve()
        if not target.is_relative_to(out):  # ids are checked, but a path never leaves --out
            raise click.ClickException(f"refusing to write {uri}: outside {out}")
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Path):
            shutil.move(data, target)
        else:
            target.write_bytes(data)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        raise click.UsageError(f"'{path}' is outside the knowledge base at {root}") from None
