"""The codebook: every column of the downloads, its type and what it means, in one table.

The data page's data dictionary, the CSV column order and the Table Schemas of
``datapackage.json`` all come from :data:`CODEBOOK`. To add an attribute to the exports, add
a row here (a test fails while an exported attribute has none). A column the table does not
know still flows through every format, typed ``string`` and marked as undescribed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kinds import KINDS
from .analysis import ROLES
from .graph import RELATIONS

#: A partial ISO date as the records give it: a year, a year and month, or a full date.
PARTIAL_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    """One column of one table of the downloads.

    Attributes:
        table: ``nodes``, ``edges`` or ``projection`` (the three ``*-projection.csv``).
        name: The column's (and the attribute's) name.
        type: Its Table Schema type: ``string``, ``integer`` or ``number``.
        description: What it means, in a sentence or two (Markdown).
        pattern: A regular expression every non-empty value matches.
    """

    table: str
    name: str
    type: str
    description: str
    pattern: str | None = None


def _both(name: str, type_: str, nodes: str, edges: str, pattern: str | None = None,
          ) -> tuple[Column, Column]:
    return Column("nodes", name, type_, nodes, pattern), Column("edges", name, type_, edges,
                                                               pattern)


_LIST = f"`{SEPARATOR}`-separated"

CODEBOOK: tuple[Column, ...] = (
    Column("nodes", "id", "string", "The node's id, `kind:id`, e.g. `people:rob-wilson`; "
           "unique and stable."),
    Column("nodes", "type", "string", "What the node is: " + ", ".join(
        f"`{k}` ({v.singular})" for k, v in KINDS.items()) + "."),
    Column("nodes", "label", "string", "The name or title shown on the site."),
    Column("nodes", "url", "string", "The node's page, relative to the site's home page."),
    Column("edges", "source", "string", "The node the tie starts from (see relation for the "
           "direction)."),
    Column("edges", "target", "string", "The node the tie points to."),
    Column("edges", "relation", "string", "What the tie means: " + ", ".join(
        f"`{k}` ({v})" for k, v in RELATIONS.items()) + ". In GraphML and GEXF this is also "
        "the edge key (`networkx_key` in GEXF)."),
    Column("edges", "evidence", "string", "How firmly the tie is made: `stated` (a source says "
           "it), `inferred` (the knowledge base infers it; the record gives the reason) or "
           "`disputed` (the sources disagree). When several records make the tie, a dispute in "
           "any of them makes it `disputed`, else one source stating it makes it `stated`."),
    Column("edges", "sources", "string", "Ids of the sources that support the tie (pages under "
           f"`sources/`), {_LIST}; empty for the knowledge base's own classifications (an "
           "organisation's sector)."),
    Column("edges", "reason", "string", "For an `inferred` or `disputed` tie: why the knowledge "
           "base infers it, or how the sources disagree, in the record's words (several "
           "reasons ` | `-separated); empty for a stated tie."),
    Column("edges", "weight", "integer", "Number of records that assert the tie (1 for a tie "
           "stated only in a registry); Gephi draws heavier ties thicker."),
    *_both("records", "string",
           f"Ids of the seminars, events and case studies that mention it, {_LIST}.",
           f"Ids of the records that assert the tie, {_LIST}."),
    *_both("files", "string", f"Every source file that asserts the node (records and "
           f"registries), {_LIST}.", f"Every source file that asserts the tie, {_LIST}."),
    *_both("years", "string", f"Years of the dated records that mention it, {_LIST}.",
           f"Years of the dated records that assert it, {_LIST}."),
    *_both("dates", "string", f"Dates of the dated records that mention it, as written: a "
           f"year (`2015`), a month (`2015-06`) or a day, {_LIST}. In GEXF each becomes a "
           "spell covering the whole year, month or day.",
           f"Dates of the dated records that assert it, as written, {_LIST}; spells in GEXF."),
    *_both("first_year", "integer", "Year of the first dated record that mentions it; empty "
           "when undated.", "Year of the first dated record that asserts it; empty when "
           "undated."),
    *_both("last_year", "integer", "Year of the last dated record that mentions it; empty "
           "when undated.", "Year of the last dated record that asserts it; empty when "
           "undated."),
    *_both("start", "string", "Date of the first dated record that mentions it, as written "
           "(a year, a month or a day). Absent when undated; not in GEXF, which has spells.",
           "Date of the first dated record that asserts it, as written; not in GEXF.",
           PARTIAL_DATE),
    Column("nodes", "date_evidence", "string", "Seminars and case studies whose date no source "
           "states: `inferred` (the knowledge base works it out; `date_reason` says how) or "
           "`disputed` (the sources disagree). Empty when a source states the date. The years "
           "and dates of other nodes and of ties come from their records' dates, these "
           "included."),
    Column("nodes", "date_reason", "string", "For a date that is `inferred` or `disputed`: why, "
           "in the record's words."),
    Column("edges", "end", "string", "`affiliated_with` only: date of the last dated record "
           "that asserts it, as written; not in GEXF.", PARTIAL_DATE),
    Column("nodes", "sector", "string", "An organisation's sector; for a person, the sector "
           "of the organisation they are most often affiliated with."),
    Column("nodes", "degree", "integer", "Number of distinct nodes it is tied to."),
    Column("nodes", "betweenness", "number", "Normalised betweenness centrality (0-1) in the "
           "network without sector and source nodes; empty for those."),
    Column("nodes", "community", "integer", "Number of its Louvain community (1 is the "
           "largest); empty for sector and source nodes."),
    Column("nodes", "x", "integer", "Horizontal position in the site's network view."),
    Column("nodes", "y", "integer", "Vertical position in the site's network view (downwards; "
           "GEXF's viz:position has it upwards, as Gephi expects)."),
    Column("nodes", "sectors_reached", "string", "People and organisations: the sectors of "
           f"everyone they are tied to in the actor network, with their own, {_LIST}."),
    Column("nodes", "constraint", "number", "People and organisations: Burt's constraint "
           "(0-1; low means ties to people who are not tied to each other); empty without "
           "ties."),
    Column("nodes", "effective_size", "number", "People and organisations: Burt's effective "
           "size (contacts that are not redundant)."),
    Column("nodes", "participation", "number", "People and organisations: participation "
           "coefficient across sectors (0 = all ties in one sector); empty when no contact "
           "has a known sector (unknown, not zero)."),
    *(Column("nodes", f"brokerage_{role}", "integer", f"People and organisations: "
             f"Gould-Fernandez {role} brokerage count.") for role in ROLES),
    Column("nodes", "ties_across_sectors", "integer", "People and organisations with a known "
           "sector: shared activities with people and organisations of other sectors "
           "(summed tie weights in the actor network)."),
    Column("nodes", "ties_within_sector", "integer", "People and organisations with a known "
           "sector: shared activities with people and organisations of their own sector."),
    Column("nodes", "sector_diversity", "number", "Seminars and case studies: Blau index of "
           "the sectors of the organisations taking part (0 = one sector); empty when none of "
           "them has a recorded sector (unknown, not zero)."),
    Column("projection", "source", "string", "One node of the pair (the smaller id)."),
    Column("projection", "target", "string", "The other node of the pair."),
    Column("projection", "weight", "integer", "Number of records the two share."),
    Column("projection", "weighting", "string", "How the weight is counted, in words."),
    Column("projection", "records", "string", f"Ids of the records the two share, {_LIST}."),
)

UNDESCRIBED = "Not yet described in the codebook."


def columns(table: str) -> dict[str, Column]:
    """The codebook's columns of one table, by name, in the order the files give them."""
    return {c.name: c for c in CODEBOOK if c.table == table}


def column(table: str, name: str) -> Column:
    """A column of ``table``; one the codebook does not know is a string, undescribed."""
    return columns(table).get(name) or Column(table, name, "string", UNDESCRIBED)


#: Attribute -> meaning, for the data page's dictionary (and older callers).
NODE_ATTRIBUTES = {name: c.description for name, c in columns("nodes").items()}
EDGE_ATTRIBUTES = {name: c.description for name, c in columns("edges").items()}
