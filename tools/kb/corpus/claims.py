"""Stage 2 for provenance: citations of sources, and relation items that carry their own.

Every item of a relation field (a person, an organisation, a theme, a record ...) is a claim.
Written as plain text it is stated by the record's (or entry's) ``sources:``; written as a
mapping it may carry its own ``source``/``sources``, ``evidence`` and ``reason``::

    themes:
      - consent
      - id: families
        evidence: inferred
        reason: "Seed 001 names a Families context; this is the seminar about families."

A record's ``date`` and ``status`` (kb.schema.Field.claim) may be written the same way, their
value under ``value``; the validator keeps the value in its place and the provenance under
kb.schema.CLAIMS_KEY (:func:`check_value_claim`, :func:`unwrap_value_claims`)::

    date:
      value: "2016-10"
      evidence: inferred
      reason: "The blog, dated 30 November 2016, says the launch was last month."

The cleaned value of a relation item keeps the item's shape: plain text stays plain text, and
a mapping is normalised (its value under ``name``, ``source`` folded into ``sources``), so that
:func:`split_item` gives resolution the value and its provenance. Whether a cited source
exists is checked later, in :mod:`kb.corpus.provenance`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..names import did_you_mean, quote
from ..schema import (
    CITATION_KEYS,
    CLAIM_KEYS,
    CLAIMS_KEY,
    EVIDENCE,
    LEGACY_SOURCE_KEYS,
    MORE_THAN_A_SENTENCE,
    NEEDS_REASON,
    PARTNER_KEYS,
    PERSON_KEYS,
    SOURCE_TYPES,
    VALUE_KEY,
    VALUE_KEYS,
    Field,
)

_MORE = re.compile(MORE_THAN_A_SENTENCE)
#: Relation types whose items are mappings anyway (their own keys beside the claim's).
_MAPPING_TYPES = {"person": PERSON_KEYS, "person-list": PERSON_KEYS, "partner-list": PARTNER_KEYS}
_PROVENANCE_KEYS = ("sources", "evidence", "reason")

#: A checker of one plain value: (checker, field, value, path) -> cleaned value or None.
ValueCheck = Callable[[Any, Field, Any, tuple[Any, ...]], Any]


def check_relation_item(check: Any, field: Field, value: dict[Any, Any], path: tuple[Any, ...],
                        check_plain: ValueCheck) -> Any:
    """A relation item written as a mapping: its value checked by ``check_plain``, its claim
    keys by :func:`check_provenance`. None (after reporting) when either is wrong: a claim
    whose evidence is in doubt is left out rather than published as stated."""
    claim = {k: v for k, v in value.items() if k in CLAIM_KEYS}
    rest = {k: v for k, v in value.items() if k not in CLAIM_KEYS}
    if field.type in _MAPPING_TYPES:
        plain = check_plain(check, field, rest, path)
    else:
        plain = _value_of(check, field, rest, path, check_plain)
    provenance = check_provenance(check, claim, path)
    if plain is None or provenance is None:
        return None
    if not provenance:
        return plain
    return {**(plain if isinstance(plain, dict) else {"name": plain}), **provenance}


def check_value_claim(check: Any, field: Field, value: dict[Any, Any], path: tuple[Any, ...],
                      check_plain: ValueCheck) -> dict[str, Any] | None:
    """A date or status written as a claim: ``value``, checked by ``check_plain`` as the plain
    value would be, and the claim keys by :func:`check_provenance`. None (after reporting)
    when either is wrong, as for a relation item."""
    for key in value:
        if key != VALUE_KEY and key not in CLAIM_KEYS:
            check.error((*path, key), "unknown-field",
                        f"'{field.name}' written as a mapping cannot have '{key}': use value, "
                        f"source, sources, evidence and reason"
                        f"{did_you_mean(str(key), (VALUE_KEY, *CLAIM_KEYS), 0.6)}")
            return None
    if _blank(value.get(VALUE_KEY)):
        check.error(path, "missing-field",
                    f"'{field.name}' written as a mapping has no 'value'; give it, e.g. "
                    f"'value: \"{_VALUE_EXAMPLES.get(field.type, 'held')}\"' with 'evidence:' "
                    "and 'reason:' beside it")
        return None
    plain = check_plain(check, field, value[VALUE_KEY], (*path, VALUE_KEY))
    provenance = check_provenance(
        check, {k: v for k, v in value.items() if k in CLAIM_KEYS}, path)
    if plain is None or provenance is None:
        return None
    return {VALUE_KEY: plain, **provenance}


_VALUE_EXAMPLES = {"date": "2016-10"}


def unwrap_value_claims(clean: dict[str, Any]) -> None:
    """Put each value written as a claim back in its field, and its provenance (if any) under
    kb.schema.CLAIMS_KEY, so that every reader of a date or status sees the plain value."""
    provenance: dict[str, Any] = {}
    for key, item in clean.items():
        if isinstance(item, dict) and VALUE_KEY in item:
            clean[key] = item.pop(VALUE_KEY)
            if item:
                provenance[key] = item
    if provenance:
        clean[CLAIMS_KEY] = provenance


def _value_of(check: Any, field: Field, rest: dict[Any, Any], path: tuple[Any, ...],
              check_plain: ValueCheck) -> Any:
    """The value of a plain-text item written as a mapping: its ``id`` or its ``name``."""
    for key in rest:
        if key not in VALUE_KEYS:
            check.error((*path, key), "unknown-field",
                        f"an entry in '{field.name}' cannot have '{key}': use id (or name), "
                        f"source, sources, evidence and reason"
                        f"{did_you_mean(str(key), (*VALUE_KEYS, *CLAIM_KEYS), 0.6)}")
            return None
    given = [k for k in VALUE_KEYS if k in rest]
    if len(given) != 1:
        what = "both 'id' and 'name'" if given else "no 'id'"
        check.error(path, "missing-field" if not given else "wrong-type",
                    f"an entry in '{field.name}' written as a mapping has {what}; give one, "
                    f"e.g. '- id: {_example(field)}' with 'evidence:' under it")
        return None
    key = given[0]
    return check_plain(check, field, rest[key], (*path, key))


def _example(field: Field) -> str:
    return {"theme-list": "consent", "record-list": "bradford-families-2015"}.get(
        field.type, "newcastle-university")


def check_provenance(check: Any, claim: dict[str, Any],
                     path: tuple[Any, ...]) -> dict[str, Any] | None:
    """The ``source``/``sources``, ``evidence`` and ``reason`` of one claim, cleaned: a mapping
    with those of ``sources`` (a list of citations), ``evidence`` and ``reason`` that were
    given; None (after reporting) when one is wrong."""
    ok = True
    found: dict[str, Any] = {}
    citations: list[dict[str, str]] = []
    for key in ("source", "sources"):
        value = claim.get(key)
        if _blank(value):
            continue
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            if _blank(item):
                continue  # an empty entry, as in any list: nothing cited
            where = (*path, key, i) if isinstance(value, list) else (*path, key)
            cited = check_citation(check, item, where)
            ok = ok and cited is not None
            if cited is not None:
                citations.append(cited)
    if citations:
        found["sources"] = citations
    evidence = _text(check, "evidence", claim.get("evidence"), (*path, "evidence"))
    reason = _text(check, "reason", claim.get("reason"), (*path, "reason"))
    if evidence is not None:
        if evidence not in EVIDENCE:
            check.error((*path, "evidence"), "bad-evidence",
                        f"'evidence' cannot be {quote(evidence)}: use stated (a source says "
                        "it), inferred (the knowledge base infers it) or disputed (sources "
                        f"disagree){did_you_mean(evidence, EVIDENCE, 0.5)}")
            return None
        found["evidence"] = evidence
    if reason:
        found["reason"] = reason
    if not check_reason(check, evidence, reason, path):
        return None
    return found if ok else None


def _blank(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def check_reason(check: Any, evidence: str | None, reason: str | None,
                 path: tuple[Any, ...]) -> bool:
    """An inferred or disputed claim needs a reason, shown to readers."""
    if evidence in NEEDS_REASON and not reason:
        check.error(path, "inferred-without-reason",
                    f"an {evidence} claim needs a 'reason': one line saying why the knowledge "
                    "base infers it" + (" " if evidence == "inferred" else
                                        " or how the sources disagree ")
                    + "(readers see it), e.g. 'reason: \"The seminar is the one about "
                    "families.\"'")
        return False
    return True


def _text(check: Any, name: str, value: Any, path: tuple[Any, ...]) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    from .validate import check_text  # the validator's own rules for published text

    return check_text(check, name, value, path)


def check_citation(check: Any, value: Any, path: tuple[Any, ...]) -> dict[str, str] | None:
    """One cited source: an id from registries/sources.yml (``- easi-grant-record``), a
    mapping with ``source`` and optional ``locator`` and ``quote``, or a description in place
    (``title``, ``kind``, ``publisher``, ``date``, ``url``, ``authority``)."""
    if isinstance(value, str):
        text = _text(check, "sources", value, path)
        return {"source": text} if text else None
    if not isinstance(value, dict):
        check.error(path, "wrong-type", "each source must be the id of a source in "
                    "registries/sources.yml, e.g. '- easi-grant-record', or a mapping such as "
                    "'- source: easi-grant-record' with 'locator: Key findings' under it")
        return None
    if "source" not in value:
        return _legacy_source(check, value, path)
    cited: dict[str, str] = {}
    for key, item in value.items():
        if key not in CITATION_KEYS:
            check.error((*path, key), "unknown-field", f"a citation cannot have '{key}': use "
                        f"source, locator and quote{did_you_mean(str(key), CITATION_KEYS, 0.6)}")
            return None
        text = _text(check, str(key), item, (*path, key))
        if text:
            cited[key] = text
    if "source" not in cited:
        check.error(path, "missing-field", "a citation has an empty 'source': give the id of "
                    "a source in registries/sources.yml, e.g. 'source: easi-grant-record'")
        return None
    if "quote" in cited and _MORE.search(cited["quote"]):
        check.error((*path, "quote"), "long-quote",
                    "a citation's 'quote' may be one sentence at most (it shows where in the "
                    "source the claim is); shorten it, or give a 'locator' such as a section "
                    "name instead")
        return None
    return cited


def _legacy_source(check: Any, value: dict[Any, Any],
                   path: tuple[Any, ...]) -> dict[str, str] | None:
    """A source described in place; resolution matches its title against
    registries/sources.yml, or makes it a new source when it gives its authority."""
    from .validate import check_date, check_url  # the validator's rules for dates and urls

    source: dict[str, str] = {}
    for key, item in value.items():
        if key not in LEGACY_SOURCE_KEYS:
            keys = (*CITATION_KEYS, *LEGACY_SOURCE_KEYS)
            check.error((*path, key), "unknown-field", f"a source cannot have '{key}': cite "
                        "a source by its id ('source:' with 'locator' and 'quote'), or give "
                        f"{', '.join(LEGACY_SOURCE_KEYS)}{did_you_mean(str(key), keys, 0.6)}")
            continue
        if item in (None, ""):
            continue
        if key == "date":
            checked = check_date(check, "date", item, (*path, key))
        else:
            checked = _text(check, str(key), item, (*path, key))
            if checked and key == "url":
                checked = check_url(check, "url", checked, (*path, key))
            if checked and key == "kind" and checked not in SOURCE_TYPES:
                check.error((*path, key), "bad-kind", f"a source's kind cannot be "
                            f"{quote(checked)}: use one of {', '.join(SOURCE_TYPES)}"
                            f"{did_you_mean(checked, SOURCE_TYPES, 0.5)}")
                checked = None
        if checked:
            source[key] = checked
    if "title" not in source:
        check.error(path, "missing-field", "a source has no 'title'; cite a source by its id "
                    "in registries/sources.yml instead, e.g. '- easi-grant-record'")
        return None
    return source


def split_item(item: Any) -> tuple[Any, dict[str, Any] | None]:
    """A cleaned relation item -> (its value, its provenance or None). The value is plain
    text, or a mapping: a person's or partner's, or ``{"name": ...}`` for a plain-text item
    written as a mapping (see :func:`plain_text`)."""
    if not isinstance(item, dict) or not any(k in item for k in _PROVENANCE_KEYS):
        return item, None
    provenance = {k: item[k] for k in _PROVENANCE_KEYS if k in item}
    return {k: v for k, v in item.items() if k not in _PROVENANCE_KEYS}, provenance


def plain_text(value: Any) -> str:
    """The text of a plain-text item's value, however it was written."""
    return str(value["name"]) if isinstance(value, dict) else str(value)
