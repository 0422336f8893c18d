"""The interactive network view: the data it draws and the HTML block that holds it.

pyvis supplies the vis-network options (its ``Options`` model); we use neither its template
(which loads vis-network and Bootstrap from CDNs and switches tooltips to ``innerHTML``) nor
``from_nx`` (quadratic, and it rewrites the input graph's weights). Our script
(``assets/kb/graphview.js``) draws with the vis-network file the site serves itself, puts
every value into the page with ``textContent``, and reads positions computed at build time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from pyvis.network import Network as PyvisNetwork

from ..html_safety import attr, esc, json_script, link
from ..kinds import KINDS
from ..network.graph import INVERSE, RELATIONS, split_node
from ..urls import page_uri, relative

if TYPE_CHECKING:
    pass

ASSETS = Path(__file__).resolve().parent / "assets"
#: Files the view needs, relative to ``assets/`` here and to ``assets/kb/`` on the site.
VIEW_FILES = ("graphview.js", "graphview.css", "vendor/vis-network.min.js",
              "vendor/vis-network.LICENSE-MIT.txt", "vendor/vis-network.LICENSE-APACHE-2.0.txt")
DATA_URI = "assets/kb/network-view.json"

#: Colour and shape per node type: the Okabe-Ito palette (safe for colour-blind readers),
#: and a different shape for each type so colour is never the only cue (``ring`` and
#: ``pentagon`` are drawn by our script).
STYLES = {
    "seminars": ("#E69F00", "square"), "case_studies": ("#56B4E9", "diamond"),
    "people": ("#009E73", "dot"), "organisations": ("#0072B2", "triangle"),
    "themes": ("#CC79A7", "star"), "barriers": ("#D55E00", "triangleDown"),
    "places": ("#F0E442", "hexagon"), "sectors": ("#000000", "ring"),
    "projects": ("#999999", "pentagon"),
    # the provenance registries (Paul Tol's muted scheme, which the first colours leave free)
    "sources": ("#882255", "square"), "outputs": ("#44AA99", "diamond"),
    "findings": ("#DDCC77", "star"), "impacts": ("#117733", "triangle"),
    "collaborations": ("#332288", "hexagon"), "quotes": ("#AA4499", "dot"),
}
#: Above this many edges the view draws the most central ones until the reader zooms in.
EDGE_BUDGET = 3000


def view_options(directed: bool = False) -> dict[str, Any]:
    """vis-network options: physics off, straight edges, edges hidden while dragging."""
    net = PyvisNetwork(directed=directed)
    net.toggle_physics(False)
    net.options.edges.smooth.enabled = False
    net.options.interaction.hideEdgesOnDrag = True
    net.options.interaction.dragNodes = False  # the build's layout is the layout
    options: dict[str, Any] = json.loads(net.options.to_json())
    options["edges"] |= {"color": {"color": "#7a7a7a", "highlight": "#000000", "opacity": 0.55},
                         "width": 1, "selectionWidth": 2,
                         "arrows": {"to": {"enabled": directed, "scaleFactor": 0.5}}}
    options["interaction"] |= {"hover": True, "hideEdgesOnZoom": True, "tooltipDelay": 3600000,
                               "keyboard": False, "multiselect": False}
    options["layout"] = {"improvedLayout": False, "randomSeed": 1}
    options["nodes"] = {"borderWidth": 1, "font": {"size": 14, "face": "sans-serif"},
                        "scaling": {"label": {"drawThreshold": 8 if directed else 10}}}
    return options


def node_size(degree: int) -> int:
    """Marker size grows with the logarithm of the number of ties."""
    return min(40, round(8 + 4 * math.log2(1 + degree)))


def view_data(graph: nx.MultiDiGraph, positions: dict[str, tuple[int, int]],
              degree: dict[str, int], facets: dict[str, tuple[set[str], set[str]]],
              importance: dict[str, float], nodes: Iterable[str] | None = None,
              directed: bool = False, quiet: Iterable[str] = ()) -> dict[str, Any]:
    """The compact JSON the script draws: types, filter values, nodes and edges.

    Nodes are ``[id, label, type, x, y, size, url, sectors, themes, years]`` (sectors and
    themes as indexes into the lists given); edges are ``[source, target, relation]`` as node
    indexes, most important first. ``nodes`` limits the view to a subgraph; ``quiet`` nodes
    are drawn without a label (their details still show on hover).
    """
    chosen = sorted(nodes if nodes is not None else graph)
    empty: tuple[set[str], set[str]] = (set(), set())
    sectors = sorted({s for n in chosen for s in facets.get(n, empty)[0]})
    themes = sorted({t for n in chosen for t in facets.get(n, empty)[1]})
    sector_at = {s: i for i, s in enumerate(sectors)}
    theme_at = {t: i for i, t in enumerate(themes)}
    kinds = list(KINDS)
    rows = []
    for n in chosen:
        data, (in_sectors, in_themes) = graph.nodes[n], facets.get(n, empty)
        x, y = positions.get(n, (0, 0))
        rows.append([n, data["label"], kinds.index(data["type"]), x, y,
                     node_size(degree.get(n, 0)), data["url"],
                     sorted(sector_at[s] for s in in_sectors),
                     sorted(theme_at[t] for t in in_themes), data.get("years", [])])
    edges = _edges(graph, chosen, importance)
    years = sorted({y for row in rows for y in row[9]})
    return {
        "types": [[k, KINDS[k].singular, *STYLES[k]] for k in kinds],
        "relations": [[k, v] for k, v in RELATIONS.items()],
        "sectors": [[s, label_or(graph, f"sectors:{s}", s)] for s in sectors],
        "themes": [[t, label_or(graph, t, t)] for t in themes],
        "years": [years[0], years[-1]] if years else [],
        "nodes": rows, "edges": [list(e) for e in edges],
        "quiet": sorted(chosen.index(n) for n in quiet),
        "edgeBudget": EDGE_BUDGET, "options": view_options(directed),
    }


def _edges(graph: nx.MultiDiGraph, chosen: list[str],
           importance: dict[str, float]) -> list[tuple[int, int, int]]:
    """Edges among ``chosen`` as index triples, those between central nodes first."""
    index = {n: i for i, n in enumerate(chosen)}
    relations = list(RELATIONS)
    # only the chosen nodes' own edges: the view is small, the graph may be large
    found = {(index[u], index[v], relations.index(k))
             for u, v, k in graph.out_edges(chosen, keys=True) if v in index}
    weight = [importance.get(n, 0.0) for n in chosen]
    return sorted(found, key=lambda e: (-(weight[e[0]] + weight[e[1]]), e))


def label_or(graph: nx.MultiDiGraph, node: str, default: str) -> str:
    """The node's label, or ``default`` when the node is not in the graph."""
    return str(graph.nodes[node]["label"]) if node in graph else default


def graph_block(root: str, label: str, *, src: str | None = None,
                data: dict[str, Any] | None = None, mode: str = "main",
                text_link: str = "") -> str:
    """The HTML block of a view: a container the script fills, and its data.

    Args:
        root: Path from the page to the site root (``kb.urls.root_prefix``).
        label: What the diagram shows, for screen readers.
        src: Where the data is, relative to the site root (the main view fetches it).
        data: The data itself, embedded as a JSON script element (ego views).
        mode: ``main`` (filters, search, state in the URL) or ``ego``.
        text_link: Markdown link to the text equivalent, placed above the diagram.
    """
    parts = [f'<div class="kb-graph kb-graph--{attr(mode)}" data-kb-graph="{attr(mode)}" '
             f'data-root="{attr(root)}"' + (f' data-src="{attr(src)}"' if src else "") + ">"]
    if data is not None:
        parts.append(f'<script type="application/json" class="kb-graph__data">'
                     f"{json_script(data)}</script>")
    parts.append(f'<div class="kb-graph__canvas" role="img" aria-label="{attr(label)}"></div>')
    parts.append('<p class="kb-graph__details"></p>')
    parts.append('<p class="kb-graph__status" role="status"></p>')
    # Inside the block, so that Markdown keeps them as raw HTML (no wrapping paragraph).
    parts += [f'<link rel="stylesheet" href="{attr(root)}assets/kb/graphview.css">',
              f'<script src="{attr(root)}assets/kb/vendor/vis-network.min.js" defer></script>',
              f'<script src="{attr(root)}assets/kb/graphview.js" defer></script>', "</div>"]
    intro = f"{text_link}\n\n" if text_link else ""
    return intro + "\n".join(parts) + "\n"


def view_assets() -> dict[str, bytes]:
    """The script, style sheet and vendored vis-network, by path under ``assets/kb/``."""
    return {name: (ASSETS / name).read_bytes() for name in VIEW_FILES}




#: Most neighbours listed per relation on one page; the downloads have them all.
LIST_LIMIT = 200


def label_of(graph: nx.MultiDiGraph, node: str) -> str:
    """The node's name or title."""
    return str(graph.nodes[node]["label"])


def node_link(graph: nx.MultiDiGraph, node: str, src_uri: str) -> str:
    """A Markdown link from ``src_uri`` to the node's page."""
    return link(label_of(graph, node), relative(src_uri, page_uri(*split_node(node))))


def neighbour_lines(graph: nx.MultiDiGraph, node: str, src_uri: str) -> list[str]:
    """The node's typed neighbours, one line per relation and direction, with links."""
    groups: dict[str, list[str]] = {}
    for _, other, key in graph.out_edges(node, keys=True):
        groups.setdefault(RELATIONS[key], []).append(other)
    for other, _, key in graph.in_edges(node, keys=True):
        groups.setdefault(INVERSE[key], []).append(other)
    lines = []
    for heading, others in sorted(groups.items()):
        others = sorted(set(others), key=lambda n: (label_of(graph, n).casefold(), n))
        links = ", ".join(node_link(graph, n, src_uri) for n in others[:LIST_LIMIT])
        more = f" and {len(others) - LIST_LIMIT} more" if len(others) > LIST_LIMIT else ""
        lines.append(f"**{esc(heading.capitalize())}** ({len(others)}): {links}{more}")
    return lines or ["No ties yet."]


def text_page(graph: nx.MultiDiGraph, src_uri: str) -> str:
    """The text version of the whole network: every node's typed neighbours, by type."""
    parts = ["---\ntitle: The network as text\n---\n\n# The network as text\n\n"
             "Every node of the [network diagram](index.md) with its ties, grouped by type "
             "of node. Each name links to its page.\n\n"]
    by_type: dict[str, list[str]] = {}
    for node, kind in graph.nodes(data="type"):
        by_type.setdefault(kind, []).append(node)
    for kind, label in ((k, v.singular) for k, v in KINDS.items()):
        nodes = sorted(by_type.get(kind, []), key=lambda n: (label_of(graph, n).casefold(), n))
        if not nodes:
            continue
        parts.append(f"## {esc(label.capitalize())} ({len(nodes)})\n\n")
        for node in nodes:
            ties = "; ".join(neighbour_lines(graph, node, src_uri))
            parts.append(f"- {node_link(graph, node, src_uri)}: {ties}\n")
        parts.append("\n")
    return "".join(parts)
