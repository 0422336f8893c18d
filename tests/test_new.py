"""``kb new``: from what a contributor types to a file that passes ``kb validate``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.cli import main
from kb.contrib.new_record import Draft, render_body, render_record
from kb.corpus import load_corpus
from kb.corpus.files import parse_yaml, split_frontmatter
from kb.corpus.validate import validate_record
from kb.model import Document

ROOT = Path(__file__).resolve().parent.parent
EXTRA_PEOPLE = """
- id: withheld-person
  name: Wanda Withheld
  consent: withdrawn
- id: role-person
  name: Rory Role
  consent: role-only
  role: Social worker
"""


@pytest.fixture
def kb_root(tmp_path: Path) -> Path:
    """A copy of the shipped corpus, with a withdrawn and a role-only person added."""
    for part in ("registries", "seminars", "case_studies"):
        shutil.copytree(ROOT / part, tmp_path / part)
    people = tmp_path / "registries" / "people.yml"
    people.write_text(people.read_text(encoding="utf-8") + EXTRA_PEOPLE, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\nsite_url: https://example.org/kb/\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:x.y\n",
        encoding="utf-8")
    return tmp_path


def run(root: Path, *args: str, input: str | None = None):  # noqa: A002
    result = CliRunner().invoke(main, ["new", *args, "--root", str(root)], input=input)
    assert "Traceback" not in result.output
    return result


def file_errors(root: Path, rel: str) -> list[str]:
    return [d.format() for d in load_corpus(root).diagnostics
            if d.path == rel and d.level == "error"]


def read_front(path: Path) -> tuple[dict, str]:
    front, body, _ = split_frontmatter(path.read_text(encoding="utf-8"), path.name)
    return yaml.safe_load(front), body


# ---- Non-interactive: options ----

def test_options_write_a_valid_file(kb_root):
    result = run(kb_root, "case-study", "--no-input",
                 "--title", "Leeds: a 'front door' for families #1",
                 "--date", "2016-10", "--summary", "Colons: fine. Hashes # too.",
                 "--themes", "Leadership", "--themes", "risk-management",
                 "--places", "bradford", "--organisations", "Leeds City Council",
                 "--contributors", "Prof Rob Wilson | Newcastle University | Series lead",
                 "--presented-at", "eif-places-network-launch-2016",
                 "--sources", "eif-places-workshop-blog-2016 | Barriers that have been overcome")
    assert result.exit_code == 0, result.output
    rel = "case_studies/leeds-a-front-door-for-families-1.md"
    assert f"Wrote {rel}" in result.output
    assert "Next steps" in result.output and f"kb validate {rel}" in result.output
    assert file_errors(kb_root, rel) == []
    text = (kb_root / rel).read_text(encoding="utf-8")
    assert text.startswith("---\n# yaml-language-server: $schema=https://example.org/kb/"
                           "schema/case-study.schema.json\nkind: case-study\n")
    front, body = read_front(kb_root / rel)
    assert front["title"] == "Leeds: a 'front door' for families #1"
    assert front["themes"] == ["leadership", "risk-management"]   # names become ids
    assert front["places"] == ["Bradford"]                         # the registry's spelling
    assert front["contributors"] == [{"name": "Rob Wilson", "organisation": "Newcastle University",
                                      "role": "Series lead"}]
    assert front["sources"] == [{"source": "eif-places-workshop-blog-2016",
                                 "locator": "Barriers that have been overcome"}]
    assert "## What was done" in body and "<!--" in body
    assert "  - leadership\n" in text          # lists indented as the guide shows
    assert 'date: "2016-10"\n' in text         # text in double quotes, ids plain


def test_good_practice_and_seminar(kb_root):
    result = run(kb_root, "good-practice", "--no-input", "--title", "Joint training")
    assert result.exit_code == 0, result.output
    front, body = read_front(kb_root / "case_studies/joint-training.md")
    assert front["kind"] == "good-practice" and "## The practice" in body
    result = run(kb_root, "seminar", "--no-input", "--title", "Data and devolution",
                 "--date", "2017-03-01", "--number", "7", "--status", "Planned",
                 "--speakers", "Kate Cook", "--hosts", "Newcastle University",
                 "--series", "information-sharing-seminar-series")
    assert result.exit_code == 0, result.output
    rel = "seminars/data-and-devolution.md"
    front, _ = read_front(kb_root / rel)
    assert front["number"] == 7 and front["status"] == "planned" and "kind" not in front
    assert file_errors(kb_root, rel) == []


def test_never_overwrites(kb_root):
    existing = kb_root / "case_studies" / "bristol-predictive-analytics.md"
    before = existing.read_bytes()
    result = run(kb_root, "case-study", "--no-input",
                 "--title", "Bristol predictive analytics")
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert "--id bristol-predictive-analytics-2" in result.output
    assert existing.read_bytes() == before
    result = run(kb_root, "case-study", "--no-input", "--title", "Bradford families 2015",
                 "--id", "bradford-families-2015")  # ids are unique across both folders
    assert result.exit_code == 1
    assert "seminars/bradford-families-2015.md already exists" in result.output


@pytest.mark.parametrize(("args", "expected"), [
    (["--themes", "leadershp"], "unknown theme 'leadershp' (did you mean 'Leadership'?)"),
    (["--date", "30/11/2016"], "for 30 November 2016 write 2016-11-30"),
    (["--presented-at", "bradford seminar"], "no such record in seminars/"),
    (["--contributors", "Wanda Withheld"], "has withdrawn consent"),
    (["--sources", "The MJ piece"], "unknown source 'The MJ piece'"),
    (["--sources", "easi-grant-recrd"], "(did you mean 'easi-grant-record'?)"),
    (["--venue", "The hall"], "--venue cannot be used for a case-study"),
    (["--id", "Not Safe"], "e.g. 'not-safe'"),
    (["--id", "index"], "reserved"),
])
def test_refuses_what_would_not_validate(kb_root, args, expected):
    result = run(kb_root, "case-study", "--no-input", "--title", "A title", *args)
    assert result.exit_code in (1, 2)
    assert expected in result.output
    assert not (kb_root / "case_studies" / "a-title.md").exists()


def test_no_input_needs_the_required_fields(kb_root):
    result = run(kb_root, "seminar", "--no-input", "--title", "Only a title")
    assert result.exit_code == 2 and "--date is required with --no-input" in result.output


def test_role_only_person_is_accepted_and_a_new_person_gets_a_consent_note(kb_root):
    result = run(kb_root, "case-study", "--no-input", "--title", "People",
                 "--contributors", "Rory Role", "--contributors", "Nina New | Leeds City Council")
    assert result.exit_code == 0, result.output
    assert "Nina New" in result.output and "consent" in result.output
    assert file_errors(kb_root, "case_studies/people.md") == []


def test_outside_a_knowledge_base(tmp_path):
    result = CliRunner().invoke(main, ["new", "case-study", "--root", str(tmp_path)])
    assert result.exit_code == 2
    assert "there is no knowledge base at" in result.output and "Traceback" not in result.output


# ---- Interactive: prompts ----

def test_interactive_session(kb_root):
    answers = [
        "Newcastle: sharing across the front door",   # title
        "June 2016", "2016-06",                       # a date it cannot read, then a good one
        "Partners share: who, what, why.",            # summary
        "?", "Newcastle", "",                          # places: list them, one, finish
        "",                                            # organisations: none
        "leadershp", "Leadership", "",                 # themes: a typo is re-asked
        "", "",                                        # barriers, overcome
        "",                                            # projects
        "not-a-seminar", "",                           # presented at: refused, then finish
        "",                                            # listed in: none
        "Rob Wilson | Newcastle University", "",       # contributors
        "the state of information sharing in public services", "",   # a source, by title
    ]
    result = run(kb_root, "case-study", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "(write 2016-06)" in out
    assert "Known values:" in out and "Bradford" in out
    assert "did you mean 'Leadership'?" in out
    assert "no such record in seminars/" in out
    assert "Wanda Withheld" not in out          # withdrawn people are never suggested
    rel = "case_studies/newcastle-sharing-across-the-front-door.md"
    assert f"Wrote {rel}" in out
    front, _ = read_front(kb_root / rel)
    assert front["date"] == "2016-06" and front["themes"] == ["leadership"]
    assert front["places"] == ["Newcastle"]
    assert front["sources"] == ["mj-state-of-information-sharing"]   # titles become ids
    assert file_errors(kb_root, rel) == []


def test_interactive_title_is_required_and_options_skip_their_prompt(kb_root):
    result = run(kb_root, "case-study", "--title", "Given", "--date", "2015",
                 input="\n" * 40)
    assert result.exit_code == 0, result.output
    assert "Title" not in result.output.split("Wrote")[0].split("\n")[0]
    result = run(kb_root, "seminar", input="\nA seminar\n" + "\n" * 3)
    assert "'title' is required" in result.output


def test_help_documents_every_option():
    result = CliRunner().invoke(main, ["new", "--help"])
    assert result.exit_code == 0
    for option in ("--title", "--themes", "--contributors", "--sources", "--speakers",
                   "--no-input", "--id", "--root"):
        assert option in result.output
    assert "Name | Organisation |" in " ".join(result.output.split())


# ---- The file format: any text survives the round trip ----

# Publishable text: no surrogates, and no control characters or non-characters (the validator
# refuses those, and kb new asks again), except tab and newline.
_TEXT = st.text(st.characters(exclude_categories=("Cs",),
                              exclude_characters="".join(map(chr, [*range(0, 9), *range(11, 32),
                                                                   *range(127, 160)]))
                              + "\ufffe\uffff"),
                min_size=1, max_size=40)
_WORDS = _TEXT.filter(str.strip)   # names and titles: kb new refuses blank ones


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_WORDS, summary=_TEXT, place=_WORDS, source=_WORDS, body=_TEXT)
def test_any_text_round_trips_through_the_file(title, summary, place, source, body):
    title = " ".join(title.split()) or "x"
    values = {"title": title, "summary": summary, "places": [place],
              "contributors": [{"name": place, "role": summary}], "sources": [{"source": source}]}
    text = render_record(Draft("case-study", values, [body]), "https://example.org/s.json")
    front, rest, line = split_frontmatter(text, "x.md")
    parsed = parse_yaml(front, "x.md", 1)
    assert not hasattr(parsed, "code"), parsed
    data, lines = parsed
    assert data == {"kind": "case-study", **values}
    doc = Document("case_studies/x.md", data, lines, rest, line)
    _, diags = validate_record(doc, "case_studies", "x")
    assert [d for d in diags if d.level == "error" and d.code != "unsafe-html"] == []


def test_body_sections_have_prompts_or_text():
    body = render_body("case-study", ["We did it.", ""])
    assert body.startswith("## What was done\n\nWe did it.\n\n## What made a difference\n\n<!--")
