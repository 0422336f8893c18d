"""A record's date and status as claims: written as a mapping with ``value`` and the same
``source``/``evidence``/``reason`` as a relation item, validated and shown like one, while every
reader of the date or status still sees the plain value."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import jsonschema
import pytest

from kb import export_files, load_corpus, plan_network
from kb.json_schema import schema_for
from kb.model import Citation, Claim
from kb.pages import SiteOptions, plan_site

SOURCES = """
- id: news-2015
  title: "What needs to be shared?"
  kind: news-item
  publisher: unknown
  date: "2015"
  authority: A news report of the seminar.
- id: grant-record
  title: The series grant record
  kind: grant-record
  publisher: unknown
  date: unknown
  authority: The funder's record of the grant.
"""
PEOPLE = """
- id: wanda-withheld
  name: Wanda Withheld
  consent: withdrawn
"""
REASON = "The news item is filed under 2015 and says the seminar was this month."
SEMINAR = f"""---
title: Families
date:
  value: "2015"
  evidence: inferred
  reason: "{REASON}"
status:
  value: held
  evidence: inferred
  reason: The grant record speaks of its seminars in the past.
  source: grant-record
sources: [news-2015]
---
"""
PLAIN = """---
title: Plain
date: "2016-10"
status: planned
sources: [news-2015]
---
"""
CASE = """---
kind: case-study
title: Leeds front door
date:
  value: "2016-11"
  evidence: disputed
  reason: The two sources give different months.
sources: [news-2015]
---
"""


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.lstrip("\n"), encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for rel, text in (("registries/sources.yml", SOURCES), ("registries/people.yml", PEOPLE),
                      ("seminars/families.md", SEMINAR), ("seminars/plain.md", PLAIN),
                      ("case_studies/leeds.md", CASE)):
        write(tmp_path, rel, text)
    return tmp_path


def test_the_fixture_is_clean(root):
    assert [d.format() for d in load_corpus(root).diagnostics] == []


# --- validation: the rules and messages of relation claims, and of plain values -------------

@pytest.mark.parametrize(("date", "expected"), [
    ('{value: "2015", evidence: inferred}', ("inferred-without-reason", 3)),
    ('{value: "2015", evidence: disputed, reason: " "}', ("inferred-without-reason", 3)),
    ('{value: "2015", evidence: guessed, reason: r}', ("bad-evidence", 3)),
    ('{value: "2015", source: news-2051}', ("unknown-source", 3)),
    ('{value: "30/11/2016", evidence: inferred, reason: r}', ("bad-date", 3)),
    ('{evidence: inferred, reason: r}', ("missing-field", 3)),
    ('{value: "2015", note: x}', ("unknown-field", 3)),
])
def test_a_date_claim_is_checked_like_a_relation_claim(root, date, expected):
    write(root, "seminars/plain.md", PLAIN.replace('date: "2016-10"', f"date: {date}"))
    corpus = load_corpus(root)
    assert [(d.path, d.code, d.line) for d in corpus.errors] == [("seminars/plain.md",
                                                                    *expected)]


def test_a_bad_value_is_reported_with_todays_message_on_its_own_line(root):
    write(root, "seminars/plain.md", PLAIN.replace(
        "status: planned", "status:\n  evidence: inferred\n  reason: r\n  value: hold"))
    corpus = load_corpus(root)
    [error] = corpus.errors
    assert (error.code, error.line) == ("bad-status", 7)
    assert error.message == ("'status' cannot be 'hold': use one of planned, held, cancelled "
                             "(did you mean 'held'?)")
    assert "status" not in corpus.records["plain"].meta  # never published as stated


def test_the_json_schema_accepts_a_claim_and_wants_its_reason():
    schema = jsonschema.Draft7Validator(schema_for("seminar"))
    data = {"title": "T", "date": {"value": "2015", "evidence": "inferred", "reason": "r"}}
    assert schema.is_valid(data)
    assert schema.is_valid({**data, "status": {"value": "held", "source": "news-2015"}})
    assert not schema.is_valid({**data, "date": {"value": "2015", "evidence": "inferred"}})
    assert not schema.is_valid({**data, "date": {"value": "30/11/2016"}})
    assert not schema.is_valid({**data, "status": {"value": "hold"}})


# --- resolution: the plain value in place, the claim beside it ------------------------------

def test_the_value_stays_in_place_and_the_claim_is_kept_beside_it(root):
    corpus = load_corpus(root)
    record = corpus.records["families"]
    assert (record.date, record.year, record.meta["status"]) == ("2015", 2015, "held")
    assert record.value_claims == {
        "date": Claim("date", "2015", "inferred", (Citation("news-2015"),), REASON),
        "status": Claim("status", "held", "inferred", (Citation("grant-record"),),
                        "The grant record speaks of its seminars in the past."),
    }
    assert all(c.field not in ("date", "status") for c in record.claims)  # no graph edges
    assert corpus.records["leeds"].date == "2016-11"
    assert corpus.records["leeds"].value_claims["date"].evidence == "disputed"
    plain = corpus.records["plain"]
    assert (plain.date, plain.meta["status"], plain.value_claims) == ("2016-10", "planned", {})


# --- pages: the summary marks the value, the section lists it with its reason ---------------

def test_the_summary_marks_an_inferred_date_and_the_section_gives_its_reason(root):
    site = plan_site(load_corpus(root), SiteOptions(network=False))
    pages = {p.src_uri: p.markdown for p in site.pages}
    page = pages["seminars/families.md"]
    badge = '<span class="kb-evidence kb-evidence--inferred">Inferred</span>'
    date = re.search(r"^Date\n:   (.*)$", page, re.M)
    assert date and date.group(1) == (
        f"2015 {badge} (The news item is filed under 2015 and says the seminar was this "
        "month\\.)")
    status = re.search(r"^Status\n:   (.*)$", page, re.M)
    assert status and status.group(1).startswith(f"Held {badge} ")
    evidence = page.split("## Sources and evidence", 1)[1]
    listed = re.search(r"^Date\n:   (.*)$", evidence, re.M)
    assert listed and listed.group(1) == (
        f"2015 \u2014 {badge} by the knowledge base: The news item is filed under 2015 and "
        "says the seminar was this month\\. (from the source above)")
    assert re.search(r"^Status\n:   Held \u2014 ", evidence, re.M)
    case = pages["case_studies/leeds.md"]
    assert re.search(r"^Date\n:   November 2016 <span class=\"kb-evidence "
                     r"kb-evidence--disputed\">Disputed</span>", case, re.M)
    plain = re.search(r"^Date\n:   (.*)$", pages["seminars/plain.md"], re.M)
    assert plain and plain.group(1) == "October 2016"


def test_the_kicker_above_the_title_marks_an_inferred_date_and_status_too(root):
    site = plan_site(load_corpus(root), SiteOptions(network=False))
    pages = {p.src_uri: p.markdown for p in site.pages}

    def kicker(uri: str) -> str:
        found = re.search(r"^(.*)\n\{: \.kb-kicker \}$", pages[uri], re.M)
        assert found, uri
        return found.group(1)

    assert kicker("seminars/families.md") == "Held \\(inferred\\) · 2015 \\(inferred\\)"
    # stated: no mark
    assert kicker("seminars/plain.md") == "Announced \\(planned\\) · October 2016"


# --- data: the downloads mark the date too ---------------------------------------------------

def test_the_network_data_marks_an_inferred_or_disputed_date_with_its_reason(root):
    network = plan_network(load_corpus(root))
    nodes = network.graph.nodes
    assert nodes["seminars:families"]["date_evidence"] == "inferred"
    assert nodes["seminars:families"]["date_reason"] == REASON
    assert nodes["case_studies:leeds"]["date_evidence"] == "disputed"
    assert "date_evidence" not in nodes["seminars:plain"]  # a stated date: nothing to mark
    text = export_files(network, ("csv",))["csv/nodes.csv"].decode()
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    assert (rows["seminars:families"]["date_evidence"], rows["seminars:families"]["date_reason"],
            rows["seminars:plain"]["date_evidence"]) == ("inferred", REASON, "")


# --- consent: a reason is published text ----------------------------------------------------

def test_a_withdrawn_name_in_a_dates_reason_leaves_the_file_out(root):
    write(root, "seminars/families.md", SEMINAR.replace(REASON, "As Wanda Withheld told us."))
    corpus = load_corpus(root)
    assert [(d.path, d.line, d.code) for d in corpus.errors] == [
        ("seminars/families.md", 6, "withdrawn-name")]
    assert "families" not in corpus.records
