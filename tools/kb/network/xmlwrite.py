"""Streaming GraphML and GEXF writers: each node and edge is written as it is read.

networkx's writers first build the whole document as an ElementTree (an object per node,
edge and value: most of the 1.55 GB the exports peaked at on 10,000 records). These read a
:class:`kb.network.table.Table` instead: the header declares the keys of its few shapes, and
each row fills its shape's template, written in chunks to the stream (a file on disk for the
site and ``kb export``). The markup is what networkx writes (same layout, escaping and key
numbering), so readers see no difference.

Attributes flow through as they come: any scalar attribute of a node or edge becomes a key,
whatever its name, so new attributes need no change here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import BinaryIO, TextIO, TypeVar

from .table import ESCAPE, Rows, Shape, Table, as_table

__all__ = ["GexfOptions", "Rows", "text", "attr", "to_bytes", "write_to", "write_graphml",
           "write_gexf"]

#: XML Schema type names of the scalar types the files hold.
XML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_GRAPHML_HEAD = (
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
GEXF_NS = "http://www.gexf.net/1.2draft"
VIZ_NS = "http://www.gexf.net/1.2draft/viz"
_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
#: Characters gathered before each write: fewer, larger writes, a megabyte held at most.
CHUNK = 1 << 20

R = TypeVar("R")

_TEXT_SPECIAL = re.compile(r"[&<>]")
_ATTR_SPECIAL = re.compile(r'[&<>"\r\n\t]')


def text(value: str) -> str:
    """Character data escaped as ElementTree escapes it."""
    if _TEXT_SPECIAL.search(value) is None:  # most values: nothing to do, one C-level scan
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    """An attribute value escaped as ElementTree escapes it (line ends kept as references)."""
    if _ATTR_SPECIAL.search(value) is None:
        return value
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;")
            .replace("\t", "&#09;"))


def _tag(name: str, attributes: Iterable[tuple[str, str]], close: str = ">") -> str:
    return f"<{name}" + "".join(f' {k}="{attr(v)}"' for k, v in attributes) + close


def to_bytes(write: Callable[[R, TextIO], None], rows: R) -> bytes:
    """Run a writer into memory; the buffer is handed over without a copy."""
    buffer = io.BytesIO()
    write_to(write, rows, buffer)
    return buffer.getvalue()


def write_to(write: Callable[[R, TextIO], None], rows: R, out: BinaryIO) -> None:
    """Run a writer into a binary stream, UTF-8 encoded, line ends as written."""
    stream = io.TextIOWrapper(out, encoding="utf-8", newline="\n", write_through=False)
    try:
        write(rows, stream)
        stream.flush()
    finally:
        stream.detach()


class Chunks:
    """Strings gathered and written together, about :data:`CHUNK` characters at a time."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.parts: list[str] = []
        self.size = 0

    def add(self, part: str) -> None:
        self.parts.append(part)
        self.size += len(part)
        if self.size >= CHUNK:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.parts))
        self.parts.clear()
        self.size = 0


# --- GraphML ----------------------------------------------------------------------------------

def write_graphml(rows: Rows | Table, out: TextIO) -> None:
    """GraphML 1.0, as ``networkx.write_graphml(prettyprint=True)`` writes it.

    Keys are numbered in the order first seen (graph, then nodes, then edges) and declared
    newest first; a name seen with two types gets two keys, as in networkx.
    """
    table = as_table(rows)
    keys: dict[tuple[str, str, str], str] = {}

    def key(name: str, kind: type, scope: str) -> str:
        found = keys.get((name, XML_TYPES[kind], scope))
        if found is None:
            found = keys[(name, XML_TYPES[kind], scope)] = f"d{len(keys)}"
        return found

    for name, value in table.attrs.items():
        key(name, type(value), "graph")
    node_shapes, edge_shapes = table.used(table.nodes, 1), table.used(table.edges, 3)
    for scope, shapes in (("node", node_shapes), ("edge", edge_shapes)):
        for shape in shapes:
            for name, kind in zip(*table.shapes[shape], strict=True):
                key(name, kind, scope)
    out.write(_DECLARATION + _GRAPHML_HEAD)
    for (name, xml_type, scope), key_id in reversed(keys.items()):
        out.write("  " + _tag("key", [("id", key_id), ("for", scope), ("attr.name", name),
                                      ("attr.type", xml_type)], " />\n"))
    out.write('  <graph edgedefault="directed">\n')
    _graphml_rows(table, out, key, node_shapes, edge_shapes)
    out.write("".join(_graphml_data(key(n, type(v), "graph"), v, "    ")
                      for n, v in table.attrs.items()))
    out.write("  </graph>\n</graphml>\n")


def _graphml_rows(table: Table, out: TextIO, key: Callable[[str, type, str], str],
                  node_shapes: list[int], edge_shapes: list[int]) -> None:
    """Every node, then every edge: one template per shape, filled with the row's values
    (a row with a value to escape or an empty one is written value by value)."""
    def template(element: str, ends: tuple[str, ...], shape: int, scope: str) -> str:
        names, kinds = table.shapes[shape]
        head = f"    <{element}" + "".join(f' {end}="%s"' for end in ends)
        if not names:
            return head + " />\n"
        return (head + ">\n" + "".join(f'      <data key="{key(n, k, scope)}">%s</data>\n'
                                       for n, k in zip(names, kinds, strict=True))
                + f"    </{element}>\n")

    nodes = {s: template("node", ("id",), s, "node") for s in node_shapes}
    edges = {s: template("edge", ("source", "target", "id"), s, "edge") for s in edge_shapes}
    chunks = Chunks(out)
    for node, shape, values, flags in table.nodes:
        if flags & ESCAPE or "" in values:
            chunks.add(_graphml_element("node", [("id", node)], values, table.shapes[shape],
                                        "node", key))
        else:
            chunks.add(nodes[shape] % (node, *values))
    for u, v, relation, shape, values, flags in table.edges:
        if flags & ESCAPE or "" in values:
            chunks.add(_graphml_element("edge", [("source", u), ("target", v),
                                                 ("id", relation)], values,
                                        table.shapes[shape], "edge", key))
        else:
            chunks.add(edges[shape] % (u, v, relation, *values))
    chunks.flush()


def _graphml_element(name: str, attributes: list[tuple[str, str]], values: tuple[object, ...],
                     shape: Shape, scope: str, key: Callable[[str, type, str], str]) -> str:
    if not values:
        return "    " + _tag(name, attributes, " />\n")
    return ("    " + _tag(name, attributes) + "\n"
            + "".join(_graphml_data(key(n, k, scope), v, "      ")
                      for n, k, v in zip(*shape, values, strict=True))
            + f"    </{name}>\n")


def _graphml_data(key_id: str, value: object, indent: str) -> str:
    shown = value if type(value) is str else str(value)
    if not shown:
        return f'{indent}<data key="{key_id}" />\n'
    return f'{indent}<data key="{key_id}">{text(shown)}</data>\n'


# --- GEXF ---------------------------------------------------------------------------------------

#: Node and edge attributes that GEXF holds in the element itself or in its own child
#: elements (``spells``: a list of (start, end); ``viz``: networkx's dict of color, size,
#: thickness, shape and position), not as attribute values.
NODE_RESERVED = ("label", "start", "end", "spells", "viz")
EDGE_RESERVED = ("label", "weight", "start", "end", "spells", "viz")
#: A GEXF template is filled from (id or source, target, edge number, spells markup, viz
#: markup, *the row's values, relation): the row's values start here.
_AT = 5


@dataclass
class GexfOptions:
    """What the GEXF header says: who made it and when the data last changed."""

    creator: str
    last_modified: str


def write_gexf(rows: Rows | Table, out: TextIO, options: GexfOptions) -> None:
    """GEXF 1.2, as networkx's ``GEXFWriter(version="1.2draft", prettyprint=True)`` writes it.

    Attribute ids run from 0 in the order first seen (nodes, then edges); edges are numbered
    in order and carry their relation as ``networkx_key``. The graph is ``dynamic`` with
    ``timeformat="date"`` when any node or edge has a ``start``, ``end`` or ``spells``.
    """
    table = as_table(rows)
    ids = _gexf_ids(table)
    dynamic, viz = _gexf_flags(table)
    out.write(_DECLARATION + _tag("gexf", [
        *([("xmlns:viz", VIZ_NS)] if viz else []),
        ("xmlns", GEXF_NS), ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ("xsi:schemaLocation", f"{GEXF_NS} {GEXF_NS}/gexf.xsd"), ("version", "1.2")]) + "\n")
    out.write(f'  <meta lastmodifieddate="{attr(options.last_modified)}">\n'
              f"    <creator>{text(options.creator)}</creator>\n  </meta>\n")
    mode = [("mode", "dynamic")] if dynamic else [("mode", "static")]
    name = str(table.attrs.get("name", ""))
    out.write("  " + _tag("graph", [("defaultedgetype", "directed"), *mode, ("name", name),
                                    *([("timeformat", "date")] if dynamic else [])]) + "\n")
    for scope in ("edge", "node"):
        out.write(_gexf_declarations(ids, scope))
    out.write("    <nodes>\n")
    _gexf_rows(table, out, ids)
    out.write("    </edges>\n  </graph>\n</gexf>\n")


def _gexf_ids(table: Table) -> dict[tuple[str, str], tuple[str, str]]:
    """(scope, name) -> (attribute id, type), numbered in the order first seen."""
    ids: dict[tuple[str, str], tuple[str, str]] = {}
    for scope, at, rows in (("node", 1, table.nodes), ("edge", 3, table.edges)):
        reserved = NODE_RESERVED if scope == "node" else EDGE_RESERVED
        extra = [("networkx_key", str)] if scope == "edge" else []
        for shape in table.used(rows, at):
            for name, kind in [*zip(*table.shapes[shape], strict=True), *extra]:
                if name not in reserved and (scope, name) not in ids:
                    ids[(scope, name)] = (str(len(ids)), XML_TYPES[kind])
    return ids


def _gexf_flags(table: Table) -> tuple[bool, bool]:
    """Whether the graph is dynamic (a node with a start, an end or spells; an edge with any
    of them named) and whether any element has viz markup."""
    dynamic = viz = False
    for _, shape, values, _ in table.nodes:
        names = table.shapes[shape][0]
        dynamic |= "start" in names or "end" in names
        if "spells" in names:
            dynamic |= bool(values[names.index("spells")])
        if "viz" in names:
            viz |= bool(values[names.index("viz")])
    for shape in table.used(table.edges, 3):
        names = table.shapes[shape][0]
        dynamic |= any(n in names for n in ("start", "end", "spells"))
        viz |= "viz" in names
    return dynamic, viz


@dataclass
class _Plan:
    """How rows of one shape are written: the template, the head's attributes (by index in
    the tuple it is filled from), what fills it, and which values GEXF writes its own way."""

    template: str
    head: list[tuple[str, int]]
    pick: Callable[[tuple[object, ...]], tuple[object, ...]]
    typed: frozenset[int]
    has_values: bool
    spells: int
    viz: int


def _gexf_plan(table: Table, shape: int, scope: str,
               ids: dict[tuple[str, str], tuple[str, str]]) -> _Plan:
    names, kinds = table.shapes[shape]
    at = {n: _AT + i for i, n in enumerate(names)}
    reserved: tuple[str, ...]
    if scope == "node":
        reserved, head = NODE_RESERVED, [("id", 0), ("label", at.get("label", 0))]
        head += [(k, at[k]) for k in ("start", "end") if k in at]
    else:
        reserved, head = EDGE_RESERVED, [("source", 0), ("target", 1), ("id", 2)]
        head += [(k, at[k]) for k in ("label", "weight", "start", "end") if k in at]
    values = [(n, at[n]) for n in names if n not in reserved]
    if scope == "edge":
        values.append(("networkx_key", _AT + len(names)))
    picks = [i for _, i in head]
    template = f"      <{scope}" + "".join(f' {k}="%s"' for k, _ in head) + ">\n"
    for child, index in (("spells", 3), ("viz", 4)):
        if child in at:
            template += "%s"
            picks.append(index)
    if values:
        template += "        <attvalues>\n" + "".join(
            f'          <attvalue for="{ids[(scope, n)][0]}" value="%s" />\n' for n, _ in values
        ) + "        </attvalues>\n"
        picks += [i for _, i in values]
    typed = frozenset(i for i, (n, k) in enumerate(zip(names, kinds, strict=True))
                      if k in (float, bool) and n not in reserved)
    return _Plan(template + f"      </{scope}>\n", head, itemgetter(*picks), typed,
                 bool(values), at.get("spells", 0) - _AT, at.get("viz", 0) - _AT)


def _gexf_rows(table: Table, out: TextIO, ids: dict[tuple[str, str], tuple[str, str]]) -> None:
    plans: dict[tuple[str, int], _Plan] = {}
    spelled: dict[int, str] = {}  # rows share their spells (their records' dates): made once

    def fill(scope: str, shape: int, ends: tuple[object, ...], values: tuple[object, ...],
             flags: int) -> str:
        plan = plans.get((scope, shape))
        if plan is None:
            plan = plans[(scope, shape)] = _gexf_plan(table, shape, scope, ids)
        spells = viz = ""
        if plan.spells >= 0:
            found = values[plan.spells]
            spells = spelled.get(id(found)) or spelled.setdefault(id(found), _spells(found))
        if plan.viz >= 0:
            viz = _viz(values[plan.viz])
        if not plan.has_values and not spells and not viz:
            row = (*ends[:3], "", "", *values, *ends[3:])
            return "      " + _tag(scope, [(k, str(row[i])) for k, i in plan.head], " />\n")
        if plan.typed:
            values = tuple(_gexf_value(v) if i in plan.typed else v
                           for i, v in enumerate(values))
        if flags & ESCAPE:
            ends = tuple(attr(v) if type(v) is str else v for v in ends)
            values = tuple(attr(v) if type(v) is str else v for v in values)
        return plan.template % plan.pick((*ends[:3], spells, viz, *values, *ends[3:]))

    chunks = Chunks(out)
    for node, shape, values, flags in table.nodes:
        chunks.add(fill("node", shape, (node, "", ""), values, flags))
    chunks.add("    </nodes>\n    <edges>\n")
    for number, (u, v, relation, shape, values, flags) in enumerate(table.edges):
        chunks.add(fill("edge", shape, (u, v, str(number), relation), values, flags))
    chunks.flush()


def _gexf_declarations(ids: dict[tuple[str, str], tuple[str, str]], scope: str) -> str:
    found = [(name, i, kind) for (s, name), (i, kind) in ids.items() if s == scope]
    if not found:
        return ""
    return (f'    <attributes mode="static" class="{scope}">\n'
            + "".join("      " + _tag("attribute", [("id", i), ("title", name), ("type", kind)],
                                      " />\n") for name, i, kind in found)
            + "    </attributes>\n")


def _spells(spells: object) -> str:
    if not spells or not isinstance(spells, list):
        return ""
    return ("        <spells>\n"
            + "".join("          " + _tag("spell", [(k, str(v)) for k, v in
                                                    (("start", start), ("end", end))
                                                    if v is not None], " />\n")
                      for start, end in spells)
            + "        </spells>\n")


def _viz(viz: object) -> str:
    """networkx's ``viz`` dict as viz: elements, in networkx's order."""
    if not viz or not isinstance(viz, dict):
        return ""
    parts = []
    if viz.get("color") is not None:
        c = viz["color"]
        parts.append(("color", [(k, str(c.get(k, 1.0 if k == "a" else None))) for k in "rgba"]))
    for key in ("size", "thickness"):
        if viz.get(key) is not None:
            parts.append((key, [("value", str(viz[key]))]))
    if viz.get("shape") is not None:
        parts.append(("shape", [("value", str(viz["shape"]))]))
    if viz.get("position") is not None:
        p = viz["position"]
        parts.append(("position", [(k, str(p.get(k))) for k in "xyz"]))
    return "".join(f"        {_tag('viz:' + tag, values, ' />')}\n" for tag, values in parts)


def _gexf_value(value: object) -> str:
    if type(value) is str:
        return value
    if isinstance(value, bool):
        return str(value).lower()
    shown = str(value)
    if isinstance(value, float):
        return {"inf": "INF", "-inf": "-INF", "nan": "NaN"}.get(shown, shown)
    return shown
