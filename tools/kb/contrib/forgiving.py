"""Forgiving input: dates and web addresses as people type them, in the form a record holds.

``kb new`` and the proposal form (``propose.js``, which has a port of these rules, tested
against them) accept "March 2017", "30/11/2016" or "www.example.org" and write ``2017-03``,
``2016-11-30`` and ``https://www.example.org``, showing what they wrote. ``kb validate`` itself
stays exact: a file holds the canonical form, and the validator only suggests it.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\Z", re.ASCII)
#: 30/11/2016, 30.11.2016, 30-11-2016: day first, as in the UK.
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\Z", re.ASCII)
#: 11/2016, 2016/11
_MY = re.compile(r"(\d{1,2})[/.](\d{4})\Z|(\d{4})[/.](\d{1,2})\Z", re.ASCII)
#: 30 March 2017, 30th Mar 2017, March 2017
_DAY_MONTH = re.compile(r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?([a-z]+)\.?,?\s+(\d{4})\Z",
                        re.I | re.A)
#: March 30, 2017; March 30th 2017
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\Z", re.I | re.A)
#: www.example.org/page, example.org, //example.org: a host without a scheme.
_BARE_HOST = re.compile(r"(?://)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*"
                        r"[a-z0-9])?)*\.[a-z]{2,})(?::\d+)?(?:[/?#]\S*)?\Z", re.I | re.A)


def canonical_date(text: str) -> str | None:
    """``text`` as ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``unknown``, or None when it is
    not a date that can be read without guessing."""
    text = " ".join(str(text).split())
    if text.casefold() == "unknown":
        return "unknown"
    found = _read(text)
    if found is None or not _on_calendar(*found):
        return None
    year, month, day = found
    return "-".join([f"{year:04d}"] + [f"{n:02d}" for n in (month, day) if n is not None])


def _read(text: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day), None for a part not given."""
    if m := _ISO.match(text):
        return int(m[1]), _int(m[2]), _int(m[3])
    if m := _DMY.match(text):
        return int(m[3]), int(m[2]), int(m[1])
    if m := _MY.match(text):
        return (int(m[2]), int(m[1]), None) if m[1] else (int(m[3]), int(m[4]), None)
    if (m := _DAY_MONTH.match(text)) and (month := _month(m[2])):
        return int(m[3]), month, _int(m[1])
    if (m := _MONTH_DAY.match(text)) and (month := _month(m[1])):
        return int(m[3]), month, int(m[2])
    return None


def _int(text: str | None) -> int | None:
    return None if text is None else int(text)


def _month(word: str) -> int:
    """1-12 for a month's name or its first three letters or more ("Sept"), else 0."""
    word = word.lower()
    if len(word) < 3:
        return 0
    return next((i + 1 for i, name in enumerate(MONTHS) if name.startswith(word)), 0)


def _on_calendar(year: int, month: int | None, day: int | None) -> bool:
    if year < 1000 or (day is not None and month is None):
        return False
    try:
        dt.date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        return False
    return True


def canonical_url(text: str) -> str:
    """A web address with ``https://`` added when it is a bare host (``www.example.org``,
    ``example.org/page``); anything else as it was, for the validator to judge."""
    text = text.strip()
    match = _BARE_HOST.match(text)
    if match and "://" not in text:
        return "https://" + text.removeprefix("//")
    return text
