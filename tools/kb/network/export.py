"""Downloads of the network: GraphML, GEXF (with time), node-link JSON and CSV.

Every format carries every attribute of :func:`export_graph`. Lists (record ids, files,
years) become ``;``-separated text, since GraphML and GEXF only hold scalars. The same corpus
gives byte-identical files: nodes and edges are in sorted order and GEXF's "last modified"
date is the date of the newest record, not today's.
"""

from __future__ import annotations

import calendar
import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import networkx as nx

from ..kinds import KINDS
from .analysis import ROLES, Analysis
from .graph import RELATIONS, full_date
from .xmlwrite import GexfOptions, to_bytes, write_gexf, write_graphml

#: Base name of the files offered for download.
STEM = "isipp-network"
FORMATS = ("graphml", "gexf", "json", "csv")
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
SEPARATOR = ";"

#: The data dictionary: every node attribute in the exports and what it means.
NODE_ATTRIBUTES = {
    "id": "The node's id, `kind:id`, e.g. `people:rob-wilson`; unique and stable.",
    "type": "What the node is: " + ", ".join(f"`{k}` ({v.singular})" for k, v in KINDS.items())
            + ".",
    "label": "The name or title shown on the site.",
    "url": "The node's page, relative to the site's home page.",
    "records": "Ids of the seminars, events and case studies that mention it, `;`-separated.",
    "files": "Every source file that asserts the node (records and registries), `;`-separated.",
    "years": "Years of the dated records that mention it, `;`-separated.",
    "start": "Date of the first dated record that mentions it (YYYY, YYYY-MM or YYYY-MM-DD; "
             "in GEXF padded to a full date for Gephi's timeline). Absent when undated.",
    "sector": "An organisation's sector; for a person, the sector of the organisation they "
              "are most often affiliated with.",
    "degree": "Number of distinct nodes it is tied to.",
    "betweenness": "Normalised betweenness centrality (0-1) in the network without sector "
                   "nodes.",
    "community": "Number of its Louvain community (1 is the largest).",
    "x": "Horizontal position in the site's network view.",
    "y": "Vertical position in the site's network view.",
    "sectors_reached": "People and organisations: the sectors of everyone they are tied to "
                       "in the actor network, with their own, `;`-separated.",
    "constraint": "People and organisations: Burt's constraint (0-1; low means ties to "
                  "people who are not tied to each other).",
    "effective_size": "People and organisations: Burt's effective size (contacts that are "
                      "not redundant).",
    "participation": "People and organisations: participation coefficient across sectors "
                     "(0 = all ties in one sector).",
    **{f"brokerage_{role}": f"People and organisations: Gould-Fernandez {role} brokerage "
                            "count." for role in ROLES},
    "ties_across_sectors": "People and organisations with a known sector: shared "
                           "activities with people and organisations of other sectors "
                           "(summed tie weights in the actor network).",
    "ties_within_sector": "People and organisations with a known sector: shared activities "
                          "with people and organisations of their own sector.",
    "sector_diversity": "Seminars and case studies: Blau index of the sectors of the "
                        "organisations taking part (0 = one sector); empty when none of "
                        "them has a recorded sector (unknown, not zero).",
}
#: The data dictionary for edges.
EDGE_ATTRIBUTES = {
    "source": "The node the tie starts from (see relation for the direction).",
    "target": "The node the tie points to.",
    "relation": "What the tie means: " + ", ".join(f"`{k}` ({v})" for k, v in RELATIONS.items())
                + ". In GraphML and GEXF this is also the edge key (`networkx_key` in GEXF).",
    "records": "Ids of the records that assert the tie, `;`-separated.",
    "files": "Every source file that asserts the tie, `;`-separated.",
    "years": "Years of the dated records that assert it, `;`-separated.",
    "start": "Date of the first dated record that asserts it (full date in GEXF).",
    "end": "`affiliated_with` only: date of the last dated record that asserts it.",
}


#: The graph's own attributes in every file.
GRAPH_ATTRIBUTES: dict[str, object] = {
    "name": "Information Sharing in Policy and Practice: network",
    "licence": LICENCE, "licence_url": LICENCE_URL}


@dataclass(frozen=True)
class ExportRows:
    """The network as the files hold it: lists flattened to text, the measures added.

    Each call of :meth:`nodes` or :meth:`edges` reads the graph afresh, so the writers stream
    without a copy of the graph (the XML writers read twice: once for their header).
    """

    graph: nx.MultiDiGraph
    analysis: Analysis
    positions: dict[str, tuple[int, int]] | None = None
    attrs: dict[str, object] = field(default_factory=lambda: dict(GRAPH_ATTRIBUTES))

    def nodes(self) -> Iterator[tuple[str, dict[str, object]]]:
        for node, data in self.graph.nodes(data=True):
            yield node, _flat(data) | _measures(node, self.analysis, self.positions)

    def edges(self) -> Iterator[tuple[str, str, str, dict[str, object]]]:
        for u, v, key, data in self.graph.edges(keys=True, data=True):
            yield u, v, key, _flat({**data, "relation": key})


def export_graph(graph: nx.MultiDiGraph, analysis: Analysis,
                 positions: dict[str, tuple[int, int]] | None = None) -> nx.MultiDiGraph:
    """A copy of ``graph`` with the analysis as attributes and lists flattened to text."""
    rows = ExportRows(graph, analysis, positions)
    out = nx.MultiDiGraph(**rows.attrs)
    out.add_nodes_from(rows.nodes())
    out.add_edges_from(rows.edges())
    return out


def _measures(node: str, analysis: Analysis,
              positions: dict[str, tuple[int, int]] | None) -> dict[str, object]:
    found: dict[str, object] = {"degree": analysis.degree.get(node, 0)}
    if node in analysis.betweenness:
        found["betweenness"] = analysis.betweenness[node]
    if node in analysis.community:
        found["community"] = analysis.community[node]
    if positions and node in positions:
        found["x"], found["y"] = positions[node]
    lens = analysis.boundary.get(node)
    if lens:
        found |= {"sectors_reached": SEPARATOR.join(lens.sectors),
                  "effective_size": float(lens.effective_size)}
        found |= {f"brokerage_{r}": n for r, n in lens.brokerage.items()}
        if lens.sector:
            found["sector"] = lens.sector
        # unknown values are left out (an empty cell in CSV), never written as 0
        for name, value in (("constraint", lens.constraint),
                            ("participation", lens.participation)):
            if value is not None:
                found[name] = float(value)
        if lens.across is not None:
            found |= {"ties_across_sectors": lens.across, "ties_within_sector": lens.within}
    diversity = analysis.blau.get(node, (None,))[0]
    if diversity is not None:
        found["sector_diversity"] = float(diversity)
    return found


def _flat(data: dict[str, object]) -> dict[str, object]:
    return {k: SEPARATOR.join(map(str, v)) if isinstance(v, (list, tuple)) else v
            for k, v in data.items() if v is not None}


def render_exports(rows: ExportRows, formats: tuple[str, ...] = FORMATS) -> dict[str, bytes]:
    """The files of each format, by path relative to the download folder.

    CSV gives ``csv/nodes.csv`` and ``csv/edges.csv``; the others give
    ``isipp-network.<format>``.
    """
    files: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "csv":
            files["csv/nodes.csv"], files["csv/edges.csv"] = to_csv(rows)
        else:
            files[f"{STEM}.{fmt}"] = {"graphml": to_graphml, "gexf": to_gexf,
                                      "json": to_json}[fmt](rows)
    return files


def to_graphml(rows: ExportRows) -> bytes:
    """GraphML, readable by networkx, igraph, Gephi, Cytoscape and yEd."""
    return to_bytes(write_graphml, rows)


def to_gexf(rows: ExportRows) -> bytes:
    """GEXF 1.2 with each node and edge starting at its first dated record (Gephi's timeline)."""
    options = GexfOptions(creator=f"NetworkX {nx.__version__}", last_modified=_newest(rows))
    return to_bytes(lambda r, out: write_gexf(_Timed(r), out, options), rows)


@dataclass(frozen=True)
class _Timed:
    """Rows with dates padded to full days, which Gephi's timeline needs."""

    rows: ExportRows

    @property
    def attrs(self) -> dict[str, object]:
        return self.rows.attrs

    def nodes(self) -> Iterator[tuple[str, dict[str, object]]]:
        for node, data in self.rows.nodes():
            if "start" in data:
                data["start"] = full_date(str(data["start"]))
            yield node, data

    def edges(self) -> Iterator[tuple[str, str, str, dict[str, object]]]:
        for u, v, key, data in self.rows.edges():
            if "start" in data:
                data["start"] = full_date(str(data["start"]))
            if "end" in data:
                data["end"] = last_day(str(data["end"]))
            yield u, v, key, data


def last_day(date: str) -> str:
    """The last day a partial date covers: ``2016`` -> ``2016-12-31``, ``2016-02`` -> ``-29``."""
    if len(date) == 4:
        return f"{date}-12-31"
    if len(date) == 7:
        year, month = int(date[:4]), int(date[5:7])
        return f"{date}-{calendar.monthrange(year, month)[1]:02d}"
    return date


def _newest(rows: ExportRows) -> str:
    dates = [full_date(str(d)) for _, d in rows.graph.nodes(data="start") if d]
    return max(dates, default="2014-01-01")


def to_json(rows: ExportRows) -> bytes:
    """networkx node-link JSON with ``edges="edges"`` (read it with ``node_link_graph``)."""
    return to_bytes(write_json, rows)


def write_json(rows: ExportRows, out: io.TextIOBase) -> None:
    """What ``json.dumps(node_link_data(G, edges="edges"), indent=1, sort_keys=True,
    ensure_ascii=False)`` gives, one node or edge at a time."""
    def dump(value: object, depth: int) -> str:
        return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).replace(
            "\n", "\n" + " " * depth)

    nodes = ({**data, "id": node} for node, data in rows.nodes())
    edges = ({**data, "source": u, "target": v, "key": key} for u, v, key, data in rows.edges())
    out.write('{\n "directed": true,\n "edges": ')
    _json_list(out, (dump(e, 2) for e in edges))
    out.write(f',\n "graph": {dump(rows.attrs, 1)},\n "multigraph": true,\n "nodes": ')
    _json_list(out, (dump(n, 2) for n in nodes))
    out.write("\n}\n")


def _json_list(out: io.TextIOBase, items: Iterator[str]) -> None:
    first = next(items, None)
    if first is None:
        out.write("[]")
        return
    out.write("[\n  " + first)
    for item in items:
        out.write(",\n  " + item)
    out.write("\n ]")


def to_csv(rows: ExportRows) -> tuple[bytes, bytes]:
    """``nodes.csv`` (id first) and ``edges.csv`` (source, target, relation first)."""
    nodes = _csv(lambda: ({"id": n, **d} for n, d in rows.nodes()), list(NODE_ATTRIBUTES))
    edges = _csv(lambda: ({"source": u, "target": v, **d} for u, v, _, d in rows.edges()),
                 list(EDGE_ATTRIBUTES))
    return nodes, edges


def _csv(rows: Callable[[], Iterator[dict[str, object]]], order: list[str]) -> bytes:
    present: set[str] = set()
    for row in rows():
        present.update(row)
    columns = [c for c in order if c in present] + sorted(present - set(order))
    buffer = io.BytesIO()
    text = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    writer = csv.DictWriter(text, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows())
    text.flush()
    text.detach()
    return buffer.getvalue()
def _cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is written
    with a leading apostrophe, which spreadsheets show as plain text (OWASP's advice)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
