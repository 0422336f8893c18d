"""Stage 1: reading files, splitting frontmatter and parsing YAML with lines, safely."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import textwrap
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.corpus import yaml_lines as safe_yaml
from kb.corpus.files import (
    MAX_DEPTH,
    MAX_NODES,
    find_entries,
    load_document,
    load_yaml_file,
    parse_yaml,
    parse_yaml_all,
    read_text,
    split_frontmatter,
)
from kb.model import Diagnostic

# ---- split_frontmatter ----

#: The closing line by definition: the first line after the opening one that is '---' or
#: '...', blanks allowed after it (split_frontmatter finds it faster, without a regex).
CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["\n", "-", ".", " ", "\t", "a", "---", "...", "x: 1"]),
                max_size=14).map("".join))
def test_the_closing_line_is_the_first_that_closes(rest: str) -> None:
    text = "---\n" + rest
    split = split_frontmatter(text, "x.md")
    closing = CLOSING.search(text, 4) if rest else None
    if closing is None:
        assert isinstance(split, Diagnostic) and split.code == "unclosed-frontmatter"
    else:
        assert split == (text[4:closing.start()], text[closing.end() + 1:],
                         text.count("\n", 0, closing.start()) + 2)


@pytest.mark.parametrize("text", [
    "---\ntitle: x\n---\nBody\nmore\n",
    "---\r\ntitle: x\r\n---\r\nBody\r\nmore\r\n",
    "---\rtitle: x\r---\rBody\rmore\r",
    "---  \ntitle: x\n...\nBody\nmore\n",
])
def test_split_frontmatter_any_line_endings(text: str) -> None:
    assert split_frontmatter(text, "x.md") == ("title: x\n", "Body\nmore\n", 4)


@pytest.mark.parametrize(("text", "front", "body", "body_line"), [
    ("---\n---\n", "", "", 3),
    ("---\n---", "", "", 3),
    ("---\na: 1\n---", "a: 1\n", "", 4),
    ("---\na: 1\n\n\n---\n\nText", "a: 1\n\n\n", "\nText", 6),
    ("---\na: '---'\n----\n---\n", "a: '---'\n----\n", "", 5),
])
def test_split_frontmatter_edges(text: str, front: str, body: str, body_line: int) -> None:
    assert split_frontmatter(text, "x.md") == (front, body, body_line)


@pytest.mark.parametrize(("text", "code"), [
    ("", "no-frontmatter"),
    ("title: x\n---\n", "no-frontmatter"),
    (" ---\ntitle: x\n---\n", "no-frontmatter"),
    ("----\ntitle: x\n---\n", "no-frontmatter"),
    ("---", "unclosed-frontmatter"),
    ("---\ntitle: x\n", "unclosed-frontmatter"),
    ("---\ntitle: x\n --- \n", "unclosed-frontmatter"),
])
def test_split_frontmatter_refuses(text: str, code: str) -> None:
    result = split_frontmatter(text, "x.md")
    assert isinstance(result, Diagnostic) and (result.code, result.line) == (code, 1)


# ---- parse_yaml: values and lines ----

def test_lines_of_every_key_and_item() -> None:
    text = ("title: A title\n"
            "speakers:\n"
            "  - Rob Wilson\n"
            "  - name: Sue Richardson\n"
            "    role: Chair\n"
            "themes: [consent,\n"
            "  leadership]\n")
    data, lines = parse_yaml(text, "x.md", 1)
    assert data == {"title": "A title", "themes": ["consent", "leadership"],
                    "speakers": ["Rob Wilson", {"name": "Sue Richardson", "role": "Chair"}]}
    assert lines == {(): 2, ("title",): 2, ("speakers",): 3, ("speakers", 0): 4,
                     ("speakers", 1): 5, ("speakers", 1, "name"): 5, ("speakers", 1, "role"): 6,
                     ("themes",): 7, ("themes", 0): 7, ("themes", 1): 8}


def test_lines_ignore_breaks_that_editors_do_not_show() -> None:
    data, lines = parse_yaml('a: "one\u2028two\x85three"\nb: 1\nc: [x,\n  y]\n', "x.md", 1)
    assert data["a"] == "one\u2028two three"  # YAML folds a quoted NEL line break
    assert lines[("b",)] == 3 and lines[("c", 1)] == 5


def test_scalars() -> None:
    text = ("a: 2016-11-30\nb: 2016-11-30 10:30:00\nc: 2016-02-30\nd: 0x_\ne: 12\nf: yes\n"
            "g: ~\nh: =\ni: <<\nj: '2016'\nk: 1.5\nl: 123456789012345678901234567890\n"
            f"m: {'9' * 5000}\nn: {'1' + ':0' * 100}\n")
    data, _ = parse_yaml(text, "x.md", 1)
    assert data == {"a": dt.date(2016, 11, 30), "b": dt.date(2016, 11, 30), "c": "2016-02-30",
                    "d": "0x_", "e": 12, "f": True, "g": None, "h": "=", "i": "<<", "j": "2016",
                    "k": 1.5, "l": 123456789012345678901234567890, "m": "9" * 5000,
                    "n": "1" + ":0" * 100}


def test_keys_are_text() -> None:
    data, _ = parse_yaml("1: a\nnull: b\nyes: c\n2016-01-01: d\n", "x.md", 1)
    assert data == {"1": "a", "null": "b", "yes": "c", "2016-01-01": "d"}


def test_duplicate_keys_keep_the_first_value_and_report_each() -> None:
    value, lines, problems = parse_yaml_all("a: 1\nb: 2\na: 3\na: 4\n", "x.md", 1)
    assert value == {"a": 1, "b": 2}
    assert [(p.line, p.code) for p in problems] == [(4, "duplicate-key"), (5, "duplicate-key")]
    assert problems[1].message == ("the field 'a' is given twice (first on line 2); merge the "
                                   "two into one")
    # parse_yaml (which kb new uses) returns the first problem.
    assert parse_yaml("a: 1\na: 3\n", "x.md", 1) == Diagnostic(
        "x.md", 3, "error", "duplicate-key",
        "the field 'a' is given twice (first on line 2); merge the two into one")


def test_registry_lines_start_with_items(tmp_path: Path) -> None:
    path = tmp_path / "themes.yml"
    path.write_text("# Themes\n- id: a\n  name: A\n- id: b\n")
    doc, problems = load_yaml_file(path, "registries/themes.yml")
    assert problems == [] and doc is not None
    assert doc.data == {"items": [{"id": "a", "name": "A"}, {"id": "b"}]}
    assert doc.line_of("items", 1, "id") == 4 and doc.line_of("items", 0, "name") == 3


# ---- parse_yaml: hostile input ----

def test_tags_construct_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    for text in (f"a: !!python/object/apply:os.system ['touch {marker}']",
                 f"!!python/object/apply:os.system ['touch {marker}']: x",
                 f"a: !!python/object/new:subprocess.check_output [['touch', '{marker}']]"):
        result = parse_yaml(text, "x.md", 1)
        assert isinstance(result, Diagnostic) and result.code in ("yaml-tag", "yaml-key")
    assert not marker.exists()


def test_alias_bomb_is_refused_in_bounded_time_and_memory() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghijklmnop"):
        prev = "abcdefghijklmnop"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
    text = "\n".join(lines)  # 10**16 values if expanded
    tracemalloc.start()
    start = time.perf_counter()
    result = parse_yaml(text, "x.md", 1)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert isinstance(result, Diagnostic) and result.code == "yaml-too-complex"
    assert f"more than {MAX_NODES:,} values" in result.message
    assert seconds < 5 and peak < 100 * 2**20


def test_aliases_within_the_budget_are_expanded() -> None:
    data, lines = parse_yaml("a: &x [1, 2]\nb: *x\nc: [*x, *x]\nd: [&y z, *y]", "x.md", 1)
    assert data == {"a": [1, 2], "b": [1, 2], "c": [[1, 2], [1, 2]], "d": ["z", "z"]}
    # An alias's own position is lost in parsing: its place in the parent stands in.
    assert (lines[("a", 1)], lines[("b", 1)], lines[("c", 1)], lines[("d", 1)]) == (2, 3, 4, 5)


@pytest.mark.parametrize("text", ["a: &x [1, *x]", "a: &x {b: *x}", "&x [*x]"])
def test_alias_inside_itself_is_refused(text: str) -> None:
    result = parse_yaml(text, "x.md", 1)
    assert isinstance(result, Diagnostic) and result.code == "yaml-too-complex"
    assert "never end" in result.message


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 300_000])
def test_deep_nesting_is_refused(depth: int) -> None:
    for text in ("a: " + "[" * depth + "]" * depth, "- " * depth + "x",
                 "a: " + "{b: " * depth + "}" * depth):
        result = parse_yaml(text, "x.md", 1)
        assert isinstance(result, Diagnostic) and result.code == "yaml-too-complex", text[:20]


class _RefusesDeepNesting(safe_yaml._Loader):
    """A libyaml that stops nesting itself, at its own depth and in its own words, as PyYAML
    6.0.4's bundled libyaml does at 1,000 levels ("exceeded maximum nesting depth")."""

    limit = 60

    def get_event(self) -> yaml.Event:
        event = super().get_event()
        self.depth = getattr(self, "depth", 0)
        if isinstance(event, yaml.CollectionStartEvent):
            self.depth += 1
            if self.depth > self.limit:
                raise yaml.scanner.ScannerError("while nesting", event.start_mark,
                                                "words of its own", event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            self.depth -= 1
        return event


class _RefusesAtOneThousand(_RefusesDeepNesting):
    limit = 1000


#: The parsers a contributor's machine may have: the installed libyaml, whatever it is; a
#: parser with no nesting limit of its own (PyYAML's pure-Python one, like libyaml before
#: 0.2.6); and libyamls that refuse deep nesting themselves, at 1,000 levels or fewer.
_PARSERS = {"installed": None, "no-limit": yaml.SafeLoader,
            "refuses-at-60": _RefusesDeepNesting, "refuses-at-1000": _RefusesAtOneThousand}


@pytest.mark.parametrize("parser", sorted(_PARSERS))
@pytest.mark.parametrize("text", [
    "a: " + "[" * 5_000 + "]" * 5_000,
    "a:\n  b: " + "{c: " * 1_200 + "}" * 1_200,
    "a: 1\nb:\n" + "".join("  " * i + "- \n" for i in range(60)),
    "- " * 300 + "x",
    "a: [[[[1]]]]\nb: " + "[" * 2_000,  # never closed, but too deep before that shows
], ids=["flow-lists", "flow-maps", "block-lists", "dashes", "too-deep-then-broken"])
def test_deep_nesting_is_reported_alike_by_every_parser(
        parser: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = parse_yaml(text, "x.md", 1)
    if _PARSERS[parser] is not None:
        monkeypatch.setattr(safe_yaml, "_Loader", _PARSERS[parser])
    result = parse_yaml(text, "x.md", 1)
    assert isinstance(result, Diagnostic) and result.code == "yaml-too-complex"
    assert result == expected  # the same line and message, whichever parser is installed


@pytest.mark.parametrize("parser", sorted(_PARSERS))
@pytest.mark.parametrize(("text", "code"), [
    ("a: [1, 2", "yaml-syntax"), ("a: b: c", "yaml-syntax"), ("a: 1\n\x07", "yaml-character"),
    ("a: " + "[" * 20 + "1, 2" + "]" * 19, "yaml-syntax"),
])
def test_other_yaml_failures_keep_their_code_with_every_parser(
        parser: str, text: str, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if _PARSERS[parser] is not None:
        monkeypatch.setattr(safe_yaml, "_Loader", _PARSERS[parser])
    result = parse_yaml(text, "x.md", 1)
    assert isinstance(result, Diagnostic) and result.code == code


@pytest.mark.parametrize("parser", sorted(_PARSERS))
def test_an_escape_beyond_unicode_is_a_syntax_error(parser: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The pure-Python parser, asked about nesting after libyaml fails, raises ValueError on
    this (found by the canary's hypothesis run); it must stay libyaml's syntax error."""
    if _PARSERS[parser] is not None:
        monkeypatch.setattr(safe_yaml, "_Loader", _PARSERS[parser])
    result = parse_yaml('a:\n  - b: "\\U00FFFFFF"\n', "x.md", 1)
    assert isinstance(result, Diagnostic) and result.code == "yaml-syntax"


def test_nesting_to_the_limit_is_read() -> None:
    depth = MAX_DEPTH - 1  # and the mapping around it
    data, _ = parse_yaml("a: " + "[" * depth + "]" * depth, "x.md", 1)
    assert isinstance(data["a"], list)
    deeper = parse_yaml("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH, "x.md", 1)
    assert isinstance(deeper, Diagnostic) and deeper.code == "yaml-too-complex"


def test_deep_nesting_does_not_crash_the_interpreter() -> None:
    """libyaml's composer recurses in C: without the guard this is a segfault, so run it in a
    child process with a small stack, where a crash cannot take the test run with it."""
    code = textwrap.dedent("""
        import threading
        threading.stack_size(128 * 1024)
        from kb.corpus.files import parse_yaml

        def run():
            for n in (100, 140, 149, 150, 151, 200, 400, 1000, 100_000):
                texts = ["a: " + "[" * n + "]" * n, "- " * n + "x"]
                if n <= 1000:  # an indent per level: n * n / 2 characters
                    texts.append("".join(" " * i + "k:\\n" for i in range(n)) + " " * n + "x")
                for text in texts:
                    print(getattr(parse_yaml(text, "x", 1), "code", "ok"))

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == {"yaml-too-complex"}


@pytest.mark.parametrize(("text", "code", "line"), [
    ("a: b: c", "yaml-syntax", 2),
    ("a: [1, 2", "yaml-syntax", 2),
    ("a: 1\n\x00", "yaml-character", 3),
    ("a: 1\nb: 'x\x07y'", "yaml-character", 3),
    ("<<: {a: 1}", "yaml-merge", 2),
    ("? [a]\n: 1", "yaml-key", 2),
    ("a: !!set {x}", "yaml-tag", 2),
    ("!local a: 1", "yaml-tag", 2),
    ("a: 1\n---\nb: 2", "yaml-syntax", 3),
])
def test_problems_are_diagnostics(text: str, code: str, line: int) -> None:
    result = parse_yaml(text, "x.md", 1)
    assert isinstance(result, Diagnostic) and (result.code, result.line) == (code, line)


def test_control_character_position() -> None:
    result = parse_yaml("a: 1\nbb: é\x0c\n", "x.md", 1)
    assert isinstance(result, Diagnostic)
    assert result.line == 3 and "column 6 holds the invisible control character U+000C" in (
        result.message)


# ---- files ----

def test_read_text_allows_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"\xef\xbb\xbf---\n")
    assert read_text(path, "x.md", 100) == ("---\n", [])


def test_read_text_reports_the_offset_of_the_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"\xef\xbb\xbfab\ncd\xff\xfe")
    text, [diag] = read_text(path, "x.md", 100)
    assert text is None and (diag.code, diag.line) == ("not-utf8", 2)
    assert "byte 8 (0xff) cannot be read" in diag.message


def test_read_text_limits_size(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"a" * 101)
    assert read_text(path, "x.md", 101) == ("a" * 101, [])
    text, [diag] = read_text(path, "x.md", 100)
    assert text is None and diag.code == "file-too-large" and diag.line == 0
    assert "the file is 101 bytes, over the limit of 100 bytes" in diag.message


def test_read_text_reports_unreadable_files(tmp_path: Path) -> None:
    for path in (tmp_path, tmp_path / "missing.md"):
        text, [diag] = read_text(path, "x.md", 100)
        assert text is None and diag.code == "unreadable"


def test_load_document(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"---\r\ntitle: x\r\ntitle: y\r\n---\r\n\r\nBody\r\n")
    doc, problems = load_document(path, "seminars/x.md")
    assert doc is not None and doc.data == {"title": "x"}
    assert (doc.body, doc.body_line) == ("\nBody\n", 5)
    assert [(p.line, p.code) for p in problems] == [(3, "duplicate-key")]


def test_find_entries(tmp_path: Path) -> None:
    for name in ("b.md", "a.md", ".hidden.md", "~lock.md", "#auto.md#", "c.txt"):
        (tmp_path / name).write_text("x")
    (tmp_path / "folder.md").mkdir()
    assert [e.name for e in find_entries(tmp_path, "*.md")] == ["a.md", "b.md"]
    assert [e.name for e in find_entries(tmp_path, "*")] == ["a.md", "b.md", "c.txt"]
    assert find_entries(tmp_path / "missing", "*") == []
