"""The shipped corpus: every seed fact has a home, and nothing silently disappears."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import ROOT

from kb import load_corpus


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


def test_shipped_corpus_is_clean(corpus):
    assert corpus.diagnostics == []


def test_counts(corpus):
    kinds = Counter(r.kind for r in corpus.records.values())
    assert kinds == {"seminar": 14, "case-study": 3, "good-practice": 4}
    assert len(corpus.entities("barriers")) == 12
    assert len(corpus.entities("themes")) == 34
    assert len(corpus.entities("people")) == 13
    assert len(corpus.entities("organisations")) == 29
    assert len(corpus.entities("projects")) == 9
    assert len(corpus.entities("sources")) == 5
    assert len(corpus.entities("findings")) == 16
    assert len(corpus.entities("outputs")) == 10
    assert len(corpus.entities("impacts")) == 6
    assert len(corpus.entities("collaborations")) == 2
    assert len(corpus.entities("quotes")) == 4


def test_bradford_seminar_has_every_speaker_with_affiliation(corpus):
    seminar = corpus.records["bradford-families-2015"]
    assert seminar.meta["number"] == 2
    speakers = {
        corpus.entity("people", p.person).name: corpus.entity("organisations", p.organisation).name
        for p in seminar.people["speakers"]
    }
    assert speakers == {
        "Deborah Chambers": "Newcastle University",
        "Kate Cook": "Manchester Law School",
        "James Cornford": "University of East Anglia",
        "Catherine O'Melia": "Leeds Families First",
        "Kate Karban": "University of Bradford",
        "Paul Davidson": "Sedgemoor District Council",
    }
    organisers = {corpus.entity("people", p.person).name for p in seminar.people["organisers"]}
    assert organisers == {"Sue Richardson", "Sue Baines"}


@pytest.mark.parametrize("name", ["Rob Wilson", "Emma Hart", "Nathaniel Aust", "Nicola Underdown"])
def test_named_people(corpus, name):
    assert corpus.registry.lookup("people", name)


@pytest.mark.parametrize(
    "name",
    [
        "Newcastle University Business School",
        "Centre of Excellence for Information Sharing",
        "Chief Fire Officers Association",
        "London Fire Brigade",
        "iNetwork",
        "Cheshire West and Chester Council",
        "Local Government Association",
    ],
)
def test_named_organisations(corpus, name):
    assert corpus.registry.lookup("organisations", name)


def test_easi_workshop_participant_numbers(corpus):
    numbers = {
        r.id: r.meta.get("participants")
        for r in corpus.records.values()
        if r.id.startswith("easi-workshop-")
    }
    assert numbers == {
        "easi-workshop-bradford": 20,
        "easi-workshop-greater-manchester": 30,
        "easi-workshop-leicestershire": 22,
    }


def test_eif_workshop_barriers(corpus):
    eif = corpus.records["eif-places-network-launch-2016"]
    assert len(eif.refs["barriers"]) >= 5 and len(eif.refs["overcome"]) == 5
    assert "confusion-over-referral-thresholds" in set(eif.refs["barriers"]) & set(
        eif.refs["overcome"]
    )


def test_eif_launch_lists_seven_items_and_presents_none(corpus):
    """Seed 003 lists three case studies and four good-practice items in the blog about the
    workshop; it does not say any was presented, and the Centre led a workshop there rather
    than hosting the launch."""
    eif = corpus.records["eif-places-network-launch-2016"]
    listed = [r for r in corpus.records.values()
              if "eif-places-network-launch-2016" in r.refs.get("listed_in", [])]
    assert len(listed) == 7
    assert not any(r.refs.get("presented_at") for r in corpus.records.values())
    assert not eif.refs.get("case_studies") and not eif.refs.get("hosts")
    assert eif.refs["workshop_leads"] == ["centre-of-excellence-for-information-sharing"]
    assert {r.meta["date"] for r in listed} == {"2016-11-30"}


def test_every_easi_finding_is_recorded_in_order(corpus):
    findings = [e for e in corpus.entities("findings").values() if e.data["of"] == "easi"]
    assert sorted(f.data["number"] for f in findings) == [1, 2, 3, 4, 5, 6, 7]


def test_inferred_claims_give_their_reason(corpus):
    claims = [c for r in corpus.records.values() for c in r.claims]
    claims += [c for kind in ("projects", "collaborations", "organisations")
               for e in corpus.entities(kind).values() for c in e.claims]
    inferred = [c for c in claims if c.evidence == "inferred"]
    assert inferred and all(c.reason for c in inferred)
    assert any(c.field == "series" and c.target.endswith("information-sharing-seminar-series")
               for c in inferred)


def test_unknown_facts_stay_unknown(corpus):
    planned = [r for r in corpus.records.values() if r.meta.get("status") == "planned"]
    assert len(planned) == 3
    assert all(r.date is None and r.meta["date"] == "unknown" for r in planned)


def test_every_record_has_a_source(corpus):
    assert all(r.sources for r in corpus.records.values())


def test_no_placeholder_text():
    for folder in ("seminars", "case_studies", "registries", "docs"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file():
                text = path.read_text(encoding="utf-8").lower()
                for bad in ("lorem ipsum", "todo", "tbd", "example.com"):
                    assert bad not in text, f"{path}: {bad}"


def test_entities_keep_what_resolution_adds_in_typed_fields(corpus):
    """Entity.data is the registry entry as written: the line, position, references and
    people found for it are fields of their own, as a Record's are."""
    from kb.kinds import REGISTRIES

    entities = [e for kind in REGISTRIES for e in corpus.entities(kind).values()]
    assert entities and not [e.id for e in entities if any(k.startswith("_") for k in e.data)]
    org = corpus.entity("organisations", "university-of-bradford")
    assert org is not None and org.index is not None and org.line > 1
    assert org.references.get("sector"), org.references
