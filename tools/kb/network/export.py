"""Downloads of the network: GraphML, GEXF (with time), node-link JSON and CSV.

Every format carries every attribute of :func:`export_graph` (the codebook,
:mod:`kb.network.codebook`, says what each means). Lists (record ids, files, years) become
``;``-separated text, since GraphML and GEXF only hold scalars. The same corpus gives
byte-identical files: nodes and edges are in sorted order and no file holds today's date.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import networkx as nx

from .analysis import Analysis
from .codebook import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, SEPARATOR, columns
from .xmlwrite import to_bytes, write_graphml

__all__ = ["EDGE_ATTRIBUTES", "FORMATS", "LICENCE", "LICENCE_URL", "NODE_ATTRIBUTES",
           "SEPARATOR", "STEM", "ExportRows", "export_graph", "render_exports"]

#: Base name of the files offered for download.
STEM = "isipp-network"
FORMATS = ("graphml", "gexf", "json", "csv")
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

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
            yield node, (_flat(data) | _years(data)
                         | _measures(node, self.analysis, self.positions))

    def edges(self) -> Iterator[tuple[str, str, str, dict[str, object]]]:
        for u, v, key, data in self.graph.edges(keys=True, data=True):
            weight = max(1, len(data.get("records", ())))
            yield u, v, key, _flat({**data, "relation": key, "weight": weight}) | _years(data)

    def edge_shapes(self) -> Iterator[list[tuple[str, type]]]:
        """Each edge's attribute names and types, in :meth:`edges`' order, without building
        its values: the XML writers' first pass needs no more (edges outnumber nodes)."""
        for _, _, data in self.graph.edges(data=True):
            names = dict.fromkeys(k for k, v in data.items() if v is not None)
            shape = [(k, type(data[k]) if isinstance(data[k], SCALARS) else str)
                     for k in names]
            if "relation" not in names:
                shape.append(("relation", str))
            else:
                shape[list(names).index("relation")] = ("relation", str)
            if "weight" not in names:
                shape.append(("weight", int))
            years = data.get("years")
            if isinstance(years, list) and years:
                shape += [("first_year", int), ("last_year", int)]
            yield shape


def _years(data: dict[str, object]) -> dict[str, int]:
    """The first and last year as integers (absent, so empty in CSV, when undated)."""
    years = data.get("years")
    if not isinstance(years, list) or not years:
        return {}
    return {"first_year": min(years), "last_year": max(years)}


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


#: Types every format holds as they are; anything else becomes text (see :func:`_flat`).
SCALARS = (str, int, float, bool)


def _flat(data: dict[str, object]) -> dict[str, object]:
    """Attributes as the files hold them: scalars as they are, a list of scalars as
    ``;``-separated text, anything else (a mapping, a list of mappings) as compact JSON
    text, so that any attribute a later stage adds reaches every format. None is left out."""
    flat: dict[str, object] = {}
    for k, v in data.items():
        if isinstance(v, (list, tuple)):
            try:  # most lists hold text (record ids, files): joined without a str() each
                flat[k] = SEPARATOR.join(v)
            except TypeError:
                flat[k] = (SEPARATOR.join(map(str, v)) if all(isinstance(i, SCALARS) for i in v)
                           else _json_text(v))
        elif isinstance(v, SCALARS):
            flat[k] = v
        elif v is not None:
            flat[k] = _json_text(v)
    return flat


def _json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)


def render_exports(rows: ExportRows, formats: tuple[str, ...] = FORMATS,
                   gexf: Callable[[ExportRows], bytes] | None = None) -> dict[str, bytes]:
    """The files of each format, by path relative to the download folder.

    CSV gives ``csv/nodes.csv`` and ``csv/edges.csv``; the others give
    ``isipp-network.<format>``. ``gexf`` writes the GEXF file (see :mod:`kb.network.gexf`).
    """
    files: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "csv":
            files["csv/nodes.csv"], files["csv/edges.csv"] = to_csv(rows)
        elif fmt == "gexf":
            if gexf is None:
                raise ValueError("the GEXF writer is kb.network.gexf.to_gexf")
            files[f"{STEM}.gexf"] = gexf(rows)
        else:
            files[f"{STEM}.{fmt}"] = {"graphml": to_graphml, "json": to_json}[fmt](rows)
    return files


def to_graphml(rows: ExportRows) -> bytes:
    """GraphML, readable by networkx, igraph, Gephi, Cytoscape and yEd."""
    return to_bytes(write_graphml, rows)


def to_json(rows: ExportRows) -> bytes:
    """networkx node-link JSON with ``edges="edges"`` (read it with ``node_link_graph``)."""
    return to_bytes(write_json, rows)


def write_json(rows: ExportRows, out: io.TextIOBase) -> None:
    """What ``json.dumps(node_link_data(G, edges="edges"), indent=1, sort_keys=True,
    ensure_ascii=False)`` gives, one node or edge at a time."""
    def dump(value: dict[str, object], depth: int) -> str:
        flat = _json_flat(value, depth)
        if flat is not None:
            return flat
        return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).replace(
            "\n", "\n" + " " * depth)

    nodes = ({**data, "id": node} for node, data in rows.nodes())
    edges = ({**data, "source": u, "target": v, "key": key} for u, v, key, data in rows.edges())
    out.write('{\n "directed": true,\n "edges": ')
    _json_list(out, (dump(e, 2) for e in edges))
    out.write(f',\n "graph": {dump(rows.attrs, 1)},\n "multigraph": true,\n "nodes": ')
    _json_list(out, (dump(n, 2) for n in nodes))
    out.write("\n}\n")


_JSON_STRING = json.encoder.encode_basestring
_JSON_FLOAT = json.JSONEncoder(allow_nan=True).iterencode


def _json_flat(item: dict[str, object], depth: int) -> str | None:
    """``json.dumps(item, indent=1, sort_keys=True, ensure_ascii=False)`` indented by
    ``depth``, written directly for an object of text and numbers (the pure-Python
    encoder that ``indent`` needs is the slowest part of the export otherwise); None
    for anything else."""
    if not item:
        return None
    pad = "\n" + " " * (depth + 1)
    parts = []
    for key in sorted(item):
        value = item[key]
        if isinstance(value, str):
            shown = _JSON_STRING(value)
        elif isinstance(value, bool):
            shown = "true" if value else "false"
        elif isinstance(value, int):
            shown = int.__repr__(value)
        elif isinstance(value, float):
            shown = "".join(_JSON_FLOAT(value))
        else:
            return None
        parts.append(f"{pad}{_JSON_STRING(key)}: {shown}")
    return "{" + ",".join(parts) + "\n" + " " * depth + "}"


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
    """``nodes.csv`` and ``edges.csv``, columns in the codebook's order (others after)."""
    nodes = _csv(lambda: ({"id": n, **d} for n, d in rows.nodes()),
                 lambda: (d for _, d in rows.nodes()), list(columns("nodes")), ["id"])
    edges = _csv(lambda: ({"source": u, "target": v, **d} for u, v, _, d in rows.edges()),
                 lambda: ([n for n, _ in shape] for shape in rows.edge_shapes()),
                 list(columns("edges")), ["source", "target", "relation"])
    return nodes, edges


def _csv(rows: Callable[[], Iterator[dict[str, object]]],
         names: Callable[[], Iterator[Iterable[str]]], order: list[str],
         always: list[str]) -> bytes:
    present: set[str] = set(always)  # so that an empty network still has a header
    for found in names():
        present.update(found)
    columns = [c for c in order if c in present] + sorted(present - set(order))
    buffer = io.BytesIO()
    text = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell(row.get(c, "")) for c in columns] for row in rows())
    text.flush()
    text.detach()
    return buffer.getvalue()


_FORMULA = frozenset("=+-@\t\r")


def _cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is written
    with a leading apostrophe, which spreadsheets show as plain text (OWASP's advice)."""
    if type(value) is str and value and value[0] in _FORMULA:
        return "'" + value
    return value
