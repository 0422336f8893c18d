"""Streaming GraphML and GEXF writers: each node and edge is written as it is read.

networkx's writers first build the whole document as an ElementTree (an object per node,
edge and value: most of the 1.55 GB the exports peaked at on 10,000 records). These make two
passes over the rows instead: the first collects the attribute keys that the header declares,
the second writes one element at a time. Only the table of keys is kept. The markup is what
networkx writes (same layout, escaping and key numbering), so readers see no difference.

Attributes flow through as they come: any scalar attribute of a node or edge becomes a key,
whatever its name, so new attributes need no change here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, Protocol, TypeVar

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

Attrs = dict[str, object]
R = TypeVar("R")


class Rows(Protocol):
    """The network as the files hold it; each call gives a fresh iterator.

    Rows may also have ``edge_shapes()``: each edge's ``[(name, type)]`` in the order of
    :meth:`edges`, cheaper than the values; the writers' first pass then uses it.
    """

    @property
    def attrs(self) -> Attrs: ...

    def nodes(self) -> Iterator[tuple[str, Attrs]]: ...

    def edges(self) -> Iterator[tuple[str, str, str, Attrs]]: ...


def _edge_shapes(rows: Rows) -> Iterator[list[tuple[str, type]]]:
    shapes = getattr(rows, "edge_shapes", None)
    if shapes is not None:
        yield from shapes()
    else:
        for _, _, _, data in rows.edges():
            yield [(k, type(v)) for k, v in data.items()]


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


def to_bytes(write: Callable[[R, io.TextIOBase], None], rows: R) -> bytes:
    """Run a writer into memory; the buffer is handed over without a copy."""
    buffer = io.BytesIO()
    write_to(write, rows, buffer)
    return buffer.getvalue()


def write_to(write: Callable[[R, io.TextIOBase], None], rows: R, out: BinaryIO) -> None:
    """Run a writer into a binary stream, UTF-8 encoded, line ends as written."""
    stream = io.TextIOWrapper(out, encoding="utf-8", newline="\n", write_through=False)
    try:
        write(rows, stream)
        stream.flush()
    finally:
        stream.detach()


# --- GraphML ----------------------------------------------------------------------------------

def write_graphml(rows: Rows, out: io.TextIOBase) -> None:
    """GraphML 1.0, as ``networkx.write_graphml(prettyprint=True)`` writes it.

    Keys are numbered in the order first seen (graph, then nodes, then edges) and declared
    newest first; a name seen with two types gets two keys, as in networkx.
    """
    keys: dict[tuple[str, str, str], str] = {}

    def typed(name: str, kind: type, scope: str) -> str:
        found = keys.get((name, XML_TYPES[kind], scope))
        if found is None:
            found = keys[(name, XML_TYPES[kind], scope)] = f"d{len(keys)}"
        return found

    def key(name: str, value: object, scope: str) -> str:
        return typed(name, type(value), scope)

    for name, value in rows.attrs.items():
        key(name, value, "graph")
    for _, data in rows.nodes():
        for name, value in data.items():
            key(name, value, "node")
    for shape in _edge_shapes(rows):
        for name, kind in shape:
            typed(name, kind, "edge")
    out.write(_DECLARATION + _GRAPHML_HEAD)
    for (name, xml_type, scope), key_id in reversed(keys.items()):
        out.write("  " + _tag("key", [("id", key_id), ("for", scope), ("attr.name", name),
                                      ("attr.type", xml_type)], " />\n"))
    out.write('  <graph edgedefault="directed">\n')
    for node, data in rows.nodes():
        out.write(_graphml_element("node", [("id", node)], data, "node", key))
    for u, v, relation, data in rows.edges():
        out.write(_graphml_element("edge", [("source", u), ("target", v), ("id", relation)],
                                   data, "edge", key))
    out.write("".join(_graphml_data(key(n, v, "graph"), v, "    ")
                      for n, v in rows.attrs.items()))
    out.write("  </graph>\n</graphml>\n")


def _graphml_element(name: str, attributes: list[tuple[str, str]], data: Attrs, scope: str,
                     key: Callable[[str, object, str], str]) -> str:
    if not data:
        return "    " + _tag(name, attributes, " />\n")
    return ("    " + _tag(name, attributes) + "\n"
            + "".join(_graphml_data(key(n, v, scope), v, "      ") for n, v in data.items())
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


@dataclass
class GexfOptions:
    """What the GEXF header says: who made it and when the data last changed."""

    creator: str
    last_modified: str


def write_gexf(rows: Rows, out: io.TextIOBase, options: GexfOptions) -> None:
    """GEXF 1.2, as networkx's ``GEXFWriter(version="1.2draft", prettyprint=True)`` writes it.

    Attribute ids run from 0 in the order first seen (nodes, then edges); edges are numbered
    in order and carry their relation as ``networkx_key``. The graph is ``dynamic`` with
    ``timeformat="date"`` when any node or edge has a ``start``, ``end`` or ``spells``.
    """
    ids: dict[tuple[str, str], tuple[str, str]] = {}
    dynamic = viz = False
    for _, data in rows.nodes():
        dynamic |= _register(ids, "node", _gexf_values(data, NODE_RESERVED), data)
        viz |= bool(data.get("viz"))
    for shape in _edge_shapes(rows):
        names = [n for n, _ in shape]
        for name, kind in [*shape, ("networkx_key", str)]:
            if name not in EDGE_RESERVED and ("edge", name) not in ids:
                ids[("edge", name)] = (str(len(ids)), XML_TYPES[kind])
        dynamic |= any(n in names for n in ("start", "end", "spells"))
        viz |= "viz" in names
    out.write(_DECLARATION + _tag("gexf", [
        *([("xmlns:viz", VIZ_NS)] if viz else []),
        ("xmlns", GEXF_NS), ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ("xsi:schemaLocation", f"{GEXF_NS} {GEXF_NS}/gexf.xsd"), ("version", "1.2")]) + "\n")
    out.write(f'  <meta lastmodifieddate="{attr(options.last_modified)}">\n'
              f"    <creator>{text(options.creator)}</creator>\n  </meta>\n")
    mode = [("mode", "dynamic")] if dynamic else [("mode", "static")]
    name = str(rows.attrs.get("name", ""))
    out.write("  " + _tag("graph", [("defaultedgetype", "directed"), *mode, ("name", name),
                                    *([("timeformat", "date")] if dynamic else [])]) + "\n")
    for scope in ("edge", "node"):
        out.write(_gexf_declarations(ids, scope))
    out.write("    <nodes>\n")
    for node, data in rows.nodes():
        head = [("id", node), ("label", str(data.get("label", node)))]
        head += [(k, str(data[k])) for k in ("start", "end") if k in data]
        out.write(_gexf_element("node", head, data, _gexf_values(data, NODE_RESERVED), ids))
    out.write("    </nodes>\n    <edges>\n")
    for number, (u, v, relation, data) in enumerate(rows.edges()):
        head = [("source", u), ("target", v), ("id", str(number))]
        head += [(k, str(data[k])) for k in ("label", "weight", "start", "end") if k in data]
        out.write(_gexf_element("edge", head, data,
                                _gexf_values(data, EDGE_RESERVED, relation), ids))
    out.write("    </edges>\n  </graph>\n</gexf>\n")


def _gexf_values(data: Attrs, reserved: tuple[str, ...], relation: str | None = None,
                 ) -> list[tuple[str, object]]:
    values = [(k, v) for k, v in data.items() if k not in reserved]
    return values + [("networkx_key", relation)] if relation is not None else values


def _register(ids: dict[tuple[str, str], tuple[str, str]], scope: str,
              values: list[tuple[str, object]], data: Attrs) -> bool:
    for name, value in values:
        if (scope, name) not in ids:
            ids[(scope, name)] = (str(len(ids)), XML_TYPES[type(value)])
    return "start" in data or "end" in data or bool(data.get("spells"))


def _gexf_declarations(ids: dict[tuple[str, str], tuple[str, str]], scope: str) -> str:
    found = [(name, i, kind) for (s, name), (i, kind) in ids.items() if s == scope]
    if not found:
        return ""
    return (f'    <attributes mode="static" class="{scope}">\n'
            + "".join("      " + _tag("attribute", [("id", i), ("title", name), ("type", kind)],
                                      " />\n") for name, i, kind in found)
            + "    </attributes>\n")


def _gexf_element(name: str, head: list[tuple[str, str]], data: Attrs,
                  values: list[tuple[str, object]],
                  ids: dict[tuple[str, str], tuple[str, str]]) -> str:
    scope = "node" if name == "node" else "edge"
    children = _spells(data.get("spells")) + _viz(data.get("viz"))
    if values:
        children += ("        <attvalues>\n"
                     + "".join(f'          <attvalue for="{ids[(scope, k)][0]}" '
                               f'value="{attr(_gexf_value(v))}" />\n' for k, v in values)
                     + "        </attvalues>\n")
    if not children:
        return "      " + _tag(name, head, " />\n")
    return "      " + _tag(name, head) + "\n" + children + f"      </{name}>\n"


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
