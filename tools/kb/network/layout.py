"""Node positions, computed once at build time so the view draws at once, the same every time.

igraph's compiled Fruchterman-Reingold layout runs from a fixed seed (about a second at 16,000
nodes, where networkx's spring layout takes minutes). Results are cached by the graph's
content, so rebuilds of an unchanged network (``mkdocs serve`` after an edit elsewhere) reuse
them.
"""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict

import igraph as ig
import networkx as nx

from .analysis import SEED, seeded, tie_pairs

#: Layout units per node along each axis (vis-network draws one unit as one pixel at 100%).
SPACING = 40
#: Layouts kept (most recently used first out last): one per graph a `mkdocs serve` session
#: has drawn lately, so that a rebuild with unchanged ties reuses its layout, without the
#: cache growing with every edit.
CACHE_SIZE = 4
_CACHE: OrderedDict[str, dict[str, tuple[int, int]]] = OrderedDict()


def layout_key(graph: nx.Graph) -> str:
    """A hash of the graph's nodes and ties (not their attributes): the layout cache key."""
    nodes = sorted(graph)
    return _key(nodes, tie_pairs(graph, nodes))


def _key(nodes: list[str], pairs: list[tuple[int, int]]) -> str:
    digest = hashlib.sha256(f"fr-v1-{SEED}".encode())
    digest.update(b"".join(node.encode() + b"\0" for node in nodes))
    digest.update("".join(f"{nodes[a]}\t{nodes[b]}\n" for a, b in pairs).encode())
    return digest.hexdigest()


def compute_layout(graph: nx.Graph) -> dict[str, tuple[int, int]]:
    """Integer positions for every node, centred on (0, 0), from a fixed seed; direction and
    parallel edges are ignored."""
    nodes = sorted(graph)
    pairs = tie_pairs(graph, nodes)  # read once for both the key and the layout
    key = _key(nodes, pairs)
    if key in _CACHE:
        _CACHE.move_to_end(key)
    else:
        _CACHE[key] = _layout(nodes, [(a, b) for a, b in pairs if a != b])
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return _CACHE[key]


def _layout(nodes: list[str], pairs: list[tuple[int, int]]) -> dict[str, tuple[int, int]]:
    if not nodes:
        return {}
    copy = ig.Graph(n=len(nodes), edges=pairs, directed=False)
    with seeded():
        coords = copy.layout_fruchterman_reingold(niter=500).coords if copy.ecount() else \
            [(math.cos(i), math.sin(i)) for i in range(len(nodes))]
    return _scale(nodes, coords)


def _scale(nodes: list[str], coords: list[list[float]] | list[tuple[float, float]],
           ) -> dict[str, tuple[int, int]]:
    """Fit positions into a square whose side grows with the square root of the node count."""
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    extent = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    side = SPACING * math.sqrt(len(nodes)) * 2
    factor = side / extent
    return {n: (round((x - cx) * factor), round((y - cy) * factor))
            for n, (x, y) in zip(nodes, ((c[0], c[1]) for c in coords), strict=True)}


def radial_layout(centre: str, rings: list[list[str]], radius: int = 120,
                  ) -> dict[str, tuple[int, int]]:
    """Ego network positions: ``centre`` at the origin, each ring of nodes on a circle.

    Cheap and deterministic, so every entity page can have its own without a layout run.
    """
    positions = {centre: (0, 0)}
    for depth, ring in enumerate(rings, start=1):
        r = radius * depth
        for i, node in enumerate(ring):
            angle = 2 * math.pi * i / max(1, len(ring)) - math.pi / 2
            positions[node] = (round(r * math.cos(angle)), round(r * math.sin(angle)))
    return positions
