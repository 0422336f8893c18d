"""The network as every download file holds it, flattened once and shared by every writer.

Each node and edge becomes a compact row: its ids, a *shape* (the names and types of its
attributes, in their order, shared by every row with the same ones: a handful for 175,000
edges) and a tuple of values. The writers build one template per shape and fill it per row,
so no writer flattens, sorts or types an attribute again. Flags set once per row tell the
writers when a value needs escaping (most never do), so the common row is written without a
call per value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

Attrs = dict[str, object]
#: The names of a row's attributes and the type of each value, in the row's order.
Shape = tuple[tuple[str, ...], tuple[type, ...]]

#: Row flags: a value to escape in XML (``&<>"`` or a tab or line end), a text value that a
#: spreadsheet would read as a formula (see ``export._cell``). Values are joined with NUL to
#: test a row at once (a NUL inside a value only costs the slow path).
ESCAPE, FORMULA = 1, 2


class Rows(Protocol):
    """The network as the files hold it; each call gives a fresh iterator."""

    @property
    def attrs(self) -> Attrs: ...

    def nodes(self) -> Iterator[tuple[str, Attrs]]: ...

    def edges(self) -> Iterator[tuple[str, str, str, Attrs]]: ...


#: A node row: id, shape number, values, flags.
NodeRow = tuple[str, int, tuple[object, ...], int]
#: An edge row: source, target, key (the relation), shape number, values, flags.
EdgeRow = tuple[str, str, str, int, tuple[object, ...], int]


@dataclass
class Table:
    """Rows of nodes and edges, in the graph's order, and the shapes they use."""

    attrs: Attrs
    shapes: list[Shape] = field(default_factory=list)
    nodes: list[NodeRow] = field(default_factory=list)
    edges: list[EdgeRow] = field(default_factory=list)
    _numbers: dict[Shape, int] = field(default_factory=dict, repr=False)

    def shape(self, names: tuple[str, ...], values: tuple[object, ...]) -> int:
        """The number of the shape of these names and values (added when new)."""
        key = (names, tuple(map(type, values)))
        number = self._numbers.get(key)
        if number is None:
            number = self._numbers[key] = len(self.shapes)
            self.shapes.append(key)
        return number

    def add_node(self, node: str, data: Attrs) -> None:
        values = tuple(data.values())
        self.nodes.append((node, self.shape(tuple(data), values), values,
                           flags((node, *values))))

    def add_edge(self, u: str, v: str, key: str, data: Attrs) -> None:
        values = tuple(data.values())
        self.edges.append((u, v, key, self.shape(tuple(data), values), values,
                           flags((u, v, key, *values))))

    def node_dicts(self) -> Iterator[tuple[str, Attrs]]:
        """The nodes as (id, attributes), as :class:`Rows` gives them."""
        shapes = self.shapes
        for node, shape, values, _ in self.nodes:
            yield node, dict(zip(shapes[shape][0], values, strict=True))

    def edge_dicts(self) -> Iterator[tuple[str, str, str, Attrs]]:
        shapes = self.shapes
        for u, v, key, shape, values, _ in self.edges:
            yield u, v, key, dict(zip(shapes[shape][0], values, strict=True))

    def used(self, rows: Iterable[tuple[object, ...]], at: int) -> list[int]:
        """The shape numbers ``rows`` use (the number at index ``at``), in order of first use."""
        return list(dict.fromkeys(row[at] for row in rows))  # type: ignore[misc]


def flags(values: tuple[object, ...]) -> int:
    """:data:`ESCAPE` when a text value holds a character XML escapes, :data:`FORMULA` when one
    starts like a spreadsheet formula (or, rarely, holds NUL and such a character)."""
    # a few substring tests run at C speed where a regular expression does not (values
    # hold thousands of record ids): a fifth of the time of flattening otherwise
    # numbers joined too (one C-level call): their text holds no XML special character, and
    # a negative one only sends the row down the slow path of the CSV writer
    joined = "\x00" + "\x00".join(map(str, values))
    found = ESCAPE if ("&" in joined or "<" in joined or ">" in joined or '"' in joined
                       or "\n" in joined or "\r" in joined or "\t" in joined) else 0
    # a one-character test first: ten times as fast as the two-character one it spares
    if (("=" in joined and "\x00=" in joined) or ("+" in joined and "\x00+" in joined)
            or "\x00-" in joined or ("@" in joined and "\x00@" in joined)
            or ("\t" in joined and "\x00\t" in joined) or ("\r" in joined and "\x00\r" in joined)):
        found |= FORMULA
    return found


def as_table(rows: Rows | Table) -> Table:
    """``rows`` as a table (a table as it is)."""
    if isinstance(rows, Table):
        return rows
    table = Table(dict(rows.attrs))
    for node, data in rows.nodes():
        table.add_node(node, data)
    for u, v, key, data in rows.edges():
        table.add_edge(u, v, key, data)
    return table
