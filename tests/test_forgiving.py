"""Forgiving input (issue 14): dates and addresses as people type them, in canonical form.
The proposal form's port of these rules is checked against the same table in the browser
(tests/browser/test_propose_helpful.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.contrib.forgiving import canonical_date, canonical_url
from kb.corpus.validate import Checker, check_date, check_url
from kb.model import Document

#: typed -> written (None: refused, for the validator to explain).
DATES = {
    "2016": "2016", "2016-10": "2016-10", "2016-10-03": "2016-10-03", "2016-1": "2016-01",
    "2016-1-3": "2016-01-03", "unknown": "unknown", "Unknown": "unknown",
    "March 2017": "2017-03", "march 2017": "2017-03", "Mar 2017": "2017-03",
    "Sept 2016": "2016-09", "30 March 2017": "2017-03-30", "30th March 2017": "2017-03-30",
    "1st of May 2016": "2016-05-01", "March 30, 2017": "2017-03-30",
    "March 30th 2017": "2017-03-30", "30/11/2016": "2016-11-30", "3.4.2016": "2016-04-03",
    "30-11-2016": "2016-11-30", "11/2016": "2016-11", "2016/11": "2016-11",
    "  March   2017 ": "2017-03",
    "31/02/2016": None, "29/02/2015": None, "29/02/2016": "2016-02-29", "0 March 2017": None,
    "2016-13": None, "2016-00": None, "Ma 2016": None, "Smarch 2016": None, "soon": None,
    "summer 2016": None, "0999": None, "": None, "30/11/16": None,
}
URLS = {
    "www.example.org": "https://www.example.org",
    "example.org/a?b=1#c": "https://example.org/a?b=1#c",
    "//example.org/x": "https://example.org/x",
    "WWW.EXAMPLE.CO.UK/Page": "https://WWW.EXAMPLE.CO.UK/Page",
    "example.org:8080/x": "https://example.org:8080/x",
    "https://example.org": "https://example.org", "http://example.org": "http://example.org",
    "ftp://example.org": "ftp://example.org", "javascript:alert(1)": "javascript:alert(1)",
    "example": "example", "a b.org": "a b.org", "localhost/x": "localhost/x",
    "mailto:a@b.org": "mailto:a@b.org", "1.2.3.4": "1.2.3.4",
}


@pytest.mark.parametrize(("typed", "written"), DATES.items())
def test_dates(typed: str, written: str | None) -> None:
    assert canonical_date(typed) == written


@pytest.mark.parametrize(("typed", "written"), URLS.items())
def test_urls(typed: str, written: str) -> None:
    assert canonical_url(typed) == written


def checker() -> Checker:
    return Checker(Document("-", {}, {}))


@given(st.text(max_size=30))
def test_what_is_written_always_passes_the_validator(text: str) -> None:
    written = canonical_date(text)
    if written is not None:
        assert check_date(checker(), "date", written, ()) == written
    url = canonical_url(text)
    if url != text.strip():          # only a bare host is changed, into a valid address
        assert check_url(checker(), "url", url, ()) == url
