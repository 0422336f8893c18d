"""The real site, built by MkDocs from the shipped corpus and from altered copies of it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, make_project, mkdocs_build, serve

from kb import load_corpus
from kb.pages.search import index_text

THIRD_PARTY = re.compile(
    r"""(?:src|href)\s*=\s*["']?(?:https?:)?//(?!127\.0\.0\.1)|url\(\s*["']?(?:https?:)?//""", re.I
)


def built_files(site: Path, suffixes=(".html", ".js", ".css", ".json", ".xml")):
    return [p for p in site.rglob("*") if p.is_file() and p.suffix in suffixes]


def test_every_record_and_entity_has_a_page(built_site):
    for path in (
        "seminars/bradford-families-2015/index.html",
        "people/kate-karban/index.html",
        "organisations/sedgemoor-district-council/index.html",
        "themes/consent/index.html",
        "barriers/concerns-over-trust-between-agencies/index.html",
        "case_studies/index.html",
        "feed.xml",
        "sitemap.xml",
    ):
        assert (built_site / path).is_file(), path


def test_nothing_loads_from_another_host(built_site):
    """Links out (<a href>) are fine; anything the browser loads by itself is not."""
    offenders = []
    for file in built_files(built_site, (".html", ".css")):
        text = file.read_text(encoding="utf-8", errors="replace")
        for match in THIRD_PARTY.finditer(text):
            start = text.rfind("<", 0, match.start())
            tag = text[start : match.end() + 60]
            if tag.startswith("<a ") or tag.startswith('<link rel="canonical"'):
                continue
            offenders.append(f"{file.relative_to(built_site)}: {tag[:120]}")
    assert not offenders, "\n".join(offenders[:20])
    assert "fonts.googleapis" not in (built_site / "index.html").read_text()


def test_nav_does_not_grow_with_records(built_site):
    html = (built_site / "index.html").read_text()
    assert "people/kate-karban/" not in html.split('class="md-content"')[0]


def test_seminar_page_has_json_ld_event_in_series(built_site):
    html = (built_site / "seminars/bradford-families-2015/index.html").read_text()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(blocks[0])
    assert data["@type"] == "Event"
    assert data["superEvent"]["@type"] == "EventSeries"
    assert {p["name"] for p in data["performer"]} >= {"Kate Cook", "James Cornford"}
    assert data["url"].startswith("https://")


def test_feed_is_valid_atom(built_site):
    root = ET.parse(built_site / "feed.xml").getroot()
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert entries and all(
        e.find("{http://www.w3.org/2005/Atom}updated") is not None for e in entries
    )


def test_edit_link_points_at_the_source_file(built_site):
    html = (built_site / "seminars/bradford-families-2015/index.html").read_text()
    assert "/edit/main/seminars/bradford-families-2015.md" in html


def test_footer_contrast_is_fixed(built_site):
    css = (built_site / "assets/kb/kb.css").read_text()
    assert "--md-footer-fg-color--lighter: hsla(0, 0%, 100%, 0.78)" in css


def test_the_downloads_reach_the_site_from_disk(built_site):
    """The plugin hands MkDocs the files the exports wrote to disk: they arrive unchanged."""
    from kb.network import export_files, plan_network
    from kb.pages.network import site_look

    expected = export_files(plan_network(load_corpus(ROOT)), look=site_look())
    for name, content in expected.items():
        assert (built_site / "data" / name).read_bytes() == content, name


def test_only_the_plugin_imports_mkdocs():
    package = ROOT / "tools" / "kb"
    importers = sorted(
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if re.search(r"^\s*(from|import) mkdocs", p.read_text(), re.M)
    )
    assert importers == ["plugin.py"]


HOSTILE_MARKUP = """---
kind: case-study
title: 'Hostile <script>alert(1)</script> title'
summary: '"><img src=x onerror=alert(1)>'
contributors:
  - name: Rita Roleonlyperson
    organisation: Leeds Families First
themes: [consent]
sources:
  - title: The report
    url: "https://example.org/report){:onmouseover=alert(document.cookie)}"
  - title: Annex
    url: "https://example.org/annex)[Annex](javascript:alert(document.domain)"
---
Some text.

<script>alert('body')</script>

<p onclick="alert(2)">click</p>

[bad](javascript:alert(3))

![tracker](https://tracker.example/pixel.png)
"""

# Each of these names a protected person somewhere other than a people field.
NAMING = {
    "venue": "---\ntitle: At a hall\ndate: 2016\nvenue: Wendy Withdrawnperson Hall\n---\n",
    "source": "---\ntitle: A source\ndate: 2016\nsources:\n"
    "  - title: Wendy Withdrawnperson's blog\n---\n",
    "role": "---\ntitle: A role\ndate: 2016\nspeakers:\n"
    "  - name: Kate Cook\n    role: Co-presenter with W. Withdrawnperson\n---\n",
    "organisation": "---\ntitle: An organisation\ndate: 2016\n"
    "hosts: [Wendy Withdrawnperson Consulting]\n---\n",
    "role-only": "---\ntitle: Talk by Rita Roleonlyperson\ndate: 2016\n---\n",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A copy of the corpus with a withdrawn person, a role-only person, a record full of
    markup and hostile URLs, and records naming protected people in other fields."""
    project = make_project(tmp_path_factory.mktemp("hostile"))
    people = yaml.safe_load((project / "registries/people.yml").read_text())
    people += [
        {
            "id": "wendy-withdrawn",
            "name": "Wendy Withdrawnperson",
            "consent": "withdrawn",
            "aliases": ["W. Withdrawnperson"],
            "organisation": "Withheld Family Consultancy",
        },
        {
            "id": "rita-roleonly",
            "name": "Rita Roleonlyperson",
            "consent": "role-only",
            "role": "social worker",
        },
    ]
    (project / "registries/people.yml").write_text(yaml.safe_dump(people, sort_keys=False))
    (project / "case_studies/hostile-record.md").write_text(HOSTILE_MARKUP, encoding="utf-8")
    for name, text in NAMING.items():
        (project / f"seminars/naming-{name}.md").write_text(text, encoding="utf-8")
    # A people field may name a withdrawn person: the record stays, the person goes.
    (project / "seminars/withdrawn-speaker.md").write_text(
        "---\ntitle: A talk with a withdrawn speaker\ndate: 2016\n"
        "speakers: [Wendy Withdrawnperson, Kate Cook]\n---\nWhat was said.\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-site")
    result = mkdocs_build(project, out, strict=False)
    assert result.returncode == 0, result.stderr
    return out, result


def test_withdrawn_person_is_in_no_byte_of_the_site(hostile_site):
    site, result = hostile_site
    for file in site.rglob("*"):
        if file.is_file():
            data = file.read_bytes().lower()
            assert b"withdrawnperson" not in data, file
            assert b"withheld family" not in data, file
    assert "withdrawn-name" in result.stderr


def test_withdrawn_person_is_not_in_the_decoded_search_index(hostile_site):
    site, _ = hostile_site
    index = index_text(site).lower()  # Pagefind gzips its files: raw bytes would hide a name
    assert "a talk with a withdrawn speaker" in index and "kate cook" in index
    assert "withdrawnperson" not in index
    assert "withheld family" not in index


def test_records_naming_protected_people_are_left_out(hostile_site):
    site, result = hostile_site
    for name in NAMING:
        if name == "organisation":
            continue  # the organisation is left out, not the record that names it
        assert not (site / f"seminars/naming-{name}").exists(), name
    assert (site / "seminars/naming-organisation/index.html").is_file()
    assert not list(site.glob("organisations/wendy*"))
    assert "role-only-name" in result.stderr
    assert "left out of the site" in result.stderr


def test_role_only_person_appears_only_by_role(hostile_site):
    site, _ = hostile_site
    html = (site / "case_studies/hostile-record/index.html").read_text()
    assert "a social worker from" in html
    assert not (site / "people/rita-roleonly").exists()
    for file in site.rglob("*"):
        if file.is_file() and file.suffix in (
            ".html",
            ".json",
            ".xml",
            ".csv",
            ".graphml",
            ".gexf",
        ):
            assert b"roleonlyperson" not in file.read_bytes().lower(), file


def test_contributed_values_never_become_markup(hostile_site):
    site, result = hostile_site
    html = (site / "case_studies/hostile-record/index.html").read_text()
    assert "<script>alert" not in html
    assert not re.search(r"<img[^>]*onerror", html, re.I)
    assert not re.search(r"<a[^>]*\sonmouseover=", html, re.I)  # (encoded inside a URL is text)
    assert 'onclick="alert' not in html
    assert not re.search(r"""href=["']?\s*javascript:""", html, re.I)
    assert "&lt;script&gt;" in html  # the title is shown, as text
    assert "tracker.example" not in html  # no image from another host
    # The search index holds each page's text: the title is there as the text it shows;
    # test_search_shows_hostile_text_as_text checks that the search box keeps it text.
    assert "Hostile <script>alert(1)</script> title" in index_text(site)
    assert "unsafe-html" in result.stderr  # and the validator said so


def test_search_shows_hostile_text_as_text(hostile_site, page):
    site, _ = hostile_site
    url, server = serve(site)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(url)
        page.keyboard.press("/")
        page.keyboard.type("Hostile")
        # results update as each letter arrives: wait for the hostile record's own result
        # (matched on its text, so markup would not match) rather than read the first one
        title = page.locator(".kb-search__result .kb-search__title",
                             has_text="<script>alert(1)</script>").first
        title.wait_for(timeout=10_000)
        assert "<script>alert(1)</script>" in title.inner_text()  # shown as text
        assert page.locator(".kb-search__panel script, .kb-search__panel img").count() == 0
        page.wait_for_timeout(300)
        assert not dialogs
        page.kb_watch.assert_clean()
    finally:
        server.shutdown()


def test_unsafe_bodies_are_withheld_from_plain_markdown_too(tmp_path, hostile_site):
    project = make_project(tmp_path / "kb")
    (project / "case_studies/hostile-record.md").write_text(HOSTILE_MARKUP, encoding="utf-8")
    out = tmp_path / "pages"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "kb",
            "pages",
            "--out",
            str(out),
            "--root",
            str(project),
            "--no-network",
        ],
        check=True,
        capture_output=True,
    )
    page = (out / "case_studies/hostile-record.md").read_text()
    assert "<script>" not in page
    assert not re.search(r"\]\(\s*javascript:", page)  # no link target is javascript:
    assert "{:onmouseover" not in page


def test_kb_pages_writes_the_same_pages_as_plain_markdown(tmp_path):
    out = tmp_path / "pages"
    result = subprocess.run(
        [sys.executable, "-m", "kb", "pages", "--out", str(out), "--root", str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    page = (out / "seminars/bradford-families-2015.md").read_text()
    assert page.startswith("---\n") and "[Kate Cook](../people/kate-cook.md)" in page
    assert (out / "assets/kb/kb.css").is_file()
