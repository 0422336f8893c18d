"""The interactive network view: the data it draws and the HTML block that holds it.

pyvis supplies the vis-network options (its ``Options`` model); we use neither its template
(which loads vis-network and Bootstrap from CDNs and switches tooltips to ``innerHTML``) nor
``from_nx`` (quadratic, and it rewrites the input graph's weights). Our scripts
(``assets/kb/graphview*.js``, listed in :data:`VIEW_SCRIPTS`) take the canvas, pan, zoom and
pinch from the vis-network file the site serves itself and draw the nodes, ties and labels
themselves (vis-network's own node objects cost more than the whole first draw of a large
network); they put every value into the page with ``textContent``, read positions computed at
build time, and make the PNG and SVG exports in the browser.
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
    from ..network.analysis import Analysis

ASSETS = Path(__file__).resolve().parent / "assets"
#: The view's scripts in the order they run: vis-network, then ours (graphview.js last, it
#: starts the views with what the others define).
VIEW_SCRIPTS = ("vendor/vis-network.min.js", "graphview-draw.js", "graphview-labels.js",
                "graphview-panel.js", "graphview-controls.js", "graphview-keys.js",
                "graphview-export.js", "graphview.js")
#: Files the view needs, relative to ``assets/`` here and to ``assets/kb/`` on the site.
VIEW_FILES = (*VIEW_SCRIPTS, "graphview.css", "vendor/vis-network.LICENSE-MIT.txt",
              "vendor/vis-network.LICENSE-APACHE-2.0.txt")
DATA_URI = "assets/kb/network-view.json"

#: Colour and shape per node type: the Okabe-Ito palette (safe for colour-blind readers),
#: and a different shape for each type so colour is never the only cue (WCAG 1.4.1). Our
#: script draws the shapes (``SHAPES`` in ``assets/graphview-draw.js``); a test checks that
#: it knows every name here and that no two types share one.
STYLES = {
    "seminars": ("#E69F00", "square"), "case_studies": ("#56B4E9", "diamond"),
    "people": ("#009E73", "dot"), "organisations": ("#0072B2", "triangle"),
    "themes": ("#CC79A7", "star"), "barriers": ("#D55E00", "triangleDown"),
    "places": ("#F0E442", "hexagon"), "sectors": ("#000000", "ring"),
    "projects": ("#999999", "pentagon"),
    # the provenance registries (Paul Tol's muted scheme, which the first colours leave free)
    "sources": ("#882255", "bar"), "outputs": ("#44AA99", "chevron"),
    "findings": ("#DDCC77", "sparkle"), "impacts": ("#117733", "cross"),
    "collaborations": ("#332288", "bowtie"), "quotes": ("#AA4499", "halfDisc"),
}
#: Each shape in plain words, for the key on the network page.
SHAPE_NAMES = {
    "square": "square", "diamond": "diamond", "dot": "circle", "triangle": "triangle",
    "star": "five-pointed star", "triangleDown": "downward triangle", "hexagon": "hexagon",
    "ring": "ring", "pentagon": "pentagon", "bar": "wide bar", "chevron": "right-pointing chevron",
    "sparkle": "four-pointed star", "cross": "plus sign", "bowtie": "bow tie",
    "halfDisc": "half disc",
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
              directed: bool = False, quiet: Iterable[str] = (),
              analysis: Analysis | None = None) -> dict[str, Any]:
    """The compact JSON the script draws: types, filter values, nodes and edges.

    Nodes are ``[id, label, type, x, y, size, url, sectors, themes, years, own sector,
    community, betweenness, brokerage, ties]``: sectors (those its records reach) and
    themes as indexes into the lists given, the own sector as an index or -1 (an
    organisation's, or a person's most frequent affiliation's, from ``analysis``),
    community 0 and brokerage -1 where they do not apply. ``edges`` is one flat list, four
    numbers a tie: source and target (node indexes), relation, and an index into
    ``provenance`` (-1 when the tie records no evidence or sources), the ties between the
    most central nodes first. ``nodes`` limits the view to a subgraph; ``quiet`` nodes are
    labelled last.
    """
    chosen = sorted(nodes if nodes is not None else graph)
    empty: tuple[set[str], set[str]] = (set(), set())
    own = {n: s for n in chosen if (s := own_sector(graph, n, analysis))}
    sectors = sorted({s for n in chosen for s in facets.get(n, empty)[0]} | set(own.values()))
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
                     sorted(theme_at[t] for t in in_themes), data.get("years", []),
                     sector_at[own[n]] if n in own else -1, *_measures(n, analysis),
                     degree.get(n, 0)])
    edges, provenance = _edges(graph, chosen, importance)
    years = sorted({y for row in rows for y in row[9]})
    return {
        "types": [[k, KINDS[k].singular, *STYLES[k], KINDS[k].plural] for k in kinds],
        "relations": [[k, v, INVERSE[k]] for k, v in RELATIONS.items()],
        "sectors": [[s, label_or(graph, f"sectors:{s}", s)] for s in sectors],
        "themes": [[t, label_or(graph, t, t)] for t in themes],
        "years": [years[0], years[-1]] if years else [],
        "nodes": rows, "edges": edges, **provenance,
        "quiet": sorted(chosen.index(n) for n in quiet),
        "edgeBudget": EDGE_BUDGET, "options": view_options(directed),
    }


def own_sector(graph: nx.MultiDiGraph, node: str, analysis: Analysis | None) -> str | None:
    """The sector a node belongs to itself, not those it reaches: an organisation's (or its
    parent's), a person's most frequent affiliation's, a sector's own; else ``None``."""
    kind, item = split_node(node)
    if kind == "sectors":
        return item
    if analysis is not None and node in analysis.boundary:
        return analysis.boundary[node].sector
    sector = graph.nodes[node].get("sector")
    return str(sector) if sector else None


def _measures(node: str, analysis: Analysis | None) -> list[float | int]:
    """Community (0: none), betweenness and brokerage (-1: not a person or organisation)."""
    if analysis is None:
        return [0, 0.0, -1]
    lens = analysis.boundary.get(node)
    return [analysis.community.get(node, 0), round(analysis.betweenness.get(node, 0.0), 4),
            sum(lens.brokerage.values()) if lens else -1]


def _edges(graph: nx.MultiDiGraph, chosen: list[str], importance: dict[str, float],
           ) -> tuple[list[int], dict[str, list[Any]]]:
    """Edges among ``chosen``, four numbers each (source, target, relation, provenance or
    -1), those between central nodes first, and the evidence and sources they carry
    (``provenance`` rows and the ``sources`` they name)."""
    index = {n: i for i, n in enumerate(chosen)}
    relations = list(RELATIONS)
    table = _Provenance(graph)
    # only the chosen nodes' own edges: the view is small, the graph may be large
    found = [(index[u], index[v], relations.index(k), table.add(attrs))
             for u, v, k, attrs in graph.out_edges(chosen, keys=True, data=True) if v in index]
    weight = [importance.get(n, 0.0) for n in chosen]
    found.sort(key=lambda e: (-(weight[e[0]] + weight[e[1]]), e))
    # one flat list: the browser parses a large network's ties several times faster so
    return [value for edge in found for value in edge], table.data()


class _Provenance:
    """The distinct (evidence, sources, reason) of ties, numbered as they are met.

    Ties carry ``evidence`` (stated, inferred or disputed) and ``sources`` (source ids) once
    the provenance model records them; until then a tie has neither and the view says "not
    recorded". A source that is a node of the graph is shown with its name and page.
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.rows: dict[tuple[str, tuple[int, ...], str], int] = {}
        self.sources: dict[str, int] = {}

    def add(self, attrs: dict[str, Any]) -> int:
        """The index of the tie's provenance row, or -1 when it records neither."""
        if attrs.get("evidence") is None and not attrs.get("sources"):
            return -1
        ids = tuple(self.sources.setdefault(s, len(self.sources))
                    for s in _strings(attrs.get("sources")))
        key = (", ".join(_strings(attrs.get("evidence"))), ids, str(attrs.get("reason") or ""))
        return self.rows.setdefault(key, len(self.rows))

    def data(self) -> dict[str, list[Any]]:
        sources = []
        for source in self.sources:
            node = f"sources:{source}"
            known = node in self.graph
            sources.append([source, label_or(self.graph, node, source),
                            str(self.graph.nodes[node].get("url", "")) if known else ""])
        return {"provenance": [[e, list(s), r] for e, s, r in self.rows],
                "sources": sources}


def _strings(value: object) -> list[str]:
    """A value as a list of strings: one string, or the items of a list, set or tuple."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return sorted({str(v) for v in value if v is not None and v != ""})
    return [str(value)]


def label_or(graph: nx.MultiDiGraph, node: str, default: str) -> str:
    """The node's label, or ``default`` when the node is not in the graph."""
    return str(graph.nodes[node]["label"]) if node in graph else default


def graph_block(root: str, label: str, *, src: str | None = None,
                data: dict[str, Any] | None = None, mode: str = "main",
                text_link: str = "") -> str:
    """The HTML block of a view: a container the script fills, and its data.

    The script turns the canvas into a focusable region named ``label`` and adds the details
    panel, the key, the live region for keyboard moves and (main view) the controls; without
    the script the block is inert and the text version (``text_link``) stands in.

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
    if src:  # fetched while the scripts are parsed, not after
        parts.append(f'<link rel="preload" href="{attr(root)}{attr(src)}" as="fetch" '
                     'crossorigin="anonymous">')
    if data is not None:
        parts.append(f'<script type="application/json" class="kb-graph__data">'
                     f"{json_script(data)}</script>")
    parts.append(f'<div class="kb-graph__canvas" data-label="{attr(label)}"></div>')
    parts.append('<p class="kb-graph__status" role="status"></p>')
    # Inside the block, so that Markdown keeps them as raw HTML (no wrapping paragraph).
    parts.append(f'<link rel="stylesheet" href="{attr(root)}assets/kb/graphview.css">')
    parts += [f'<script src="{attr(root)}assets/kb/{name}" defer></script>'
              for name in VIEW_SCRIPTS]
    parts.append("</div>")
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
