"""A contribution passes first time (issue 14, item 7): a council officer fills the proposal form
in Chromium with names the knowledge base does not know yet (a person with a title, an
organisation, a place, a source) and a typo, takes the file the form makes, and the file passes
`kb validate --strict` and `mkdocs build --strict` on a copy of the project. The person's page
carries no title, and the pull-request summary lists the new names with the consent claimed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_project, mkdocs_build, serve

PROPOSE = "contribute/propose/"
EMAIL = "proposals@example.org"


@pytest.fixture(scope="module")
def project_site(tmp_path_factory: pytest.TempPathFactory):
    """The shipped project, with an email address for proposals, built and served."""
    project = make_project(tmp_path_factory.mktemp("project") / "kb")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"\nextra:\n  proposal_email: {EMAIL}\n")
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    url, server = serve(site)
    yield project, url
    server.shutdown()


def kb(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kb", *args], capture_output=True, text=True,
                          timeout=300)


def fill_a_contribution_with_new_names(page) -> None:
    page.get_by_label("Title (required)").fill("Wakefield: one front door for early help")
    date = page.get_by_label("Date", exact=True)
    date.fill("March 2017")
    date.press("Tab")
    page.get_by_label("Summary").fill("Wakefield's early help partners agreed what to share "
                                      "at a single front door.")
    page.get_by_label("Place 1").fill("Wakefield")                       # a new place
    page.get_by_label("Organisation 1").fill("Wakefield Council")        # a new organisation
    page.locator("#kb-f-contributors-1-name").fill("Dr Jane Hollis")     # a new person
    page.locator("#kb-f-contributors-1-organisation").fill("Wakefield Council")
    page.locator("#kb-f-contributors-1-role").fill("Early help lead")
    page.locator("#kb-f-contributors-1-consent").get_by_label("Yes, by name").check()
    page.get_by_role("button", name="Add another contributor").click()
    page.keyboard.type("Rob Wilson")                                     # a known person
    page.get_by_label("Theme 1").fill("Early interventon")               # a typo ...
    page.get_by_role("button", name="Use \u201cEarly intervention\u201d").first.click()  # ... fixed
    page.get_by_role("button", name="Add another theme").click()
    page.keyboard.type("Leadership")                     # the contributor's own reading, why:
    page.locator("#kb-f-themes-2").locator("xpath=..").get_by_text(
        "Not in the sources\u2019 own words?").click()
    page.locator("#kb-f-themes-2-why").fill("The report credits the director's lead.")
    page.locator("#kb-f-sources-1-source").fill("Early help in Wakefield: annual report")
    page.locator("#kb-f-sources-1-new-kind").select_option("report")      # a new source
    page.locator("#kb-f-sources-1-new-publisher").fill("Wakefield Council")
    page.locator("#kb-f-sources-1-new-date").fill("30/11/2017")
    page.locator("#kb-f-sources-1-new-url").fill("www.example.org/wakefield-early-help")
    page.locator("#kb-f-sources-1-new-authority").fill(
        "The council's own account of its early help service.")
    page.get_by_role("button", name="Add another source").click()
    page.keyboard.type("Improving information sharing: the EIF Places network workshop")
    page.get_by_label("What was done").fill(
        "Jane Hollis brought the partners together around one front door.")
    page.get_by_label("Each person named here").check()


def test_a_contribution_with_new_names_passes_first_time(page, project_site, tmp_path):
    project, url = project_site
    page.goto(url + PROPOSE)
    page.wait_for_selector("#kb-propose[data-ready]")
    fill_a_contribution_with_new_names(page)
    page.get_by_role("button", name="Check and prepare the file").click()
    page.locator("#kb-send").wait_for(state="visible")

    # Without GitHub: download the file and email it to the maintainers' address.
    email = page.locator("#kb-email-link")
    assert email.get_attribute("href").startswith(
        f"mailto:{EMAIL}?subject=Case%20study%20proposal%3A%20Wakefield")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the file").click()
    name = download.value.suggested_filename
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert name == "wakefield-one-front-door-for-early-help.md"
    assert text == page.locator("#kb-preview").inner_text()
    assert "  - name: \"Jane Hollis\"\n" in text and "    consent: named\n" in text
    assert "Dr Jane" not in text and 'date: "2017-03"' in text
    assert "  - early-intervention\n  - id: leadership\n    evidence: inferred\n" in text
    assert 'url: "https://www.example.org/wakefield-early-help"' in text
    assert "    kind: report\n" in text and "  - eif-places-workshop-blog-2016\n" in text
    page.kb_watch.assert_clean()

    # The file, in a copy of the project: both strict checks pass.
    copy = make_project(tmp_path / "contribution")
    (copy / "case_studies" / name).write_text(text, encoding="utf-8")
    checked = kb("validate", "--strict", "--root", str(copy))
    assert checked.returncode == 0, checked.stdout
    notices = re.findall(r"^case_studies/\S+: notice: .*\[(new-\w+)\]$", checked.stdout, re.M)
    assert sorted(notices) == ["new-organisation", "new-person", "new-place", "new-source"]
    assert checked.stdout.splitlines()[-1] == "0 errors, 0 warnings and 4 notices in 1 file."
    site = tmp_path / "site"
    built = mkdocs_build(copy, site)
    assert built.returncode == 0, built.stderr

    # Her page has no title in its address, heading or anywhere in the site.
    person = site / "people" / "jane-hollis" / "index.html"
    assert person.is_file() and not (site / "people" / "dr-jane-hollis").exists()
    assert re.search(r"<h1[^>]*>\s*Jane Hollis", person.read_text(encoding="utf-8"))
    written = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".json",
                                                                         ".xml", ".csv")]
    titled = [p.relative_to(site).as_posix() for p in written
              if "Dr Jane" in p.read_text(encoding="utf-8", errors="replace")]
    assert titled == ["contribute/fields/index.html"]   # the field reference's own example
    assert (site / "organisations" / "wakefield-council" / "index.html").is_file()
    assert (site / "places" / "wakefield" / "index.html").is_file()

    # The reviewer's summary lists each new name, and the consent the contribution claims.
    summary = kb("summary", "--base", str(project), "--root", str(copy))
    assert summary.returncode == 0, summary.stderr
    assert ("- new person: Jane Hollis (consent claimed: named; `case_studies/" + name
            + "` line ") in summary.stdout
    assert "check consent and add to registries/people.yml" in summary.stdout
    assert "- new organisation: Wakefield Council (" in summary.stdout
    assert "- new place: Wakefield (" in summary.stdout
    assert "- new source: Early help in Wakefield: annual report (" in summary.stdout
    assert "add to registries/sources.yml" in summary.stdout
