"""Property-based tests: no file a contributor can write makes the validator raise.

Random YAML-like text, real frontmatter mutated by deleting and inserting characters, and
random bytes all go through ``load_corpus`` on a small knowledge base. Whatever the input, it
returns, and every diagnostic is a single line that names a file and a line (>= 0).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.corpus import load_corpus
from kb.corpus.files import parse_yaml
from kb.model import Diagnostic

GOLDEN = Path(__file__).parent / "golden" / "validate"
SETTINGS = settings(max_examples=250, deadline=5000,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")

#: Plain values that YAML resolves to a number or date it then fails to build.
TRICKY = ["2016-02-30", "2016-13-01", "0x_", "0b_", "._", "+0x_", "1:2:3", "1e400", "-.inf",
          "9" * 5000, "1" + ":0" * 3000, "2016-11-30 25:61:61", "=", "<<", "!!int x ",
          "!!float x ", "!!bool x ", "!!timestamp x ", "!!null x "]
#: Characters and words that mean something to YAML or Markdown, and some that trouble parsers.
TOKENS = st.sampled_from(list(
    "abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789:-[]{},#&*!|>'\"%@`?.~\\=<_/\n\n\n\t\r "
) + ["\u00e9", "\u2019", "\u2028", "\x85", "\x00", "\x0c", "\ufeff", "\U0001F600", "---",
     "...", "- ", ": ", "<script>", "&a ", "*a", "!!python/object:os.system ", "<<: "]
    + TRICKY)


def yamlish(max_size: int) -> st.SearchStrategy[str]:
    return st.lists(TOKENS, max_size=max_size).map("".join)

FIELDS = ["title", "date", "kind", "number", "status", "place", "places", "speakers", "themes",
          "barriers", "sources", "summary", "presented_at", "case_studies", "hosts", "series",
          "organisations", "contributors", "participants", "name", "organisation", "role", "url",
          "id", "aliases", "consent", "sector"]
SCALARS = (st.text(max_size=30) | st.integers(-10**6, 10**6) | st.booleans() | st.none()
           | st.dates() | st.floats(allow_nan=False) | st.sampled_from(
               ["2016", "2016-11", "30/11/2016", "unknown", "Rob Wilson", "leadership",
                "case-study", "https://example.org", "javascript:alert(1)", "../x", *TRICKY]))
VALUES = st.recursive(SCALARS, lambda children: st.lists(children, max_size=4)
                      | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), children,
                                        max_size=4), max_leaves=12)
FRONTMATTER = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=10), VALUES,
                              max_size=8)


@pytest.fixture(scope="module")
def kb_root() -> Iterator[Path]:
    """A small valid knowledge base; each example writes one more file into it."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kb"
        shutil.copytree(GOLDEN / "clean", root, ignore=shutil.ignore_patterns("expected.txt"))
        yield root


def check(root: Path, rel: str, data: bytes) -> list[Diagnostic]:
    """Write ``data`` to ``rel``, load the corpus, and check every diagnostic's shape."""
    path = root / rel
    original = path.read_bytes() if path.exists() else None
    path.write_bytes(data)
    try:
        corpus = load_corpus(root)
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
    lines = max(data.count(b"\n"), data.count(b"\r")) + 1
    for d in corpus.diagnostics:
        assert isinstance(d, Diagnostic)
        assert d.path and isinstance(d.path, str), d
        assert isinstance(d.line, int) and d.line >= 0, d
        assert d.level in ("error", "warning", "notice"), d
        assert CODE.match(d.code), d
        assert d.message and "\n" not in d.message and "\r" not in d.message, d
        assert len(d.format().splitlines()) == 1, d
        if d.path == rel:
            assert d.line <= lines + 1, (d, lines)
    return corpus.diagnostics


def mutate(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Delete ``n`` characters at ``at`` and insert ``new`` there, for each edit."""
    for at, n, new in edits:
        at = at % (len(text) + 1)
        text = text[:at] + new + text[at + n:]
    return text


EDITS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 3), yamlish(3)),
                 max_size=6)


@SETTINGS
@given(text=yamlish(300), body=yamlish(60))
def test_yamlish_frontmatter(kb_root: Path, text: str, body: str) -> None:
    data = f"---\n{text}\n---\n{body}".encode("utf-8", "surrogatepass")
    check(kb_root, "seminars/fuzzed.md", data)


@SETTINGS
@given(front=FRONTMATTER, edits=EDITS, folder=st.sampled_from(["seminars", "case_studies"]))
def test_mutated_frontmatter(kb_root: Path, front: dict, edits: list, folder: str) -> None:
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    text = mutate(f"---\n{dumped}---\n\nSome text.\n", edits)
    check(kb_root, f"{folder}/fuzzed.md", text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(data=st.binary(max_size=400), fenced=st.booleans())
def test_random_bytes(kb_root: Path, data: bytes, fenced: bool) -> None:
    check(kb_root, "case_studies/fuzzed.md", (b"---\n" if fenced else b"") + data)


@SETTINGS
@given(entries=st.lists(FRONTMATTER, max_size=4), edits=EDITS,
       registry=st.sampled_from(["people", "organisations", "themes", "places", "projects"]))
def test_mutated_registries(kb_root: Path, entries: list, edits: list, registry: str) -> None:
    base = (kb_root / "registries" / f"{registry}.yml").read_text(encoding="utf-8")
    dumped = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False) if entries else ""
    check(kb_root, f"registries/{registry}.yml",
          mutate(base + dumped, edits).encode("utf-8", "surrogatepass"))


@settings(max_examples=1000, deadline=2000)
@given(text=yamlish(200))
def test_parse_yaml_returns_values_or_one_diagnostic(text: str) -> None:
    parsed = parse_yaml(text, "x.md", 1)
    if isinstance(parsed, Diagnostic):
        assert parsed.line >= 1 and parsed.code.startswith(("yaml-", "duplicate-key"))
    else:
        _, lines = parsed
        assert all(line >= 2 for line in lines.values())


def test_the_fuzzed_file_is_really_read(kb_root: Path) -> None:
    """The properties above would pass vacuously if the file were never looked at."""
    diagnostics = check(kb_root, "seminars/fuzzed.md", b"---\ndate: 30/11/2016\n---\n")
    assert {d.code for d in diagnostics if d.path == "seminars/fuzzed.md"} == {
        "missing-field", "bad-date"}
