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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, BinaryIO, TextIO

import networkx as nx

from .analysis import Analysis
from .codebook import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, SEPARATOR, columns
from .table import FORMULA, Rows, Shape, Table, as_table
from .xmlwrite import Chunks

__all__ = ["EDGE_ATTRIBUTES", "FORMATS", "LICENCE", "LICENCE_URL", "NODE_ATTRIBUTES",
           "SEPARATOR", "STEM", "ExportRows", "export_graph", "write_csv", "write_json"]

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

    Each call of :meth:`nodes` or :meth:`edges` reads the graph afresh; :meth:`table` flattens
    it once into the compact rows every writer reads.
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

    def table(self) -> Table:
        """The rows, flattened once, for every writer (:mod:`kb.network.table`)."""
        return as_table(self)


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
        if type(v) is str:  # the most common value first
            flat[k] = v
        elif isinstance(v, (list, tuple)):
            # most lists hold text (record ids, files): joined without a str() each; a list
            # of numbers (years) goes straight to the other way, not through an exception
            joined = _joined(v) if not v or isinstance(v[0], str) else None
            if joined is None:
                joined = (SEPARATOR.join(map(str, v)) if all(isinstance(i, SCALARS) for i in v)
                          else _json_text(v))
            flat[k] = joined
        elif isinstance(v, SCALARS):
            flat[k] = v
        elif v is not None:
            flat[k] = _json_text(v)
    return flat


def _joined(values: list[object] | tuple[object, ...]) -> str | None:
    try:
        return SEPARATOR.join(values)  # type: ignore[arg-type]
    except TypeError:  # not all text after all
        return None


def _json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)


def write_json(rows: Rows | Table, out: TextIO) -> None:
    """What ``json.dumps(node_link_data(G, edges="edges"), indent=1, sort_keys=True,
    ensure_ascii=False)`` gives, one node or edge at a time."""
    table = as_table(rows)
    out.write('{\n "directed": true,\n "edges": ')
    _json_list(out, _json_rows(table, "edge", ((u, v, k, s, values) for u, v, k, s, values, _
                                               in table.edges)))
    out.write(f',\n "graph": {_json_dump(table.attrs, 1)},\n "multigraph": true,\n "nodes": ')
    _json_list(out, _json_rows(table, "node", ((n, s, values) for n, s, values, _
                                               in table.nodes)))
    out.write("\n}\n")


#: The names each element adds to its attributes in node-link JSON, in the row's order.
_JSON_ENDS = {"node": ("id",), "edge": ("source", "target", "key")}


def _json_rows(table: Table, scope: str, rows: Iterator[tuple[Any, ...]]) -> Iterator[str]:
    """Each row as ``_json_dump`` would give it (depth 2), from one template per shape."""
    ends = _JSON_ENDS[scope]
    plans: dict[int, tuple[str, list[tuple[Callable[[Any], str], int]]] | None] = {}
    for row in rows:
        shape, values = row[-2], row[-1]
        if shape not in plans:
            plans[shape] = _json_plan(table.shapes[shape], ends)
        plan = plans[shape]
        filled = (*row[:-2], *values)
        if plan is None:  # a value that is not a scalar: the general way
            yield _json_dump({**dict(zip(table.shapes[shape][0], values, strict=True)),
                              **dict(zip(ends, row[:-2], strict=True))}, 2)
        else:
            yield plan[0] % tuple([show(filled[i]) for show, i in plan[1]])


def _json_plan(shape: Shape, ends: tuple[str, ...]
               ) -> tuple[str, list[tuple[Callable[[Any], str], int]]] | None:
    """The template of one shape of row and, for each place in it, how to show which value
    (indexes into the row's ends and values), or None when a value is not a scalar."""
    names, kinds = shape
    where = {n: len(ends) + i for i, n in enumerate(names)} | {n: i for i, n in enumerate(ends)}
    kind_of = dict(zip(names, kinds, strict=True)) | {n: str for n in ends}
    if any(k not in _JSON_SHOW for k in kind_of.values()):
        return None
    keys = sorted(where)
    template = "{" + ",".join("\n   " + _JSON_STRING(k).replace("%", "%%") + ": %s"
                              for k in keys) + "\n  }"
    return template, [(_JSON_SHOW[kind_of[k]], where[k]) for k in keys]


_JSON_STRING = json.encoder.encode_basestring
_JSON_FLOAT = json.JSONEncoder(allow_nan=True).iterencode
#: How node-link JSON shows each scalar type (as ``json.dumps`` does).
_JSON_SHOW: dict[type, Callable[[Any], str]] = {
    str: _JSON_STRING, bool: lambda v: "true" if v else "false", int: int.__repr__,
    float: lambda v: "".join(_JSON_FLOAT(v))}


def _json_dump(value: dict[str, object], depth: int) -> str:
    """``json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)`` indented by
    ``depth``."""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).replace(
        "\n", "\n" + " " * depth)


def _json_list(out: TextIO, items: Iterator[str]) -> None:
    first = next(items, None)
    if first is None:
        out.write("[]")
        return
    chunks = Chunks(out)
    chunks.add("[\n  " + first)
    for item in items:
        chunks.add(",\n  " + item)
    chunks.add("\n ]")
    chunks.flush()


def write_csv(table: Table, table_name: str, out: BinaryIO) -> None:
    """``nodes.csv`` or ``edges.csv``: columns in the codebook's order (others after), one
    row per node or edge; an absent value is an empty cell."""
    ends: tuple[str, ...]
    rows: Iterator[tuple[tuple[str, ...], int, tuple[object, ...], int]]
    if table_name == "nodes":
        ends, rows = ("id",), ((r[:1], r[1], r[2], r[3]) for r in table.nodes)
        used, always = table.used(table.nodes, 1), ["id"]
    else:
        ends, rows = ("source", "target"), ((r[:2], r[3], r[4], r[5]) for r in table.edges)
        used, always = table.used(table.edges, 3), ["source", "target", "relation"]
    present = set(always)  # so that an empty network still has a header
    for shape in used:
        present.update(table.shapes[shape][0])
    order = list(columns(table_name))
    header = [c for c in order if c in present] + sorted(present - set(order))
    picks: dict[int, Callable[[tuple[object, ...]], tuple[object, ...]]] = {}
    for shape in used:
        where = {n: i for i, n in enumerate(ends)} | {
            n: len(ends) + i for i, n in enumerate(table.shapes[shape][0])}
        picks[shape] = itemgetter(*[where.get(c, -1) for c in header])

    def cells() -> Iterator[tuple[object, ...] | list[object]]:
        for row_ends, shape, values, flags in rows:
            found = picks[shape]((*row_ends, *values, ""))
            if len(header) == 1:
                found = (found,)
            yield [_cell(c) for c in found] if flags & FORMULA else found

    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(cells())
        text.flush()
    finally:
        text.detach()


_FORMULA = frozenset("=+-@\t\r")


def _cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is written
    with a leading apostrophe, which spreadsheets show as plain text (OWASP's advice)."""
    if type(value) is str and value and value[0] in _FORMULA:
        return "'" + value
    return value
