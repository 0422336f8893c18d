"""Stage 4: the collaboration network of a corpus, its analysis, layout and export files.

No Markdown and no rendering here: the pages stage (``kb.pages``) turns a :class:`Network`
into pages, and ``kb export`` writes :func:`export_files` as they are.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import networkx as nx

from ..corpus import Corpus
from .analysis import Analysis, analyse, node_facets
from .export import FORMATS, ExportRows, render_exports
from .gexf import Look, newest, to_gexf
from .graph import build_graph
from .layout import compute_layout
from .package import package_files


@dataclass
class Network:
    """The graph, its analysis and layout, computed once per build."""

    graph: nx.MultiDiGraph
    analysis: Analysis
    positions: dict[str, tuple[int, int]]
    facets: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)
    #: node -> (rank by degree among its type, size of its type)
    ranks: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: community number -> number of members
    community_sizes: Counter[int] = field(default_factory=Counter)


def plan_network(corpus: Corpus) -> Network:
    """Build the graph, analyse it and lay it out (the expensive part, done once)."""
    with collector_paused():
        graph = build_graph(corpus)
        analysis = analyse(graph)
        positions = compute_layout(graph)
        return Network(graph, analysis, positions, node_facets(graph, analysis),
                       _ranks(graph, analysis), Counter(analysis.community.values()))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a block that makes millions of objects.

    Planning builds several hundred thousand dicts, lists and sets that all stay alive (the
    graph's attributes, the projections); each time enough of them pile up the collector
    walks every object again, and at 10,000 records that was a third of planning's time
    (8 of 24 s) for no garbage found. Reference counting still frees everything else.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _ranks(graph: nx.MultiDiGraph, analysis: Analysis) -> dict[str, tuple[int, int]]:
    by_type: dict[str, list[str]] = defaultdict(list)
    for node, kind in graph.nodes(data="type"):
        by_type[kind].append(node)
    ranks: dict[str, tuple[int, int]] = {}
    for nodes in by_type.values():
        nodes.sort(key=lambda n: (-analysis.degree[n], n))
        ranks |= {n: (i + 1, len(nodes)) for i, n in enumerate(nodes)}
    return ranks


def export_files(network: Network, formats: tuple[str, ...] = FORMATS,
                 look: Look | None = None) -> dict[str, bytes]:
    """The download files by path under ``data/``; CSV adds the three projections.

    All formats together (the default) add ``datapackage.json`` and the zip of everything
    (:mod:`kb.network.package`). ``look`` gives GEXF the colours and sizes the site draws.
    """
    rows = ExportRows(network.graph, network.analysis, network.positions)
    exported = render_exports(rows, formats, gexf=lambda r: to_gexf(r, look))
    if "csv" in formats:
        for kind, projection in network.analysis.projections.items():
            exported[f"csv/{kind}-projection.csv"] = _projection_csv(projection)
    if set(formats) == set(FORMATS):
        exported |= package_files(exported, newest(rows))
    return exported


def _projection_csv(projection: nx.Graph) -> bytes:
    rows = ["source,target,weight,weighting,records"]
    weighting = '"' + projection.graph["weighting"].replace('"', '""') + '"'
    for u, v, data in sorted(projection.edges(data=True)):
        rows.append(f"{u},{v},{data['weight']},{weighting},{';'.join(data['records'])}")
    return ("\n".join(rows) + "\n").encode()
