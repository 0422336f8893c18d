"""``kb summary``: what a pull request adds, in plain English, without naming who must not be."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main
from kb.contrib.pr_summary import summarise_changes
from kb.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent

NEW_CASE = """---
kind: case-study
title: "Leeds: one *front door* for families"
date: "2016-10"
places:
  - Leeds
organisations:
  - Leeds City Council
themes:
  - leadership
contributors:
  - name: Rob Wilson
    organisation: Newcastle University
  - name: Dr Nina New
    consent: named
  - Omar Unasked
  - Rory Role
  - Wanda Withheld
sources:
  - mj-state-of-information-sharing
---

Text.
"""
NO_SOURCES = """---
kind: good-practice
title: Joint training
---
"""
EXTRA_PEOPLE = """
- id: rory-role
  name: Rory Role
  consent: role-only
  organisation: Leeds City Council
- id: wanda-withheld
  name: Wanda Withheld
  consent: withdrawn
"""


def copy_corpus(dest: Path) -> Path:
    for part in ("registries", "seminars", "case_studies"):
        shutil.copytree(ROOT / part, dest / part)
    return dest


@pytest.fixture
def base_and_head(tmp_path: Path) -> tuple[Path, Path]:
    base = copy_corpus(tmp_path / "base")
    head = copy_corpus(tmp_path / "head")
    (head / "case_studies" / "leeds-front-door.md").write_text(NEW_CASE, encoding="utf-8")
    (head / "case_studies" / "joint-training.md").write_text(NO_SOURCES, encoding="utf-8")
    people = head / "registries" / "people.yml"
    people.write_text(people.read_text(encoding="utf-8") + EXTRA_PEOPLE, encoding="utf-8")
    bristol = head / "case_studies" / "bristol-predictive-analytics.md"
    bristol.write_text(bristol.read_text(encoding="utf-8").replace(
        "themes:\n", "themes:\n  - leadership\n", 1), encoding="utf-8")
    return base, head


def test_summary_says_what_the_contribution_adds(base_and_head):
    base, head = base_and_head
    text = summarise_changes(load_corpus(base), load_corpus(head))
    assert text.startswith("## What this contribution adds\n")
    assert "This contribution adds 2 case studies, changes 1 case study, brings in " in text
    assert "Leeds: one \\*front door\\* for families" in text   # titles are escaped
    assert "`case_studies/leeds-front-door.md`" in text
    assert "### Changed records" in text and "`themes`" in text
    # New names: normal, listed for the reviewer with the consent the contribution claims.
    assert "### New names to check" in text
    assert ("- new person: Nina New (consent claimed: named; `case_studies/leeds-front-door.md`"
            " line 14) \u2014 check consent and add to registries/people.yml") in text
    assert "Dr Nina" not in text                                  # no honorific
    assert ("- new person, not named here (consent claimed: role-only (a record does not state "
            "it); `case_studies/leeds-front-door.md` line 16) \u2014 check consent") in text
    assert "Omar Unasked" not in text                             # not said to be named
    assert "- new organisation: Leeds City Council (" in text
    assert "add to registries/organisations.yml" in text
    assert "### New links in the network" in text
    assert "Rob Wilson *involved in* Leeds: one" in text
    # Consent: role-only and withdrawn people are never named, even in review notes.
    assert "Rory Role" not in text and "Wanda Withheld" not in text
    assert "a person to be shown by role only (not named)" in text
    assert "a person who has withdrawn consent (not named)" in text
    # The reviewer's checklist.
    assert ("- [ ] Every new record names its sources: no sources: "
            "`case_studies/joint-training.md`") in text
    assert "- [ ] Everyone named is in registries/people.yml" in text and "Nina New" in text
    assert "- [x] `kb validate` finds no errors" in text
    assert "personal information about service users" in text


def test_no_change(tmp_path):
    base = copy_corpus(tmp_path / "base")
    text = summarise_changes(load_corpus(base), load_corpus(base))
    assert "does not change any record or registry entry" in text
    assert "- [x] Every new record names its sources" in text


def test_removed_records_and_new_errors(base_and_head):
    base, head = base_and_head
    (head / "seminars" / "fire-and-rescue-cfoa-2015.md").unlink()
    text = summarise_changes(load_corpus(base), load_corpus(head))
    assert "removes 1 seminar or event" in text and "### Removed records" in text
    # Two outputs and a collaboration still name the removed seminar: the reviewer is told.
    assert "- [ ] `kb validate` finds no errors: 3 errors (+3 against the base branch)" in text


def test_kb_summary_command(base_and_head):
    base, head = base_and_head
    result = CliRunner().invoke(main, ["summary", "--base", str(base), "--root", str(head)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("## What this contribution adds")


def test_kb_summary_needs_base(tmp_path):
    result = CliRunner().invoke(main, ["summary", "--root", str(ROOT)])
    assert result.exit_code == 2 and "--base" in result.output
    result = CliRunner().invoke(main, ["summary", "--base", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "does not exist" in result.output
