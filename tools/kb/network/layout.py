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
from collections.abc import Callable

import networkx as nx

from .analysis import SEED, tie_pairs
from .aside import Here, Runner

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
    return start_layout(graph, Here())()


#: Rounds of the Fruchterman-Reingold layout.
ROUNDS = 500


def start_layout(graph: nx.Graph, runner: Runner) -> Callable[[], dict[str, tuple[int, int]]]:
    """:func:`compute_layout`, submitted to ``runner`` (:mod:`kb.network.aside`) unless the
    cache has it; returns the function that gives the positions."""
    nodes = sorted(graph)
    pairs = tie_pairs(graph, nodes)  # read once for both the key and the layout
    key = _key(nodes, pairs)
    if key in _CACHE or not nodes:
        found = _cached(key, dict)
        return lambda: found
    coords = runner.submit("layout", len(nodes), [(a, b) for a, b in pairs if a != b], SEED,
                           ROUNDS)
    return lambda: _cached(key, lambda: _scale(nodes, coords()))


def _cached(key: str, make: Callable[[], dict[str, tuple[int, int]]],
            ) -> dict[str, tuple[int, int]]:
    """The layout kept under ``key``, made (and kept, the oldest let go) when missing."""
    if key in _CACHE:
        _CACHE.move_to_end(key)
    else:
        _CACHE[key] = make()
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return _CACHE[key]


def _scale(nodes: list[str], coords: list[tuple[float, float]],
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
