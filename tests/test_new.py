"""``kb new``: from what a contributor types to a file that passes ``kb validate``."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
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
    # mkdocs serve shows the site under the path of site_url (https://example.org/kb/)
    assert "mkdocs serve, then open http://127.0.0.1:8000/kb/\n" in result.output
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
    (["--date", "31/11/2016"], "'31/11/2016', which is not a date in the form YYYY"),
    (["--presented-at", "bradford seminar"], "no such record in seminars/"),
    (["--contributors", "Wanda Withheld"], "has withdrawn consent"),
    (["--sources", "The MJ piece"], "unknown source 'The MJ piece'"),
    (["--sources", "easi-grant-recrd"], "(did you mean 'easi-grant-record'?)"),
    (["--venue", "The hall"], "--venue cannot be used for a case-study"),
    (["--id", "Not Safe"], "e.g. 'not-safe'"),
    (["--id", "index"], "reserved"),
    (["--date", "March 2015 | "], "'date' has 'March 2015 |' with nothing after the '|': say why"),
    (["--date", "| It is filed among news from 2015."], "'date' has nothing before the '|'"),
])
def test_refuses_what_would_not_validate(kb_root, args, expected):
    result = run(kb_root, "case-study", "--no-input", "--title", "A title", *args)
    assert result.exit_code in (1, 2)
    assert expected in result.output
    assert not (kb_root / "case_studies" / "a-title.md").exists()


def test_dates_and_addresses_as_people_type_them(kb_root):
    result = run(kb_root, "case-study", "--no-input", "--title", "Forgiving",
                 "--date", "March 2017",
                 "--new-source", "A report | The MJ | 30th March 2017 | www.example.org/report"
                 " | The magazine's own report.")
    assert result.exit_code == 0, result.output
    front, _ = read_front(kb_root / "case_studies/forgiving.md")
    assert front["date"] == "2017-03"
    assert front["sources"] == [{"title": "A report", "publisher": "The MJ",
                                 "date": "2017-03-30", "url": "https://www.example.org/report",
                                 "authority": "The magazine's own report."}]


def test_a_new_source_is_described_in_place(kb_root):
    result = run(kb_root, "case-study", "--no-input", "--title", "A new source",
                 "--sources", "mj-state-of-information-sharing | DIGITAL section",
                 "--new-source", "Early help in Wakefield | Wakefield Council | 30 November "
                 "2017 | www.example.org/early-help | The council's own account of its work.")
    assert result.exit_code == 0, result.output
    rel = "case_studies/a-new-source.md"
    front, _ = read_front(kb_root / rel)
    assert front["sources"] == [
        {"source": "mj-state-of-information-sharing", "locator": "DIGITAL section"},
        {"title": "Early help in Wakefield", "publisher": "Wakefield Council",
         "date": "2017-11-30", "url": "https://www.example.org/early-help",
         "authority": "The council's own account of its work."}]
    found = {(d.level, d.code) for d in load_corpus(kb_root).diagnostics if d.path == rel}
    assert found == {("notice", "new-source"), ("notice", "new-organisation")}


def test_a_theme_by_the_contributors_own_reading_says_why(kb_root):
    result = run(kb_root, "case-study", "--no-input", "--title", "Why",
                 "--themes", "Leadership | The report stresses the director's role.",
                 "--themes", "risk-management", "--sources", "eif-places-workshop-blog-2016")
    assert result.exit_code == 0, result.output
    front, _ = read_front(kb_root / "case_studies/why.md")
    assert front["themes"] == [{"id": "leadership", "evidence": "inferred",
                                "reason": "The report stresses the director's role."},
                               "risk-management"]
    corpus = load_corpus(kb_root)
    assert [d for d in corpus.diagnostics if d.path == "case_studies/why.md"] == []
    [claim] = [c for c in corpus.records["why"].claims if c.target == "themes:leadership"]
    assert (claim.evidence, claim.reason) == ("inferred", "The report stresses the director's "
                                                          "role.")


def test_a_date_and_status_the_contributor_infers_say_why(kb_root):
    reason = "The news item is filed among news from 2015."
    result = run(kb_root, "seminar", "--no-input", "--title", "Inferred",
                 "--date", f"March 2015 | {reason}", "--status", "Held | The report follows it.",
                 "--sources", "bradford-seminar-news-2015")
    assert result.exit_code == 0, result.output
    rel = "seminars/inferred.md"
    front, _ = read_front(kb_root / rel)
    assert front["date"] == {"value": "2015-03", "evidence": "inferred", "reason": reason}
    assert front["status"] == {"value": "held", "evidence": "inferred",
                               "reason": "The report follows it."}
    corpus = load_corpus(kb_root)
    assert [d for d in corpus.diagnostics if d.path == rel] == []
    record = corpus.records["inferred"]
    assert record.date == "2015-03"     # readers of the date see the plain value ...
    claim = record.value_claims["date"]  # ... and the site marks it inferred, with why
    assert (claim.evidence, claim.reason) == ("inferred", reason)
    result = run(kb_root, "case-study", "--no-input", "--title", "Plain", "--date", "March 2015")
    assert read_front(kb_root / "case_studies/plain.md")[0]["date"] == "2015-03"  # stays plain


def test_help_says_how_to_write_an_inferred_date():
    result = CliRunner().invoke(main, ["new", "--help"])
    assert "Add ' | why' when no source states the date" in " ".join(result.output.split())


@pytest.mark.parametrize(("text", "expected"), [
    ("Early help | Wakefield Council | 2017 | | ", "the title and the authority"),
    ("Early help", "the title and the authority"),
    ("The state of information sharing in public services | | | | A magazine.",
     "registered already as 'mj-state-of-information-sharing'"),
    ("Early help | | soon | | The council.", "not a date"),
])
def test_a_new_source_it_cannot_use_is_refused(kb_root, text, expected):
    result = run(kb_root, "case-study", "--no-input", "--title", "A title", "--new-source", text)
    assert result.exit_code == 2 and expected in result.output, result.output
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


# ---- Without a terminal: never a question (issue 14) ----

def test_without_a_terminal_it_writes_from_the_options_and_never_asks(kb_root):
    """`kb new ... </dev/null`, as a script or CI runs it: no --no-input needed."""
    cmd = [sys.executable, "-m", "kb", "new", "case-study", "--root", str(kb_root),
           "--title", "Written by a script", "--places", "Leeds",
           "--contributors", "Dr Jane Hollis | Wakefield Council | Practice lead | named",
           "--sources", "eif-places-workshop-blog-2016"]
    result = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No terminal to ask questions at" in result.stderr
    assert "Date" not in result.stdout                # no prompt was shown
    rel = "case_studies/written-by-a-script.md"
    assert f"Wrote {rel}" in result.stdout
    assert file_errors(kb_root, rel) == []
    check = subprocess.run([sys.executable, "-m", "kb", "validate", "--strict", "--root",
                            str(kb_root), str(kb_root / rel)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_without_a_terminal_a_missing_title_is_a_usage_error(kb_root):
    result = run(kb_root, "case-study")          # CliRunner's input is not a terminal
    assert result.exit_code == 2
    assert "--title is required with --no-input (and without a terminal)" in result.output


# ---- Consent: asked, never assumed (issue 14) ----

def test_a_new_persons_consent_and_titles(kb_root):
    result = run(kb_root, "case-study", "--no-input", "--title", "Consent",
                 "--contributors", "Dr Jane Hollis | Wakefield Council | Practice lead | named",
                 "--contributors", "Prof. Sam Okafor | | Analyst | not sure",
                 "--contributors", "Nina New",
                 "--contributors", "Rob Wilson | | | role-only",
                 "--sources", "eif-places-workshop-blog-2016")
    assert result.exit_code == 0, result.output
    front, _ = read_front(kb_root / "case_studies/consent.md")
    assert front["contributors"] == [
        {"name": "Jane Hollis", "organisation": "Wakefield Council", "role": "Practice lead",
         "consent": "named"},
        {"name": "Sam Okafor", "role": "Analyst", "consent": "role-only"},  # not sure
        {"name": "Nina New", "consent": "role-only"},                        # not said
        "Rob Wilson"]                            # in the registry: its consent decides
    assert "no consent given for 'Nina New'" in result.output
    assert "New person: Jane Hollis (consent: named)" in result.output
    assert file_errors(kb_root, "case_studies/consent.md") == []
    assert not [d for d in load_corpus(kb_root).diagnostics
                if d.path == "case_studies/consent.md" and d.level == "warning"]


def test_an_answer_about_consent_it_cannot_read_is_refused(kb_root):
    result = run(kb_root, "case-study", "--no-input", "--title", "A title",
                 "--contributors", "Nina New | | | maybe")
    assert result.exit_code == 2
    assert "did they agree to be named? Answer named, role-only, not sure" in result.output


# ---- Interactive: prompts, in a real terminal ----

def spawn(root: Path, *args: str):
    """``kb new`` in a pseudo-terminal, as someone at a keyboard runs it."""
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(sys.executable, ["-m", "kb", "new", *args, "--root", str(root)],
                          encoding="utf-8", timeout=60, env={**os.environ, "TERM": "dumb"},
                          dimensions=(50, 400))
    child.logfile_read = io.StringIO()  # the whole session, as the terminal showed it
    return child


def answer(child, prompt: str, text: str) -> None:
    child.expect_exact(prompt)
    child.sendline(text)


def test_interactive_session(kb_root):
    child = spawn(kb_root, "case-study")
    answer(child, "Title:", "Newcastle: sharing across the front door")
    answer(child, "Date (Enter to skip):", "soon")           # it cannot read that ...
    child.expect_exact("which is not a date in the form YYYY")
    answer(child, "Date (Enter to skip):", "June 2016")      # ... so it asks again
    child.expect_exact("'June 2016' is written as 2016-06")
    answer(child, "Summary (Enter to skip):", "Partners share: who, what, why.")
    answer(child, "Place 1:", "?")
    child.expect_exact("Known values:")
    answer(child, "Place 1:", "Newcastle")
    answer(child, "Place 2:", "")
    answer(child, "Organisation 1:", "")
    answer(child, "Theme 1:", "leadershp")
    child.expect_exact("did you mean 'Leadership'?")
    answer(child, "Theme 1:", "Leadership")
    for prompt in ("Theme 2:", "Barrier met 1:", "Barrier overcome 1:", "Project 1:"):
        answer(child, prompt, "")
    answer(child, "Event 1:", "not-a-seminar")
    child.expect_exact("no such record in seminars/")
    answer(child, "Event 1:", "")
    answer(child, "Event listing it 1:", "")
    answer(child, "Contributor 1:", "Rob Wilson | Newcastle University")
    answer(child, "Contributor 2:", "Dr Jane Hollis | Wakefield Council")
    answer(child, "Did Jane Hollis agree to be named?", "not sure")
    answer(child, "Contributor 3:", "")
    answer(child, "Source 1:", "the state of information sharing in public services")
    answer(child, "Source 2:", "Early help in Wakefield")            # not registered ...
    answer(child, "a new source, to describe here?", "y")            # ... so described
    answer(child, "Publisher (Enter if not known):", "Wakefield Council")
    answer(child, "Date (Enter if not known):", "November 2017")
    answer(child, "Web address (Enter if not known):", "www.example.org/early-help")
    answer(child, "Authority:", "The council's own account of its work.")
    answer(child, "Source 3:", "")
    rel = "case_studies/newcastle-sharing-across-the-front-door.md"
    child.expect_exact(f"Wrote {rel}")
    child.expect_exact(child.delimiter)         # the end of its output
    child.close()
    assert child.exitstatus == 0
    out = child.logfile_read.getvalue()
    assert "Bradford" in out                    # "?" listed the known places ...
    assert "Wanda Withheld" not in out          # ... never a withdrawn person
    front, _ = read_front(kb_root / rel)
    assert front["date"] == "2016-06" and front["themes"] == ["leadership"]
    assert front["places"] == ["Newcastle"]
    assert front["contributors"] == [
        {"name": "Rob Wilson", "organisation": "Newcastle University"},
        {"name": "Jane Hollis", "organisation": "Wakefield Council", "consent": "role-only"}]
    assert front["sources"] == [
        "mj-state-of-information-sharing",                            # titles become ids
        {"title": "Early help in Wakefield", "publisher": "Wakefield Council",
         "date": "2017-11", "url": "https://www.example.org/early-help",
         "authority": "The council's own account of its work."}]
    assert file_errors(kb_root, rel) == []


def test_interactive_inferred_date(kb_root):
    child = spawn(kb_root, "case-study", "--title", "Inferred at the prompt",
                  "--sources", "eif-places-workshop-blog-2016")
    child.expect_exact("Date: when no source states it, add ' | why', e.g. '2015 | The news "
                       "item is filed among news from 2015.' (readers see why).")
    answer(child, "Date (Enter to skip):", "June 2016 |")       # no reason ...
    child.expect_exact("nothing after the '|': say why you give this date")
    answer(child, "Date (Enter to skip):", "June 2016 | The blog says last month.")  # ... asked
    child.expect_exact("'June 2016' is written as 2016-06")
    for prompt in ("Summary (Enter to skip):", "Place 1:", "Organisation 1:", "Theme 1:",
                   "Barrier met 1:", "Barrier overcome 1:", "Project 1:", "Event 1:",
                   "Event listing it 1:", "Contributor 1:"):
        answer(child, prompt, "")
    rel = "case_studies/inferred-at-the-prompt.md"
    child.expect_exact(f"Wrote {rel}")
    child.expect_exact(child.delimiter)
    child.close()
    assert child.exitstatus == 0
    front, _ = read_front(kb_root / rel)
    assert front["date"] == {"value": "2016-06", "evidence": "inferred",
                             "reason": "The blog says last month."}
    assert file_errors(kb_root, rel) == []


def test_interactive_title_is_required_and_options_skip_their_prompt(kb_root):
    child = spawn(kb_root, "seminar", "--title", "Given", "--date", "2015")
    child.expect_exact("Number (Enter to skip):")   # title and date were given: not asked
    assert "Title" not in (child.before or "")
    child.close(force=True)
    child = spawn(kb_root, "seminar")
    answer(child, "Title:", "")
    child.expect_exact("'title' is required.")
    child.close(force=True)


def test_help_documents_every_option():
    result = CliRunner().invoke(main, ["new", "--help"])
    assert result.exit_code == 0
    for option in ("--title", "--themes", "--contributors", "--sources", "--speakers",
                   "--no-input", "--id", "--root"):
        assert option in result.output
    assert "Name | Organisation | Role | Consent" in " ".join(result.output.split())


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
