"""Regression tests for the holes a security and privacy review found (each was reproduced)."""

from __future__ import annotations

import os
from pathlib import Path

from kb import load_corpus
from kb.corpus.unsafe_html import find_unsafe_html
from kb.html_safety import clean_html, href
from kb.network.export import _cell


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def codes(root: Path) -> list[str]:
    return [d.code for d in load_corpus(root).diagnostics]


def test_a_url_cannot_end_its_link_or_add_attributes():
    assert href("https://example.org/a){:onmouseover=x}") == (
        "https://example.org/a%29%7B:onmouseover=x%7D")
    assert href("https://example.org/a)[b](javascript:x)").count("(") == 0


def test_link_definition_with_its_url_on_the_next_line_is_caught():
    assert find_unsafe_html("[click][x]\n\n[x]:\n    javascript:alert(1)\n")


def test_images_only_from_the_site_itself():
    html = clean_html('<img src="https://tracker.example/p.png" alt="a"><img src="x.png" alt="b">')
    assert "tracker.example" not in html and 'src="x.png"' in html


def test_spreadsheet_formulas_are_neutralised():
    assert _cell('=HYPERLINK("x")') == "'=HYPERLINK(\"x\")"
    assert _cell("-1") == "'-1" and _cell(-1) == -1 and _cell("ok") == "ok"


def test_control_characters_are_refused(tmp_path):
    write(tmp_path, "case_studies/c.md", '---\nkind: case-study\ntitle: "a \\x01 b"\n---\n')
    assert "yaml-character" in codes(tmp_path)


def test_reserved_registry_ids_are_refused(tmp_path):
    write(tmp_path, "registries/themes.yml", "- id: index\n  name: Index\n  description: x\n")
    assert "reserved-id" in codes(tmp_path)


def test_a_new_entity_never_takes_a_reserved_id(tmp_path):
    write(tmp_path, "case_studies/c.md", "---\nkind: case-study\ntitle: t\nplaces: [Index]\n---\n")
    corpus = load_corpus(tmp_path)
    assert "index" not in corpus.entities("places")


def test_a_linked_folder_outside_the_knowledge_base_is_not_read(tmp_path):
    outside = tmp_path / "outside"
    write(outside, "x.md", "---\nkind: case-study\ntitle: Outside\n---\n")
    root = tmp_path / "kb"
    root.mkdir()
    os.symlink(outside, root / "case_studies")
    corpus = load_corpus(root)
    assert not corpus.records and "unsafe-path" in [d.code for d in corpus.diagnostics]


def test_a_person_named_twice_is_listed_once(tmp_path):
    write(tmp_path, "registries/people.yml",
          "- id: rob-wilson\n  name: Rob Wilson\n  consent: named\n  aliases: [Prof Rob Wilson]\n")
    write(tmp_path, "seminars/s.md",
          "---\ntitle: t\ndate: 2015\nspeakers: [Rob Wilson, Professor Rob Wilson]\n---\n")
    assert [p.person for p in load_corpus(tmp_path).records["s"].people["speakers"]] == [
        "rob-wilson"]


def test_suggestions_never_offer_a_private_name(tmp_path):
    write(tmp_path, "registries/people.yml",
          "- id: wanda\n  name: Wanda Withheld\n  consent: withdrawn\n"
          "- id: rita\n  name: Rita Roleonly\n  consent: role-only\n")
    write(tmp_path, "seminars/s.md",
          "---\ntitle: t\ndate: 2015\nspeakers: [Wanda Withhel, Rita Roleonl]\n---\n")
    messages = " ".join(d.message for d in load_corpus(tmp_path).diagnostics)
    assert "did you mean" not in messages


def test_a_withdrawn_persons_own_entry_creates_nothing(tmp_path):
    write(tmp_path, "registries/people.yml",
          "- id: wanda\n  name: Wanda Withheld\n  consent: withdrawn\n"
          "  organisation: Withheld Family Consultancy\n")
    corpus = load_corpus(tmp_path)
    assert not corpus.entities("organisations")


def test_a_person_id_is_checked_unless_it_is_their_own_name(tmp_path):
    write(tmp_path, "registries/people.yml",
          "- id: wendy-withdrawnperson\n  name: Bob Smith\n  consent: named\n"
          "- id: ann-lee\n  name: Ann Lee\n  consent: named\n  description: Ann Lee spoke.\n"
          "- id: wendy\n  name: Wendy Withdrawnperson\n  consent: withdrawn\n")
    corpus = load_corpus(tmp_path)
    assert [d.code for d in corpus.errors] == ["withdrawn-name"]
    assert sorted(corpus.registry.entities["people"]) == ["ann-lee", "wendy"]


def test_references_to_what_is_left_out_are_dropped(tmp_path):
    write(tmp_path, "registries/people.yml",
          "- id: wendy\n  name: Wendy Withdrawnperson\n  consent: withdrawn\n")
    write(tmp_path, "seminars/naming.md", "---\ntitle: Talk by Wendy Withdrawnperson\n"
          "date: 2016\n---\n")
    write(tmp_path, "seminars/hosted.md", "---\ntitle: Hosted\ndate: 2016\n"
          "hosts: [Wendy Withdrawnperson Consulting, Leeds City Council]\n---\n")
    write(tmp_path, "case_studies/shared.md", "---\nkind: case-study\ntitle: Shared\n"
          "presented_at: [naming, hosted]\n---\n")
    corpus = load_corpus(tmp_path)
    assert sorted(corpus.records) == ["hosted", "shared"]
    assert corpus.records["shared"].refs["presented_at"] == ["hosted"]
    assert corpus.records["hosted"].refs["hosts"] == ["leeds-city-council"]
    assert list(corpus.registry.entities["organisations"]) == ["leeds-city-council"]
