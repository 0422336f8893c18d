"""The analysis page reads true: unknowns said, rules kept, methods stated, tables sortable."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from kb import load_corpus
from kb.network import export_files, plan_network
from kb.pages.analysis import NOT_KNOWN, SORT_SCRIPT
from kb.pages.network import network_pages

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped():
    corpus = load_corpus(ROOT)
    network = plan_network(corpus)
    pages, assets = network_pages(corpus, network)
    return network, {p.src_uri: p.markdown for p in pages}, {a.dest_uri: a.content
                                                             for a in assets}


def section(markdown: str, title: str) -> str:
    return markdown.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def table_rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip("|").split(" | ")]
            for line in text.splitlines() if line.startswith("| ") and "---" not in line][1:]


def test_diversity_is_not_known_rather_than_zero(shipped):
    network, pages, _ = shipped
    rows = table_rows(section(pages["network/analysis.md"], "Sector diversity of seminars "
                                                           "and events"))
    unknown = [r for r in rows if r[2] == "none recorded"]
    assert unknown and all(r[3] == NOT_KNOWN for r in unknown)
    assert all(r[3] != "0.00" for r in rows if r[1] == "0")


def test_nodes_csv_leaves_unknown_diversity_empty(shipped):
    network, _, _ = shipped
    nodes = csv.DictReader(io.StringIO(export_files(network, ("csv",))["csv/nodes.csv"]
                                       .decode()))
    by_id = {row["id"]: row for row in nodes}
    assert by_id["seminars:veterans-seminar"]["sector_diversity"] == ""
    assert by_id["seminars:bradford-families-2015"]["sector_diversity"] == "0.4062"


def test_sectors_without_ties_have_no_ei_index(shipped):
    _, pages, _ = shipped
    ei = table_rows(section(pages["network/analysis.md"], "How sectors mix")
                    .split("### E-I index by sector", 1)[1])
    for _, within, outside, index in ei:
        if within == outside == "0":
            assert index == "no ties"
        else:
            assert re.fullmatch(r"[+-]\d\.\d\d", index)
    assert "+0.00" not in pages["network/analysis.md"]


def test_most_connected_keeps_its_own_rule(shipped):
    """The page says sector and source nodes are left out; the tables must not list one."""
    _, pages, _ = shipped
    page = pages["network/analysis.md"]
    assert ("Sector and source nodes are left out of betweenness, communities and the two "
            "tables") in page
    for title in ("Most connected", "Bridges: highest betweenness"):
        rows = table_rows(section(page, title))
        assert rows and all(r[1] not in ("sector", "source") for r in rows), title


def test_a_caution_on_measures_across_kinds_of_node(shipped):
    _, pages, _ = shipped
    page = pages["network/analysis.md"]
    caution = page.split('!!! warning "Read with care', 1)[1].split("\n\n## ", 1)[0]
    assert "people" in caution and "themes" in caution and "places" in caution
    assert "Compare nodes of the same type" in caution


def test_boundary_spanners_state_their_method_and_ranks(shipped):
    _, pages, _ = shipped
    spanners = section(pages["network/analysis.md"], "Boundary spanners")
    assert "**Method**" in spanners and "weight is the number of activities" in spanners
    rows = table_rows(spanners)
    ranks = [r[0] for r in rows]
    assert ranks[0] in ("1", "=1") and len(set(ranks)) >= 4
    values = [tuple(r[2:]) for r in rows[:16]]
    # issue 15: 15 of 16 shared identical values; rows sharing a rank share their measures
    # (all but their own sector, which the ranking does not read)
    assert len(set(values)) >= 4
    for rank in set(ranks[:16]):
        assert len({v[1:] for r, v in zip(ranks[:16], values, strict=True) if r == rank}) == 1


def test_tables_are_marked_sortable_and_the_script_is_served(shipped):
    _, pages, assets = shipped
    page = pages["network/analysis.md"]
    assert page.count('<div class="kb-sortable" markdown>') >= 8
    assert f'<script src="../../assets/kb/{SORT_SCRIPT}" defer></script>' in page
    script = assets[f"assets/kb/{SORT_SCRIPT}"].decode()
    assert "aria-sort" in script
    for forbidden in (".innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                      "eval(", "http://", "https://"):
        assert forbidden not in script, forbidden
