"""``kb export --format prov``: W3C PROV-O in JSON-LD, read back and queried with rdflib."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from test_graph import REGISTRIES, make_corpus

from kb.cli import main

PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
BASE = "https://example.org/kb/"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Graph]:
    root = tmp_path_factory.mktemp("kb")
    registries = {**REGISTRIES, "quotes": [
        *REGISTRIES["quotes"],
        {"id": "quote-2", "text": "Share early.", "by": {"name": "Rob Role",
                                                         "organisation": "Police Force"},
         "at": "second", "sources": ["blog"]},
        {"id": "quote-3", "text": "Not to be shown.", "by": "Wanda Gone", "at": "second",
         "sources": ["blog"]}]}
    registries["sources"] = [{**registries["sources"][0],
                              "authors": ["Ann Able", "Wanda Gone"]},
                             registries["sources"][1]]
    make_corpus(root, registries=registries)
    (root / "mkdocs.yml").write_text(f"site_name: Test\nsite_url: {BASE}\n")
    out = root.parent / "prov" / "out.jsonld"
    result = CliRunner().invoke(main, ["export", "--format", "prov", "--output", str(out),
                                       "--root", str(root)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    return text, Graph().parse(data=text, format="json-ld")


def page(path: str) -> URIRef:
    return URIRef(BASE + path)


def test_records_are_entities_derived_from_their_sources(exported):
    _, graph = exported
    rows = graph.query("""
        SELECT ?source WHERE {
          ?record a prov:Entity ; prov:wasDerivedFrom ?source ; prov:hadPrimarySource ?source .
        }""", initNs={"prov": PROV}, initBindings={"record": page("seminars/first/")})
    assert {r.source for r in rows} == {page("sources/blog/"), page("sources/record/")}
    entities = set(graph.subjects(RDF.type, PROV.Entity))
    assert {page(f"seminars/{r}/") for r in ("first", "second", "undated")} <= entities
    assert page("findings/finding-1/") in entities
    assert (page("findings/finding-1/"), PROV.wasDerivedFrom, page("sources/record/")) in graph


def test_sources_are_attributed_to_their_publishers_and_authors(exported):
    _, graph = exported
    rows = graph.query("""
        SELECT ?agent ?type ?label WHERE {
          ?source prov:wasAttributedTo ?agent . ?agent a ?type ; rdfs:label ?label .
          FILTER (?type IN (prov:Organization, prov:Person))
        }""", initNs={"prov": PROV, "rdfs": RDFS},
        initBindings={"source": page("sources/record/")})
    assert {(r.agent, r.type, str(r.label)) for r in rows} == {
        (page("organisations/uni/"), PROV.Organization, "Uni"),
        (page("people/ann-able/"), PROV.Person, "Ann Able")}   # not the withdrawn author
    assert (page("sources/record/"), DCT.title, Literal("The grant record")) in graph
    assert (page("sources/blog/"), PROV.wasAttributedTo, None) not in graph  # unknown publisher


def test_dates_are_typed_as_honestly_as_they_are_known(exported):
    _, graph = exported
    assert graph.value(page("sources/blog/"), DCT.date) == Literal("2016-11-30",
                                                                   datatype=XSD.date)
    assert graph.value(page("seminars/first/"), DCT.date) == Literal("2015-06",
                                                                     datatype=XSD.gYearMonth)
    assert graph.value(page("seminars/second/"), DCT.date) == Literal("2016",
                                                                      datatype=XSD.gYear)
    assert graph.value(page("seminars/undated/"), DCT.date) is None
    assert graph.value(page("sources/record/"), DCT.date) is None          # date: unknown


def test_consent_role_only_by_role_and_withdrawn_nowhere(exported):
    text, graph = exported
    speaker = graph.value(page("quotes/quote-2/"), PROV.wasAttributedTo)
    assert speaker is not None and not isinstance(speaker, URIRef)       # a blank node
    assert str(graph.value(speaker, RDFS.label)) == "Officer"
    assert graph.value(speaker, PROV.actedOnBehalfOf) == page("organisations/force/")
    assert (page("quotes/quote-1/"), PROV.wasAttributedTo, page("people/bob-baker/")) in graph
    assert (page("quotes/quote-3/"), None, None) not in graph              # said by Wanda
    lowered = text.lower()
    assert "rob role" not in lowered and "rob-role" not in lowered and "wanda" not in lowered


def test_the_same_corpus_gives_the_same_bytes(tmp_path):
    root = make_corpus(tmp_path / "kb")
    texts = []
    for n in (1, 2):
        out = tmp_path / f"out-{n}.jsonld"
        result = CliRunner().invoke(main, ["export", "--format", "prov", "--output", str(out),
                                           "--root", str(root)])
        assert result.exit_code == 0, result.output
        texts.append(out.read_bytes())
    assert texts[0] == texts[1]
    assert b'"@id": "https://example.invalid/seminars/first/"' in texts[0]  # no site_url
