"""The streaming writers: the same markup as networkx's writers, written one element at a time."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx
import pytest
from networkx.readwrite.gexf import GEXFWriter
from test_graph import make_corpus

from kb import load_corpus
from kb.network import plan_network
from kb.network.export import ExportRows, export_graph, write_json
from kb.network.xmlwrite import GexfOptions, to_bytes, write_gexf, write_graphml

HOSTILE = 'A & B <c> "d" \'e\'\ttab\nline\rreturn ]]> \u00e9\u4e2d'


@dataclass
class GraphRows:
    """Rows read from a networkx multigraph, in its own order."""

    graph: nx.MultiDiGraph

    @property
    def attrs(self) -> dict[str, object]:
        return dict(self.graph.graph)

    def nodes(self) -> Iterator[tuple[str, dict[str, object]]]:
        for node, data in self.graph.nodes(data=True):
            yield node, dict(data)

    def edges(self) -> Iterator[tuple[str, str, str, dict[str, object]]]:
        for u, v, key, data in self.graph.edges(keys=True, data=True):
            yield u, v, key, dict(data)


def awkward_graph() -> nx.MultiDiGraph:
    """Every scalar type, an empty string, text that needs escaping, a name seen with two
    types, a node without attributes, parallel edges and dates on some elements only."""
    graph = nx.MultiDiGraph(name=HOSTILE, licence="CC BY 4.0")
    graph.add_node("a:1", label=HOSTILE, weight=1, score=0.25, flag=True, empty="",
                   start="2015-06-01")
    graph.add_node("b:2", label="Plain", weight=2.5, flag=False, other=HOSTILE)
    graph.add_node('c:"3"')
    graph.add_edge("a:1", "b:2", key="spoke_at", relation="spoke_at", records="x;y",
                   start="2015-06-01", end="2016-12-31")
    graph.add_edge("a:1", "b:2", key="hosted", relation="hosted", weight=3, note=HOSTILE)
    graph.add_edge("b:2", 'c:"3"', key="part_of")
    return graph


@pytest.fixture(scope="module")
def shipped_like(tmp_path_factory):
    network = plan_network(load_corpus(make_corpus(tmp_path_factory.mktemp("kb"))))
    return ExportRows(network.graph, network.analysis, network.positions)


def networkx_graphml(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def networkx_gexf(graph: nx.MultiDiGraph, options: GexfOptions) -> bytes:
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(graph)
    meta = writer.xml.find("meta")
    meta.set("lastmodifieddate", options.last_modified)
    meta.find("creator").text = options.creator
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_graphml_is_what_networkx_writes(shipped_like):
    graph = awkward_graph()
    assert to_bytes(write_graphml, GraphRows(graph)) == networkx_graphml(graph)
    exported = export_graph(shipped_like.graph, shipped_like.analysis, shipped_like.positions)
    assert to_bytes(write_graphml, GraphRows(exported)) == networkx_graphml(exported)


def test_gexf_is_what_networkx_writes():
    graph = awkward_graph()
    options = GexfOptions(creator="test", last_modified="2016-12-31")
    ours = to_bytes(lambda rows, out: write_gexf(rows, out, options), GraphRows(graph))
    assert ours == networkx_gexf(graph, options)
    drawn = nx.MultiDiGraph(name="drawn")
    drawn.add_node("a", label="A", type="people", viz={
        "color": {"r": 0, "g": 158, "b": 115, "a": 1.0}, "size": 12,
        "position": {"x": 10, "y": -20, "z": 0}}, spells=[("2015-01-01", "2015-12-31")])
    drawn.add_node("b", viz={"position": {"x": 1, "y": 2, "z": 0}})
    drawn.add_edge("a", "b", key="k", weight=3, spells=[("2015-06-01", "2015-06-30"),
                                                        ("2016-01-01", "2016-12-31")])
    ours = to_bytes(lambda rows, out: write_gexf(rows, out, options), GraphRows(drawn))
    assert ours == networkx_gexf(drawn, options)
    static = nx.MultiDiGraph(name="static")
    static.add_edge("a", "b", key="k", weight=2)
    ours = to_bytes(lambda rows, out: write_gexf(rows, out, options), GraphRows(static))
    assert ours == networkx_gexf(static, options)


def test_json_is_what_networkx_writes(shipped_like):
    exported = export_graph(shipped_like.graph, shipped_like.analysis, shipped_like.positions)
    expected = json.dumps(nx.node_link_data(exported, edges="edges"), ensure_ascii=False,
                          indent=1, sort_keys=True) + "\n"
    assert to_bytes(write_json, shipped_like).decode() == expected


def big_graph(n: int) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for i in range(n):
        graph.add_node(f"n{i}", label=f"Node {i}", degree=i % 7)
        if i:
            graph.add_edge(f"n{i - 1}", f"n{i}", key="part_of")
    return graph


class Writes(io.StringIO):
    """A stream that remembers the size of each write."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, text: str) -> int:
        self.sizes.append(len(text))
        return super().write(text)


@pytest.mark.parametrize("writer", ["graphml", "gexf", "json"])
def test_the_writers_write_in_bounded_chunks(writer, monkeypatch):
    """The file is written a chunk at a time as it is made, never gathered whole."""
    import kb.network.xmlwrite

    monkeypatch.setattr(kb.network.xmlwrite, "CHUNK", 2000)
    out = Writes()
    rows = GraphRows(big_graph(500))
    if writer == "graphml":
        write_graphml(rows, out)
    elif writer == "gexf":
        write_gexf(rows, out, GexfOptions(creator="t", last_modified="2016-01-01"))
    else:
        write_json(rows, out)
    assert len(out.sizes) > 20 and max(out.sizes) < 2000 + 500
    assert sum(out.sizes) == len(out.getvalue())


def test_the_table_holds_what_the_rows_give(shipped_like):
    """Flattened once into compact rows, the network reads back as the rows give it; GEXF's
    rows have spells instead of start and end, and nodes a viz entry."""
    from kb.network.gexf import gexf_table

    table = shipped_like.table()
    assert list(table.node_dicts()) == list(shipped_like.nodes())
    assert list(table.edge_dicts()) == list(shipped_like.edges())
    assert len(table.shapes) < 20  # a few shapes stand for every row
    drawn = gexf_table(table)
    for (_, _, _, data), (_, _, _, gexf) in zip(table.edge_dicts(), drawn.edge_dicts(),
                                                strict=True):
        kept = [k for k in data if k not in ("start", "end")]
        assert list(gexf) == kept + (["spells"] if data.get("dates") else [])
    assert all("viz" in data for _, data in drawn.node_dicts())
