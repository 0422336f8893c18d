"""The "Download the data" page: the export files, the data dictionary and the licence."""

from __future__ import annotations

from collections.abc import Sequence

from ..html_safety import esc
from ..network.export import EDGE_ATTRIBUTES, LICENCE, LICENCE_URL, NODE_ATTRIBUTES
from ..network.graph import INVERSE, RELATIONS


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |\n"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table; cells must already be escaped Markdown."""
    return _row(header) + _row(["---"] * len(header)) + "".join(_row(r) for r in rows) + "\n"


def data_page(exported: dict[str, bytes]) -> str:
    """Downloads, the data dictionary and the licence."""
    described = {"graphml": "GraphML: Gephi, Cytoscape, yEd, networkx, igraph",
                 "gexf": "GEXF with dates: Gephi (use the timeline)",
                 "json": "node-link JSON: networkx `node_link_graph(data, edges=\"edges\")`, "
                         "JavaScript", "csv": "CSV: spreadsheets, R, pandas"}
    rows = [[f"[{esc(name)}]({name})", described[name.rsplit(".", 1)[-1]],
             f"{len(content) / 1024:,.0f} KB"] for name, content in sorted(exported.items())]
    licence = f"[{LICENCE}]({LICENCE_URL})"
    return ("---\ntitle: Download the data\n---\n\n# Download the network data\n\n"
            f"The [network](../network/index.md) as files, with every attribute and the "
            f"[measures](../network/analysis.md). The data is published under {licence}: you "
            "may share and adapt it for any purpose if you credit \"Information Sharing in "
            "Policy and Practice knowledge base\" and link to this page. The same corpus "
            "always gives byte-identical files.\n\n## Files\n\n"
            + markdown_table(["File", "Format and tools", "Size"], rows)
            + "Lists inside a value (record ids, files, years) are separated by `;`. The "
            "`*-projection.csv` files hold the one-mode networks, each row naming "
            "its weighting.\n\n## Data dictionary\n\n### Nodes\n\n"
            + _dictionary(NODE_ATTRIBUTES)
            + "### Edges\n\n"
            + _dictionary(EDGE_ATTRIBUTES)
            + "### Relations\n\n"
            + markdown_table(["Relation", "Reads", "Seen from the target"],
                     [[f"`{k}`", v, INVERSE[k]] for k, v in RELATIONS.items()])
            + "## Who is not in the data\n\nPeople who agreed to be named only by their role "
            "are not nodes: their organisation carries the tie. People who withdrew consent "
            "appear nowhere in these files.\n")


def _dictionary(attributes: dict[str, str]) -> str:
    return markdown_table(["Attribute", "Meaning"], [[f"`{k}`", v] for k, v in attributes.items()])
