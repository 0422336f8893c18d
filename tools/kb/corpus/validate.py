"""Stage 2: check each document against the content model.

Returns cleaned values plus diagnostics; never raises for content problems. References to
registries and other records are checked later, in :mod:`kb.corpus.resolve`, once everything is
loaded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import urllib.parse
from collections.abc import Collection
from typing import Any

from ..model import Diagnostic, Document, Level
from ..names import ID_MAX, RESERVED_IDS, did_you_mean, is_safe_id, quote, slugify
from ..schema import (
    CONSENT,
    CONTROL_CHARS,
    DESCRIBED,
    PARTNER_KEYS,
    PERSON_KEYS,
    RELATION_TYPES,
    TYPES,
    UNATTRIBUTED,
    Field,
    fields_for,
)
from .body_policy import check_body_policy
from .claims import (
    check_citation,
    check_reason,
    check_relation_item,
    check_value_claim,
    unwrap_value_claims,
)
from .consent import invalid_person, names_in, read_consent, withheld_entry
from .limits import (
    MAX_LIST_ENTRIES,
    MAX_NAME_CHARS,
    check_body_limits,
    check_name_length,
    too_many_entries,
)

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z", re.ASCII)
_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})\Z", re.ASCII)
_MONTHS = ("january february march april may june july august september october november "
           "december").split()
_MONTH_YEAR = re.compile(r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([a-z]+)\s+(\d{4})\Z", re.I | re.A)
#: Field types that take a YAML list, and those whose items are plain names or ids.
_LIST_TYPES = frozenset(t for t in TYPES if t.endswith("-list"))
_NAME_LISTS = frozenset({"organisation-list", "place-list", "theme-list", "barrier-list",
                         "project-list", "text-list"})
_ID_RULE = f"use only lowercase letters, digits and hyphens, at most {ID_MAX} characters"


class Checker:
    """Collects diagnostics for one document."""

    def __init__(self, doc: Document, registry: bool = False) -> None:
        self.doc = doc
        self.diagnostics: list[Diagnostic] = []
        #: A registry's values are kept even over a limit: an alias may protect someone.
        self.registry = registry

    def report(self, path: tuple[Any, ...], level: Level, code: str, message: str) -> None:
        self.diagnostics.append(
            Diagnostic(self.doc.path, self.doc.line_of(*path), level, code, message))

    def error(self, path: tuple[Any, ...], code: str, message: str) -> None:
        self.report(path, "error", code, message)


def validate_record(doc: Document, collection: str,
                    record_id: str) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Check a seminar or case-study document; return its cleaned fields and the problems."""
    check = Checker(doc)
    if not is_safe_id(record_id):
        check.error((), "bad-id",
                    f"the file name {quote(record_id + '.md')} cannot be used as a record id: "
                    f"{_ID_RULE}, e.g. rename it to '{slugify(record_id)}.md'")
    clean = check_fields(check, doc.data, (), fields_for(collection), where="frontmatter")
    unwrap_value_claims(clean)  # a date or status with its provenance: the value in place
    # the limits first: a body over them is left out, and never given to a Markdown engine
    # (the policy check renders it with Python-Markdown)
    over_limits = check_body_limits(doc)
    if over_limits:
        check.diagnostics += over_limits
    else:
        check_body(check, doc)
    return clean, check.diagnostics


def validate_registry(doc: Document, registry: str, problem_lines: Collection[int] = ()
                      ) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
    """Check a registry file; return its cleaned entries (each with ``_line``) and the problems.

    In ``people.yml`` consent fails closed (:mod:`kb.corpus.consent`): an entry with any error, or
    on a line in ``problem_lines`` (problems found while reading the YAML, such as a field
    given twice), is returned as a withdrawn stand-in that keeps the names it gives."""
    check = Checker(doc, registry=True)
    items = doc.data.get("items")
    if items is None:
        return [], []
    if not isinstance(items, list):
        check.error(("items",), "registry-not-list",
                    f"{registry}.yml must be a list of entries, each starting with '- id: ...'")
        return [], check.diagnostics
    fields = fields_for("registry:" + registry)
    entries: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        before = len(check.diagnostics)
        clean = _registry_entry(check, registry, fields, i, item, seen)
        if registry == "people":
            clean = _person(check, i, item, clean, before, _span(doc, items, i), problem_lines)
        if clean is not None:
            entries.append(clean)
    return entries, check.diagnostics


def _registry_entry(check: Checker, registry: str, fields: dict[str, Field], i: int, item: Any,
                    seen: dict[str, int]) -> dict[str, Any] | None:
    """One entry checked, or None (after reporting) when it cannot be used."""
    doc, path = check.doc, ("items", i)
    if not isinstance(item, dict):
        check.error(path, "entry-not-mapping",
                    f"entry {i + 1} of {registry}.yml must be a mapping of fields, e.g. "
                    "'- id: leadership' then '  name: Leadership' on the next line")
        return None
    if registry == "people":  # consent is read by kb.corpus.consent, which fails closed
        item = {k: v for k, v in item.items() if k != "consent"}
        fields = {**fields, "consent": dataclasses.replace(fields["consent"], required=False)}
    clean = check_fields(check, item, path, fields, where=f"{registry}.yml entries")
    if registry == "people":
        _check_name_lengths(check, clean, path)
    entry_id = clean.get("id")
    if entry_id is None:
        return None
    if not is_safe_id(entry_id):
        check.error((*path, "id"), "bad-id",
                    f"the id {quote(entry_id)} cannot be used: {_ID_RULE}, e.g. "
                    f"'{slugify(entry_id)}'")
        return None
    if entry_id in RESERVED_IDS:
        check.error((*path, "id"), "reserved-id",
                    f"the id '{entry_id}' is used by the site's own pages; choose another, "
                    f"e.g. '{entry_id}-{registry.rstrip('s')}'")
        return None
    if entry_id in seen:
        check.error((*path, "id"), "duplicate-id",
                    f"the id '{entry_id}' is used twice in {registry}.yml (first on line "
                    f"{seen[entry_id]}); give each entry its own id or merge them")
        return None
    seen[entry_id] = doc.line_of(*path, "id")
    if registry in DESCRIBED and not clean.get("description"):
        check.error(path, "missing-field",
                    f"the entry '{entry_id}' needs a one-line 'description'")
    clean["_line"], clean["_index"] = doc.line_of(*path), i
    return clean


def _check_name_lengths(check: Checker, entry: dict[str, Any], path: tuple[Any, ...]) -> None:
    """Report a person's name or alias over the length limit (the entry is kept, so that a
    protected person stays protected)."""
    named = [((*path, "name"), entry.get("name", ""))]
    named += [((*path, "aliases", i), alias) for i, alias in enumerate(entry.get("aliases", ()))]
    for where, name in named:
        if len(name) <= MAX_NAME_CHARS:
            continue
        found = check_name_length(check.doc.path, check.doc.line_of(*where), name)
        if found is not None:
            check.diagnostics.append(found)


def _person(check: Checker, i: int, item: Any, clean: dict[str, Any] | None, before: int,
            span: range, problem_lines: Collection[int]) -> dict[str, Any]:
    """A people entry with its consent read; a withdrawn stand-in when anything about the
    entry is in doubt (an error in it, or a problem found on its lines while reading)."""
    path = ("items", i)
    consent = read_consent(item, check.report, path) if isinstance(item, dict) else "withdrawn"
    errors = [d for d in check.diagnostics[before:]
              if d.level == "error" and d.code not in ("bad-consent", "missing-consent")]
    if clean is not None and not errors and not any(n in span for n in problem_lines):
        clean["consent"] = consent
        return clean
    check.diagnostics.append(invalid_person(check.doc, path))
    return withheld_entry(names_in(item), clean["id"] if clean else None, span.start, i)


def _span(doc: Document, items: list[Any], i: int) -> range:
    """The lines of entry ``i`` of a registry: from its first line to the next entry's."""
    end = doc.line_of("items", i + 1) if i + 1 < len(items) else 1 << 30
    return range(doc.line_of("items", i), end)


def check_fields(check: Checker, data: dict[str, Any], path: tuple[Any, ...],
                 fields: dict[str, Field], where: str) -> dict[str, Any]:
    """Check every key of ``data`` against ``fields``; return the values that passed."""
    clean: dict[str, Any] = {}
    for key, value in data.items():
        field = fields.get(key) if isinstance(key, str) else None
        if field is None:
            check.error((*path, key), "unknown-field", _unknown_key(str(key), fields, where))
            continue
        if _is_empty(value):
            continue  # an empty optional field is the same as a missing one
        checked = check_value(check, field, value, (*path, key))
        if checked is not None:
            clean[key] = checked
    for field in fields.values():
        if field.required and _is_empty(data.get(field.name)):
            check.error(path, "missing-field",
                        f"the required field '{field.name}' is missing or empty; add a line "
                        f"such as '{field.name}: {_example(field)}'")
    if "evidence" in clean:  # an entry's own evidence (findings, impacts): the same rule
        check_reason(check, clean["evidence"], clean.get("reason"), path)
    return clean


def check_value(check: Checker, field: Field, value: Any, path: tuple[Any, ...]) -> Any:
    """Check one value of ``field``; return the cleaned value or None after reporting."""
    if field.type in _LIST_TYPES:
        if not isinstance(value, list):
            mapping_items = field.type in RELATION_TYPES or field.type == "source-list"
            if isinstance(value, dict) and not mapping_items:
                check.error(path, "wrong-type", f"'{field.name}' must be a list, written as "
                            f"lines starting with '  - ' under '{field.name}:'")
                return None
            if isinstance(value, dict):  # one entry (a person, a source) without its '- '
                check.report(path, "warning", "not-a-list",
                             f"'{field.name}' should be a list; its single entry was read as a "
                             f"list of one. Put '- ' before the entry's first line under "
                             f"'{field.name}:'")
                value = [value]
        if not isinstance(value, list):
            check.report(path, "warning", "not-a-list",
                         f"'{field.name}' should be a list; {quote(value)} was read as a list "
                         f"of one. Write it as '{field.name}: [{quote(value)[1:-1]}]'")
            value = [value]
        if len(value) > MAX_LIST_ENTRIES:  # tested first: the line is looked up only then
            check.diagnostics.append(too_many_entries(
                check.doc.path, check.doc.line_of(*path), field.name, len(value)))
            if not check.registry:
                return None  # the record is left out; its entries are not worth checking
        if field.type in _NAME_LISTS:
            return _check_names(check, field, value, path)
        items = []
        for i, item in enumerate(value):
            if _is_empty(item):
                _empty_item(check, field, (*path, i))
                continue
            checked = check_item(check, field, item, (*path, i))
            if checked is not None:
                items.append(checked)
        return items
    return check_item(check, field, value, path)


def _check_names(check: Checker, field: Field, value: list[Any],
                 path: tuple[Any, ...]) -> list[str]:
    """A list of names or ids: :func:`check_item` on each, with plain text taken at once (the
    common case, on every record)."""
    names = []
    for i, item in enumerate(value):
        text = item.strip() if item.__class__ is str else ""
        if text and _CONTROL.search(item) is None:  # a control character at an end too
            names.append(text)
        elif _is_empty(item):
            _empty_item(check, field, (*path, i))
        else:
            checked = check_item(check, field, item, (*path, i))
            if checked is not None:
                names.append(checked)
    return names


def _empty_item(check: Checker, field: Field, path: tuple[Any, ...]) -> None:
    check.report(path, "warning", "empty-item", f"'{field.name}' has an empty entry (a '-' "
                 "with nothing after it), which is ignored; remove the line or fill it in")


def _is_empty(value: Any) -> bool:
    """None, blank text or an empty list: the same as leaving the field out."""
    if value.__class__ is str:  # most values: tested first
        return not value.strip()
    return value is None or value == []


def check_item(check: Checker, field: Field, value: Any, path: tuple[Any, ...]) -> Any:
    """Check a single (non-list) value of ``field``."""
    if value.__class__ is dict and field.type in RELATION_TYPES:  # a claim with provenance
        return check_relation_item(check, field, value, path, _check_plain)
    if value.__class__ is dict and field.claim:  # a date or status with its provenance
        return check_value_claim(check, field, value, path, _check_plain)
    return _check_plain(check, field, value, path)


def _check_plain(check: Checker, field: Field, value: Any, path: tuple[Any, ...]) -> Any:
    """A single value, or the value of a relation item without its provenance."""
    kind = field.type
    if kind == "date":
        return check_date(check, field.name, value, path)
    if kind == "count":
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        check.error(path, "wrong-type", f"'{field.name}' must be a whole number such as 20; "
                    f"got {quote(value)}"
                    + (" (remove the quotes)" if str(value).isdigit() else ""))
        return None
    if kind == "person" and isinstance(value, str) and value.lower().startswith(UNATTRIBUTED):
        return check_text(check, field.name, value, path)  # "a delegate": unattributed
    if kind in ("person", "person-list"):
        return check_person(check, field.name, value, path)
    if kind == "partner-list":
        return check_partner(check, field.name, value, path)
    if kind == "source-list":
        return check_citation(check, value, path)
    text = check_text(check, field.name, value, path)
    if text is None:
        return None
    if kind == "choice" and text not in field.choices:
        check.error(path, f"bad-{field.name}", f"'{field.name}' cannot be {quote(text)}: use "
                    f"one of {', '.join(field.choices)}"
                    f"{did_you_mean(text, field.choices, 0.5)}")
        return None
    if kind == "url":
        return check_url(check, field.name, text, path)
    if kind in ("record", "record-list") and not is_safe_id(text):
        check.error(path, "unsafe-id", f"{quote(text)} in '{field.name}' is not a record id: "
                    f"ids are file names without '.md' and {_ID_RULE}, e.g. '{slugify(text)}'")
        return None
    return text


#: Characters no published text may hold (kb.schema.CONTROL_CHARS).
_CONTROL = re.compile(f"[{CONTROL_CHARS}]")


def check_text(check: Checker, name: str, value: Any, path: tuple[Any, ...]) -> str | None:
    """Plain text; numbers, dates and yes/no are refused with a quoting hint."""
    if isinstance(value, str):
        bad = _CONTROL.search(value)
        if bad:
            check.error(path, "yaml-character", f"'{name}' contains the invisible character "
                        f"U+{ord(bad.group(0)):04X}, which cannot be published; delete it "
                        "(retype the text around it if you cannot see it)")
            return None
        return value.strip()
    if isinstance(value, (dict, list)):
        check.error(path, "wrong-type", f"'{name}' must be plain text, not a "
                    f"{'list' if isinstance(value, list) else 'mapping'}")
        return None
    shown = "yes" if value is True else "no" if value is False else quote(value)[1:-1]
    example = f'- "{shown}"' if path and isinstance(path[-1], int) else f'{name}: "{shown}"'
    check.error(path, "wrong-type", f"'{name}' must be text, but {_read_as(value)}; put it in "
                f"double quotes: '{example}'")
    return None


def check_date(check: Checker, name: str, value: Any, path: tuple[Any, ...]) -> str | None:
    """A full or partial ISO date, or ``unknown``; returns it as text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 2999:
        return str(value)
    if isinstance(value, (dict, list)):
        check.error(path, "wrong-type", f"'{name}' must be one date such as 2015-06, not a "
                    f"{'list' if isinstance(value, list) else 'mapping'}")
        return None
    text = str(value).strip()
    if text == "unknown":
        return text
    match = _ISO.match(text)
    if match and _valid_iso(*match.groups()):
        return text
    check.error(path, "bad-date", f"'{name}' has {quote(value)}, which is not a date in the "
                f"form YYYY, YYYY-MM or YYYY-MM-DD{_date_hint(text)}; if the date is not known "
                f"write '{name}: unknown'")
    return None


def check_person(check: Checker, name: str, value: Any,
                 path: tuple[Any, ...]) -> dict[str, str] | None:
    """A person: a name, or a mapping with ``name`` and optional ``organisation`` and ``role``."""
    if isinstance(value, str) and value.strip():
        text = check_text(check, name, value, path)
        if text and _name_too_long(check, text, path):
            return None
        return {"name": text} if text else None
    if not isinstance(value, dict):
        check.error(path, "wrong-type", f"each entry in '{name}' must be a name such as "
                    "'Dr Sue Richardson', or a mapping with name, organisation and role; got "
                    f"{quote(value)}")
        return None
    person: dict[str, str] = {}
    for key, item in value.items():
        if key not in PERSON_KEYS:
            check.error((*path, key), "unknown-field", f"a person in '{name}' cannot have "
                        f"'{key}': use name, organisation, role and consent"
                        f"{did_you_mean(str(key), PERSON_KEYS, 0.6)}")
        elif key == "consent":
            person[key] = _stated_consent(check, item, (*path, key))
        elif item not in (None, ""):
            text = check_text(check, key, item, (*path, key))
            if text:
                person[key] = text
    if "name" in person and _name_too_long(check, person["name"], (*path, "name")):
        return None
    if "name" not in person:
        if not _is_empty(value.get("name")):
            return None  # a name that is not text: reported above
        check.error(path, "missing-field", f"a person in '{name}' has no 'name'; write e.g. "
                    "'- name: Dr Sue Richardson' with 'organisation:' under it")
        return None
    return person


def _stated_consent(check: Checker, value: Any, path: tuple[Any, ...]) -> str:
    """The consent a record states for a person it names: exactly named, role-only or
    withdrawn; anything else (reported) is withdrawn, so that consent fails closed."""
    if value.__class__ is str and value in CONSENT:
        return str(value)
    shown = quote(value) if value not in (None, "") else "empty"
    check.error(path, "bad-consent", f"the consent {shown} cannot be read: write exactly "
                "named, role-only or withdrawn, in lowercase; until it is fixed this person "
                "is treated as withdrawn and appears nowhere")
    return "withdrawn"


def _name_too_long(check: Checker, name: str, path: tuple[Any, ...]) -> bool:
    if len(name) <= MAX_NAME_CHARS:  # tested first: the line is looked up only then
        return False
    found = check_name_length(check.doc.path, check.doc.line_of(*path), name)
    if found is not None:
        check.diagnostics.append(found)
    return found is not None


def check_partner(check: Checker, name: str, value: Any,
                  path: tuple[Any, ...]) -> dict[str, str] | None:
    """A partner of a collaboration: an organisation, or a mapping with ``organisation`` and
    ``contribution`` (what it brought)."""
    if isinstance(value, str):
        text = check_text(check, name, value, path)
        return {"organisation": text} if text else None
    if not isinstance(value, dict):
        check.error(path, "wrong-type", f"each entry in '{name}' must be an organisation, or a "
                    "mapping such as '- organisation: Newcastle University' with "
                    "'contribution: ...' under it")
        return None
    partner: dict[str, str] = {}
    for key, item in value.items():
        if key not in PARTNER_KEYS:
            check.error((*path, key), "unknown-field", f"a partner in '{name}' cannot have "
                        f"'{key}': use organisation and contribution"
                        f"{did_you_mean(str(key), PARTNER_KEYS, 0.6)}")
            return None
        text = None if _is_empty(item) else check_text(check, key, item, (*path, key))
        if text:
            partner[key] = text
    if "organisation" not in partner:
        check.error(path, "missing-field", f"a partner in '{name}' has no 'organisation'")
        return None
    return partner


_WEB = re.compile(r"https?://")
_NOT_IN_URL = re.compile(r"[\s<>\"'`\\\x00-\x1f\x7f]")


def check_url(check: Checker, name: str, text: str, path: tuple[Any, ...]) -> str | None:
    """A web address: http(s), a host, and no spaces, quotes, angle brackets or control
    characters. (Brackets are allowed, as in many real addresses; pages percent-encode them.)"""
    parts = urllib.parse.urlsplit(text) if _WEB.match(text) else None
    if parts and parts.hostname and not _NOT_IN_URL.search(text):
        return text
    check.error(path, "unsafe-url", f"'{name}' must be a web address starting with https:// "
                f"or http://; got {quote(text)}")
    return None


def check_body(check: Checker, doc: Document) -> None:
    """Refuse markup in the text that could run script or load from another host."""
    check.diagnostics += check_body_policy(doc)


#: Words contributors reach for, and the field they mean.
SYNONYMS = {
    "organisation": ("organisations", "hosts"), "organizations": ("organisations", "hosts"),
    "organization": ("organisations", "hosts"), "host": ("hosts",), "speaker": ("speakers",),
    "authors": ("contributors",), "author": ("contributors",), "tags": ("themes",),
    "location": ("place", "places"), "city": ("place", "places"), "type": ("kind",),
    "source": ("sources",), "description": ("summary",), "presented": ("presented_at",),
    "speakers": ("contributors",), "organisers": ("contributors",), "people": ("contributors",),
}


def _unknown_key(key: str, fields: dict[str, Field], where: str) -> str:
    hint = ""
    lowered = key.lower().replace("-", "_").replace(" ", "_")
    for candidate in (lowered, lowered + "s", lowered.rstrip("s"), *SYNONYMS.get(lowered, ())):
        if candidate in fields and candidate != key:
            hint = f" (did you mean '{candidate}'?)"
            break
    hint = hint or did_you_mean(key, fields, 0.6)
    return (f"unknown field '{key}'{hint}; the fields {where} can have are: "
            f"{', '.join(fields)}")


def _valid_iso(year: str, month: str | None, day: str | None) -> bool:
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True


def _date_hint(text: str) -> str:
    """A suggestion for a date written some other way: ``30/11/2016`` -> ``2016-11-30``."""
    if text.casefold() == "unknown":
        return " (write unknown in lowercase)"
    match = _ISO.match(text)
    if match:
        return f" ({text} is not on the calendar)"
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if _valid_iso(str(year), f"{month:02d}", f"{day:02d}"):
            return f" (for {_spoken(year, month, day)} write {year}-{month:02d}-{day:02d})"
        if _valid_iso(str(year), f"{day:02d}", f"{month:02d}"):  # month first, as in the US
            return (f" (if you mean {_spoken(year, day, month)}, write "
                    f"{year}-{day:02d}-{month:02d})")
    match = _MONTH_YEAR.match(text)
    if match and match.group(2).lower() in _MONTHS:
        month = _MONTHS.index(match.group(2).lower()) + 1
        on = int(match.group(1)) if match.group(1) else None
        if _valid_iso(match.group(3), f"{month:02d}", f"{on or 1:02d}"):
            return f" (write {match.group(3)}-{month:02d}" + (f"-{on:02d})" if on else ")")
    return ""


def _spoken(year: int, month: int, day: int) -> str:
    return f"{day} {_MONTHS[month - 1].title()} {year}"


def _example(field: Field) -> str:
    examples = {"title": "Sharing information about families", "date": "2015-06",
                "kind": "case-study", "id": "my-entry", "name": "Its full name",
                "sector": "local-government"}
    return examples.get(field.name, field.choices[0] if field.choices else "...")


def _read_as(value: Any) -> str:
    """How YAML read a value that should have been text, e.g. "'2016' was read as a number"."""
    if isinstance(value, bool):
        return ("its value was read as yes/no (YAML reads yes, no, true, false, on and off "
                "that way)")
    return f"{quote(value)} was read as {_type_name(value)}"


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__
