"""``kb validate`` as a command: exit codes, --strict, output formats and PATH filtering."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kb.cli import main
from kb.corpus import load_corpus

GOLDEN = Path(__file__).parent / "golden" / "validate"


def kb(*args: str) -> Result:
    return CliRunner().invoke(main, ["validate", *args], prog_name="kb")


def copy_case(case: str, dest: Path) -> Path:
    shutil.copytree(GOLDEN / case, dest, ignore=shutil.ignore_patterns("expected.txt", "build.py"))
    return dest


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return copy_case("clean", tmp_path / "kb")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """Errors in seminars/, case_studies/ and registries/; a warning and a notice in seminars/
    (a new speaker, whose consent the record does not state)."""
    root = copy_case("clean", tmp_path / "broken")
    (root / "seminars" / "bad-date.md").write_text(
        "---\ntitle: A bad date\ndate: 30/11/2016\n---\n")
    (root / "seminars" / "new-speaker.md").write_text(
        "---\ntitle: A new speaker\ndate: 2016\nspeakers: [Jane Newcomer]\n"
        "sources: [seminar-news-2015]\n---\n")
    (root / "case_studies" / "no-kind.md").write_text("---\ntitle: No kind\n---\n")
    with (root / "registries" / "themes.yml").open("a") as themes:
        themes.write("- id: Bad Id\n  name: Bad\n  description: Bad.\n")
    return root


@pytest.fixture
def warnings_only(tmp_path: Path) -> Path:
    root = copy_case("clean", tmp_path / "warnings")
    (root / "seminars" / "new-speaker.md").write_text(
        "---\ntitle: A new speaker\ndate: 2016\nspeakers: [Jane Newcomer]\n"
        "sources: [seminar-news-2015]\n---\n")
    return root


@pytest.fixture
def notices_only(tmp_path: Path) -> Path:
    """A new speaker who agreed to be named, a new host and a new place: new names only."""
    root = copy_case("clean", tmp_path / "notices")
    (root / "seminars" / "new-speaker.md").write_text(
        "---\ntitle: A new speaker\ndate: 2016\nplace: Wakefield\nhosts: [Wakefield Council]\n"
        "speakers:\n  - name: Dr Jane Newcomer\n    consent: named\n"
        "sources: [seminar-news-2015]\n---\n")
    return root


# ---- Exit codes ----

def test_clean_exits_0(clean: Path) -> None:
    result = kb("--root", str(clean))
    assert result.exit_code == 0
    assert result.stdout == "No problems found.\n"


def test_errors_exit_1(broken: Path) -> None:
    result = kb("--root", str(broken))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "3 errors, 1 warning and 1 notice in 4 files."


def test_warnings_alone_exit_0(warnings_only: Path) -> None:
    result = kb("--root", str(warnings_only))
    assert result.exit_code == 0
    assert "warning: the record does not say whether 'Jane Newcomer'" in result.stdout
    assert "notice: 'Jane Newcomer' is a new person, not in registries/people.yml" in result.stdout
    assert result.stdout.splitlines()[-1] == "0 errors, 1 warning and 1 notice in 1 file."


def test_strict_turns_warnings_into_failure(warnings_only: Path, clean: Path) -> None:
    assert kb("--strict", "--root", str(warnings_only)).exit_code == 1
    assert kb("--strict", "--root", str(clean)).exit_code == 0


def test_new_names_are_notices_that_strict_does_not_fail(notices_only: Path) -> None:
    """Issue 14: a new person, organisation or place is reported, and fails nothing."""
    result = kb("--strict", "--root", str(notices_only))
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    assert [line.rsplit("[", 1)[1] for line in lines[:-1]] == [
        "new-place]", "new-organisation]", "new-person]"]
    assert all(": notice: " in line for line in lines[:-1])
    assert "'Dr Jane Newcomer' is a new person" in lines[2] and "'Jane Newcomer'" in lines[2]
    assert lines[-1] == "0 errors, 0 warnings and 3 notices in 1 file."


def test_the_shipped_content_is_valid() -> None:
    result = kb("--root", str(Path(__file__).resolve().parents[1]))
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize("args", [
    ["--format", "xml"],
    ["--no-such-option"],
    ["does-not-exist.md"],
])
def test_usage_errors_exit_2(clean: Path, args: list[str]) -> None:
    result = kb("--root", str(clean), *args)
    assert result.exit_code == 2
    assert "Usage: kb validate" in result.output


def test_a_path_outside_the_root_exits_2(clean: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text("---\ntitle: x\n---\n")
    result = kb("--root", str(clean), str(outside))
    assert result.exit_code == 2
    assert f"'{outside}' is outside the knowledge base at {clean.resolve()}" in result.output


def test_a_folder_that_is_not_a_knowledge_base_exits_2(tmp_path: Path) -> None:
    result = kb("--root", str(tmp_path))
    assert result.exit_code == 2
    assert "there is no knowledge base at" in result.output
    assert "no seminars/, case_studies/ or registries/ folder" in result.output


# ---- Where it runs ----

def test_finds_the_root_from_a_subfolder(broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(broken / "seminars")
    result = kb("bad-date.md")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "seminars/bad-date.md:3: error: 'date' has '30/11/2016', which is not a date in the form "
        "YYYY, YYYY-MM or YYYY-MM-DD (for 30 November 2016 write 2016-11-30); if the date is "
        "not known write 'date: unknown' [bad-date]",
        "1 error and 0 warnings in 1 file.",
    ]


# ---- PATH filtering ----

def paths_reported(result: Result) -> set[str]:
    return {line.split(":", 1)[0] for line in result.stdout.splitlines()[:-1]}


def test_paths_filter_by_folder(broken: Path) -> None:
    result = kb("--root", str(broken), str(broken / "seminars"))
    assert paths_reported(result) == {"seminars/bad-date.md", "seminars/new-speaker.md"}
    assert result.exit_code == 1


def test_paths_filter_by_file_and_several(broken: Path) -> None:
    result = kb("--root", str(broken), str(broken / "case_studies" / "no-kind.md"),
                str(broken / "registries"))
    assert paths_reported(result) == {"case_studies/no-kind.md", "registries/themes.yml"}


def test_a_filter_with_only_warnings_exits_0(broken: Path) -> None:
    result = kb("--root", str(broken), str(broken / "seminars" / "new-speaker.md"))
    assert result.exit_code == 0
    assert paths_reported(result) == {"seminars/new-speaker.md"}
    assert kb("--strict", "--root", str(broken),
              str(broken / "seminars" / "new-speaker.md")).exit_code == 1


def test_a_filter_on_a_clean_file_reports_nothing(broken: Path) -> None:
    result = kb("--root", str(broken), str(broken / "seminars" / "bradford-families-2015.md"))
    assert result.exit_code == 0
    assert result.stdout == "No problems found.\n"


def test_the_root_as_path_reports_everything(broken: Path) -> None:
    assert kb("--root", str(broken), str(broken)).stdout == kb("--root", str(broken)).stdout


def test_a_folder_filter_does_not_match_a_longer_name(broken: Path) -> None:
    (broken / "seminars-old").mkdir()
    result = kb("--root", str(broken), str(broken / "seminars-old"))
    assert result.stdout == "No problems found.\n"


# ---- Formats ----

def test_github_format(broken: Path) -> None:
    result = kb("--format", "github", "--root", str(broken))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-1] == "3 errors, 1 warning and 1 notice in 4 files."
    assert ("::error file=seminars/bad-date.md,line=3,title=bad-date::'date' has '30/11/2016', "
            "which is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD (for 30 November 2016 "
            "write 2016-11-30); if the date is not known write 'date: unknown'") in lines
    assert any(line.startswith("::notice file=seminars/new-speaker.md,line=4,title=new-person::")
               for line in lines)
    assert any(line.startswith("::warning file=seminars/new-speaker.md,line=4,"
                               "title=unstated-consent::") for line in lines)
    assert all(line.startswith(("::error file=", "::warning file=", "::notice file="))
               for line in lines[:-1])


def test_github_format_escapes_what_would_break_a_command(tmp_path: Path) -> None:
    root = copy_case("clean", tmp_path / "kb")
    (root / "seminars" / "notes, 100%: draft.txt").write_text("not a record")
    result = kb("--format", "github", "--root", str(root))
    assert result.stdout.splitlines()[0] == (
        "::warning file=seminars/notes%2C 100%25%3A draft.txt,title=not-markdown::"
        "'notes, 100%25: draft.txt' is not read: records are Markdown files ending in '.md'; "
        "rename it to 'notes, 100%25: draft.md' if it is one")


def test_json_format(broken: Path) -> None:
    result = kb("--format", "json", "--root", str(broken))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    expected = [{"path": d.path, "line": d.line, "level": d.level, "code": d.code,
                 "message": d.message} for d in load_corpus(broken).diagnostics]
    assert data == expected
    assert {d["code"] for d in data} == {"bad-date", "new-person", "unstated-consent",
                                         "missing-field", "bad-id"}


def test_json_format_when_clean(clean: Path) -> None:
    result = kb("--format", "json", "--root", str(clean))
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_json_format_keeps_non_ascii(tmp_path: Path) -> None:
    root = copy_case("clean", tmp_path / "kb")
    (root / "seminars" / "accents.md").write_text(
        "---\ntitle: Accents\ndate: 2016\nspeakers: [Zoë Ó Briain]\n"
        "sources: [seminar-news-2015]\n---\n", encoding="utf-8")
    result = kb("--format", "json", "--root", str(root))
    assert "'Zoë Ó Briain' is a new person, not in registries/people.yml" in result.stdout


def test_one_line_per_problem_whatever_the_file_holds(tmp_path: Path) -> None:
    root = copy_case("clean", tmp_path / "kb")
    (root / "seminars" / "escapes.md").write_text(
        '---\ntitle: Escapes\ndate: 2016\nspeakers: ["Two\\nlines \\e[31mred"]\n'
        'sources: [seminar-news-2015]\n---\n')
    result = kb("--root", str(root))
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert "contains the invisible character U+001B" in lines[0]
    assert "\x1b" not in result.stdout  # no terminal escape reaches the reader


@pytest.mark.parametrize("command", [["validate"], ["pages", "--out", "out"],
                                     ["export", "--format", "json", "-o", "x.json"],
                                     ["new", "case-study"], ["schema", "seminar"],
                                     ["summary", "--base", "."]])
def test_every_command_refuses_a_folder_that_is_no_knowledge_base(
        tmp_path: Path, command: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """One check, one message, one exit code (2, a usage error) for every command."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*command, "--root", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert f"there is no knowledge base at {tmp_path.resolve()}" in result.output
    assert not (tmp_path / "out").exists() and not (tmp_path / "x.json").exists()
