"""Consent fails closed in the real site: MkDocs builds of the shipped corpus with people whose
consent cannot be established. The strict build fails and writes nothing; any other build
leaves them out of every file (pages, search index, JSON-LD, sitemap, feed, downloads)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_project, mkdocs_build

#: A people registry that cannot be read (a tab), with a withdrawn person in it.
TAB_ENTRY = "- id: wendy-q\n\tname: Wendy Quillfeather\n  consent: withdrawn\n"

#: People whose consent cannot be established, one way each.
HOSTILE_PEOPLE = """
- id: wanda
  name: Wanda Bramblecote
  aliases: [The Bramble]
  consent: Withdrawn
- id: Tessa_T
  name: Tessa Thistlewood
  consent: withdrawn
- id: wendy-q
  name: Wendy Quillfeather
  consent: withdrawn
- id: nora
  name: Nora Nettlefield
  aliases: [Wendy Quillfeather]
  consent: named
- id: rita
  name: Rita Roleonlyperson
  consent: role-only
  role: deputy to Ms Bramblecote
  organisation: Leeds City Council
"""
HOSTILE_RECORDS = {
    "seminars/consent-talk.md": "---\ntitle: A talk on consent\ndate: 2016\nspeakers:\n"
    "  - Wanda Bramblecote\n  - Tessa Thistlewood\n  - Nora Nettlefield\n  - Kate Cook\n"
    "  - Rita Roleonlyperson\n---\nA neutral account.\n",
    "seminars/nickname.md": "---\ntitle: Another talk\ndate: 2016\n---\nThe Bramble spoke.\n",
    "case_studies/tessa-thistlewood-story.md": "---\nkind: case-study\ntitle: A neutral "
    "title\n---\nA neutral body.\n",
}
SECRETS = (b"bramblecote", b"thistlewood", b"quillfeather", b"nettlefield", b"roleonlyperson",
           b"the bramble")


def tab_project(root: Path) -> Path:
    project = make_project(root)
    registry = project / "registries/people.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + TAB_ENTRY, encoding="utf-8")
    (project / "seminars/quill-talk.md").write_text(
        "---\ntitle: A talk\ndate: 2016\nspeakers: [Wendy Quillfeather, Kate Cook]\n---\n"
        "A neutral account.\n", encoding="utf-8")
    return project


def hostile_project(root: Path) -> Path:
    project = make_project(root)
    registry = project / "registries/people.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + HOSTILE_PEOPLE, encoding="utf-8")
    for rel, text in HOSTILE_RECORDS.items():
        (project / rel).write_text(text, encoding="utf-8")
    return project


def assert_in_no_file(site: Path, secrets: tuple[bytes, ...]) -> None:
    files = [f for f in site.rglob("*") if f.is_file()]
    assert len(files) > 50, "the site was not built"
    for file in files:
        data = file.read_bytes().lower()
        for secret in secrets:
            assert secret not in data, f"{secret!r} in {file.relative_to(site)}"
        assert secret not in file.relative_to(site).as_posix().encode()


@pytest.mark.parametrize("make", [tab_project, hostile_project], ids=["tab", "hostile"])
def test_the_strict_build_fails_and_writes_nothing(tmp_path, make):
    project = make(tmp_path / "kb")
    out = tmp_path / "site"
    result = mkdocs_build(project, out, strict=True)
    assert result.returncode != 0
    assert not out.exists() or not any(out.iterdir()), "the failed build left files behind"
    assert "writes nothing" in result.stderr


def test_an_unreadable_registry_publishes_nobody_by_name(tmp_path):
    project = tab_project(tmp_path / "kb")
    out = tmp_path / "site"
    result = mkdocs_build(project, out, strict=False)
    assert "unreadable-people" in result.stderr
    # everyone in the registry is withdrawn; the hand-written pages (about, the field
    # reference) name some of them, so even the lenient build is stopped by the output gate
    assert result.returncode != 0 and "[protected-output]" in result.stderr
    assert not out.exists()


def test_people_whose_consent_is_in_doubt_are_in_no_file(tmp_path):
    project = hostile_project(tmp_path / "kb")
    out = tmp_path / "site"
    result = mkdocs_build(project, out, strict=False)
    assert result.returncode == 0, result.stderr
    assert_in_no_file(out, SECRETS)
    for code in ("bad-consent", "invalid-person", "protected-alias", "withdrawn-name"):
        assert f"[{code}]" in result.stderr, code
    assert (out / "people/kate-cook/index.html").is_file()  # the rest is still published
    assert (out / "seminars/consent-talk/index.html").is_file()
    assert not (out / "case_studies/tessa-thistlewood-story").exists()
    # the build log quotes what each file wrote, and never a protected person's name
    assert "'The Bramble'" in result.stderr
    assert "bramblecote" not in result.stderr.lower().replace("ms bramblecote", "")
