"""The "Propose a case study" page as planned (no browser): fields, data, escaping, assets."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from kb.corpus import corpus_vocabulary, load_corpus
from kb.json_schema import all_schemas
from kb.pages import SiteOptions
from kb.pages.propose import SRC, contrib_pages, new_file_url
from kb.pages.propose_form import LAYOUT
from kb.schema import COLLECTION_FIELDS

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "tools" / "kb" / "pages" / "assets"
REPO = "https://github.com/information-sharing/knowledge-base"


@pytest.fixture(scope="module")
def corpus_with_consent(tmp_path_factory):
    root = tmp_path_factory.mktemp("kb")
    for part in ("registries", "seminars", "case_studies"):
        shutil.copytree(ROOT / part, root / part)
    people = root / "registries" / "people.yml"
    people.write_text(people.read_text(encoding="utf-8") + """
- id: wanda-withheld
  name: Wanda Withheld
  aliases: [W. Withheld]
  consent: withdrawn
- id: rory-role
  name: Rory Role
  consent: role-only
""", encoding="utf-8")
    return load_corpus(root)


@pytest.fixture(scope="module")
def planned(corpus_with_consent):
    pages, assets = contrib_pages(corpus_with_consent, SiteOptions(repo_url=REPO))
    return pages, {a.dest_uri: a.content for a in assets}


def test_one_page_and_its_assets(planned):
    pages, assets = planned
    assert [p.src_uri for p in pages] == [SRC]
    assert set(assets) == {"assets/kb/propose.js", "assets/kb/propose-words.js",
                           "assets/kb/propose.css", "assets/kb/vocabulary.json",
                           *(f"schema/{name}" for name in all_schemas())}


def test_published_schemas_are_the_generated_ones(planned, corpus_with_consent):
    _, assets = planned
    expected = all_schemas(corpus_vocabulary(corpus_with_consent))
    for name, schema in expected.items():
        assert json.loads(assets[f"schema/{name}"]) == schema


def test_every_case_study_field_is_in_the_form(planned):
    html = planned[0][0].markdown
    laid_out = [name for _, _, names in LAYOUT for name in names]
    fields = [f.name for f in COLLECTION_FIELDS["case_studies"] if f.name != "kind"]
    assert sorted(laid_out) == sorted(fields)
    assert 'name="kind"' in html
    for f in COLLECTION_FIELDS["case_studies"]:
        if f.name != "kind":
            assert f'id="kb-f-{f.name}' in html, f.name


def test_ids_are_unique(planned):
    ids = re.findall(r'\bid="([^"]+)"', planned[0][0].markdown)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_every_input_has_a_label(planned):
    html = planned[0][0].markdown
    for ident in re.findall(r'<(?:input|textarea)[^>]*\bid="([^"]+)"', html):
        assert f'for="{ident}"' in html, ident


def test_consent_is_respected_in_every_list_the_page_carries(planned):
    pages, assets = planned
    vocab = json.loads(assets["assets/kb/vocabulary.json"])
    assert "Rob Wilson" in vocab["people"]
    everything = pages[0].markdown + assets["assets/kb/vocabulary.json"].decode()
    everything += "".join(assets[f"schema/{n}"].decode() for n in all_schemas())
    for name in ("Wanda Withheld", "W. Withheld", "Rory Role"):
        assert name not in everything


def test_vocabulary_has_what_the_form_suggests(planned):
    vocab = json.loads(planned[1]["assets/kb/vocabulary.json"])
    assert {"id": "leadership", "name": "Leadership", "aliases": []} in vocab["themes"]
    assert "Bradford" in vocab["places"]
    assert "Newcastle University" in vocab["organisations"]
    assert any(s["id"] == "bradford-families-2015" for s in vocab["seminars"])
    assert "bristol-predictive-analytics" in vocab["records"]


def test_links_to_other_pages_are_markdown_links(planned):
    markdown = planned[0][0].markdown
    assert "[field reference](fields.md)" in markdown
    assert not re.search(r'<a\s[^>]*href="[^"#]*\.md', markdown)


@pytest.mark.parametrize(("repo_url", "expected"), [
    (REPO, REPO + "/new/main"),
    (REPO + ".git", REPO + "/new/main"),
    (REPO + "/", REPO + "/new/main"),
    ("https://gitlab.com/a/b", None),
    ('https://github.com/a/b"><script>alert(1)</script>', None),
    (None, None),
])
def test_new_file_url(repo_url, expected):
    assert new_file_url(repo_url) == expected


def test_repo_url_is_escaped(corpus_with_consent):
    hostile = 'https://example.org/"><script>alert(1)</script>'
    pages, _ = contrib_pages(corpus_with_consent, SiteOptions(repo_url=hostile))
    markdown = pages[0].markdown
    assert "<script>alert(1)" not in markdown
    assert 'data-repo-url="https://example.org/&quot;&gt;&lt;script&gt;' in markdown
    assert 'data-new-file-url=""' in markdown
    assert "/issues/new" not in markdown       # no issue link when not on GitHub


def test_embedded_data_cannot_close_its_script(corpus_with_consent, tmp_path):
    pages, _ = contrib_pages(corpus_with_consent, SiteOptions(repo_url=REPO))
    data = pages[0].markdown.split('id="kb-propose-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and json.loads(data)["maxUrl"] == 8000


@pytest.mark.parametrize("name", ["propose.js", "propose-words.js"])
def test_script_never_parses_html(name):
    script = (ASSETS / name).read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "DOMParser", "createContextualFragment"):
        assert sink not in script, sink
    # no address of another host (the scheme alone is fine: "www.x" becomes "https://www.x")
    assert not re.search(r"https?://\w", script)


# ---- Issue 14: the schema address, the email route, the consent question, "did you mean" ----

def page_config(markdown: str) -> dict:
    return json.loads(markdown.split('id="kb-propose-data">', 1)[1].split("</script>", 1)[0])


def test_the_file_points_at_the_published_schema(corpus_with_consent):
    options = SiteOptions(repo_url=REPO, site_url="http://127.0.0.1:8000/kb/",
                          published_url="https://example.org/kb/")
    config = page_config(contrib_pages(corpus_with_consent, options)[0][0].markdown)
    assert config["schemaAddress"] == "https://example.org/kb/schema/case-study.schema.json"
    config = page_config(contrib_pages(corpus_with_consent, SiteOptions())[0][0].markdown)
    assert config["schemaAddress"] == "../schema/case-study.schema.json"   # as kb new writes it


def test_the_email_route_is_offered_only_when_an_address_is_set(corpus_with_consent, planned):
    assert "mailto:" not in planned[0][0].markdown and 'data-email=""' in planned[0][0].markdown
    options = SiteOptions(repo_url=REPO, proposal_email="proposals@example.org")
    markdown = contrib_pages(corpus_with_consent, options)[0][0].markdown
    assert 'href="mailto:proposals@example.org"' in markdown
    assert "email it to the maintainers at" in markdown and 'id="kb-email-link"' in markdown


@pytest.mark.parametrize(("extra", "email", "problem"), [
    ({"proposal_email": "proposals@example.org"}, "proposals@example.org", False),
    ({}, None, False),
    (None, None, False),
    ({"proposal_email": ""}, None, False),
    ({"proposal_email": 'x@example.org"><script>'}, None, True),
    ({"proposal_email": "x@example.org?cc=y@example.org"}, None, True),
    ({"proposal_email": ["a@example.org"]}, None, True),
])
def test_the_email_setting_is_one_plain_address(extra, email, problem):
    from kb.pages.settings import proposal_email
    found, said = proposal_email(extra)
    assert found == email and bool(said) == problem


def test_every_new_person_is_asked_about_consent(planned):
    markdown = planned[0][0].markdown
    assert 'id="kb-f-contributors-1-consent" hidden' in markdown
    for key in ("named", "role-only", "not-sure"):
        assert f'id="kb-f-contributors-1-consent-{key}"' in markdown
    assert 'data-consent="role-only"><label for="kb-f-contributors-1-consent-not-sure">' \
        in markdown                                # not sure is written as role-only


def test_did_you_mean_chooses_from_what_the_validator_does(planned, corpus_with_consent):
    config = page_config(planned[0][0].markdown)
    registry = corpus_with_consent.registry
    for kind in ("themes", "barriers", "projects", "organisations", "places", "people"):
        assert config["suggest"][kind] == [list(p) for p in
                                           registry.suggestion_choices(kind).items()], kind
    people = {name for name, _ in config["suggest"]["people"]}
    assert "Rob Wilson" in people and not {"Wanda Withheld", "W. Withheld", "Rory Role"} & people
    assert config["cutoffs"] == {"names": 0.7, "records": 0.6, "sources": 0.6}
