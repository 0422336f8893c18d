"""One sentence in plain words on where a person or organisation sits between sectors: the
first thing the "In the network" section of their page says, before the measures a researcher
reads (those follow behind a disclosure).

The sentence is read from the records themselves (which organisations, of which sectors,
appear in the same seminars and case studies), not from the network's measures, so it says
only what a reader can check on the page: "Links local government with academia: appears in
1 event with organisations from both."
"""

from __future__ import annotations

from ..html_safety import esc
from ..kinds import KINDS
from .common import Context
from .lists import affiliations, and_list


def plain_summary(ctx: Context, kind: str, item_id: str) -> str:
    """The sentence for a person or organisation (Markdown), or "" for other kinds."""
    if kind not in ("people", "organisations"):
        return ""
    records = ctx.links.naming.get((kind, item_id), [])
    if not records:
        return "Not named in any seminar, event or case study yet."
    own = _own_sectors(ctx, kind, item_id)
    met: dict[str, list[str]] = {}  # other sector -> the records where it appears
    for record in records:
        for sector in _sectors_in(ctx, record) - own:
            met.setdefault(sector, []).append(record)
    where = _count_records(ctx, {r for rs in met.values() for r in rs})
    others = _names(ctx, sorted(met, key=lambda s: _name(ctx, s).casefold()))
    if not own:
        return (f"Appears in {where} with organisations from {and_list(others)}; its own sector is "
                "not recorded." if met else
                f"Appears in {_count_records(ctx, set(records))}; no sector is recorded for it "
                "or for the organisations there.")
    mine = and_list(_names(ctx, sorted(own, key=lambda s: _name(ctx, s).casefold())))
    if not met:
        return (f"Stays within {mine}: no other sector is recorded in the "
                f"{_count_records(ctx, set(records))} it appears in.")
    total = len(own) + len(met)
    every = "both" if total == 2 else f"all {_WORDS.get(total, str(total))}"
    return (f"Links {mine} with {and_list(others)}: appears in {where} with organisations "
            f"from {every}.")


_WORDS = {3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}


def _own_sectors(ctx: Context, kind: str, item_id: str) -> set[str]:
    orgs = [item_id] if kind == "organisations" else list(affiliations(ctx, item_id))
    return {s for org in orgs for s in _sector_of(ctx, org)}


def _sectors_in(ctx: Context, record: str) -> set[str]:
    return {s for k, s in ctx.links.features.get(record, ()) if k == "sectors"}


def _sector_of(ctx: Context, org: str) -> list[str]:
    entity = ctx.corpus.entity("organisations", org)
    return entity.references.get("sector", []) if entity else []


def _name(ctx: Context, sector: str) -> str:
    entity = ctx.corpus.entity("sectors", sector)
    return entity.name if entity else sector


def _names(ctx: Context, sectors: list[str]) -> list[str]:
    """Sector names as running text: "Local government" -> "local government" (a name such
    as "NHS trusts", whose second letter is a capital, keeps its case)."""
    out = []
    for sector in sectors:
        name = _name(ctx, sector)
        lower = name[:1].lower() + name[1:] if name[1:2].islower() else name
        out.append(esc(lower))
    return out


def _count_records(ctx: Context, records: set[str]) -> str:
    """ "1 event", "2 events and 1 case study" """
    events = sum(ctx.corpus.records[r].collection == "seminars" for r in records)
    studies = len(records) - events
    parts = [f"{events} {'event' if events == 1 else 'events'}" if events else "",
             f"{studies} {KINDS['case_studies'].singular if studies == 1 else 'case studies'}"
             if studies else ""]
    return " and ".join(p for p in parts if p)


__all__ = ["plain_summary"]
