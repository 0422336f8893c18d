"""Stage 4: the collaboration network of a corpus, its analysis, layout and export files.

No Markdown and no rendering here: the pages stage (``kb.pages``) turns a :class:`Network`
into pages, and :func:`write_exports` writes the download files to disk (``kb export``, the
site) as they are made; :func:`export_files` gives the same files in memory.
"""

from __future__ import annotations

import functools
import gc
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import networkx as nx

from ..corpus import Corpus
from .analysis import Analysis, analyse, node_facets, start_core_measures
from .aside import Aside, Forked, Here
from .export import FORMATS, STEM, ExportRows, write_csv, write_json
from .files import Files
from .gexf import Look, gexf_options, gexf_table, newest
from .graph import build_graph
from .layout import start_layout
from .package import PACKAGE, Bundler, write_package
from .table import Table
from .xmlwrite import write_gexf, write_graphml, write_to


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


#: From this many nodes on, igraph's heaviest measures run in a second process
#: (:mod:`kb.network.aside`); below it, starting one would cost more than it saves.
ASIDE_FROM = 3000


def plan_network(corpus: Corpus, aside: bool | None = None) -> Network:
    """Build the graph, analyse it and lay it out (the expensive part, done once).

    igraph's betweenness, communities and layout run in a second process while this one does
    the rest of the analysis when ``aside`` is true, or by default when the graph has at least
    :data:`ASIDE_FROM` nodes. The network is the same either way.
    """
    with collector_paused():
        graph = build_graph(corpus)
        if aside is None:
            aside = graph.number_of_nodes() >= ASIDE_FROM
        with Aside() if aside else Here() as runner:
            laid_out = start_layout(graph, runner)
            core = start_core_measures(graph, runner)
            runner.start()
            analysis = analyse(graph, core)
            positions = laid_out()
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


def write_exports(network: Network, folder: Path, formats: tuple[str, ...] = FORMATS,
                  look: Look | None = None) -> dict[str, Path]:
    """Write the download files under ``folder`` (created if missing), each streamed to disk
    as it is made; returns their paths by name (``csv/nodes.csv``, ``isipp-network.gexf``).

    CSV adds the three projections; all formats together (the default) add
    ``datapackage.json`` and the zip of everything (:mod:`kb.network.package`), read back
    from disk. ``look`` gives GEXF the colours and sizes the site draws.
    """
    folder.mkdir(parents=True, exist_ok=True)
    files = Files(folder)
    _export(network, files, formats, look)
    return files.paths()


def export_files(network: Network, formats: tuple[str, ...] = FORMATS,
                 look: Look | None = None) -> dict[str, bytes]:
    """The files of :func:`write_exports`, made the same way, kept in memory (for tests and
    small networks: at 10,000 records they are 545 MB)."""
    files = Files()
    _export(network, files, formats, look)
    return files.contents()


def _export(network: Network, files: Files, formats: tuple[str, ...],
            look: Look | None) -> None:
    # The graph and its analysis are millions of objects that the exports only read; left
    # in the collector's generations, each full collection that the exports' own objects
    # set off walks them all (a tenth of the export time at 10,000 records). Frozen, they
    # are skipped; anything made here is collected as usual.
    gc.freeze()
    try:
        _export_frozen(network, files, formats, look)
    finally:
        gc.unfreeze()


def _export_frozen(network: Network, files: Files, formats: tuple[str, ...],
                   look: Look | None) -> None:
    rows = ExportRows(network.graph, network.analysis, network.positions)
    table = rows.table()  # flattened once, read by every writer
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format {sorted(unknown)[0]!r}: one of {', '.join(FORMATS)}")
    if set(formats) != set(FORMATS):
        for name, write in _writers(network, table, rows, formats, look):
            with files.create(name) as out:
                write(out)
        return
    # everything: the zip is made alongside, each file zipped as soon as it is written
    writers = list(_writers(network, table, rows, formats, look))
    with _gexf_aside(files, len(table.edges), writers) as gexf, \
            Bundler(files, newest(rows)) as bundler:  # its thread starts after the fork
        for name, write in writers:
            if gexf is not None and name == GEXF:
                files.adopt(name, gexf.result())
            else:
                with files.create(name) as out:
                    write(out)
            bundler.add(name)
        write_package(files)
        bundler.add(PACKAGE)


GEXF = f"{STEM}.gexf"
#: From this many ties on, the GEXF (the largest file, and the slowest to write) is written
#: by a forked copy of this process while this one writes the others, when the files go to
#: disk and this process has one thread (:class:`kb.network.aside.Forked`).
FORK_FROM = 20_000


@contextmanager
def _gexf_aside(files: Files, ties: int, writers: list[tuple[str, Callable[[BinaryIO], None]]],
                ) -> Iterator[Forked | None]:
    """The GEXF's writer, started in a forked copy, or None when it is written here."""
    if files.root is None or ties < FORK_FROM or not Forked.possible():
        yield None
        return
    write = dict(writers)[GEXF]

    def work() -> str:
        with files.create(GEXF) as out:
            write(out)
        return files.sha256(GEXF)

    with Forked(work) as forked:
        try:
            forked.start()
        except OSError:  # no copy to be had (a limit on processes): written here
            yield None
            return
        yield forked


def _writers(network: Network, table: Table, rows: ExportRows, formats: tuple[str, ...],
             look: Look | None) -> Iterator[tuple[str, Callable[[BinaryIO], None]]]:
    """Each file of ``formats`` and what writes it, in the order of their names (the zip's)."""
    for fmt in sorted(formats):
        if fmt == "csv":
            for name in ("edges", "nodes"):
                yield f"csv/{name}.csv", functools.partial(write_csv, table, name)
            for kind, projection in sorted(network.analysis.projections.items()):
                yield f"csv/{kind}-projection.csv", functools.partial(_projection_csv,
                                                                      projection)
        elif fmt == "gexf":
            yield GEXF, functools.partial(_write_gexf, table, rows, look)
        else:
            yield f"{STEM}.{fmt}", functools.partial(write_to, _WRITERS[fmt], table)


_WRITERS = {"graphml": write_graphml, "json": write_json}


def _write_gexf(table: Table, rows: ExportRows, look: Look | None, out: BinaryIO) -> None:
    # GEXF's rows (with spells and drawing attributes) are made only now, and let go after
    write_to(functools.partial(write_gexf, options=gexf_options(rows)), gexf_table(table, look),
             out)


def _projection_csv(projection: nx.Graph, out: BinaryIO) -> None:
    weighting = '"' + projection.graph["weighting"].replace('"', '""') + '"'
    lines = ["source,target,weight,weighting,records\n"]
    for u, v, data in sorted(projection.edges(data=True)):
        lines.append(f"{u},{v},{data['weight']},{weighting},{';'.join(data['records'])}\n")
        if len(lines) >= 10_000:
            out.write("".join(lines).encode())
            lines.clear()
    out.write("".join(lines).encode())
