"""The analysis page's sortable tables, used with the keyboard alone, in headless Chromium."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SPANNERS = "table:has(th:has-text('Ties across sectors'))"
DIVERSITY = "table:has(th:has-text('Diversity'))"


def column(page, table: str, index: int) -> list[str]:
    return page.locator(f"{table} tbody tr").evaluate_all(
        f"rows => rows.map(r => r.cells[{index}].textContent.trim())")


def as_number(text: str) -> float:
    return float(text.lstrip("=").replace("\u2212", "-"))


def test_a_column_sorts_from_the_keyboard_and_says_so(page, site_server, axe):
    page.goto(site_server + "network/analysis/")
    heading = page.locator(f"{SPANNERS} th").nth(4)
    button = heading.get_by_role("button", name="Ties across sectors")
    page.locator(f"{SPANNERS} th").nth(3).get_by_role("button").focus()
    page.keyboard.press("Tab")  # the headings are buttons in the tab order
    assert button.evaluate("b => b === document.activeElement")
    page.keyboard.press("Enter")
    assert heading.get_attribute("aria-sort") == "ascending"
    values = [as_number(v) for v in column(page, SPANNERS, 4)]
    assert values == sorted(values) and values[0] < values[-1]
    page.keyboard.press("Space")
    assert heading.get_attribute("aria-sort") == "descending"
    values = [as_number(v) for v in column(page, SPANNERS, 4)]
    assert values == sorted(values, reverse=True)
    assert page.locator(f"{SPANNERS} th[aria-sort]").count() == 1
    status = page.locator(".kb-sortable:has(th:has-text('Ties across sectors')) "
                          ".kb-sortable__status")
    assert status.text_content() == "Sorted by Ties across sectors, descending."
    violations = axe(page)
    assert not violations, "\n".join(violations)
    page.kb_watch.assert_clean()


def test_unknown_values_stay_last_in_either_order(page, site_server):
    page.goto(site_server + "network/analysis/")
    button = page.locator(f"{DIVERSITY} th").nth(3).get_by_role("button")
    for order in ("ascending", "descending"):
        button.click()
        assert page.locator(f"{DIVERSITY} th").nth(3).get_attribute("aria-sort") == order
        cells = column(page, DIVERSITY, 3)
        known = [c for c in cells if c != "not known"]
        assert known and cells[:len(known)] == known  # "not known" only at the end
        numbers = [float(c) for c in known]
        assert numbers == sorted(numbers, reverse=order == "descending")
    page.kb_watch.assert_clean()


def test_text_columns_sort_as_text(page, site_server):
    page.goto(site_server + "network/analysis/")
    page.locator(f"{SPANNERS} th").nth(1).get_by_role("button").click()
    names = column(page, SPANNERS, 1)
    assert names == sorted(names, key=str.casefold)
    page.kb_watch.assert_clean()
