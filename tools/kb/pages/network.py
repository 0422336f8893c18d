"""The network's pages: the view, its text version, the analysis, the downloads, and a
"In the network" section for each entity page, from the :class:`kb.network.Network` that
:func:`kb.network.plan_network` computes. No MkDocs here; the site calls :func:`network_pages`
and :func:`entity_network_section`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import networkx as nx

from ..corpus import Corpus
from ..html_safety import esc, json_script
from ..kinds import KINDS
from ..model import Asset, Page
from ..network import Network, export_files, write_exports
from ..network.analysis import EXPLANATIONS, Analysis
from ..network.gexf import Look
from ..network.graph import node_id, split_node
from ..network.layout import radial_layout
from ..urls import relative, root_prefix
from .analysis import SORT_SCRIPT, analysis_page, sector_name, sort_script
from .data import data_page
from .graphview import (
    DATA_URI,
    SHAPE_NAMES,
    STYLES,
    graph_block,
    label_of,
    neighbour_lines,
    node_link,
    node_size,
    text_page,
    view_assets,
    view_data,
)

#: Entity kinds whose pages carry a small ego network view.
EGO_KINDS = ("people", "organisations", "themes")
EGO_LIMIT = 40


def network_pages(corpus: Corpus, network: Network, downloads: Path | None = None,
                  ) -> tuple[list[Page], list[Asset]]:
    """The network view, its text version, the analysis page, the downloads page and files.

    The download files are written under ``downloads`` and given as assets with a path (the
    site and ``kb pages`` do this); without it, they are kept in memory (small networks)."""
    graph, analysis = network.graph, network.analysis
    if downloads is None:
        exported = export_files(network, look=site_look())
        assets = [Asset(f"data/{name}", content) for name, content in sorted(exported.items())]
        sizes = {name: len(content) for name, content in exported.items()}
    else:
        written = write_exports(network, downloads, look=site_look())
        assets = [Asset(f"data/{name}", path=path) for name, path in sorted(written.items())]
        sizes = {name: path.stat().st_size for name, path in written.items()}
    view = view_data(graph, network.positions, analysis.degree, network.facets,
                     analysis.betweenness, analysis=analysis)
    pages = [
        Page("network/index.md", _index_page(network)),
        Page("network/text.md", text_page(graph, "network/text.md")),
        Page("network/analysis.md", analysis_page(network)),
        Page("data/index.md", data_page(sizes)),
    ]
    assets += [Asset(f"assets/kb/{name}", content) for name, content in view_assets().items()]
    assets.append(Asset(f"assets/kb/{SORT_SCRIPT}", sort_script()))
    assets.append(Asset(DATA_URI, json_script(view).encode()))
    return pages, assets


def site_look() -> Look:
    """The colours and sizes the view draws, for the GEXF download."""
    return Look({kind: style[0] for kind, style in STYLES.items()}, node_size)


def _index_page(network: Network) -> str:
    src, graph = "network/index.md", network.graph
    counts: dict[str, int] = defaultdict(int)
    for _, kind in graph.nodes(data="type"):
        counts[kind] += 1
    summary = ", ".join(f"{counts[k]} {esc(v.singular if counts[k] == 1 else v.plural)}"
                        for k, v in KINDS.items() if counts[k])
    links = (f"[Text version of the network](text.md) · [What the measures show](analysis.md) · "
             f"[Download the data]({relative(src, 'data/index.md')})")
    block = graph_block(root_prefix(src), "Diagram of the whole network. The same "
                        "information is in the text version linked above.",
                        src=DATA_URI, text_link=links)
    # no side navigation or table of contents: the diagram and its panel take the width, and
    # the description follows the diagram so that the diagram starts high on the screen
    return (f"---\ntitle: The collaboration network\nhide:\n  - navigation\n  - toc\n---\n\n"
            f"# The collaboration network\n\n"
            f"Who worked with whom, at which events, on which case studies and themes: "
            f"{graph.number_of_nodes()} nodes and {graph.number_of_edges()} ties.\n\n{block}\n"
            f"## What the network holds\n\n"
            f"Who spoke at, organised and hosted which events, which organisations worked on "
            f"which case studies, and which themes and barriers they discussed: "
            f"{graph.number_of_nodes()} nodes ({summary}) and {graph.number_of_edges()} ties, "
            f"each traceable to the files that state it. People who asked to be named only by "
            f"their role are not shown; their organisation carries the tie.\n\n"
            + _help() + _key())


def _help() -> str:
    return ("## Using the view\n\n"
            "- **Select, then inspect.** Click or tap a node. The panel beside the diagram "
            "(below it on a phone) shows its type, its own sector and the sectors its records "
            "reach, its years, its measures in plain words, and its ties grouped by relation, "
            "each with its evidence and sources where the records give them (an inferred "
            "tie says **inferred by the knowledge base** in bold). Its neighbours "
            "stay bright and the rest fades. Choose a tie in the panel to move to that node; "
            "**Open its page** (or a double click) opens the node's page; **Escape** or "
            "**Clear selection** clears. **Find a node** by name selects it and centres the "
            "view on it.\n"
            "- **From the keyboard.** Tab to the diagram. The arrow keys move to the nearest "
            "node in that direction, following the selected node's ties first; with **Shift** "
            "they move to the nearest node that way, tied or not. **Home** goes to the most "
            "central node shown. Each move is shown in the panel and announced to screen "
            "readers: the node's name, type and number of ties, and how it is tied to the "
            "node before. **Enter** opens the node's page; **Escape** clears the selection "
            "(and, from the panel, returns to the diagram); **+** and **−** zoom; **0** fits "
            "the view.\n"
            "- **Filters.** *Show* turns each type of node on or off. *Own sector* keeps the "
            "people and organisations of one sector (a person's is that of the organisation "
            "they are most often affiliated with), the sector itself, and the events, themes "
            "and other nodes tied to them. *Sectors its records reach* keeps every node whose "
            "records involve an organisation of that sector, so a council that took part in "
            "an academic seminar is kept under Academia. *Theme* keeps what is connected to a "
            "theme. *Years*: two sliders over the years in the data; nodes with no recorded "
            "year are kept and drawn with a dashed outline unless you untick *Include "
            "undated*. *Show inferred ties* (on by default): untick it to hide the ties the "
            "knowledge base inferred rather than a source stated; the keyboard walk and the "
            "highlighted neighbours then follow only the ties still drawn, and the panel marks "
            "the hidden ones. After every change the view zooms to fit what is shown.\n"
            "- **Colour by** type of node (the default), community (the Louvain communities "
            "of the [analysis](analysis.md); the eight largest get a colour) or own sector "
            "(the eight largest get a colour); each type keeps its own shape whatever the "
            "colour. **Size by** number of ties, betweenness, or brokerage (how often a "
            "person or organisation links two others who are not tied to each other). The "
            "key beside the diagram follows the choice.\n"
            "- **Labels.** The most central nodes are labelled first, as many as fit without "
            "overlapping; the selected node and all its neighbours are always labelled (on a "
            "node with more than 30 ties, the 30 most central and as many others as fit). "
            "Zoom in (scroll, pinch, or **+**) for more; on large networks more ties appear "
            "too.\n"
            "- **Full screen** gives the diagram the whole screen; **Fit** zooms to what is "
            "shown; **Save PNG** and **Save SVG** save the view as it is, with its key and a "
            "caption, made in your browser (nothing is sent anywhere).\n"
            "- The address bar keeps the selected node, the filters, the colour and the size, "
            "so a link shares the view.\n"
            "- Every node's ties are also listed, with links, in the "
            "[text version](text.md) and on the node's own page.\n\n")


def _key() -> str:
    colours = {"#E69F00": "orange", "#56B4E9": "sky blue", "#009E73": "bluish green",
               "#0072B2": "blue", "#CC79A7": "reddish purple", "#D55E00": "vermillion",
               "#F0E442": "yellow", "#000000": "black", "#999999": "grey",
               "#882255": "wine", "#44AA99": "teal", "#DDCC77": "sand", "#117733": "green",
               "#332288": "indigo", "#AA4499": "purple"}
    rows = [f"| {esc(label)} | {SHAPE_NAMES[STYLES[k][1]]} | "
            f"{colours.get(STYLES[k][0], STYLES[k][0])} |"
            for k, label in ((k, v.singular) for k, v in KINDS.items())]
    return ("## Key\n\nEach type of node has its own shape as well as its own colour (the "
            "Okabe-Ito palette, then Paul Tol's muted one, distinguishable with the common forms "
            "of colour blindness). "
            "By default colour shows the type and a node's size grows with its number of ties; "
            "the key beside the diagram follows other choices. A tie is drawn as a solid line "
            "when a source states it (or its evidence is not recorded), **dashed** when it is "
            "inferred by the knowledge base, and dotted when sources disagree about it, on "
            "the screen and in the PNG and SVG exports alike.\n\n| Node | Shape | Colour |\n"
            "|---|---|---|\n" + "\n".join(rows) + "\n")


def entity_network_section(corpus: Corpus, network: Network, kind: str, item_id: str,
                           src_uri: str, lead: str = "") -> str:
    """The "In the network" section of an entity or record page ("" when it is not a node).

    It opens with ``lead`` (a sentence in plain words, when the page has one), keeps the
    measures and their definitions behind a disclosure for researchers, shows a small ego
    network for people, organisations and themes, and lists its typed neighbours with links
    (the text version).
    """
    node = node_id(kind, item_id)
    graph = network.graph
    if node not in graph:
        return ""
    parts = ["## In the network\n\n", f"{lead}\n{{: .kb-plain }}\n\n" if lead else ""]
    parts.append(measures_disclosure(measure_lines(network, node), src_uri))
    parts.append(f"\n[See it in the whole network]"
                 f"({relative(src_uri, 'network/index.md')}?focus={node})\n\n")
    rings: list[list[str]] = []
    if kind in EGO_KINDS and graph.degree(node):
        rings = ego_rings(graph, network.analysis, node)
        data = view_data(graph, radial_layout(node, rings), network.analysis.degree,
                         network.facets, network.analysis.betweenness,
                         nodes=[node, *sum(rings, [])],
                         directed=True, quiet=rings[1] if len(rings) > 1 else (),
                         analysis=network.analysis)
        data["centre"] = node
        parts.append(graph_block(root_prefix(src_uri), f"Diagram of the ties of "
                                 f"{label_of(graph, node)}; they are listed below.",
                                 data=data, mode="ego") + "\n")
    # the ties repeat names the page's own sections give: left out of the search index, so a
    # page ranks by what it says rather than by its neighbours' names
    parts.append("### Ties\n\n<div data-pagefind-ignore markdown>\n\n")
    parts += [f"- {line}\n" for line in neighbour_lines(graph, node, src_uri)]
    if len(rings) > 1:
        parts.append(f"- **Two steps away, shown in the diagram**: "
                     f"{_second_ring(graph, rings[1], src_uri)}\n")
    return "".join(parts) + "\n</div>\n\n"


def measures_disclosure(lines: list[str], src_uri: str) -> str:
    """The measures, closed by default, with the definition of each measure they name."""
    named = {m.casefold() for line in lines for m in re.findall(r"\*\*(.+?)\*\*", line)}
    terms = [f"- *{esc(term)}*: {esc(text)}\n" for term, text in EXPLANATIONS.items()
             if any(term.casefold().startswith(m) for m in named)]
    return ('<details class="kb-measures" markdown>\n<summary>The measures, for '
            "researchers</summary>\n\n" + "".join(f"- {line}\n" for line in lines)
            + "\nWhat they mean:\n\n" + "".join(terms)
            + f"\nMore in [what the network shows]({relative(src_uri, 'network/analysis.md')})."
            "\n\n</details>\n")


def ego_rings(graph: nx.MultiDiGraph, analysis: Analysis, node: str,
              limit: int = EGO_LIMIT) -> list[list[str]]:
    """The ego network's rings: direct neighbours, then (when few) their neighbours."""
    def ordered(nodes: set[str]) -> list[str]:
        return sorted(nodes, key=lambda n: (graph.nodes[n]["type"], -analysis.degree[n], n))
    first = set(nx.all_neighbors(graph, node)) - {node}
    first_ring = ordered(first)[:limit]
    if len(first_ring) >= 12:
        return [first_ring]
    second: set[str] = set()
    for n in first_ring:
        second |= set(nx.all_neighbors(graph, n))
    second -= first | {node}
    room = limit - len(first_ring)
    second_ring = sorted(second, key=lambda n: (-analysis.degree[n], n))[:room]
    return [first_ring, ordered(set(second_ring))] if second_ring else [first_ring]


def _second_ring(graph: nx.MultiDiGraph, ring: list[str], src_uri: str) -> str:
    return ", ".join(f"{node_link(graph, n, src_uri)} ({esc(KINDS[split_node(n)[0]].singular)})"
                     for n in ring)


def measure_lines(network: Network, node: str) -> list[str]:
    """Where a node sits in the network, in plain words (Markdown, values escaped)."""
    graph, analysis = network.graph, network.analysis
    kind, degree = graph.nodes[node]["type"], analysis.degree[node]
    rank, total = network.ranks[node]
    place = "the most connected" if rank == 1 else f"the {_ordinal(rank)} most connected"
    lines = [f"**Ties**: {degree}, {place} of {total} {KINDS[kind].plural}."]
    if node in analysis.betweenness:
        share = analysis.betweenness[node]
        lines.append(f"**Betweenness**: {share:.3f}, so it lies on about {share:.1%} of the "
                     "shortest routes between other nodes." if share else
                     "**Betweenness**: 0; it is not on the shortest route between any others.")
    if node in analysis.community:
        group = analysis.community[node]
        lines.append(f"**Community**: {group}, with {network.community_sizes[group] - 1} "
                     "other nodes more tied to each other than to the rest.")
    if node in analysis.boundary:
        lines += _boundary_lines(graph, analysis, node)
    index, counts = analysis.blau.get(node, (None, None))
    if index is not None and counts:
        lines.append(f"**Sector diversity**: {index:.2f} (Blau index); the organisations "
                     f"taking part came from {len(counts)} "
                     f"{'sector' if len(counts) == 1 else 'sectors'}.")
    return lines


def _boundary_lines(graph: nx.MultiDiGraph, analysis: Analysis, node: str) -> list[str]:
    lens = analysis.boundary[node]
    names = [esc(sector_name(graph, s)) for s in lens.sectors]
    lines = [f"**Sectors reached**: {len(names)} ({', '.join(names) or 'none recorded'})."]
    if lens.participation is None:
        lines.append("**Participation across sectors**: not known (none of its contacts "
                     "has a recorded sector).")
    else:
        lines.append(f"**Participation across sectors**: {lens.participation:.2f} (0 means "
                     "all its ties are in one sector).")
    if lens.across is not None:
        lines.append(f"**Ties across sectors**: {lens.across}; **within its sector**: "
                     f"{lens.within} (activities shared with each partner, added up).")
    if lens.constraint is not None:
        lines.append(f"**Constraint**: {lens.constraint:.2f}; **effective size**: "
                     f"{lens.effective_size:.1f} contacts that are not tied to each other.")
    roles = [f"{role} {n} {'time' if n == 1 else 'times'}"
             for role, n in lens.brokerage.items() if n]
    if roles:
        lines.append(f"**Brokerage**: links others who are not tied as {', '.join(roles)}.")
    return lines


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


__all__ = ["EGO_KINDS", "entity_network_section", "network_pages", "site_look"]
