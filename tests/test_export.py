"""Exports: every format read back (networkx, igraph, csv) and compared; byte-identical runs."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import igraph as ig
import networkx as nx
import pytest
from click.testing import CliRunner
from test_graph import make_corpus

from kb import load_corpus
from kb.cli import main
from kb.network import export_files, plan_network
from kb.network.export import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, SEPARATOR, last_day


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    return plan_network(load_corpus(make_corpus(tmp_path_factory.mktemp("kb"))))


@pytest.fixture(scope="module")
def files(network):
    return export_files(network)


def expected_nodes(network) -> dict[str, dict]:
    from kb.network.export import export_graph
    return dict(export_graph(network.graph, network.analysis, network.positions).nodes(data=True))


def test_the_same_corpus_gives_byte_identical_files(tmp_path, files):
    again = export_files(plan_network(load_corpus(make_corpus(tmp_path))))
    assert again == files
    assert set(files) >= {"isipp-network.graphml", "isipp-network.gexf", "isipp-network.json",
                          "csv/nodes.csv", "csv/edges.csv"}


def test_graphml_reads_back_with_networkx(network, files):
    back = nx.read_graphml(io.BytesIO(files["isipp-network.graphml"]), force_multigraph=True)
    expected = expected_nodes(network)
    assert set(back) == set(expected)
    for node, data in expected.items():
        assert back.nodes[node] == data
    edges = {(u, v, d["relation"]) for u, v, d in back.edges(data=True)}
    assert edges == {(u, v, k) for u, v, k in network.graph.edges(keys=True)}


def test_graphml_reads_back_with_igraph(tmp_path, network, files):
    path = tmp_path / "network.graphml"
    path.write_bytes(files["isipp-network.graphml"])
    back = ig.Graph.Read_GraphML(str(path))
    expected = expected_nodes(network)
    assert back.vcount() == len(expected) and back.ecount() == network.graph.number_of_edges()
    assert back.is_directed()
    for vertex in back.vs:
        data = expected[vertex["id"]]
        assert vertex["label"] == data["label"] and vertex["type"] == data["type"]
        assert vertex["degree"] == data["degree"]
        assert vertex["betweenness"] == pytest.approx(data["betweenness"]) \
            if "betweenness" in data else True
    pairs = sorted((back.vs[e.source]["id"], back.vs[e.target]["id"], e["relation"])
                   for e in back.es)
    assert pairs == sorted(network.graph.edges(keys=True))


def test_gexf_has_dates_for_the_timeline(network, files):
    back = nx.read_gexf(io.BytesIO(files["isipp-network.gexf"]))
    assert back.nodes["themes:trust"]["start"] == "2015-06-01"
    assert back.nodes["themes:trust"]["label"] == "Trust"
    root = ET.fromstring(files["isipp-network.gexf"])
    graph_el = root.find("{http://www.gexf.net/1.2draft}graph")
    assert graph_el.get("mode") == "dynamic" and graph_el.get("timeformat") == "date"
    meta = root.find("{http://www.gexf.net/1.2draft}meta")
    assert meta.get("lastmodifieddate") == "2016-03-01"  # the newest record, not today
    affiliation = [d for u, v, d in back.edges(data=True)
                   if u == "people:ann-able" and v == "organisations:uni"][0]
    assert (affiliation["start"], affiliation["end"]) == ("2016-01-01", "2016-12-31")
    assert back.number_of_edges() == network.graph.number_of_edges()


def test_json_is_node_link_with_edges_key(network, files):
    data = json.loads(files["isipp-network.json"])
    assert "edges" in data and "links" not in data
    back = nx.node_link_graph(data, edges="edges")
    assert back.is_multigraph() and back.is_directed()
    assert dict(back.nodes(data=True)) == expected_nodes(network)
    assert data["graph"]["licence"] == "CC BY 4.0"


def test_csv_has_every_node_and_edge(network, files):
    nodes = list(csv.DictReader(io.StringIO(files["csv/nodes.csv"].decode())))
    edges = list(csv.DictReader(io.StringIO(files["csv/edges.csv"].decode())))
    expected = expected_nodes(network)
    assert {row["id"] for row in nodes} == set(expected)
    row = next(r for r in nodes if r["id"] == "themes:trust")
    assert row["years"] == SEPARATOR.join(["2015", "2016"]) and row["label"] == "Trust"
    assert len(edges) == network.graph.number_of_edges()
    assert {(r["source"], r["target"], r["relation"]) for r in edges} == \
        set(network.graph.edges(keys=True))
    projection = files["csv/people-projection.csv"].decode().splitlines()
    assert projection[0] == "source,target,weight,weighting,records"
    assert "both people took part" in projection[1]


def test_every_exported_attribute_is_in_the_data_dictionary(files):
    nodes = csv.DictReader(io.StringIO(files["csv/nodes.csv"].decode())).fieldnames
    edges = csv.DictReader(io.StringIO(files["csv/edges.csv"].decode())).fieldnames
    assert set(nodes) <= set(NODE_ATTRIBUTES), set(nodes) - set(NODE_ATTRIBUTES)
    assert set(edges) <= set(EDGE_ATTRIBUTES), set(edges) - set(EDGE_ATTRIBUTES)


def test_every_exported_tie_has_evidence_and_sources(files):
    """GraphML, GEXF and CSV hold them as text (sources ;-separated), JSON as a list."""
    tie = ("organisations:uni", "seminars:first", "hosted")
    graphml = nx.read_graphml(io.BytesIO(files["isipp-network.graphml"]), force_multigraph=True)
    gexf = nx.read_gexf(io.BytesIO(files["isipp-network.gexf"]))
    for back in (graphml, gexf):
        assert all({"evidence", "sources"} <= set(d) for *_, d in back.edges(data=True))
        found = next(d for u, v, d in back.edges(data=True) if (u, v) == tie[:2]
                     and d["relation"] == tie[2])
        assert (found["evidence"], found["sources"]) == ("stated", "blog;record")
    rows = list(csv.DictReader(io.StringIO(files["csv/edges.csv"].decode())))
    assert all(r["evidence"] in ("stated", "inferred", "disputed") for r in rows)
    row = next(r for r in rows if (r["source"], r["target"], r["relation"]) == tie)
    assert (row["evidence"], row["sources"]) == ("stated", "blog;record")
    edges = json.loads(files["isipp-network.json"])["edges"]
    assert all(isinstance(e["sources"], list) and e["evidence"] for e in edges)
    edge = next(e for e in edges if (e["source"], e["target"], e["key"]) == tie)
    assert edge["sources"] == ["blog", "record"]
    inferred = next(e for e in edges if e["key"] == "discusses" and e["target"] == "themes:trust"
                    and e["source"] == "seminars:first")
    assert inferred["evidence"] == "inferred"


def test_withdrawn_and_role_only_people_are_in_no_file(files):
    for name, content in files.items():
        text = content.decode().lower()
        assert "wanda" not in text and "rob-role" not in text and "rob role" not in text, name


def test_last_day():
    assert last_day("2016") == "2016-12-31"
    assert last_day("2016-02") == "2016-02-29"
    assert last_day("2015-06-03") == "2015-06-03"


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_cli_writes_the_same_file_as_the_site(tmp_path, fmt):
    root = make_corpus(tmp_path / "kb")
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(main, ["export", "--format", fmt, "--output", str(out),
                                       "--root", str(root)])
    assert result.exit_code == 0, result.output
    site_files = export_files(plan_network(load_corpus(root)), (fmt,))
    assert out.read_bytes() == site_files[f"isipp-network.{fmt}"]


def test_cli_csv_writes_a_folder(tmp_path):
    root = make_corpus(tmp_path / "kb")
    result = CliRunner().invoke(main, ["export", "--format", "csv", "--output",
                                       str(tmp_path / "csv"), "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "csv" / "nodes.csv").is_file() and (tmp_path / "csv" / "edges.csv").is_file()


def test_cli_errors_are_messages_not_tracebacks(tmp_path):
    root = make_corpus(tmp_path / "kb")
    (tmp_path / "file").write_text("x")
    result = CliRunner().invoke(main, ["export", "--format", "csv", "--output",
                                       str(tmp_path / "file"), "--root", str(root)])
    assert result.exit_code == 1 and "csv needs a folder" in result.output
    assert "Traceback" not in result.output
    result = CliRunner().invoke(main, ["export", "--format", "json", "--output",
                                       str(tmp_path / "x.json"), "--root", str(tmp_path / "no")])
    assert result.exit_code == 2 and "no knowledge base" in result.output
    result = CliRunner().invoke(main, ["export", "--format", "pdf", "--output", "x"])
    assert result.exit_code == 2


def test_cli_help_describes_every_option():
    result = CliRunner().invoke(main, ["export", "--help"])
    for option in ("--format", "--output", "--root"):
        assert option in result.output
