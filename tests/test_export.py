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
from kb.network.export import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, SEPARATOR
from kb.network.gexf import last_day, spells
from kb.pages.network import site_look


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    return plan_network(load_corpus(make_corpus(tmp_path_factory.mktemp("kb"))))


@pytest.fixture(scope="module")
def files(network):
    return export_files(network, look=site_look())  # as the site and `kb export` do


def expected_nodes(network) -> dict[str, dict]:
    from kb.network.export import export_graph
    return dict(export_graph(network.graph, network.analysis, network.positions).nodes(data=True))


def test_the_same_corpus_gives_byte_identical_files(tmp_path, files):
    again = export_files(plan_network(load_corpus(make_corpus(tmp_path))), look=site_look())
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


GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"


def test_gexf_has_spells_that_keep_partial_dates_honest(network, files):
    back = nx.read_gexf(io.BytesIO(files["isipp-network.gexf"]))
    # "trust" is discussed in 2015-06 (first) and 2016 (second): a month, then a whole year
    assert back.nodes["themes:trust"]["spells"] == [("2015-06-01", "2015-06-30"),
                                                    ("2016-01-01", "2016-12-31")]
    assert back.nodes["themes:trust"]["dates"] == "2015-06;2016"
    assert back.nodes["themes:trust"]["label"] == "Trust"
    assert "start" not in back.nodes["themes:trust"]  # no day the records do not give
    root = ET.fromstring(files["isipp-network.gexf"])
    graph_el = root.find(f"{GEXF}graph")
    assert graph_el.get("mode") == "dynamic" and graph_el.get("timeformat") == "date"
    meta = root.find(f"{GEXF}meta")
    # the last day the newest record covers ("second" is dated 2016), not today
    assert meta.get("lastmodifieddate") == "2016-12-31"
    affiliation = [d for u, v, d in back.edges(data=True)
                   if u == "people:ann-able" and v == "organisations:uni"][0]
    assert affiliation["spells"] == [("2016-01-01", "2016-12-31")]
    assert back.number_of_edges() == network.graph.number_of_edges()
    undated = root.find(f"{GEXF}graph/{GEXF}nodes/{GEXF}node[@id='seminars:undated']")
    assert undated.find(f"{GEXF}spells") is None  # shown throughout the timeline


def test_spells_cover_what_the_date_says_and_merge():
    assert spells(["2015"]) == [("2015-01-01", "2015-12-31")]
    assert spells(["2016-02", "2016-02-10", "2016-03"]) == [("2016-02-01", "2016-03-31")]
    assert spells(["2015-06-03", "2015-06-05"]) == [("2015-06-03", "2015-06-03"),
                                                    ("2015-06-05", "2015-06-05")]


def test_gexf_is_drawn_as_the_site_draws_it(network, files):
    """Gephi reads viz:position, viz:color and viz:size: the site's layout, type colours
    and sizes (checked by parsing, as Gephi would)."""
    look = site_look()
    root = ET.fromstring(files["isipp-network.gexf"])
    nodes = root.findall(f"{GEXF}graph/{GEXF}nodes/{GEXF}node")
    assert len(nodes) == network.graph.number_of_nodes()
    for node in nodes:
        kind = network.graph.nodes[node.get("id")]["type"]
        colour = node.find(f"{VIZ}color")
        assert "#{:02X}{:02X}{:02X}".format(*(int(colour.get(c)) for c in "rgb")) == \
            look.colours[kind].upper()
        size = float(node.find(f"{VIZ}size").get("value"))
        assert size == look.size(network.analysis.degree[node.get("id")])
        x, y = network.positions[node.get("id")]
        position = node.find(f"{VIZ}position")
        assert (float(position.get("x")), float(position.get("y"))) == (x, -y)  # y up


def test_ties_have_weights(network, files):
    back = nx.read_gexf(io.BytesIO(files["isipp-network.gexf"]))
    for u, v, data in back.edges(data=True):
        records = [r for r in data["records"].split(SEPARATOR) if r]
        assert data["weight"] == max(1, len(records)), (u, v)
    edges = list(csv.DictReader(io.StringIO(files["csv/edges.csv"].decode())))
    assert all(int(row["weight"]) >= 1 for row in edges)
    assert any(int(row["weight"]) > 1 for row in edges)


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
    """Every format holds them as text, sources ;-separated like records and files."""
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
    assert all(isinstance(e["sources"], str) and e["evidence"] for e in edges)
    edge = next(e for e in edges if (e["source"], e["target"], e["key"]) == tie)
    assert edge["sources"].split(";") == ["blog", "record"]
    inferred = next(e for e in edges if e["key"] == "discusses" and e["target"] == "themes:trust"
                    and e["source"] == "seminars:first")
    assert inferred["evidence"] == "inferred"
    assert inferred["reason"] == "The talks were about trust."


def test_withdrawn_and_role_only_people_are_in_no_file(files):
    import zipfile

    with zipfile.ZipFile(io.BytesIO(files["isipp-network.zip"])) as archive:
        zipped = {f"zip:{i.filename}": archive.read(i) for i in archive.infolist()}
    assert len(zipped) == len(files) - 1  # every file (datapackage.json too) but itself
    for name, content in {**files, **zipped}.items():
        if name == "isipp-network.zip":
            continue
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
    site_files = export_files(plan_network(load_corpus(root)), (fmt,), look=site_look())
    assert out.read_bytes() == site_files[f"isipp-network.{fmt}"]


def test_the_files_are_streamed_to_disk_as_they_are_in_memory(tmp_path, network, files):
    """write_exports (the site, kb pages, kb export) and export_files give the same bytes; the
    package describes the files on disk."""
    from kb.network import write_exports

    written = write_exports(network, tmp_path / "data", look=site_look())
    assert set(written) == set(files)
    assert all(path == tmp_path / "data" / name for name, path in written.items())
    assert {name: path.read_bytes() for name, path in written.items()} == files
    package = json.loads(written["datapackage.json"].read_bytes())
    for resource in package["resources"]:
        assert resource["bytes"] == written[resource["path"]].stat().st_size


def test_the_site_plan_names_the_downloads_on_disk(tmp_path, network):
    from kb.pages import SiteOptions, plan_site

    site = plan_site(load_corpus(make_corpus(tmp_path / "kb")),
                     SiteOptions(downloads=tmp_path / "downloads"))
    data = [a for a in site.assets if a.dest_uri.startswith("data/")]
    assert data and all(a.path is not None and a.content == b"" for a in data)
    assert all(a.path.parent.is_relative_to(tmp_path / "downloads") for a in data)
    page = next(p.markdown for p in site.pages if p.src_uri == "data/index.md")
    size = next(a.path for a in data if a.dest_uri == "data/csv/nodes.csv").stat().st_size
    assert f"{size / 1024:,.0f} KB" in page


def test_cli_leaves_only_its_output(tmp_path):
    root = make_corpus(tmp_path / "kb")
    result = CliRunner().invoke(main, ["export", "--format", "gexf", "--output",
                                       str(tmp_path / "out.gexf"), "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb", "out.gexf"]


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


def test_new_attributes_flow_through_every_format(tmp_path):
    """A later stage may add attributes to ties and nodes (issue 13: evidence, sources): they
    reach every format without a change to the writers, lists of mappings as JSON text."""
    from kb.network.codebook import UNDESCRIBED
    from kb.network.package import PACKAGE

    network = plan_network(load_corpus(make_corpus(tmp_path)))
    for _, _, data in network.graph.edges(data=True):
        data["citations"] = [{"title": "Report", "url": "https://example.org/r"}]
        data["checked"] = True
    network.graph.nodes["themes:trust"]["evidence"] = {"quote": 'Said "so"', "page": 3}
    files = export_files(network, look=site_look())
    citations = '[{"title":"Report","url":"https://example.org/r"}]'
    back = nx.read_graphml(io.BytesIO(files["isipp-network.graphml"]), force_multigraph=True)
    assert {d["citations"] for _, _, d in back.edges(data=True)} == {citations}
    assert all(d["checked"] is True for _, _, d in back.edges(data=True))
    assert back.nodes["themes:trust"]["evidence"] == '{"page":3,"quote":"Said \\"so\\""}'
    gexf = nx.read_gexf(io.BytesIO(files["isipp-network.gexf"]))
    assert {d["citations"] for _, _, d in gexf.edges(data=True)} == {citations}
    data = json.loads(files["isipp-network.json"])
    assert {e["citations"] for e in data["edges"]} == {citations}
    edges = list(csv.DictReader(io.StringIO(files["csv/edges.csv"].decode())))
    assert {row["citations"] for row in edges} == {citations}
    package = json.loads(files[PACKAGE])
    fields = next(r for r in package["resources"] if r["path"] == "csv/edges.csv")["schema"]
    assert {"name": "citations", "type": "string", "description": UNDESCRIBED} in fields["fields"]
