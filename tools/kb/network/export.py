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

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from ..kinds import KINDS
from .analysis import ROLES, Analysis
from .graph import RELATIONS, full_date

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
                   "and source nodes.",
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
    "sector_diversity": "Seminars and case studies: Blau index of the sectors of the "
                        "organisations taking part (0 = one sector).",
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
    "evidence": "How firmly the tie is made: `stated` (a source says it), `inferred` (the "
                "knowledge base infers it; the record gives the reason) or `disputed` (the "
                "sources disagree). When several records make the tie, a dispute in any of "
                "them makes it `disputed`, else one source stating it makes it `stated`.",
    "sources": "Ids of the sources that support the tie (pages under `sources/`), "
               "`;`-separated (a list in JSON); empty for the knowledge base's own "
               "classifications (an organisation's sector).",
}


def export_graph(graph: nx.MultiDiGraph, analysis: Analysis,
                 positions: dict[str, tuple[int, int]] | None = None) -> nx.MultiDiGraph:
    """A copy of ``graph`` with the analysis as attributes and lists flattened to text."""
    out = nx.MultiDiGraph(name="Information Sharing in Policy and Practice: network",
                          licence=LICENCE, licence_url=LICENCE_URL)
    for node, data in graph.nodes(data=True):
        out.add_node(node, **(_flat(data) | _measures(node, analysis, positions)))
    for u, v, key, data in graph.edges(keys=True, data=True):
        out.add_edge(u, v, key=key, **_flat({**data, "relation": key}))
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
                  "effective_size": float(lens.effective_size),
                  "participation": float(lens.participation)}
        found |= {f"brokerage_{r}": n for r, n in lens.brokerage.items()}
        if lens.sector:
            found["sector"] = lens.sector
        if lens.constraint is not None:
            found["constraint"] = float(lens.constraint)
    if node in analysis.blau:
        found["sector_diversity"] = float(analysis.blau[node][0])
    return found


def _flat(data: dict[str, object]) -> dict[str, object]:
    return {k: SEPARATOR.join(map(str, v)) if isinstance(v, (list, tuple)) else v
            for k, v in data.items() if v is not None}


def render_exports(graph: nx.MultiDiGraph, formats: tuple[str, ...] = FORMATS) -> dict[str, bytes]:
    """The files of each format, by path relative to the download folder.

    ``graph`` is the output of :func:`export_graph`. CSV gives ``csv/nodes.csv`` and
    ``csv/edges.csv``; the others give ``isipp-network.<format>``.
    """
    files: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "csv":
            files["csv/nodes.csv"], files["csv/edges.csv"] = to_csv(graph)
        else:
            files[f"{STEM}.{fmt}"] = {"graphml": to_graphml, "gexf": to_gexf,
                                      "json": to_json}[fmt](graph)
    return files


def to_graphml(graph: nx.MultiDiGraph) -> bytes:
    """GraphML, readable by networkx, igraph, Gephi, Cytoscape and yEd."""
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def to_gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 with each node and edge starting at its first dated record (Gephi's timeline)."""
    timed = nx.MultiDiGraph(graph)
    for _, data in timed.nodes(data=True):
        if "start" in data:
            data["start"] = full_date(str(data["start"]))
    for _, _, data in timed.edges(data=True):
        if "start" in data:
            data["start"] = full_date(str(data["start"]))
        if "end" in data:
            data["end"] = last_day(str(data["end"]))
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(timed)
    meta = writer.xml.find("meta")
    if meta is not None:  # networkx stamps today's date; use the data's own
        meta.set("lastmodifieddate", _newest(graph))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def last_day(date: str) -> str:
    """The last day a partial date covers: ``2016`` -> ``2016-12-31``, ``2016-02`` -> ``-29``."""
    if len(date) == 4:
        return f"{date}-12-31"
    if len(date) == 7:
        year, month = int(date[:4]), int(date[5:7])
        return f"{date}-{calendar.monthrange(year, month)[1]:02d}"
    return date


def _newest(graph: nx.MultiDiGraph) -> str:
    dates = [full_date(str(d)) for _, d in graph.nodes(data="start") if d]
    return max(dates, default="2014-01-01")


def to_json(graph: nx.MultiDiGraph) -> bytes:
    """networkx node-link JSON with ``edges="edges"`` (read it with ``node_link_graph``)."""
    data = nx.node_link_data(graph, edges="edges")
    for edge in data["edges"]:  # a list here, as the data dictionary says (ids hold no ";")
        edge["sources"] = [s for s in str(edge.get("sources", "")).split(SEPARATOR) if s]
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def to_csv(graph: nx.MultiDiGraph) -> tuple[bytes, bytes]:
    """``nodes.csv`` (id first) and ``edges.csv`` (source, target, relation first)."""
    node_rows = [{"id": n, **d} for n, d in graph.nodes(data=True)]
    edge_rows = [{"source": u, "target": v, **d} for u, v, d in graph.edges(data=True)]
    return (_csv(node_rows, list(NODE_ATTRIBUTES)), _csv(edge_rows, list(EDGE_ATTRIBUTES)))


def _csv(rows: list[dict[str, object]], order: list[str]) -> bytes:
    present = {k for row in rows for k in row}
    columns = [c for c in order if c in present] + sorted(present - set(order))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue().encode()


def _cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is written
    with a leading apostrophe, which spreadsheets show as plain text (OWASP's advice)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
