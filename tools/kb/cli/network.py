"""``kb export``: the network as GraphML, GEXF, JSON or CSV, the same files the site offers;
and the provenance of every record and entry as W3C PROV-O (JSON-LD)."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from ..corpus import load_corpus
from ..network import plan_network, write_exports
from ..network.export import FORMATS, STEM
from ..network.prov import PROV_FILE, prov_jsonld
from ..pages.network import site_look
from .contrib import site_setting
from .options import gate_outputs, knowledge_base, root_option, staging

#: Where identifiers point when mkdocs.yml gives no site_url.
_NO_SITE = "https://example.invalid/"


@click.command()
@click.option("--format", "fmt", type=click.Choice((*FORMATS, "prov")), required=True,
              help="graphml (Gephi, Cytoscape, yEd, igraph), gexf (Gephi, with dates for its "
                   "timeline), json (networkx node-link), csv (a folder with nodes.csv, "
                   "edges.csv and the three projections) or prov (W3C PROV-O as JSON-LD: "
                   "each record and entry derived from its sources, each source attributed "
                   "to its publisher and authors; identifiers are the site's addresses).")
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True,
              help="File to write; for csv, a folder (created if missing). Existing files are "
                   "replaced.")
@root_option
def export(fmt: str, output: Path, root: Path | None) -> None:
    """Export the collaboration network with every attribute and measure.

    The same knowledge base always gives byte-identical files. People named only by role
    and people who withdrew consent are not in the export. Exit status: 0 when the files
    were written, 1 when they could not be, 2 when --root is not a knowledge base.
    """
    root = knowledge_base(root)
    corpus = load_corpus(root)
    try:
        with staging(output) as folder:  # made there, gated, then moved into place
            if fmt == "prov":
                made = {PROV_FILE: folder / PROV_FILE}
                made[PROV_FILE].write_bytes(
                    prov_jsonld(corpus, site_setting(root, "site_url") or _NO_SITE))
            else:
                made = write_exports(plan_network(corpus), folder, (fmt,), look=site_look())
            gate_outputs(corpus, sorted(made.items()))  # before anything is written
            written = _move(made, fmt, output)
    except OSError as error:
        raise click.ClickException(f"could not write {error.filename or output}: "
                                   f"{error.strerror}; check the path and permissions") from None
    click.echo(f"Wrote {', '.join(str(p) for p in written)}.")
    if corpus.errors:
        click.echo(f"Note: the content has {len(corpus.errors)} errors; records with errors may "
                   "be incomplete in the export (run 'kb validate' to see them).", err=True)


def _move(made: dict[str, Path], fmt: str, output: Path) -> list[Path]:
    if fmt != "csv":
        name = PROV_FILE if fmt == "prov" else f"{STEM}.{fmt}"
        if output.is_dir():
            output = output / name
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(made[name], output)
        return [output]
    if output.exists() and not output.is_dir():
        raise click.ClickException(f"'{output}' is a file; csv needs a folder for nodes.csv "
                                   "and edges.csv, e.g. --output network-csv")
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for name, path in sorted(made.items()):
        target = output / name.removeprefix("csv/")
        shutil.move(path, target)
        written.append(target)
    return written
