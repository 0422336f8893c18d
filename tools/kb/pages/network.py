"""The network's pages: the view, its text version, the analysis, the downloads, and a
"In the network" section for each entity page, from the :class:`kb.network.Network` that
:func:`kb.network.plan_network` computes. No MkDocs here; the site calls :func:`network_pages`
and :func:`entity_network_section`.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from ..corpus import Corpus
from ..html_safety import esc, json_script
from ..kinds import KINDS
from ..model import Asset, Page
from ..network import Network, export_files
from ..network.analysis import EXPLANATIONS, ROLES, Analysis
from ..network.graph import node_id, split_node
from ..network.layout import radial_layout
from ..urls import relative, root_prefix
from .data import data_page, markdown_table
from .graphview import (
    DATA_URI,
    STYLES,
    graph_block,
    label_of,
    label_or,
    neighbour_lines,
    node_link,
    text_page,
    view_assets,
    view_data,
)

#: Entity kinds whose pages carry a small ego network view.
EGO_KINDS = ("people", "organisations", "themes")
EGO_LIMIT = 40


def network_pages(corpus: Corpus, network: Network) -> tuple[list[Page], list[Asset]]:
    """The network view, its text version, the analysis page, the downloads page and files."""
    graph, analysis = network.graph, network.analysis
    exported = export_files(network)
    view = view_data(graph, network.positions, analysis.degree, network.facets,
                     analysis.betweenness)
    pages = [
        Page("network/index.md", _index_page(network)),
        Page("network/text.md", text_page(graph, "network/text.md")),
        Page("network/analysis.md", analysis_page(network)),
        Page("data/index.md", data_page(exported)),
    ]
    assets = [Asset(f"data/{name}", content) for name, content in sorted(exported.items())]
    assets += [Asset(f"assets/kb/{name}", content) for name, content in view_assets().items()]
    assets.append(Asset(DATA_URI, json_script(view).encode()))
    return pages, assets


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
    return (f"---\ntitle: The collaboration network\n---\n\n# The collaboration network\n\n"
            f"Who spoke at, organised and hosted which events, which organisations worked on "
            f"which case studies, and which themes and barriers they discussed: "
            f"{graph.number_of_nodes()} nodes ({summary}) and {graph.number_of_edges()} ties, "
            f"each traceable to the files that state it. People who asked to be named only by "
            f"their role are not shown; their organisation carries the tie.\n\n{block}\n"
            + _help() + _key())


def _help() -> str:
    return ("## Using the view\n\n"
            "- **Find a node** by name; the view centres on it and the address bar keeps it, so "
            "you can share the link.\n"
            "- **Show** turns each type of node on or off; **Sector**, **Theme** and the years "
            "keep only what is connected to them. The address keeps these choices too.\n"
            "- Point at a node for its details; select it to open its page. Scroll to zoom; "
            "on large networks more ties appear as you zoom in.\n"
            "- Every node's ties are also listed, with links, in the "
            "[text version](text.md) and on the node's own page.\n\n")


def _key() -> str:
    shapes = {"dot": "circle", "triangleDown": "downward triangle", "ring": "ring"}
    colours = {"#E69F00": "orange", "#56B4E9": "sky blue", "#009E73": "bluish green",
               "#0072B2": "blue", "#CC79A7": "reddish purple", "#D55E00": "vermillion",
               "#F0E442": "yellow", "#000000": "black", "#999999": "grey",
               "#882255": "wine", "#44AA99": "teal", "#DDCC77": "sand", "#117733": "green",
               "#332288": "indigo", "#AA4499": "purple"}
    rows = [f"| {esc(label)} | {shapes.get(STYLES[k][1], STYLES[k][1])} | "
            f"{colours.get(STYLES[k][0], STYLES[k][0])} |"
            for k, label in ((k, v.singular) for k, v in KINDS.items())]
    return ("## Key\n\nEach type of node has its own shape as well as its own colour (the "
            "Okabe-Ito palette, then Paul Tol's muted one, distinguishable with the common forms "
            "of colour blindness). "
            "A node's size grows with its number of ties.\n\n| Node | Shape | Colour |\n"
            "|---|---|---|\n" + "\n".join(rows) + "\n")


def entity_network_section(corpus: Corpus, network: Network, kind: str, item_id: str,
                           src_uri: str) -> str:
    """The "In the network" section of an entity or record page ("" when it is not a node).

    It says in plain words where the entity sits, shows a small ego network for people,
    organisations and themes, and lists its typed neighbours with links (the text version).
    """
    node = node_id(kind, item_id)
    graph = network.graph
    if node not in graph:
        return ""
    parts = ["## In the network\n\n"]
    parts += [f"- {line}\n" for line in measure_lines(network, node)]
    parts.append(f"\n[See it in the whole network]"
                 f"({relative(src_uri, 'network/index.md')}?focus={node})\n\n")
    rings: list[list[str]] = []
    if kind in EGO_KINDS and graph.degree(node):
        rings = ego_rings(graph, network.analysis, node)
        data = view_data(graph, radial_layout(node, rings), network.analysis.degree, {},
                         network.analysis.betweenness, nodes=[node, *sum(rings, [])],
                         directed=True, quiet=rings[1] if len(rings) > 1 else ())
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


TOP = 15


def analysis_page(network: Network) -> str:
    """The measures explained in a sentence each, then tables of the most telling nodes."""
    src, analysis = "network/analysis.md", network.analysis
    parts = ["---\ntitle: What the network shows\n---\n\n# What the network shows\n\n"
             "These measures describe the [network](index.md) of the knowledge base. They "
             "describe the records collected so far, not everyone who took part in the "
             "series, so read them as a map of what is documented.\n\n"
             "## The measures in a sentence each\n\n"]
    parts += [f"- **{name}**: {text}\n" for name, text in EXPLANATIONS.items()]
    parts.append(f"\nBetweenness here is {analysis.betweenness_method}. Sector and source nodes "
                 "are left out of betweenness and communities: a sector is a classification "
                 "and a source is the evidence of ties, not a tie. The boundary measures read "
                 "the network of people and organisations (shared records and affiliations); "
                 "a person's sector is that of the "
                 "organisation they are most often affiliated with.\n\n")
    parts += [_top_table(network, src, "degree", "Most connected"),
              _top_table(network, src, "betweenness", "Bridges: highest betweenness"),
              _communities(network, src), _spanners(network, src), _diversity(network, src),
              _mixing(network, src), _projections(network, src)]
    return "".join(parts)


def _top_table(network: Network, src: str, measure: str, title: str) -> str:
    values: dict[str, float] = getattr(network.analysis, measure)
    top = sorted(values, key=lambda n: (-values[n], n))[:TOP]
    rows = [[node_link(network.graph, n, src), esc(KINDS[network.graph.nodes[n]["type"]].singular),
             network.analysis.degree[n], f"{network.analysis.betweenness.get(n, 0):.3f}"]
            for n in top]
    return f"## {title}\n\n" + markdown_table(["Node", "Type", "Ties", "Betweenness"], rows)


def _communities(network: Network, src: str) -> str:
    members: dict[int, list[str]] = defaultdict(list)
    for node, group in network.analysis.community.items():
        members[group].append(node)
    rows = []
    for group in sorted(members)[:10]:
        top = sorted(members[group], key=lambda n: (-network.analysis.degree[n], n))[:5]
        rows.append([group, len(members[group]),
                     ", ".join(node_link(network.graph, n, src) for n in top)])
    return ("## Communities\n\nThe ten largest, with their most connected members.\n\n"
            + markdown_table(["Community", "Nodes", "Most connected members"], rows))


def _spanners(network: Network, src: str) -> str:
    lens, degree = network.analysis.boundary, network.analysis.degree
    top = sorted(lens, key=lambda n: (-len(lens[n].sectors), -lens[n].participation,
                                      -degree[n], n))[:TOP * 2]
    rows = [[node_link(network.graph, n, src), _sector_or_unknown(network.graph, lens[n].sector),
             len(lens[n].sectors),
             f"{lens[n].participation:.2f}",
             "-" if lens[n].constraint is None else f"{lens[n].constraint:.2f}",
             f"{lens[n].effective_size:.1f}", *(lens[n].brokerage[r] for r in ROLES)]
            for n in top]
    header = ["Person or organisation", "Own sector", "Sectors reached", "Participation",
              "Constraint", "Effective size", *(r.capitalize() for r in ROLES)]
    return ("## Boundary spanners\n\nPeople and organisations whose ties reach the most "
            "sectors. The last five columns count brokerage roles.\n\n"
            + markdown_table(header, rows))


def _diversity(network: Network, src: str) -> str:
    graph, blau = network.graph, network.analysis.blau
    seminars = sorted((n for n in blau if n.startswith("seminars:")),
                      key=lambda n: (-blau[n][0], n))[:50]
    rows = [[node_link(graph, n, src), sum(blau[n][1].values()),
             esc(", ".join(_sector_name(graph, s) for s in sorted(blau[n][1]))) or "none recorded",
             f"{blau[n][0]:.2f}"] for n in seminars]
    return ("## Sector diversity of seminars and events\n\n"
            + markdown_table(["Seminar or event", "Organisations", "Sectors", "Diversity"], rows))


def _mixing(network: Network, src: str) -> str:
    graph, mixing, ei = network.graph, network.analysis.mixing, network.analysis.ei
    sectors = list(mixing)
    names = [esc(_sector_name(graph, s)) for s in sectors]
    # Linked row labels also give keyboard users a way into the table when it scrolls.
    heads = [node_link(graph, f"sectors:{s}", src) if f"sectors:{s}" in graph else names[i]
             for i, s in enumerate(sectors)]
    rows = [[heads[i], *(mixing[s][t] for t in sectors)] for i, s in enumerate(sectors)]
    ei_rows = [[heads[i], ei[s][1], ei[s][0], f"{ei[s][2]:+.2f}"] for i, s in enumerate(sectors)]
    return ("## How sectors mix\n\nTies between people and organisations, by the sector at "
            "each end.\n\n" + markdown_table(["Sector", *names], rows)
            + "### E-I index by sector\n\n"
            + markdown_table(["Sector", "Ties within", "Ties outside", "E-I index"], ei_rows))


def _projections(network: Network, src: str) -> str:
    parts = ["## Who works with whom\n\n"]
    titles = {"people": "People", "organisations": "Organisations", "themes": "Themes"}
    for kind, title in titles.items():
        projection = network.analysis.projections[kind]
        top = sorted(projection.edges(data="weight"), key=lambda e: (-e[2], e[0], e[1]))[:10]
        rows = [[node_link(network.graph, u, src), node_link(network.graph, v, src), w]
                for u, v, w in top]
        parts.append(f"### {title}\n\nWeight: {esc(projection.graph['weighting'])}.\n\n"
                     + (markdown_table(["One", "Other", "Weight"], rows) if rows
                        else "None yet.\n\n"))
    return "".join(parts)





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
    if node in analysis.blau and analysis.blau[node][1]:
        index, counts = analysis.blau[node]
        lines.append(f"**Sector diversity**: {index:.2f} (Blau index); the organisations "
                     f"taking part came from {len(counts)} "
                     f"{'sector' if len(counts) == 1 else 'sectors'}.")
    return lines


def _boundary_lines(graph: nx.MultiDiGraph, analysis: Analysis, node: str) -> list[str]:
    lens = analysis.boundary[node]
    names = [esc(_sector_name(graph, s)) for s in lens.sectors]
    lines = [f"**Sectors reached**: {len(names)} ({', '.join(names) or 'none recorded'})."]
    lines.append(f"**Participation across sectors**: {lens.participation:.2f} (0 means all "
                 "its ties are in one sector).")
    if lens.constraint is not None:
        lines.append(f"**Constraint**: {lens.constraint:.2f}; **effective size**: "
                     f"{lens.effective_size:.1f} contacts that are not tied to each other.")
    roles = [f"{role} {n} {'time' if n == 1 else 'times'}"
             for role, n in lens.brokerage.items() if n]
    if roles:
        lines.append(f"**Brokerage**: links others who are not tied as {', '.join(roles)}.")
    return lines


def _sector_name(graph: nx.MultiDiGraph, sector: str) -> str:
    return label_or(graph, f"sectors:{sector}", sector)


def _sector_or_unknown(graph: nx.MultiDiGraph, sector: str | None) -> str:
    return esc(_sector_name(graph, sector)) if sector else "unknown"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


__all__ = ["EGO_KINDS", "entity_network_section", "network_pages"]
