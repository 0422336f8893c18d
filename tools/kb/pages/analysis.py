"""The analysis page: what the network shows, with each method stated and unknowns said.

Values that the records do not give are written "not known", never as a 0 that would read as
a finding. Tables sit in ``.kb-sortable`` blocks, which ``assets/kb/tablesort.js`` makes
sortable by any column; without the script they read in the order given here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from ..html_safety import attr, esc
from ..kinds import KINDS
from ..network import Network
from ..network.analysis import CROSSING_ROLES, EXPLANATIONS, NOT_CORE, boundary_ranking
from ..network.graph import ACTOR_WEIGHTING
from ..urls import root_prefix
from .data import markdown_table
from .graphview import label_or, node_link

SRC = "network/analysis.md"
TOP = 15
NOT_KNOWN = "not known"
#: The script that sorts the tables, by path under ``assets/kb/``.
SORT_SCRIPT = "tablesort.js"


def sort_script() -> bytes:
    """The script that makes the tables sortable (served as ``assets/kb/tablesort.js``)."""
    return (Path(__file__).resolve().parent / "assets" / SORT_SCRIPT).read_bytes()


def analysis_page(network: Network) -> str:
    """The measures explained in a sentence each, then tables of the most telling nodes."""
    analysis = network.analysis
    parts = ["---\ntitle: What the network shows\n---\n\n# What the network shows\n\n"
             "These measures describe the [network](index.md) of the knowledge base. They "
             "describe the records collected so far, not everyone who took part in the "
             "series, so read them as a map of what is documented. Where the records do not "
             f"give a value, the tables say \"{NOT_KNOWN}\". Select a column's heading to sort "
             "its table by that column.\n\n", _caution(network),
             "## The measures in a sentence each\n\n"]
    parts += [f"- **{name}**: {text}\n" for name, text in EXPLANATIONS.items()]
    parts.append(f"\nBetweenness here is {analysis.betweenness_method}. Sector and source "
                 "nodes are left out of betweenness, communities and the two tables of most "
                 "connected nodes and bridges: a sector is a classification and a source is the "
                 "evidence of ties, not a tie. (A node's own count of ties still includes its "
                 "sector and the sources that support it.) The boundary measures read "
                 "the network of people and organisations described below under "
                 "Boundary spanners; a person's sector is that of the "
                 "organisation they are most often affiliated with.\n\n")
    parts += [_top_table(network, "degree", "Most connected"),
              _top_table(network, "betweenness", "Bridges: highest betweenness"),
              _communities(network), _spanners(network), _diversity(network),
              _mixing(network), _projections(network),
              f'<script src="{attr(root_prefix(SRC))}assets/kb/{SORT_SCRIPT}" defer></script>\n']
    return "".join(parts)


def _caution(network: Network) -> str:
    kinds = [KINDS[k].plural for k in KINDS
             if any(t == k for _, t in network.graph.nodes(data="type"))]
    if len(kinds) < 2:
        return ""
    names = ", ".join(kinds[:-1]) + " and " + kinds[-1]
    return ("!!! warning \"Read with care: a network of different kinds of things\"\n\n"
            f"    This network mixes {esc(names)}. Degree, betweenness and communities are "
            "computed across all of them, as if every tie meant the same thing, yet a "
            "theme's ties (the records that discuss it) are not a person's ties (the events "
            "they took part in). Compare nodes of the same type: each node's page ranks it "
            "among its own type. For who connects whom, read the boundary measures, which "
            "use a network of people and organisations only.\n\n")


def sortable(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table in a block the sorting script looks for ("None yet." when empty)."""
    if not rows:
        return "None yet.\n\n"
    return f'<div class="kb-sortable" markdown>\n\n{markdown_table(header, rows)}</div>\n\n'


def _top_table(network: Network, measure: str, title: str) -> str:
    values: dict[str, float] = getattr(network.analysis, measure)
    graph, analysis = network.graph, network.analysis
    listed = [n for n in values if graph.nodes[n]["type"] not in NOT_CORE]
    top = sorted(listed, key=lambda n: (-values[n], n))[:TOP]
    rows = [[node_link(graph, n, SRC), esc(KINDS[graph.nodes[n]["type"]].singular),
             analysis.degree[n],
             f"{analysis.betweenness[n]:.3f}" if n in analysis.betweenness else NOT_KNOWN]
            for n in top]
    return f"## {title}\n\n" + sortable(["Node", "Type", "Ties", "Betweenness"],
                                                       rows)


def _communities(network: Network) -> str:
    members: dict[int, list[str]] = defaultdict(list)
    for node, group in network.analysis.community.items():
        members[group].append(node)
    rows = []
    for group in sorted(members)[:10]:
        top = sorted(members[group], key=lambda n: (-network.analysis.degree[n], n))[:5]
        rows.append([group, len(members[group]),
                     ", ".join(node_link(network.graph, n, SRC) for n in top)])
    return ("## Communities\n\nThe ten largest, with their most connected members.\n\n"
            + sortable(["Community", "Nodes", "Most connected members"], rows))


def _spanners(network: Network) -> str:
    graph, lens = network.graph, network.analysis.boundary
    ranking = boundary_ranking(lens)
    rows = [[f"={rank}" if shared else rank, node_link(graph, n, SRC),
             sector_or_unknown(graph, lens[n].sector), len(lens[n].sectors), lens[n].across,
             lens[n].within, _number(lens[n].participation, 2),
             sum(lens[n].brokerage[r] for r in CROSSING_ROLES),
             _number(lens[n].constraint, 4)]
            for rank, shared, n in ranking[:TOP * 2]]
    header = ["Rank", "Person or organisation", "Own sector", "Sectors reached",
              "Ties across sectors", "Ties within its sector", "Participation",
              "Brokerage across sectors", "Constraint"]
    shared = sum(1 for _, same, _ in ranking if same)
    table = sortable(header, rows)
    return ("## Boundary spanners\n\n"
            "People and organisations ranked by how much they did with people and "
            "organisations of other sectors.\n\n**Method**\n\n"
            "- People and organisations form one network, tied when they took part in the "
            f"same activity; a tie's weight is the {esc(ACTOR_WEIGHTING)}.\n"
            "- *Ties across sectors* adds up the weights of its ties to people and "
            "organisations of another sector; *ties within its sector*, of its own.\n"
            "- The ranking is by ties across sectors, then by sectors reached, then by "
            "brokerage across sectors (the itinerant, gatekeeper, representative and "
            "liaison roles: times it links two others, not tied to each other, of whom at "
            "least one is from another sector), then by constraint, lowest first (its "
            "contacts less tied to each other).\n"
            "- People and organisations whose own sector is not known, and those with no "
            "tie across sectors, are not ranked.\n"
            f"- {_shared_note(shared, len(ranking))}\n\n" + table)


def _shared_note(shared: int, ranked: int) -> str:
    if not shared:
        return "No two share a rank."
    return (f"A rank marked \"=\" is shared ({shared} of {ranked} ranked): those people and "
            "organisations are equal on all four counts: they took part in the same "
            "activities, with partners of the same sectors who are as tied to each other; "
            "the records give no way to tell them apart.")


def _number(value: float | None, places: int) -> str:
    return NOT_KNOWN if value is None else f"{value:.{places}f}"


def _diversity(network: Network) -> str:
    graph, blau = network.graph, network.analysis.blau
    seminars = sorted((n for n in blau if n.startswith("seminars:")),
                      key=lambda n: (blau[n][0] is None, -(blau[n][0] or 0), n))[:50]
    rows = [[node_link(graph, n, SRC), sum(blau[n][1].values()),
             esc(", ".join(sector_name(graph, s) for s in sorted(blau[n][1]))) or "none recorded",
             _number(blau[n][0], 2)] for n in seminars]
    return ("## Sector diversity of seminars and events\n\n"
            f"Diversity is \"{NOT_KNOWN}\" when no organisation taking part has a recorded "
            "sector: unknown, not zero.\n\n"
            + sortable(["Seminar or event", "Organisations", "Sectors",
                                       "Diversity"], rows))


def _mixing(network: Network) -> str:
    graph, mixing, ei = network.graph, network.analysis.mixing, network.analysis.ei
    sectors = list(mixing)
    names = [esc(sector_name(graph, s)) for s in sectors]
    # Linked row labels also give keyboard users a way into the table when it scrolls.
    heads = [node_link(graph, f"sectors:{s}", SRC) if f"sectors:{s}" in graph else names[i]
             for i, s in enumerate(sectors)]
    rows = [[heads[i], *(mixing[s][t] for t in sectors)] for i, s in enumerate(sectors)]
    ei_rows = [[heads[i], ei[s][1], ei[s][0],
                "no ties" if ei[s][2] is None else f"{ei[s][2]:+.2f}"]
               for i, s in enumerate(sectors)]
    return ("## How sectors mix\n\nTies between people and organisations, by the sector at "
            "each end.\n\n" + markdown_table(["Sector", *names], rows)
            + "### E-I index by sector\n\nA sector with no ties has no E-I index.\n\n"
            + sortable(["Sector", "Ties within", "Ties outside", "E-I index"],
                                      ei_rows))


def _projections(network: Network) -> str:
    parts = ["## Who works with whom\n\n"]
    titles = {"people": "People", "organisations": "Organisations", "themes": "Themes"}
    for kind, title in titles.items():
        projection = network.analysis.projections[kind]
        top = sorted(projection.edges(data="weight"), key=lambda e: (-e[2], e[0], e[1]))[:10]
        rows = [[node_link(network.graph, u, SRC), node_link(network.graph, v, SRC), w]
                for u, v, w in top]
        parts.append(f"### {title}\n\nWeight: {esc(projection.graph['weighting'])}.\n\n"
                     + sortable(["One", "Other", "Weight"], rows))
    return "".join(parts)


def sector_name(graph: nx.MultiDiGraph, sector: str) -> str:
    """A sector's name (its id when the registry has no such sector)."""
    return label_or(graph, f"sectors:{sector}", sector)


def sector_or_unknown(graph: nx.MultiDiGraph, sector: str | None) -> str:
    """A sector's name, escaped, or "not known"."""
    return esc(sector_name(graph, sector)) if sector else NOT_KNOWN
