"""The "Download the data" page: the files, how to cite them, the codebook and the licence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..html_safety import esc
from ..network.codebook import CODEBOOK
from ..network.export import LICENCE, LICENCE_URL
from ..network.graph import INVERSE, RELATIONS
from ..network.package import PACKAGE, REPOSITORY, ZIP, citation, data_version

_DESCRIBED = {
    "graphml": "GraphML: Gephi, Cytoscape, yEd, networkx, igraph",
    "gexf": "GEXF for Gephi and Gephi Lite: opens with the site's layout, colours and sizes; "
            "time as spells for the timeline (a record dated 2015 spans the whole year)",
    "json": "node-link JSON: networkx `node_link_graph(data, edges=\"edges\")`, JavaScript",
    "csv": "CSV: spreadsheets, R, pandas",
}
_NAMED = {PACKAGE: "Frictionless Data Package: every file, its fields, types and meanings "
                   "(the codebook), the licence and version; check it with "
                   "`frictionless validate datapackage.json`",
          ZIP: "Every file above and `datapackage.json` in one archive"}
_TABLES = {"nodes": "`csv/nodes.csv` (and node attributes in every format)",
           "edges": "`csv/edges.csv` (and tie attributes in every format)",
           "projection": "`csv/*-projection.csv`"}


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |\n"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table; cells must already be escaped Markdown."""
    return _row(header) + _row(["---"] * len(header)) + "".join(_row(r) for r in rows) + "\n"


def data_page(sizes: Mapping[str, int]) -> str:
    """Downloads (given as their sizes in bytes by name), how to cite them, the codebook and
    the licence."""
    rows = [[f"[{esc(name)}]({name})",
             _NAMED.get(name) or _DESCRIBED[name.rsplit(".", 1)[-1]],
             f"{size / 1024:,.0f} KB"] for name, size in sorted(sizes.items())]
    licence = f"[{LICENCE}]({LICENCE_URL})"
    return ("---\ntitle: Download the data\n---\n\n# Download the network data\n\n"
            f"The [network](../network/index.md) as files, with every attribute and the "
            f"[measures](../network/analysis.md), version {esc(data_version())}. The data is "
            f"published under {licence}: you may share and adapt it for any purpose if you "
            "credit \"Information Sharing in Policy and Practice knowledge base\" and link to "
            "this page. The same corpus always gives byte-identical files.\n\n## Files\n\n"
            + markdown_table(["File", "Format and tools", "Size"], rows)
            + "Lists inside a value (record ids, files, years, dates) are separated by `;`. "
            "The `*-projection.csv` files hold the one-mode networks, each row naming its "
            "weighting. In pandas, `pd.read_csv(\"csv/nodes.csv\", "
            "dtype_backend=\"numpy_nullable\")` reads counts and years as integers, with "
            "missing values empty (`<NA>`), not as decimals.\n\n"
            + _how_to_cite() + "## Codebook\n\n"
            "The same descriptions are in `datapackage.json`, with each field's type.\n\n"
            + "".join(_codebook(table, title) for table, title in _TABLES.items())
            + "### Relations\n\n"
            + markdown_table(["Relation", "Reads", "Seen from the target"],
                             [[f"`{k}`", v, INVERSE[k]] for k, v in RELATIONS.items()])
            + "## Who is not in the data\n\nPeople who agreed to be named only by their role "
            "are not nodes: their organisation carries the tie. People who withdrew consent "
            "appear nowhere in these files.\n")


def _how_to_cite() -> str:
    return ("## How to cite\n\n"
            f"{citation()}\n\n"
            f"The repository's [`CITATION.cff`]({REPOSITORY}/blob/main/CITATION.cff) holds "
            "the same reference in the Citation File Format (GitHub offers it as \"Cite this "
            "repository\", and reference managers import it). Please also say which version "
            "of the data you used: it is in `datapackage.json`.\n\n")


def _codebook(table: str, title: str) -> str:
    rows = [[f"`{c.name}`", c.type, c.description] for c in CODEBOOK if c.table == table]
    return f"### {title}\n\n" + markdown_table(["Column", "Type", "Meaning"], rows)
