"""Bounded work: hostile single files are refused with path:line errors, never a crash.

The diagnostics themselves are in the golden case ``tests/golden/validate/limits``. Here: the
real commands and a real MkDocs build on a project holding the hostile files (no traceback,
the files left out), the pattern builder and did-you-mean on hostile names, the YAML alias
budget, the projection of one huge record, and a property-based Markdown fuzz through real
builds. Timeouts are hang guards only; timings are in benchmarks/bench_hostile.py.
"""

from __future__ import annotations

import difflib
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT, make_project
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kb import load_corpus
from kb.corpus import limits
from kb.corpus.consent.matching import _words_pattern
from kb.corpus.yaml_lines import parse_yaml
from kb.model import Diagnostic, Document
from kb.names import Suggester
from kb.network.graph import build_graph, project

#: Seconds; a hang guard only (before these limits, some of these ran for minutes).
HANG_GUARD = int(os.environ.get("KB_HANG_GUARD", "300"))
FRONT = "---\nkind: case-study\ntitle: A hostile case study\n"
HOSTILE_BODIES = {
    "nested-lists": "- " * 1500 + "deep",
    "nested-divs": '<div markdown="1">\n\n' * 1500 + "deep\n\n" + "</div>\n\n" * 1500,
    "brackets": "[" * 20_000,
    "unclosed-tags": "a<b " * 20_000,
    "definitions": "Term\n: Definition\n" * 3000,
}


def _hostile_project(dest: Path) -> Path:
    project = make_project(dest)
    studies = project / "case_studies"
    for name, body in HOSTILE_BODIES.items():
        (studies / f"hostile-{name}.md").write_text(f"{FRONT}---\n\n{body}\n")
    uses = ", ".join(["*a"] * 50_000)
    (studies / "hostile-alias.md").write_text(
        f'{FRONT}summary: &a "{"x" * 100_000}"\nplaces: [{uses}]\n---\n\nText.\n')
    people = "".join(f"  - Hostile Person {i}\n" for i in range(2000))
    (studies / "hostile-contributors.md").write_text(f"{FRONT}contributors:\n{people}---\n\nx\n")
    name = " ".join(["Abcdefghi"] * 50)
    with (project / "registries" / "people.yml").open("a") as out:
        out.write(f"- id: hostile-long-name\n  name: {name}\n  consent: withdrawn\n")
    return project


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _hostile_project(tmp_path_factory.mktemp("hostile") / "project")


def test_hostile_files_are_reported_at_their_lines(hostile: Path) -> None:
    corpus = load_corpus(hostile)
    codes = {d.path: d.code for d in corpus.errors}
    for name in (*HOSTILE_BODIES, "alias", "contributors"):
        assert f"case_studies/hostile-{name}.md" in codes, name
        assert not any(r.id == f"hostile-{name}" for r in corpus.records.values())
    assert codes["registries/people.yml"] == "name-too-long"
    assert all(d.line > 0 for d in corpus.errors if "hostile" in d.path)


@pytest.mark.parametrize("command", [
    ["validate"], ["pages", "--out", "{out}/pages"],
    ["export", "--format", "graphml", "-o", "{out}/g.graphml"],
    ["export", "--format", "csv", "-o", "{out}/csv"],
])
def test_every_command_finishes_without_a_traceback(hostile: Path, tmp_path: Path,
                                                    command: list[str]) -> None:
    args = [a.format(out=tmp_path) for a in command]
    done = subprocess.run([sys.executable, "-m", "kb", *args, "--root", str(hostile)],
                          capture_output=True, text=True, timeout=HANG_GUARD)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode in (0, 1), done.stderr[-2000:]


def test_the_site_builds_and_leaves_the_hostile_files_out(hostile: Path, tmp_path: Path) -> None:
    done = subprocess.run(*_build_args(hostile, tmp_path / "site"), capture_output=True,
                          text=True, timeout=HANG_GUARD, env=_env())
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert (tmp_path / "site" / "index.html").is_file()
    assert not list((tmp_path / "site").rglob("hostile-*"))


def _build_args(project: Path, out: Path) -> tuple[list[str]]:
    return ([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
             "-d", str(out)],)


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def test_a_protected_name_longer_than_the_recursion_limit_is_matched() -> None:
    name = " ".join(["abcdefghi"] * 300)  # 2,999 characters: one regex level per character
    pattern = _words_pattern([name, "abc"])
    assert pattern.search(f"x {name} y") and pattern.search("an abc here")


def test_did_you_mean_compares_a_bounded_number_of_names(monkeypatch) -> None:
    rng = random.Random(0)
    letters = list("abcdefghijklmnopqrstuvwxyz" * 3)
    anagrams = ["".join(rng.sample(letters, len(letters))) for _ in range(2000)]
    compared = []
    ratio = difflib.SequenceMatcher.ratio

    def counting(self: difflib.SequenceMatcher) -> float:  # a spy: the real ratio, counted
        compared.append(1)
        return ratio(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counting)
    Suggester(anagrams).suggest("".join(rng.sample(letters, len(letters))), 0.7)
    assert 0 < len(compared) <= 50


def test_aliases_of_long_text_are_charged_to_the_budget() -> None:
    uses = ", ".join(["*a"] * 50_000)
    parsed = parse_yaml(f'summary: &a "{"x" * 100_000}"\nplaces: [{uses}]\n', "x.md", 1)
    assert isinstance(parsed, Diagnostic) and parsed.code == "yaml-too-complex"
    assert parsed.line == 2  # the anchored text, in file lines
    fine = parse_yaml('summary: &a "short"\nplaces: [*a, *a]\n', "x.md", 1)
    assert fine == ({"summary": "short", "places": ["short", "short"]}, fine[1])


def test_a_huge_record_adds_no_clique_to_the_projection(tmp_path: Path) -> None:
    project_dir = make_project(tmp_path / "p")
    people = "".join(f"  - {{name: Many Person {i}, consent: named}}\n"
                     for i in range(150))  # within the list limit
    (project_dir / "case_studies" / "crowd.md").write_text(
        f"{FRONT}contributors:\n{people}---\n\nText.\n")
    (project_dir / "case_studies" / "pair.md").write_text(
        f"{FRONT}contributors:\n  - {{name: Many Person 1, consent: named}}\n"
        "  - {name: Many Person 2, consent: named}\n---\n\nText.\n")
    graph = build_graph(load_corpus(project_dir))
    people_projection = project(graph, "people")
    crowd = [n for n in people_projection if n.startswith("people:many-person")]
    assert len(crowd) == 150
    ties = people_projection.subgraph(crowd).edges(data=True)
    assert [(u, v, d["records"]) for u, v, d in ties] == [
        ("people:many-person-1", "people:many-person-2", ["pair"])]
    assert people_projection.graph["left_out"] == "crowd"


# A property-based Markdown fuzz through real builds: bodies made of the pieces that strain a
# Markdown engine, at sizes on both sides of the limits.
_SIZES = st.sampled_from([1, 2, 5, 19, 21, 60, 400, 2000])
_PIECES = st.one_of(
    st.builds(lambda n: "- " * n + "item", _SIZES),
    st.builds(lambda n: "> " * n + "quote", _SIZES),
    st.builds(lambda n: "".join("    " * i + "1. x\n" for i in range(min(n, 60))), _SIZES),
    st.builds(lambda n: "[" * n, _SIZES), st.builds(lambda n: "]" * n, _SIZES),
    st.builds(lambda n: "[a](" * n, _SIZES), st.builds(lambda n: "(" * n, _SIZES),
    st.builds(lambda n: "`" * n, _SIZES), st.builds(lambda n: "*_" * n, _SIZES),
    st.builds(lambda n: '<div markdown="1">\n\n' * n, _SIZES),
    st.builds(lambda n: "</div>\n\n" * n, _SIZES),
    st.builds(lambda n: "Term\n: def\n" * n, _SIZES),
    st.builds(lambda n: "a<b " * n, _SIZES),
    st.sampled_from(["{: .note }", "{: #x }", "!!! note", "| a | b |\n|---|---|\n| c | d |",
                     "<!--", "-->", "&amp;", "\\[", "# Heading", "```", "~~~", "\n\n", "\n",
                     "word", "**bold**", "[link](https://example.org)", "![i](x.png)",
                     "<span>", "</span>", "[^1]", "    code"]),
)


@example(pieces=["- " * 2000 + "item", "[a](" * 2000], glue="\n\n")  # crashed, then stalled
@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(pieces=st.lists(_PIECES, min_size=1, max_size=8),
       glue=st.sampled_from(["", " ", "\n", "\n\n"]))
def test_fuzzed_markdown_builds_without_a_traceback(pieces: list[str], glue: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = _tiny_project(Path(tmp) / "p")
        (project / "case_studies" / "fuzz.md").write_text(f"{FRONT}---\n\n{glue.join(pieces)}\n")
        done = subprocess.run(*_build_args(project, Path(tmp) / "site"), capture_output=True,
                              text=True, timeout=HANG_GUARD, env=_env())
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-3000:]
        built = (Path(tmp) / "site" / "case_studies" / "fuzz" / "index.html").is_file()
        refused = any(d.path == "case_studies/fuzz.md" and d.level == "error"
                      for d in load_corpus(project).diagnostics)
        assert built or refused


def _tiny_project(dest: Path) -> Path:
    """The shipped configuration and registries, with no records (a quick build)."""
    dest.mkdir(parents=True)
    for part in ("mkdocs.yml", "overrides", "docs", "registries"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, dest / part)
    (dest / "seminars").mkdir()
    (dest / "case_studies").mkdir()
    return dest


@pytest.mark.parametrize("escape", ["\\U99999999", "\\UFFFFFFFF", "\\U00110000"])
def test_an_escape_beyond_unicode_is_a_syntax_error(escape: str) -> None:
    """Found by the frontmatter fuzz: after libyaml refuses the escape, the pure-Python
    parser (asked whether nesting was the problem) raised OverflowError or ValueError."""
    parsed = parse_yaml(f'title: "{escape}"\n', "x.md", 1)
    assert isinstance(parsed, Diagnostic) and parsed.code == "yaml-syntax"


_PIECES = st.sampled_from(["- ", "* ", "1. ", "> ", "    ", "\t", "<div>", "</div>", "<br>",
                           "[", "]", "(", ")", "<a", ">", ": ", "x", " ", "\n", "\n\n", "\\["])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PIECES, st.integers(1, 30)), max_size=12)
       .map(lambda runs: "".join(piece * n for piece, n in runs)))
def test_the_quick_bounds_never_hide_a_limit(body: str) -> None:
    """The cheap bounds that skip the line-by-line checks are bounds: whenever a check would
    find something, its bound lets it run."""
    doc = Document("x.md", {}, {}, body=body, body_line=5)
    if list(limits._nesting(doc)):
        assert limits.may_be_nested(body)
    if list(limits._unclosed(doc)):
        assert limits.may_be_unclosed(body)
