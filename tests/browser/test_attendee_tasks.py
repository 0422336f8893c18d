"""Practitioners' questions acted out from the home page, at desktop and phone width.

Each task starts on the home page and counts the reader's steps (a link followed, a filter
chosen, a menu opened). It passes when the answer is reached within three steps, shows on the
screen, and has nothing above it on its page but the page's own sections (the headings above
the answer must be among those the task names): the reader never scrolls past unrelated
content to find it. axe must find nothing on the page of the answer.

Three questions come from issue 17; two more from the seed sources: the MJ article by the
Centre of Excellence's dissemination coordinator (who at the Centre is named here, and in what
role?) and the EASI project record (where were its two-day workshops, with how many people?).

Set ``KB_TASK_SHOTS`` to a folder to keep a screenshot of each answer's page.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import axe_violations

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
MAX_STEPS = 3
YEARS = re.compile(r"\d{4}|Date not known")


class Reader:
    """A reader on the site: counts steps and checks where answers are."""

    def __init__(self, page, base: str, width: str) -> None:
        self.page, self.base, self.width, self.steps = page, base, width, 0

    @property
    def phone(self) -> bool:
        return self.width == "phone"

    def start(self) -> None:
        self.page.goto(self.base)
        self.page.wait_for_load_state("networkidle")
        self.steps = 0

    def follow(self, link) -> None:
        """Follow a link (one step) and wait for the page it opens."""
        link.scroll_into_view_if_needed()
        with self.page.expect_navigation():
            link.click()
        self.page.wait_for_load_state("networkidle")
        self.steps += 1

    def press(self, control) -> None:
        """Press a control that does not leave the page (one step)."""
        control.click()
        self.steps += 1

    def choose(self, select: str, value: str) -> None:
        """Choose a filter value (one step)."""
        self.page.select_option(select, value)
        self.steps += 1

    def answer(self, locator, headings: set[str] | re.Pattern[str] = frozenset(),
               name: str = "") -> str:
        """Check that ``locator`` is the answer: within the steps, visible, and with no heading
        above it but ``headings``; returns its text."""
        assert self.steps <= MAX_STEPS, f"{self.steps} steps to the answer"
        locator.scroll_into_view_if_needed()
        assert locator.is_visible()
        above = self.page.evaluate(
            """(el) => {
                const top = el.getBoundingClientRect().top;
                return [...document.querySelectorAll("article h2, article h3")]
                    .filter(h => h.getBoundingClientRect().top < top)
                    .map(h => h.textContent.replace("\\u00b6", "").trim());
            }""", locator.element_handle())
        for heading in above:
            ok = (YEARS.fullmatch(heading) if headings is YEARS
                  else heading in headings)  # type: ignore[operator]
            assert ok, f"the reader scrolls past {heading!r} before the answer"
        if name and os.environ.get("KB_TASK_SHOTS"):
            folder = Path(os.environ["KB_TASK_SHOTS"])
            folder.mkdir(parents=True, exist_ok=True)
            self.page.wait_for_timeout(500)  # the header's title finishes its transition
            self.page.screenshot(path=str(folder / f"{name}-{self.width}.png"))
        return locator.inner_text()

    def accessible(self) -> None:
        violations = axe_violations(self.page)
        assert not violations, "\n".join(violations)


@pytest.fixture(params=list(WIDTHS))
def reader(request, browser, site_server) -> Iterator[Reader]:
    width, height = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height},
                                  is_mobile=request.param == "phone",
                                  has_touch=request.param == "phone")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield Reader(page, site_server, request.param)
    context.close()
    assert not errors, errors


def home_card(reader: Reader, label: str):
    """A link among the counts on the home page ("14 seminars and events")."""
    return reader.page.locator(".kb-counts").get_by_role("link", name=label, exact=True)


def test_consent_at_the_bradford_seminar_and_who_spoke(reader):
    """What was said about consent at the Bradford seminar, and who spoke?"""
    reader.start()
    reader.follow(home_card(reader, "seminars and events"))
    entry = reader.page.locator("article li", has_text="University of Bradford School of "
                                "Management").filter(has_text="Seminar 2: ")
    text = reader.answer(entry, YEARS)
    assert text.startswith("Seminar 2: Multi-agency, Multi-user, Multi-locale Working")
    assert "2015" in text and "not recorded: place" in text
    reader.follow(entry.get_by_role("link", name=re.compile("^Multi-agency, Multi-user")))
    speakers = reader.page.locator(".kb-panel dt", has_text="Speakers").locator(
        "xpath=following-sibling::dd[1]")
    spoke = reader.answer(speakers, set(), "bradford-speakers")
    for person in ("Deborah Chambers (Newcastle University)", "Kate Cook (Manchester Law School)",
                   "Paul Davidson (Sedgemoor District Council)"):
        assert person in spoke
    quote = reader.page.locator("article p", has_text="pivotal issues about consent")
    reader.answer(quote, {"Overview", "Focus", "Speakers", "Issues raised"}, "bradford-consent")
    reader.accessible()


def test_early_intervention_case_studies_in_local_government(reader):
    """Case studies about early intervention in local government: none hidden silently."""
    reader.start()
    reader.follow(home_card(reader, "case studies and good-practice accounts"))
    reader.choose("#kb-filter-theme", "early-intervention")
    reader.choose("#kb-filter-sector", "local-government")
    card = reader.page.locator(".kb-finder .kb-card:visible")
    assert card.count() == 1
    text = reader.answer(card, set(), "finder-early-intervention")
    assert "Cheshire West and Chester Council" in text and "Case study" in text
    status = reader.answer(reader.page.locator(".kb-finder-count"))
    assert status.startswith("1 of 7 shown. 2 more were left out only for lack of data")
    assert "Sector not recorded" in status
    options = reader.page.locator("#kb-filter-sector option").all_inner_texts()
    assert "Sector not recorded (2)" in options and "Local government (1)" in options
    reader.accessible()


def test_who_else_worked_on_early_intervention(reader):
    """... and who else worked on similar things? (people, not only organisations)"""
    reader.start()
    reader.follow(home_card(reader, "case studies and good-practice accounts"))
    reader.choose("#kb-filter-theme", "early-intervention")
    reader.follow(reader.page.locator(".kb-finder-more").get_by_role(
        "link", name="Early intervention"))
    # the People section's item (the network section's rings name her too)
    people = reader.page.locator("article li", has_text=re.compile(r"^Emma Hart \u2014 "))
    text = reader.answer(people, {"What the sources say about it", "Seminars and events",
                                  "Case studies and good practice",
                                  "Often with these organisations", "People"}, "who-else")
    assert "Engagement Manager, Centre of Excellence for Information Sharing" in text
    orgs = reader.page.locator("article h2", has_text="Often with these organisations")
    assert orgs.count() == 1
    reader.accessible()


def test_everything_about_sedgemoor_in_plain_words(reader):
    """Everything about Sedgemoor District Council, ending in words a practitioner uses."""
    reader.start()
    reader.follow(home_card(reader, "organisations"))
    reader.follow(reader.page.locator("article").get_by_role(
        "link", name="Sedgemoor District Council"))
    panel = reader.page.locator(".kb-panel")
    assert panel.bounding_box()["y"] + panel.bounding_box()["height"] <= WIDTHS[reader.width][1]
    own = {"Seminars and events", "Case studies and good practice", "Often with these themes",
           "People", "Partner organisations", "Sources", "In the network"}
    plain = reader.answer(reader.page.locator(".kb-plain"), own, "sedgemoor")
    assert plain == ("Links local government with academia and children's and family "
                     "services: appears in 1 event with organisations from all three.")
    measures = reader.page.locator("details.kb-measures")
    assert not measures.evaluate("d => d.open")
    assert not reader.page.get_by_text("Burt's constraint").is_visible()
    measures.locator("summary").click()  # a researcher opens them
    assert reader.page.get_by_text("Burt's constraint").is_visible()
    reader.accessible()


def test_who_at_the_centre_of_excellence_is_named_and_in_what_role(reader):
    """From the MJ article (seed): who at the Centre of Excellence is here, in what role?"""
    reader.start()
    if reader.phone:  # the tabs fold into the menu on a phone
        reader.press(reader.page.locator("label.md-header__button[for=__drawer]"))
        browse = reader.page.locator("nav.md-nav--primary").get_by_role(
            "link", name="Browse", exact=True)
    else:
        browse = reader.page.locator(".md-tabs").get_by_role("link", name="Browse")
    reader.follow(browse)
    reader.follow(reader.page.locator("article").get_by_role("link", name="People", exact=True))
    for person, role in (("Nathaniel Aust", "Dissemination coordinator"),
                         ("Emma Hart", "Engagement Manager")):
        text = reader.answer(reader.page.locator("article li", has_text=person), set(),
                             "people-index")
        assert f"{role}, Centre of Excellence for Information Sharing" in text
    reader.accessible()


def test_where_the_easi_workshops_were_and_how_many_came(reader):
    """From the EASI project record (seed): where were its two-day workshops, how many came?"""
    reader.start()
    reader.follow(home_card(reader, "seminars and events"))
    for place, n in (("Bradford", 20), ("Greater Manchester", 30), ("Leicestershire", 22)):
        entry = reader.page.locator("article li", has_text=f"EASI two-day workshop in {place}")
        text = reader.answer(entry, YEARS, "timeline-easi")
        assert f"in {place} · {n} participants" in text
    reader.accessible()


def test_browse_menu_lists_every_index_it_opens(page, site_server):
    page.goto(site_server)
    page.locator(".md-tabs").get_by_role("link", name="Browse").click()
    page.wait_for_url("**/browse/")
    menu = page.locator(".md-sidebar--primary nav").first
    for name in ("People", "Organisations", "Themes", "Barriers", "Places", "Sectors",
                 "Projects and publications"):
        assert menu.get_by_role("link", name=name, exact=True).is_visible(), name
        assert page.locator("article").get_by_role("link", name=name, exact=True).count() == 1
    page.kb_watch.assert_clean()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_home_actions_are_equal_separated_and_large_enough(browser, site_server, width):
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, is_mobile=width == "phone")
    page = context.new_page()
    page.goto(site_server)
    boxes = [b.bounding_box() for b in page.locator(".kb-actions .md-button").all()]
    context.close()
    assert len(boxes) == 3
    assert max(b["width"] for b in boxes) - min(b["width"] for b in boxes) < 1
    assert min(b["height"] for b in boxes) >= 44
    for one, two in zip(boxes, boxes[1:], strict=False):
        apart = (two["y"] - (one["y"] + one["height"]) if width == "phone"
                 else two["x"] - (one["x"] + one["width"]))
        assert apart >= 8, f"buttons {apart:.0f}px apart"
