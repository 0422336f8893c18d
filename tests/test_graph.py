"""The typed network: nodes, edges, provenance, consent and projections, on a tiny corpus."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
import yaml

from kb import load_corpus
from kb.kinds import KINDS
from kb.network.graph import (
    RELATIONS,
    WEIGHTINGS,
    actor_network,
    build_graph,
    participants,
    project,
)

REGISTRIES = {
    "sectors": [{"id": s, "name": s.title(), "description": "A sector."}
                for s in ("academia", "health", "police")],
    "themes": [{"id": t, "name": t.title(), "description": "A theme."}
               for t in ("consent", "trust", "data")],
    "barriers": [{"id": "culture", "name": "Culture", "description": "A barrier."}],
    "places": [{"id": "leeds", "name": "Leeds", "within": "England"},
               {"id": "england", "name": "England"}],
    "projects": [{"id": "series", "name": "The series", "kind": "seminar-series",
                  "organisations": ["Uni"], "people": ["Ann Able"], "funders": ["Uni"],
                  "lead": "Uni", "partners": ["Health Trust"],
                  "principal_investigators": ["Ann Able"], "investigators": ["Bob Baker"],
                  "sources": ["record"]}],
    "sources": [
        {"id": "record", "title": "The grant record", "kind": "grant-record",
         "publisher": "Uni", "authors": ["Ann Able"], "date": "unknown",
         "authority": "The funder's record, written by the grant holders."},
        {"id": "blog", "title": "A blog post", "kind": "blog-post", "publisher": "unknown",
         "date": "2016-11-30", "authority": "The organiser's own account."},
    ],
    "outputs": [{"id": "chapter", "title": "A chapter", "kind": "book-chapter",
                 "authors": ["Bob Baker"], "produced_by": "series", "sources": ["record"]}],
    "findings": [{"id": "finding-1", "of": "series", "number": 1, "text": "Trust matters.",
                  "sources": ["record"]}],
    "impacts": [{"id": "impact-1", "of": "series", "types": ["Societal"],
                 "first_year": 2014, "sources": ["record"]}],
    "collaborations": [{"id": "joint", "partners": [{"organisation": "Uni",
                                                     "contribution": "A seminar."}],
                        "about": "first", "start": 2015, "sources": ["record"]}],
    "quotes": [{"id": "quote-1", "text": "A great success.", "by": "Bob Baker",
                "at": "first", "sources": ["blog"]}],
    "organisations": [
        {"id": "uni", "name": "Uni", "sector": "academia", "place": "Leeds"},
        {"id": "uni-school", "name": "Uni School", "sector": "academia", "parent": "Uni"},
        {"id": "trust", "name": "Health Trust", "sector": "health"},
        {"id": "force", "name": "Police Force", "sector": "police"},
    ],
    "people": [
        {"id": "ann-able", "name": "Ann Able", "organisation": "Uni", "consent": "named"},
        {"id": "bob-baker", "name": "Bob Baker", "organisation": "Health Trust",
         "consent": "named"},
        {"id": "cat-cole", "name": "Cat Cole", "organisation": "Police Force",
         "consent": "named"},
        {"id": "rob-role", "name": "Rob Role", "consent": "role-only", "role": "Officer"},
        {"id": "wanda-gone", "name": "Wanda Gone", "consent": "withdrawn"},
    ],
}
SEMINARS = {
    "first": {"title": "First <b>seminar</b>", "date": "2015-06", "place": "Leeds",
              "series": "series", "hosts": ["Uni"], "workshop_leads": ["Uni"],
              "themes": ["consent", {"id": "trust", "evidence": "inferred",
                                     "reason": "The talks were about trust."}],
              "sources": ["blog", {"source": "record", "locator": "Description"}],
              "barriers": ["culture"],
              "organisers": [{"name": "Ann Able", "organisation": "Uni School"}],
              "speakers": ["Bob Baker", {"name": "Rob Role", "organisation": "Police Force"},
                           "Wanda Gone"]},
    "second": {"title": "Second", "date": "2016", "themes": ["trust", "data"],
               "overcome": ["culture"],
               "speakers": [{"name": "Ann Able", "organisation": "Uni"}, "Cat Cole"]},
    "undated": {"title": "Undated", "date": "unknown", "speakers": ["Cat Cole"]},
}
CASE_STUDIES = {
    "leeds-hub": {"kind": "case-study", "title": "Leeds hub", "date": "2016-03",
                  "organisations": ["Health Trust", "Police Force"], "places": ["Leeds"],
                  "themes": ["data"], "presented_at": ["second"], "listed_in": ["first"],
                  "contributors": ["Bob Baker"]},
}


def make_corpus(root: Path, registries: dict | None = None, seminars: dict | None = None,
                case_studies: dict | None = None) -> Path:
    """Write a small knowledge base under ``root`` (defaults: the corpus above)."""
    (root / "registries").mkdir(parents=True)
    for kind, items in (registries or REGISTRIES).items():
        (root / "registries" / f"{kind}.yml").write_text(yaml.safe_dump(items, sort_keys=False))
    for folder, records in (("seminars", seminars or SEMINARS),
                            ("case_studies", case_studies or CASE_STUDIES)):
        (root / folder).mkdir()
        for record_id, meta in records.items():
            text = "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\nText.\n"
            (root / folder / f"{record_id}.md").write_text(text)
    return root


@pytest.fixture
def corpus(tmp_path):
    loaded = load_corpus(make_corpus(tmp_path))
    assert not loaded.errors, [d.format() for d in loaded.errors]
    return loaded


@pytest.fixture
def graph(corpus):
    return build_graph(corpus)


def test_every_node_type_and_relation_appears(graph):
    assert {t for _, t in graph.nodes(data="type")} == set(KINDS)
    assert {k for *_, k in graph.edges(keys=True)} == set(RELATIONS)


def test_nodes_and_edges_lead_back_to_their_files(graph):
    first = graph.nodes["seminars:first"]
    assert first["records"] == ["first", "leeds-hub"]   # the case study lists it
    assert first["files"] == ["case_studies/leeds-hub.md", "registries/collaborations.yml",
                              "registries/quotes.yml", "seminars/first.md"]
    assert first["label"] == "First <b>seminar</b>" and first["url"] == "seminars/first/"
    spoke = graph.edges["people:bob-baker", "seminars:first", "spoke_at"]
    assert spoke["records"] == ["first"] and spoke["relation"] == "spoke at"
    sector = graph.edges["organisations:uni", "sectors:academia", "in_sector"]
    assert sector["files"] == ["registries/organisations.yml"] and sector["records"] == []
    presented = graph.edges["case_studies:leeds-hub", "seminars:second", "presented_at"]
    assert presented["files"] == ["case_studies/leeds-hub.md"]
    for node, data in graph.nodes(data=True):
        assert data["files"], node
    for *edge, data in graph.edges(keys=True, data=True):
        assert data["files"], edge


def test_every_tie_carries_its_evidence_and_sources(graph):
    for *edge, data in graph.edges(keys=True, data=True):
        assert data["evidence"] in ("stated", "inferred", "disputed"), edge
        assert isinstance(data["sources"], list), edge
    hosted = graph.edges["organisations:uni", "seminars:first", "hosted"]
    assert (hosted["evidence"], hosted["sources"]) == ("stated", ["blog", "record"])
    trust = graph.edges["seminars:first", "themes:trust", "discusses"]
    assert (trust["evidence"], trust["sources"]) == ("inferred", ["blog", "record"])
    assert trust["reason"] == "The talks were about trust."  # shown beside the tie
    assert "reason" not in hosted  # a stated tie needs none
    sector = graph.edges["organisations:uni", "sectors:academia", "in_sector"]
    assert (sector["evidence"], sector["sources"]) == ("inferred", [])   # a classification
    said = graph.edges["people:bob-baker", "quotes:quote-1", "said"]
    assert said["sources"] == ["blog"]
    funded = graph.edges["organisations:uni", "projects:series", "funded"]
    assert funded["sources"] == ["record"]


def test_sources_are_nodes_that_support_what_cites_them(graph):
    assert graph.nodes["sources:record"]["type"] == "sources"
    supported = {v for _, v, k in graph.out_edges("sources:record", keys=True)
                 if k == "supports"}
    assert supported == {"seminars:first", "projects:series", "outputs:chapter",
                         "findings:finding-1", "impacts:impact-1", "collaborations:joint"}
    assert graph.has_edge("organisations:uni", "sources:record", "published")
    assert graph.has_edge("people:ann-able", "sources:record", "authored")
    assert not any(v.startswith("sources:") and u == v for u, v in graph.edges())


def test_the_provenance_kinds_are_tied_to_what_they_are_about(graph):
    assert graph.has_edge("projects:series", "outputs:chapter", "produced")
    assert graph.has_edge("findings:finding-1", "projects:series", "finding_of")
    assert graph.has_edge("impacts:impact-1", "projects:series", "impact_of")
    assert graph.has_edge("organisations:uni", "collaborations:joint", "partner_in")
    assert graph.has_edge("collaborations:joint", "seminars:first", "about")
    assert graph.has_edge("quotes:quote-1", "seminars:first", "said_at")
    assert graph.has_edge("case_studies:leeds-hub", "seminars:first", "listed_in")
    assert not graph.has_edge("case_studies:leeds-hub", "seminars:first", "presented_at")
    assert graph.has_edge("organisations:uni", "seminars:first", "led_workshop_at")


def test_a_dispute_anywhere_makes_the_tie_disputed(tmp_path):
    seminars = {**SEMINARS, "second": {**SEMINARS["second"], "sources": ["blog"], "themes": [
        {"id": "trust", "evidence": "disputed", "reason": "The sources disagree."}, "data"]}}
    graph = build_graph(load_corpus(make_corpus(tmp_path, seminars=seminars)))
    assert graph.edges["seminars:second", "themes:trust", "discusses"]["evidence"] == "disputed"
    assert graph.edges["seminars:second", "themes:data", "discusses"]["evidence"] == "stated"


def test_role_only_people_are_carried_by_their_organisation(graph):
    assert "people:rob-role" not in graph
    assert graph.has_edge("organisations:force", "seminars:first", "spoke_at")


def test_withdrawn_people_are_absent(graph):
    assert "people:wanda-gone" not in graph
    assert not any("wanda" in str(v).lower() for _, d in graph.nodes(data=True) for v in d.values())


def test_affiliations_are_dated_by_their_records(graph):
    ann = graph.edges["people:ann-able", "organisations:uni", "affiliated_with"]
    assert ann["records"] == ["second"] and ann["start"] == "2016" and ann["end"] == "2016"
    assert "registries/people.yml" in ann["files"]
    school = graph.edges["people:ann-able", "organisations:uni-school", "affiliated_with"]
    assert school["start"] == school["end"] == "2015-06"


def test_nodes_start_at_their_first_dated_record(graph):
    assert graph.nodes["themes:trust"]["start"] == "2015-06"
    assert graph.nodes["themes:trust"]["years"] == [2015, 2016]
    assert "start" not in graph.nodes["seminars:undated"]
    assert graph.nodes["organisations:uni"]["sector"] == "academia"


def test_participants_include_affiliations_and_hosts(graph):
    people, orgs = participants(graph)["seminars:first"]
    assert people == {"people:ann-able", "people:bob-baker"}
    assert orgs == {"organisations:uni", "organisations:uni-school", "organisations:trust",
                    "organisations:force"}


def test_projections_are_weighted_and_name_their_weighting(graph):
    people = project(graph, "people")
    assert people.graph["weighting"] == WEIGHTINGS["people"]
    assert people["people:ann-able"]["people:bob-baker"] == {"weight": 1, "records": ["first"]}
    themes = project(graph, "themes")
    assert themes["themes:consent"]["themes:trust"]["weight"] == 1
    assert themes["themes:data"]["themes:trust"]["records"] == ["second"]
    orgs = project(graph, "organisations")
    assert orgs["organisations:force"]["organisations:trust"]["weight"] == 2


def test_actor_network_gives_people_the_sector_of_their_usual_organisation(graph):
    actors = actor_network(graph)
    assert actors.nodes["people:cat-cole"]["sector"] == "police"
    assert actors.nodes["organisations:trust"]["sector"] == "health"
    assert set(actors) == {n for n, t in graph.nodes(data="type")
                           if t in ("people", "organisations")}


def test_the_same_corpus_gives_the_same_graph(corpus, graph):
    again = build_graph(corpus)
    assert list(again.nodes(data=True)) == list(graph.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(graph.edges(keys=True, data=True))
    assert isinstance(graph, nx.MultiDiGraph)


def test_the_shipped_corpus_builds(tmp_path):
    root = Path(__file__).resolve().parent.parent
    graph = build_graph(load_corpus(root))
    assert graph.number_of_nodes() > 20 and graph.number_of_edges() > 20
    consent = {e.id: e.consent for e in load_corpus(root).entities("people").values()}
    for node, kind in graph.nodes(data="type"):
        if kind == "people":
            assert consent[node.split(":", 1)[1]] == "named"
