"""The "Propose a case study" page in headless Chromium, used as a practitioner would."""

from __future__ import annotations

import json
import shutil
import urllib.parse
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kb.cli import main
from kb.contrib.new_record import Draft, render_record
from kb.corpus import load_corpus
from kb.corpus.files import split_frontmatter
from kb.names import slugify

ROOT = Path(__file__).resolve().parents[2]
PROPOSE = "contribute/propose/"
NEW_FILE = "https://github.com/information-sharing/knowledge-base/new/main"
#: The published schema (site_url in mkdocs.yml), whatever address the page is served from.
SCHEMA = "https://information-sharing.github.io/knowledge-base/schema/case-study.schema.json"
CHECK = "Check and prepare the file"


def open_form(page, site_server):
    page.goto(site_server + PROPOSE)
    page.wait_for_selector("#kb-propose[data-ready]")
    return page


def fill_like_a_practitioner(page) -> None:
    """What someone who has never seen YAML would type, with the mouse and keyboard."""
    page.get_by_label("Good-practice account").check()
    page.get_by_label("Title (required)").fill(
        "Leeds: one \u201cfront door\u201d for families' services")
    page.get_by_label("Date", exact=True).fill("2016-10")
    page.get_by_label("Summary").fill("Partners in Leeds agreed what to share at the front "
                                      "door: who, what and why.\nIt took a year.")
    page.get_by_label("Place 1").fill("Leeds")
    page.get_by_role("button", name="Add another place").click()
    page.keyboard.type("Bradford")                       # focus moved to the new row
    page.get_by_label("Organisation 1").fill("Leeds City Council")
    page.locator("#kb-f-contributors-1-name").fill("Rob Wilson")
    page.locator("#kb-f-contributors-1-organisation").fill("Newcastle University")
    page.locator("#kb-f-contributors-1-role").fill("Series lead")
    page.get_by_label("Theme 1").fill("Leadership")      # the name, as the suggestions show it
    page.get_by_role("button", name="Add another theme").click()
    page.keyboard.type("risk management")
    page.get_by_label("Barrier met 1").fill("Confusion over risk factors")
    page.get_by_label("Event 1").fill("eif-places-network-launch-2016")
    # a registered source, chosen by its title as the suggestions show it
    page.locator("#kb-f-sources-1-source").fill("Improving information sharing: the EIF Places "
                                                "network workshop")
    page.locator("#kb-f-sources-1-locator").fill("Good practice, 1")
    page.get_by_label("The practice").fill("Partners agreed a single front door.\n\n"
                                           "- a shared protocol\n- one referral form")
    page.get_by_label("Each person named here").check()


def test_practitioner_proposes_a_valid_case_study(page, site_server, tmp_path):
    open_form(page, site_server)
    fill_like_a_practitioner(page)
    page.get_by_role("button", name=CHECK).click()
    send = page.locator("#kb-send")
    send.wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "kb-send"
    text = page.locator("#kb-preview").inner_text()
    path = page.locator("#kb-filename").inner_text()
    assert path == "case_studies/leeds-one-front-door-for-families-services.md"

    # The GitHub link carries exactly the file shown in the preview.
    href = page.locator("#kb-github-link").get_attribute("href")
    assert href.startswith(NEW_FILE + "?filename=" + path + "&value=")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(href).query)
    assert query["filename"] == [path]
    assert query["value"] == [text]
    assert len(href) <= 8000

    # The file passes kb validate in a copy of the knowledge base.
    for part in ("registries", "seminars", "case_studies"):
        shutil.copytree(ROOT / part, tmp_path / part)
    (tmp_path / path).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--root", str(tmp_path), str(tmp_path / path)])
    assert result.exit_code == 0, result.output
    assert " error:" not in result.output

    front, body, _ = split_frontmatter(text, path)
    assert front.startswith("# yaml-language-server: $schema=" + SCHEMA + "\n")
    data = yaml.safe_load(front)
    assert data["kind"] == "good-practice"
    assert data["title"] == "Leeds: one \u201cfront door\u201d for families' services"
    assert data["summary"].endswith("who, what and why. It took a year.")
    assert data["themes"] == ["leadership", "risk-management"]     # names become ids
    assert data["barriers"] == ["confusion-over-risk-factors"]
    assert data["contributors"] == [{"name": "Rob Wilson", "organisation": "Newcastle University",
                                     "role": "Series lead"}]
    assert data["sources"] == [{"source": "eif-places-workshop-blog-2016",   # titles become ids
                                "locator": "Good practice, 1"}]
    assert "## The practice\n\nPartners agreed a single front door." in body

    # The browser writes the same file as `kb new` does for the same answers.
    draft = Draft("good-practice", {k: v for k, v in data.items() if k != "kind"},
                  ["Partners agreed a single front door.\n\n- a shared protocol\n"
                   "- one referral form", ""])
    assert render_record(draft, SCHEMA) == text
    page.kb_watch.assert_clean()


REASON = "The blog, dated 30 November 2016, says the network launched last month."


def test_a_date_the_contributor_works_out_says_why(page, site_server, tmp_path):
    """A date no source states: from the keyboard, the contributor opens "Not in the sources'
    own words?" under the date and says why; the file writes the date as an inferred claim,
    passes `kb validate --strict`, and is the file `kb new` writes for the same answers."""
    open_form(page, site_server)
    fill_like_a_practitioner(page)
    page.get_by_label("Date", exact=True).fill("October 2016")
    page.keyboard.press("Tab")                              # to the disclosure under the date
    assert page.evaluate("document.activeElement.textContent") == ("Not in the sources\u2019 "
                                                                   "own words?")
    page.keyboard.press("Enter")                            # opens it
    page.keyboard.press("Tab")
    why = page.get_by_label("Why you give this date")
    assert page.evaluate("document.activeElement.id") == "kb-f-date-why" == why.get_attribute("id")
    assert why.get_attribute("aria-describedby") == "kb-f-date-why-error"
    page.keyboard.type(REASON)
    page.get_by_role("button", name=CHECK).click()
    page.locator("#kb-send").wait_for(state="visible")
    text = page.locator("#kb-preview").inner_text()
    path = page.locator("#kb-filename").inner_text()
    assert f'date:\n  value: "2016-10"\n  evidence: inferred\n  reason: "{REASON}"\n' in text

    for part in ("registries", "seminars", "case_studies"):
        shutil.copytree(ROOT / part, tmp_path / part)
    (tmp_path / path).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--strict", "--root", str(tmp_path),
                                       str(tmp_path / path)])
    assert result.exit_code == 0 and " error:" not in result.output, result.output
    record = load_corpus(tmp_path).records[Path(path).stem]
    assert record.date == "2016-10"
    claim = record.value_claims["date"]                     # the site marks it, with why
    assert (claim.evidence, claim.reason) == ("inferred", REASON)

    front, _, _ = split_frontmatter(text, path)
    data = yaml.safe_load(front)
    draft = Draft("good-practice", {k: v for k, v in data.items() if k != "kind"},
                  ["Partners agreed a single front door.\n\n- a shared protocol\n"
                   "- one referral form", ""])
    assert render_record(draft, SCHEMA) == text             # as kb new writes it
    page.kb_watch.assert_clean()


def test_a_reason_without_a_date_is_a_problem_at_the_date(page, site_server):
    open_form(page, site_server)
    fill_like_a_practitioner(page)
    page.get_by_label("Date", exact=True).fill("")
    page.locator("#kb-f-date").locator("xpath=..").locator("summary").click()
    page.get_by_label("Why you give this date").fill(REASON)
    page.get_by_role("button", name=CHECK).click()
    page.locator("#kb-errors").wait_for(state="visible")
    items = page.locator("#kb-errors-list li").all_inner_texts()
    assert items == ["Date: Enter the date you give, or clear why you give it."]
    assert page.locator("#kb-f-date").get_attribute("aria-invalid") == "true"
    assert page.locator("#kb-f-date-error").inner_text() == ("Enter the date you give, or "
                                                             "clear why you give it.")
    assert page.locator("#kb-send").is_hidden()
    page.kb_watch.assert_clean()


def test_errors_are_listed_announced_and_lead_to_the_field(page, site_server):
    open_form(page, site_server)
    page.get_by_label("Date", exact=True).fill("31/11/2016")
    page.get_by_label("Theme 1").fill("leadershp")
    page.get_by_role("button", name=CHECK).press("Enter")
    summary = page.locator("#kb-errors")
    summary.wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "kb-errors"
    items = page.locator("#kb-errors-list li").all_inner_texts()
    assert "Title: Enter a title." in items
    assert any(i.startswith("Date:") and "Write a date as YYYY" in i for i in items)
    assert any("\u201cleadershp\u201d is not in the list of themes (did you mean "
               "\u201cLeadership\u201d?)" in i for i in items)
    assert any(i.startswith("Source 1: source") and "Give at least one source" in i
               for i in items)
    assert any(i.startswith("Before you send it:") for i in items)
    assert any("Write the account: a few sentences" in i for i in items)   # what is needed
    assert page.locator("#kb-f-date").get_attribute("aria-invalid") == "true"
    assert "Write a date as YYYY" in page.locator("#kb-f-date-error").inner_text()
    assert page.locator("#kb-send").is_hidden()
    # Keyboard: Tab to the first error, Enter, and the title field has the focus.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("Title:")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "kb-f-title"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.kb_watch.assert_clean()


def test_live_regions_and_groups(page, site_server):
    open_form(page, site_server)
    assert page.locator("#kb-preview-status").get_attribute("aria-live") == "polite"
    assert page.locator("#kb-send-status").get_attribute("aria-live") == "polite"
    assert page.locator("fieldset legend").count() >= 8
    page.get_by_label("Title (required)").fill("Announced")
    page.wait_for_function("document.getElementById('kb-preview-status').textContent"
                           ".includes('case_studies/announced.md')")
    # Add and remove a row with the keyboard; numbering and labels follow.
    page.get_by_role("button", name="Add another theme").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "kb-f-themes-2"
    page.get_by_role("button", name="Remove theme 2").press("Enter")
    assert page.locator("[data-row=themes]").count() == 1
    assert page.evaluate("document.activeElement.id") == "kb-f-themes-1"


WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                              "wcag22aa"]}}


def axe_on_form(page) -> list[str]:
    """WCAG A/AA violations inside the form and preview. (Once the page has scrolled,
    Material's header tabs slide away and axe reports them, whatever the page: checked on the
    unscrolled page instead.)"""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"include": [["#kb-propose"]]}, options=WCAG)
    return [f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes'][:3]]})"
            for v in results.response["violations"]]


def test_form_is_accessible_in_every_state(page, site_server, axe):
    open_form(page, site_server)
    assert axe(page) == []
    page.get_by_role("button", name=CHECK).click()
    page.locator("#kb-errors").wait_for(state="visible")
    assert axe_on_form(page) == []
    fill_like_a_practitioner(page)
    page.get_by_role("button", name=CHECK).click()
    page.locator("#kb-send").wait_for(state="visible")
    assert axe_on_form(page) == []
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function("!document.querySelector('.md-tabs').hidden")
    page.wait_for_timeout(500)  # the tabs slide back in
    assert axe(page) == []
    page.kb_watch.assert_clean()


def test_dark_scheme_is_accessible(browser, site_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    pg = context.new_page()
    open_form(pg, site_server)
    assert pg.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    fill_like_a_practitioner(pg)
    pg.get_by_label("Date", exact=True).fill("soon")
    pg.get_by_role("button", name=CHECK).click()
    pg.locator("#kb-errors").wait_for(state="visible")
    assert axe_on_form(pg) == []
    pg.get_by_label("Date", exact=True).fill("2016")
    pg.get_by_role("button", name=CHECK).click()
    pg.locator("#kb-send").wait_for(state="visible")
    assert axe_on_form(pg) == []
    context.close()


def test_typed_markup_stays_text(page, site_server):
    open_form(page, site_server)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    attack = '<img src=x onerror="alert(1)"></pre><script>alert(2)</script>'
    page.get_by_label("Title (required)").fill(attack)
    page.get_by_label("Place 1").fill(attack)
    page.get_by_role("button", name=CHECK).click()
    assert attack.replace('"', '\\"') in page.locator("#kb-preview").inner_text()
    assert page.locator("#kb-propose img, #kb-propose script:not([type]):not([src])").count() == 0
    assert any(attack in t for t in page.locator("#kb-errors-list").all_inner_texts()) is False
    assert dialogs == []


def test_script_in_the_account_is_refused(page, site_server):
    open_form(page, site_server)
    fill_like_a_practitioner(page)
    page.get_by_label("The practice").fill("See <a href='javascript:alert(1)'>here</a>")
    page.get_by_role("button", name=CHECK).click()
    page.locator("#kb-errors").wait_for(state="visible")
    assert "javascript:" in page.locator("#kb-errors-list").inner_text()


def test_a_long_file_is_copied_or_downloaded(page, site_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_form(page, site_server)
    fill_like_a_practitioner(page)
    page.get_by_label("Why it helps").fill("A long account. " * 700)
    page.get_by_role("button", name=CHECK).click()
    page.locator("#kb-send").wait_for(state="visible")
    assert "too long" in page.locator("#kb-send-status").inner_text()
    link = page.locator("#kb-github-link")
    assert link.inner_text() == "Open GitHub\u2019s new-file page"
    assert "value=" not in link.get_attribute("href")
    text = page.locator("#kb-preview").inner_text()
    page.get_by_role("button", name="Copy the file").click()
    page.wait_for_function("document.getElementById('kb-send-status').textContent.startsWith('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == text
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the file").click()
    assert download.value.suggested_filename == "leeds-one-front-door-for-families-services.md"
    assert Path(download.value.path()).read_text(encoding="utf-8") == text


def test_the_id_is_never_one_in_use(page, site_server):
    open_form(page, site_server)
    page.get_by_label("Title (required)").fill("Bristol predictive analytics")
    filename = page.locator("#kb-filename").inner_text()
    assert filename == "case_studies/bristol-predictive-analytics-2.md"


TITLES = ["Bristol: predictive analytics", "O\u2019M\u00e9lia & Sons, Ltd.", "  ---  ",
          "Stra\u00dfe f\u00fcr \u00c6sir", "a" * 70, "word " * 20, "\u65e5\u672c\u8a9e",
          "Cheshire West and Chester \u2013 front door (2016)"]


def test_browser_and_python_make_the_same_ids(page, site_server):
    open_form(page, site_server)
    made = page.evaluate("titles => titles.map(t => window.kbPropose.slugify(t))", TITLES)
    assert made == [slugify(t) for t in TITLES]


def test_the_file_points_at_the_published_schema(page, site_server, built_site):
    """The schema line is the site_url of mkdocs.yml, not the address the page came from."""
    open_form(page, site_server)
    assert page.locator("#kb-preview").inner_text().startswith(
        "---\n# yaml-language-server: $schema=" + SCHEMA + "\n")
    assert site_server not in page.locator("#kb-preview").inner_text()
    schema = json.loads((built_site / "schema" / "case-study.schema.json").read_text())
    assert schema["properties"]["kind"]["enum"] == ["case-study", "good-practice"]


def test_browser_checks_agree_with_the_json_schema(page, site_server):
    """The form's own checker (propose.js) and jsonschema give the same verdicts."""
    import jsonschema
    from test_schema import BAD_CASES, GOOD_CASES

    from kb.json_schema import schema_for

    open_form(page, site_server)
    schema = schema_for("case-study")
    examples = GOOD_CASES + BAD_CASES
    verdicts = page.evaluate("([s, xs]) => xs.map(x => window.kbPropose.accepts(s, x))",
                             [schema, examples])
    expected = [jsonschema.Draft7Validator(schema).is_valid(x) for x in examples]
    assert verdicts == expected


@pytest.mark.parametrize("width", [360, 768])
def test_small_screens_have_no_horizontal_scroll(browser, site_server, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    pg = context.new_page()
    pg.goto(site_server + PROPOSE)
    assert pg.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
