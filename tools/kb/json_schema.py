"""JSON Schemas for editors and the proposal form, generated from :mod:`kb.schema`.

The schemas describe what :mod:`kb.corpus.validate` accepts, so that an editor (VS Code with
the YAML extension) completes and checks fields while a contributor types. tests/test_schema.py runs
both over the same examples (and over random ones) and compares the verdicts. The differences
that remain come from what JSON Schema can express, and are pinned by that test:

* closed vocabularies (themes, barriers, projects, sectors) list the exact ids, names and
  aliases; ``kb validate`` also accepts other spellings of them (case, accents, punctuation);
* a choice written with spaces around it (``status: " held"``) is refused by the schema and
  accepted by ``kb validate``, which strips them;
* JSON Schema counts ``20.0`` as a whole number; ``kb validate`` asks for ``20``.
"""

from __future__ import annotations

from typing import Any

from .names import ID_MAX
from .schema import (
    CLOSED_KINDS,
    COLLECTION_FIELDS,
    CONSENT,
    CONTROL_CHARS,
    DESCRIBED,
    EVIDENCE,
    MORE_THAN_A_SENTENCE,
    NEEDS_REASON,
    RECORD_TARGET,
    REFERENCE_KIND,
    REGISTRY_FIELDS,
    RELATION_TYPES,
    SOURCE_TYPES,
    Field,
)

DRAFT = "http://json-schema.org/draft-07/schema#"

#: Schema names (the file is ``<name>.schema.json``) and what each describes.
SCHEMA_NAMES = {
    "seminar": "seminars", "case-study": "case_studies",
    **{kind: "registry:" + kind for kind in REGISTRY_FIELDS},
}

_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_YEAR = r"(?!0000)[0-9]{4}"
_MONTH_DAY = (r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
              r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
              r"|02-(?:0[1-9]|1[0-9]|2[0-8]))")
#: YYYY, YYYY-MM, YYYY-MM-DD (a real day, leap years included) or ``unknown``.
DATE_PATTERN = (rf"^\s*(?:unknown|{_YEAR}(?:-(?:0[1-9]|1[0-2]))?|{_YEAR}-{_MONTH_DAY}"
                rf"|(?!0000){_LEAP_YEAR}-02-29)\s*$")
URL_PATTERN = r"^\s*https?://[^\s<>\"']+\s*$"
#: A safe id (kb.names.is_safe_id): a-z, 0-9 and inner hyphens, at most ID_MAX characters.
ID_BODY = rf"[a-z0-9](?:[a-z0-9-]{{0,{ID_MAX - 2}}}[a-z0-9])?"
ID_PATTERN = f"^{ID_BODY}$"
#: Characters no published text may hold (kb.corpus.validate refuses them too).
_CONTROLS = CONTROL_CHARS
#: Spaces around a value, which kb validate strips; control characters are never spaces here.
_SPACES = rf"(?:(?![{_CONTROLS}])\s)*"
#: Text with no control characters.
CLEAN_TEXT = rf"^[^{_CONTROLS}]*$"
#: The same, and not blank.
NOT_BLANK = rf"^(?=[\s\S]*\S)[^{_CONTROLS}]*$"

DATE_MESSAGE = "Write a date as YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2015-06), or unknown."
URL_MESSAGE = "Write a web address starting with https:// or http://."

Vocabulary = dict[str, list[str]]

#: An empty value (null, blank text or []), which kb validate treats as a field left out.
EMPTY: dict[str, Any] = {"anyOf": [{"type": "null"}, {"type": "string", "pattern": r"^\s*$"},
                                   {"type": "array", "maxItems": 0}]}
#: Inside people and sources, only null and "" count as empty.
BLANK: dict[str, Any] = {"enum": [None, ""]}


def schema_for(name: str, vocabulary: Vocabulary | None = None) -> dict[str, Any]:
    """The JSON Schema called ``name`` (a key of :data:`SCHEMA_NAMES`).

    Args:
        name: ``seminar``, ``case-study`` or a registry name such as ``people``.
        vocabulary: Accepted values per kind (``{"themes": [...ids, names, aliases]}``) and
            suggestions for open kinds and records; without it, references are plain text.
    """
    target = SCHEMA_NAMES[name]
    vocab = vocabulary or {}
    if target.startswith("registry:"):
        return _registry_schema(target.split(":", 1)[1], vocab)
    fields = COLLECTION_FIELDS[target]
    label = {"seminars": "A seminar or event (a file in seminars/)",
             "case_studies": "A case study or good-practice account (a file in case_studies/)"}
    return {
        "$schema": DRAFT,
        "title": label[target],
        "description": "The frontmatter between the two --- lines. See the field reference: "
                       "docs/contribute/fields.md.",
        **_object(fields, vocab),
    }


def all_schemas(vocabulary: Vocabulary | None = None) -> dict[str, dict[str, Any]]:
    """Every schema by file name (``case-study.schema.json``)."""
    return {f"{name}.schema.json": schema_for(name, vocabulary) for name in SCHEMA_NAMES}


def _registry_schema(registry: str, vocab: Vocabulary) -> dict[str, Any]:
    fields = REGISTRY_FIELDS[registry]
    entry = _object(fields, vocab)
    if any(f.name == "evidence" for f in fields):
        entry.update(NEEDS_A_REASON)
    if registry in DESCRIBED:
        entry["required"] = [*entry["required"], "description"]
        entry["properties"]["description"] = {
            "type": "string", "pattern": NOT_BLANK, "description": "One line, in your own words."}
    entry["properties"]["id"] = {**_describe(fields[0]), "type": "string",
                                 "pattern": ID_PATTERN,
                                 "errorMessage": "Use lowercase a-z, 0-9 and hyphens only."}
    return {
        "$schema": DRAFT,
        "title": f"registries/{registry}.yml",
        "description": f"The {registry} registry: a list of entries, each starting '- id: '.",
        "anyOf": [{"type": "array", "items": entry}, {"type": "null"}],
    }


def _object(fields: tuple[Field, ...], vocab: Vocabulary) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: {**_describe(f), **field_schema(f, vocab)} for f in fields},
    }


def _describe(field: Field) -> dict[str, Any]:
    return {"description": field.description} if field.description else {}


def field_schema(field: Field, vocab: Vocabulary) -> dict[str, Any]:
    """The schema of one field's value, mirroring :func:`kb.corpus.validate.check_value`."""
    item = _item(field, vocab)
    if not field.is_list:
        return item if field.required else {"anyOf": [item, EMPTY]}
    # An empty entry ("- " alone on a line) is only a warning.
    array: dict[str, Any] = {"type": "array", "items": {"anyOf": [item, EMPTY]}}
    if field.required:
        array["minItems"] = 1
    # A single value where a list is expected (a name, or one person or source written without
    # its "- ") is only a warning in kb validate; the item schema says which values qualify.
    return {"anyOf": [array, item, EMPTY]}


def _item(field: Field, vocab: Vocabulary) -> dict[str, Any]:
    """One value (or list item) of ``field``: for relations, and a record's date and status,
    also as a claim with its own provenance (kb.corpus.claims)."""
    plain = _plain_item(field, vocab)
    if field.claim:  # a date or status may be written as a claim: its value under "value"
        return {"anyOf": [plain, {"type": "object", "additionalProperties": False,
                                  "required": ["value"],
                                  "properties": {"value": plain, **CLAIM_PROPERTIES},
                                  **NEEDS_A_REASON}]}
    if field.type not in RELATION_TYPES or field.type in ("person", "person-list",
                                                            "partner-list"):
        return plain  # people and partners are mappings already: they take the claim keys
    claim = {"type": "object", "additionalProperties": False,
             "properties": {"id": plain, "name": plain, **CLAIM_PROPERTIES},
             "oneOf": [{"required": ["id"], "not": {"required": ["name"]}},
                       {"required": ["name"], "not": {"required": ["id"]}}],
             **NEEDS_A_REASON}
    return {"anyOf": [plain, claim]}


def _plain_item(field: Field, vocab: Vocabulary) -> dict[str, Any]:
    kind = field.type
    if kind == "date":
        return date_schema()
    if kind == "count":
        return {"type": "integer", "minimum": 0,
                "errorMessage": "Write a whole number without quotes, e.g. 20."}
    if kind == "choice":
        return {"type": "string", "enum": list(field.choices)}
    if kind == "url":
        return {"type": "string", "pattern": URL_PATTERN, "errorMessage": URL_MESSAGE}
    if kind in ("person", "person-list"):
        return person_schema(vocab.get("people", []))
    if kind == "partner-list":
        return partner_schema(vocab.get("organisations", []))
    if kind == "source-list":
        return source_schema(vocab.get("sources", []))
    if kind in ("record", "record-list"):
        collection = RECORD_TARGET[field.name]
        where = f"{collection}/" if collection else "seminars/ or case_studies/"
        return _with_examples({"type": "string", "pattern": rf"^{_SPACES}{ID_BODY}{_SPACES}$",
                               "errorMessage": f"Use the file name of a record in {where} "
                                               "without .md, e.g. bradford-families-2015."},
                              vocab.get(collection or "seminars", []))
    ref = REFERENCE_KIND.get(kind)
    if ref in CLOSED_KINDS and vocab.get(ref):
        return {"type": "string", "enum": list(dict.fromkeys(vocab[ref])),
                "errorMessage": f"Use an id from registries/{ref}.yml."}
    return _with_examples(_text(field.required), vocab.get(ref or "", []))


def date_schema() -> dict[str, Any]:
    """A date as text, or a year as a number (YAML reads ``date: 2015`` as a number)."""
    return {"anyOf": [{"type": "string", "pattern": DATE_PATTERN},
                      {"type": "integer", "minimum": 1000, "maximum": 9999}],
            "errorMessage": DATE_MESSAGE}


def person_schema(names: list[str]) -> dict[str, Any]:
    """A name, or a mapping of name, organisation, role and consent (and a claim's
    provenance)."""
    name = _with_examples({"type": "string", "pattern": NOT_BLANK}, names)
    return {"anyOf": [name, {
        "type": "object",
        "additionalProperties": False,
        "required": ["name"],
        "properties": {
            "name": {**name, "description": "The person's name."},
            "organisation": {**_nullable(_text(False)),
                             "description": "Their organisation at the time."},
            "role": {**_nullable(_text(False)), "description": "Their role at the time."},
            "consent": {"type": "string", "enum": list(CONSENT),
                        "description": "For someone not yet in registries/people.yml: whether "
                                       "they agreed to be named (named), to appear only by "
                                       "their role (role-only), or not at all (withdrawn)."},
            **CLAIM_PROPERTIES,
        },
        **NEEDS_A_REASON,
    }]}


def partner_schema(names: list[str]) -> dict[str, Any]:
    """An organisation, or a mapping of organisation and contribution (and provenance)."""
    name = _with_examples({"type": "string", "pattern": NOT_BLANK}, names)
    return {"anyOf": [name, {
        "type": "object",
        "additionalProperties": False,
        "required": ["organisation"],
        "properties": {
            "organisation": {**name, "description": "The partner organisation."},
            "contribution": {**_nullable(_text(False)), "description": "What it brought."},
            **CLAIM_PROPERTIES,
        },
        **NEEDS_A_REASON,
    }]}


#: A quote of at most one sentence (kb.corpus.claims.MORE_THAN_A_SENTENCE).
ONE_SENTENCE = rf"^(?![\s\S]*{MORE_THAN_A_SENTENCE})[^{_CONTROLS}]*$"


def source_schema(ids: list[str] | None = None) -> dict[str, Any]:
    """A cited source: an id from registries/sources.yml, a mapping of ``source``,
    ``locator`` and ``quote``, or a description in place (``title`` required)."""
    source_id = _with_examples({"type": "string", "pattern": NOT_BLANK}, ids or [])
    citation = {
        "type": "object", "additionalProperties": False, "required": ["source"],
        "properties": {
            "source": {**source_id, "description": "The id of a source in sources.yml."},
            "locator": {**_nullable(_text(False)),
                        "description": "Where in the source: a section, a page."},
            "quote": {**_nullable({"type": "string", "pattern": ONE_SENTENCE,
                                   "errorMessage": "Quote one sentence at most."}),
                      "description": "The source's words, one sentence at most."},
        },
    }
    legacy: dict[str, Any] = {
        "title": {"type": "string", "pattern": NOT_BLANK, "description": "What was published."},
        "publisher": {**_nullable(_text(False)), "description": "Who published it."},
        "date": {**_nullable(date_schema()), "description": "When it was published."},
        "url": {**_nullable({"type": "string", "pattern": URL_PATTERN,
                             "errorMessage": URL_MESSAGE}),
                "description": "Its address, when known."},
        "kind": {**_nullable({"type": "string", "enum": list(SOURCE_TYPES)}),
                 "description": "What it is: a report, a blog post, a web page ..."},
        "authority": {**_nullable(_text(False)),
                      "description": "Who speaks in it, with what standing, in plain words."},
    }
    described = {"type": "object", "additionalProperties": False, "required": ["title"],
                 "properties": legacy,
                 "description": "A source described in place: a registered one, found by its "
                                "title, or a new one, which says with what authority it "
                                "speaks (a reviewer adds it to sources.yml)."}
    return {"anyOf": [source_id, citation, described]}


def _text(required: bool) -> dict[str, Any]:
    return {"type": "string", "pattern": NOT_BLANK if required else CLEAN_TEXT}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """A value inside a person or source, which may also be left blank."""
    return {"anyOf": [schema, BLANK]}


def _with_examples(schema: dict[str, Any], values: list[str]) -> dict[str, Any]:
    return {**schema, "examples": list(dict.fromkeys(values))} if values else schema


_EMPTY_TEXT: list[dict[str, Any]] = [{"type": "null"}, {"type": "string", "pattern": r"^\s*$"}]
#: What any relation item written as a mapping may carry beside its value.
CLAIM_PROPERTIES: dict[str, Any] = {
    "source": {"anyOf": [source_schema(), {"type": "array", "items": {
        "anyOf": [source_schema(), *_EMPTY_TEXT]}}, *_EMPTY_TEXT, EMPTY],
        "description": "The source of this claim (else the record's sources)."},
    "sources": {"anyOf": [source_schema(), {"type": "array", "items": {
        "anyOf": [source_schema(), *_EMPTY_TEXT]}}, *_EMPTY_TEXT, EMPTY],
        "description": "The sources of this claim (else the record's sources)."},
    "evidence": {"anyOf": [{"enum": list(EVIDENCE)}, *_EMPTY_TEXT],
                 "description": "stated (the default), inferred or disputed."},
    "reason": {"anyOf": [{"type": "string", "pattern": CLEAN_TEXT}, {"type": "null"}],
               "description": "Why it is inferred, or how the sources disagree."},
}
#: An inferred or disputed claim needs a reason.
NEEDS_A_REASON: dict[str, Any] = {
    "if": {"required": ["evidence"], "properties": {"evidence": {"enum": list(NEEDS_REASON)}}},
    "then": {"required": ["reason"], "properties": {"reason": {"type": "string",
                                                               "pattern": NOT_BLANK}}},
}
