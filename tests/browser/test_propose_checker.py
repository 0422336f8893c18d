"""The form's JSON Schema checker refuses what it cannot check, rather than letting it through."""

from __future__ import annotations

PROPOSE = "contribute/propose/"


def test_a_keyword_the_checker_does_not_know_refuses_the_value(page, site_server):
    page.goto(site_server + PROPOSE)
    page.wait_for_selector("#kb-propose[data-ready]")
    verdicts = page.evaluate(
        "xs => xs.map(([s, x]) => window.kbPropose.accepts(s, x))",
        [[{"type": "string", "maxLength": 2}, "abc"],
         [{"type": "object", "properties": {"a": {"const": 1}}}, {"a": 2}],
         [{"type": "string", "description": "known", "pattern": "^a"}, "abc"]])
    assert verdicts == [False, False, True]
