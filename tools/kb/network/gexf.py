"""The GEXF download: the network as Gephi opens it, drawn as the site draws it, with time.

- ``viz:position``, ``viz:color`` and ``viz:size`` carry the site's layout, the colour of
  each type of node and its size, so Gephi (and Gephi Lite) show the network as the site
  does without running a layout. Positions have y upwards, as Gephi expects.
- Time is a spell per dated record, covering what the record's date says: ``2015`` is the
  whole of 2015 and ``2015-06`` the whole of June, never 1 January or 1 June alone.
  Overlapping and touching spells are merged. Undated nodes and ties have no spells, so
  Gephi's timeline shows them throughout.
- Ties carry ``weight``, the number of records that assert them.
"""

from __future__ import annotations

import calendar
import datetime
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import itemgetter

from .export import ExportRows
from .graph import full_date
from .table import Table
from .xmlwrite import GexfOptions, to_bytes, write_gexf

#: Attributes that GEXF states as spells instead.
_TIMING = ("start", "end")


@dataclass(frozen=True)
class Look:
    """How the site draws a node: the pages stage gives it (the network stage draws nothing).

    Attributes:
        colours: Node type -> colour, ``#RRGGBB``.
        size: Number of ties -> marker size.
    """

    colours: Mapping[str, str]
    size: Callable[[int], float]


def gexf_options(rows: ExportRows, creator: str = "") -> GexfOptions:
    """The header: who made the file, and the newest record's last day (never today)."""
    return GexfOptions(creator=creator or "Information Sharing in Policy and Practice "
                       "knowledge base", last_modified=newest(rows))


def to_gexf(rows: ExportRows, look: Look | None = None, creator: str = "",
            table: Table | None = None) -> bytes:
    """GEXF 1.2 with positions (and, given ``look``, colours and sizes) and spells, in memory
    (the downloads are written to disk by :func:`kb.network.write_exports`)."""
    options = gexf_options(rows, creator)
    drawn = gexf_table(table or rows.table(), look)
    return to_bytes(lambda t, out: write_gexf(t, out, options), drawn)


def gexf_table(table: Table, look: Look | None = None) -> Table:
    """The rows as GEXF holds them, in networkx's conventions: time as ``spells`` (instead of
    ``start`` and ``end``) and, for nodes, a ``viz`` entry (see the module's notes)."""
    drawn = Table(table.attrs)
    plans: dict[int, tuple[Callable[[tuple[object, ...]], tuple[object, ...]],
                           tuple[str, ...], int]] = {}

    def reshape(shape: int, values: tuple[object, ...], node: bool
                ) -> tuple[tuple[str, ...], tuple[object, ...]]:
        plan = plans.get(shape)
        if plan is None:
            names = table.shapes[shape][0]
            kept = [i for i, n in enumerate(names) if n not in _TIMING]
            pick = itemgetter(*kept) if len(kept) > 1 else lambda v: tuple(v[i] for i in kept)
            plan = plans[shape] = (pick, tuple(names[i] for i in kept),
                                   names.index("dates") if "dates" in names else -1)
        pick, names, dates = plan
        found = pick(values)
        if dates >= 0 and values[dates]:
            names, found = (*names, "spells"), (*found, _spells_of(str(values[dates])))
        if node:
            viz = _viz(dict(zip(table.shapes[shape][0], values, strict=True)), look)
            if viz:
                names, found = (*names, "viz"), (*found, viz)
        return names, found

    for node, shape, values, flags in table.nodes:
        names, found = reshape(shape, values, True)
        drawn.nodes.append((node, drawn.shape(names, found), found, flags))
    numbers: dict[tuple[int, int], int] = {}  # an edge's new shape follows from its old one
    for u, v, key, shape, values, flags in table.edges:
        names, found = reshape(shape, values, False)
        number = numbers.get((shape, len(names)))
        if number is None:
            number = numbers[(shape, len(names))] = drawn.shape(names, found)
        drawn.edges.append((u, v, key, number, found, flags))
    return drawn


def _viz(data: dict[str, object], look: Look | None) -> dict[str, object]:
    viz: dict[str, object] = {}
    colour = look.colours.get(str(data.get("type"))) if look else None
    if colour:
        viz["color"] = {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16),
                        "b": int(colour[5:7], 16), "a": 1.0}
    if look and isinstance(data.get("degree"), int):
        viz["size"] = look.size(int(str(data["degree"])))
    if "x" in data and "y" in data:
        viz["position"] = {"x": data["x"], "y": -int(str(data["y"])), "z": 0}
    return viz


def spells(dates: list[str]) -> list[tuple[str, str]]:
    """The days each partial date covers, merged: ``["2015", "2015-06", "2016-02"]`` ->
    ``[("2015-01-01", "2015-12-31"), ("2016-02-01", "2016-02-29")]``."""
    merged: list[tuple[str, str]] = []
    for start, end in sorted((full_date(d), last_day(d)) for d in dates if d):
        if merged and _day_after(merged[-1][1]) >= start:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@functools.lru_cache(maxsize=1 << 16)
def _spells_of(dates: str) -> list[tuple[str, str]]:
    """:func:`spells` of ``;``-separated dates; many ties share their records' dates."""
    return spells(dates.split(";"))


def _day_after(day: str) -> str:
    return (datetime.date.fromisoformat(day) + datetime.timedelta(days=1)).isoformat()


def last_day(date: str) -> str:
    """The last day a partial date covers: ``2016`` -> ``2016-12-31``, ``2016-02`` -> ``-29``."""
    if len(date) == 4:
        return f"{date}-12-31"
    if len(date) == 7:
        year, month = int(date[:4]), int(date[5:7])
        return f"{date}-{calendar.monthrange(year, month)[1]:02d}"
    return date


def newest(rows: ExportRows) -> str:
    """The last day covered by the newest record: GEXF's "last modified" date, never today's."""
    dates = [last_day(str(d)) for _, d in rows.graph.nodes(data="start") if d]
    return max(dates, default="2014-01-01")
