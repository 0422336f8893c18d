"""New records: turn what a contributor typed into a file that passes ``kb validate``.

The command line (``kb new``) and the proposal form on the site both follow these rules, so
a record looks the same however it was made: fields in the order of :mod:`kb.schema`, ids and
vocabulary ids plain, every other text in double quotes (so a colon, a ``#`` or a leading
``-`` can never break the YAML), lists indented with ``  - ``, and a first line that points
editors at the JSON Schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..corpus import RESERVED_IDS, Corpus
from ..corpus.validate import Checker, check_date, check_url
from ..json_schema import SCHEMA_NAMES
from ..kinds import COLLECTIONS, RECORD_KINDS
from ..model import Diagnostic, Document
from ..names import did_you_mean, fold, is_safe_id, slugify, split_honorific
from ..schema import (
    BODY_SECTIONS,
    CLOSED_KINDS,
    COLLECTION_FIELDS,
    LEGACY_SOURCE_KEYS,
    RECORD_TARGET,
    REFERENCE_KIND,
    Field,
)
from .forgiving import canonical_date, canonical_url
from .record_file import record_text

#: The JSON Schema of each collection (``schema/<name>.schema.json`` on the site).
COLLECTION_SCHEMA = {c: name for name, c in SCHEMA_NAMES.items() if c in COLLECTIONS}
#: Separator between the parts of a person or a source typed on one line.
PART_SEPARATOR = "|"


class NewRecordError(Exception):
    """Something the contributor asked for cannot be written; the message says why."""


@dataclass
class Draft:
    """A record about to be written: its kind, id, fields and text.

    Attributes:
        kind: ``case-study``, ``good-practice`` or ``seminar``.
        values: Field values, already normalised by :func:`normalise`.
        body: Texts for the :data:`BODY_SECTIONS` of the kind, in order ("" for none).
    """

    kind: str
    values: dict[str, Any]
    body: list[str] = field(default_factory=list)

    @property
    def collection(self) -> str:
        return RECORD_KINDS[self.kind].collection


def fields_of(kind: str) -> tuple[Field, ...]:
    """The fields a contributor fills in for ``kind`` (``kind`` itself is implied)."""
    return tuple(f for f in COLLECTION_FIELDS[RECORD_KINDS[kind].collection] if f.name != "kind")


def record_path(kind: str, record_id: str) -> str:
    """The project-relative path of a new record: ``case_studies/<id>.md``."""
    return f"{RECORD_KINDS[kind].collection}/{record_id}.md"


def choose_id(title: str, corpus: Corpus, wanted: str | None = None) -> str:
    """A safe, unused id from the title (or ``wanted``); refuses ids that are taken."""
    record_id = wanted.strip() if wanted else slugify(title)
    if not is_safe_id(record_id):
        raise NewRecordError(f"the id '{record_id}' may use only lowercase letters, digits and "
                             f"hyphens, e.g. '{slugify(record_id)}'")
    if record_id in RESERVED_IDS:
        raise NewRecordError(f"the id '{record_id}' is reserved for the site's own pages; "
                             "choose another with --id")
    for collection in COLLECTIONS:
        if (corpus.root / collection / f"{record_id}.md").exists():
            raise NewRecordError(f"{collection}/{record_id}.md already exists, and files are "
                                 "never overwritten; choose another id, e.g. --id "
                                 f"{_free(record_id, corpus)}")
    return record_id


def _free(record_id: str, corpus: Corpus) -> str:
    n = 2
    while any((corpus.root / c / f"{record_id}-{n}.md").exists() for c in COLLECTIONS):
        n += 1
    return f"{record_id}-{n}"


def normalise(corpus: Corpus, field: Field, text: str) -> tuple[Any, str | None]:
    """Turn one typed value into what the file should hold.

    Returns ``(value, note)``; raises :class:`NewRecordError` with a message that quotes the
    value and suggests a fix. ``note`` says when a new name will be added to a registry.
    """
    text = " ".join(str(text).split())
    kind = field.type
    if field.claim and PART_SEPARATOR in text:
        return _inferred(corpus, field, text)
    if kind == "text":
        return text, None
    if kind == "date":
        value = _date(field.name, text)
        return value, (f"'{text}' is written as {value}" if value != text else None)
    if kind == "count":
        if not (text.isascii() and text.isdigit()):
            raise NewRecordError(f"'{field.name}' must be a whole number such as 20; got '{text}'")
        return int(text), None
    if kind == "choice":
        if text.lower() in field.choices:
            return text.lower(), None
        raise NewRecordError(f"'{field.name}' cannot be '{text}': use one of "
                             f"{', '.join(field.choices)}{did_you_mean(text, field.choices, 0.5)}")
    if kind == "person-list":
        return _person(corpus, field.name, text)
    if kind == "source-list":
        return _source(corpus, text), None
    if field.name in JUDGED and PART_SEPARATOR in text:
        value, reason = (p.strip() for p in text.split(PART_SEPARATOR, 1))
        found, note = _reference(corpus, REFERENCE_KIND[kind], field.name, value)
        return ({"id": found, "evidence": "inferred", "reason": reason} if reason else found), note
    if kind == "record-list":
        return _record(corpus, field.name, text), None
    return _reference(corpus, REFERENCE_KIND[kind], field.name, text)


#: Fields whose items are often the contributor's reading rather than a source's words:
#: 'Theme | why' writes an inferred claim with that reason (the form offers the same).
JUDGED = ("themes", "barriers", "overcome")


#: What a date or status the contributor infers looks like, for messages: (value, reason).
INFERRED_EXAMPLES = {"date": ("2015", "The news item is filed among news from 2015."),
                      "choice": ("held", "The report describes the seminar afterwards.")}


def _inferred(corpus: Corpus, field: Field, text: str) -> tuple[dict[str, Any], str | None]:
    """'March 2015 | why': a date (or status) no source states, written as an inferred claim
    (kb.corpus.claims) with its value as a plain one would be and the reason readers see."""
    typed, reason = (p.strip() for p in text.split(PART_SEPARATOR, 1))
    value, why = INFERRED_EXAMPLES[field.type]
    if not typed:
        raise NewRecordError(f"'{field.name}' has nothing before the '|': give the {field.name} "
                             f"first, then why you infer it, e.g. '{value} | {why}'")
    if not reason:
        raise NewRecordError(f"'{field.name}' has '{typed} |' with nothing after the '|': say "
                             f"why you give this {field.name} (readers see it), e.g. '{typed} | "
                             f"{why}'; or leave out the '|' when a source states it")
    plain, note = normalise(corpus, field, typed)
    return {"value": plain, "evidence": "inferred", "reason": reason}, note


def _checker() -> Checker:
    """A checker for one value typed in, checked by the validator before anything is written."""
    return Checker(Document("-", {}, {}))


def _date(name: str, text: str) -> str:
    """A date as typed ("March 2017", "30/11/2016") in its ISO form, checked by the
    validator, which words any refusal."""
    check = _checker()
    value = check_date(check, name, canonical_date(text) or text, ())
    if value is None:
        raise NewRecordError(check.diagnostics[0].message)
    return value


def _reference(corpus: Corpus, kind: str, name: str, text: str) -> tuple[str, str | None]:
    found = corpus.registry.lookup(kind, text)
    if found and kind in CLOSED_KINDS:
        return found, None
    if found:
        return corpus.registry.entities[kind][found].name, None
    names = corpus.registry.names(kind)
    if kind in CLOSED_KINDS:
        known = ", ".join(sorted(corpus.entities(kind))[:8])
        raise NewRecordError(f"unknown {name.rstrip('s')} '{text}'{did_you_mean(text, names, 0.6)}"
                             f"; use one from registries/{kind}.yml (e.g. {known})")
    return text, (f"'{text}' is not in registries/{kind}.yml yet{did_you_mean(text, names, 0.7)}; "
                  "it will be added as a new entry")


def _person(corpus: Corpus, name: str, text: str) -> tuple[dict[str, str] | str, str | None]:
    parts = [p.strip() for p in text.split(PART_SEPARATOR)]
    if not parts[0] or len(parts) > 4:
        raise NewRecordError(f"write a person in '{name}' as 'Name', or 'Name | Organisation | "
                             f"Role | Consent'; got '{text}'")
    parts += [""] * (4 - len(parts))
    entity = corpus.entity("people", corpus.registry.lookup("people", parts[0]))
    if entity is not None and entity.consent == "withdrawn":
        raise NewRecordError(f"'{parts[0]}' has withdrawn consent to be named; leave them out, "
                             "or describe their role in the text instead")
    # a new person is written without their titles, as the validator will name them
    person = {"name": entity.name if entity else split_honorific(parts[0])[1]}
    if parts[1]:
        person["organisation"] = _reference(corpus, "organisations", "organisation", parts[1])[0]
    if parts[2]:
        person["role"] = parts[2]
    note = None
    if entity is not None and parts[3]:
        note = (f"'{entity.name}' is in registries/people.yml, whose consent decides how they "
                "appear: the consent given here is left out")
    elif entity is None:
        note = (f"'{person['name']}' is not in registries/people.yml yet: a reviewer confirms "
                "their consent and adds them")
        if parts[3]:
            person["consent"] = consent_answer(parts[3])
    return (person if len(person) > 1 else person["name"]), note


#: What a contributor may answer to "did they agree to be named?", and what is written. Not
#: sure is written as role-only until the person confirms: consent is never assumed.
CONSENT_ANSWERS = {"named": "named", "role-only": "role-only", "role only": "role-only",
                   "by role only": "role-only", "not sure": "role-only", "unsure": "role-only",
                   "withdrawn": "withdrawn"}
#: The answers offered, in the order asked.
CONSENT_CHOICES = ("named", "role-only", "not sure")


def consent_answer(text: str) -> str:
    """The consent to write for an answer (``not sure`` -> ``role-only``)."""
    answer = CONSENT_ANSWERS.get(" ".join(text.lower().split()))
    if answer is None:
        raise NewRecordError(f"did they agree to be named? Answer {', '.join(CONSENT_CHOICES)} "
                             f"(not sure is written as role-only until they confirm); got "
                             f"'{text}'")
    return answer


def needs_consent(corpus: Corpus, person: dict[str, str] | str) -> str | None:
    """The name of a person new to the registry whose consent is not given yet, or None."""
    if isinstance(person, dict) and "consent" in person:
        return None
    name = person if isinstance(person, str) else person["name"]
    return None if corpus.registry.lookup("people", name) else name


def with_consent(person: dict[str, str] | str, consent: str) -> dict[str, str]:
    """A person written as a mapping, with the consent stated last."""
    found = {"name": person} if isinstance(person, str) else dict(person)
    return {**found, "consent": consent}


def _source(corpus: Corpus, text: str) -> dict[str, str] | str:
    """A source from registries/sources.yml, by id or title, with an optional locator:
    'easi-grant-record' or 'easi-grant-record | Key findings, 3'."""
    parts = [p.strip() for p in text.split(PART_SEPARATOR)]
    if not parts[0] or len(parts) > 2:
        raise NewRecordError("write a source as its id in registries/sources.yml, or 'id | "
                             f"where in it' (a section, a page); got '{text}'")
    sources = corpus.entities("sources")
    found = parts[0] if parts[0] in sources else next(
        (e.id for e in sources.values() if fold(str(e.data.get("title", ""))) == fold(parts[0])),
        None)
    if found is None:
        names = [*sources, *(str(e.data.get("title", "")) for e in sources.values())]
        known = ", ".join(sorted(sources)[:6]) or "none yet"
        raise UnknownSource(f"unknown source '{parts[0]}'{did_you_mean(parts[0], names, 0.6)}; "
                            f"use an id from registries/sources.yml (e.g. {known}), or "
                            "describe a new source with --new-source 'Title | Publisher | "
                            "Date | URL | Authority'", parts[0])
    return {"source": found, "locator": parts[1]} if len(parts) == 2 and parts[1] else found


class UnknownSource(NewRecordError):
    """A source that no registry lists: it may be described as a new one."""

    def __init__(self, message: str, title: str) -> None:
        super().__init__(message)
        self.title = title


#: The parts of a new source, as ``kb new --new-source`` takes them.
NEW_SOURCE_PARTS = ("title", "publisher", "date", "url", "authority")


def describe_source(corpus: Corpus, text: str) -> dict[str, str]:
    """A new source, described in place: 'Title | Publisher | Date | URL | Authority'. Dates
    and addresses are taken as people write them; the authority (who speaks in it, with what
    standing) is required, as for a registered source. A reviewer adds it to
    registries/sources.yml."""
    parts = [p.strip() for p in text.split(PART_SEPARATOR)]
    if len(parts) != len(NEW_SOURCE_PARTS) or not parts[0] or not parts[-1]:
        raise NewRecordError("describe a new source as 'Title | Publisher | Date | URL | "
                             "Authority': the title and the authority (who speaks in it, with "
                             "what standing) are needed, the other parts may be empty; got "
                             f"'{text}'")
    source = dict(zip(NEW_SOURCE_PARTS, parts, strict=True))
    registered = [e.id for e in corpus.entities("sources").values()
                  if fold(str(e.data.get("title", ""))) == fold(source["title"])]
    if registered:
        raise NewRecordError(f"'{source['title']}' is registered already as '{registered[0]}'; "
                             f"cite it with --sources {registered[0]}")
    if source["date"]:
        source["date"] = _date("date", source["date"])
    if source["url"]:
        source["url"] = canonical_url(source["url"])
        if check_url(_checker(), "url", source["url"], ()) is None:
            raise NewRecordError(f"a source's url must be a web address such as "
                                 f"https://www.example.org/report; got '{parts[3]}'")
    return {k: source[k] for k in LEGACY_SOURCE_KEYS if source.get(k)}


def _record(corpus: Corpus, name: str, text: str) -> str:
    wanted = RECORD_TARGET[name] or "seminars"
    records = {r.id: r for r in corpus.records.values() if r.collection == wanted}
    if text in records:
        return text
    by_title = {fold(r.title): r.id for r in records.values()}
    if fold(text) in by_title:
        return by_title[fold(text)]
    hint = did_you_mean(text, [*records, *(r.title for r in records.values())], 0.6)
    raise NewRecordError(f"'{name}' names '{text}', but there is no such record in "
                         f"{wanted}/{hint}; give the file name without .md")


def suggestions(corpus: Corpus, field: Field) -> list[str]:
    """Values to offer while a contributor types ``field`` (names, or ids for vocabularies)."""
    if field.type == "record-list":
        wanted = RECORD_TARGET[field.name] or "seminars"
        return sorted(r.id for r in corpus.records.values() if r.collection == wanted)
    if field.type == "source-list":
        return sorted(corpus.entities("sources"))
    kind = "people" if field.type == "person-list" else REFERENCE_KIND.get(field.type)
    if kind is None:
        return list(field.choices)
    entities = corpus.entities(kind).values()
    if kind == "people":
        return sorted(e.name for e in entities if e.named)
    if kind in CLOSED_KINDS:
        return sorted(e.id for e in entities)
    return sorted(e.name for e in entities)


def render_body(kind: str, texts: list[str] | None = None) -> str:
    """The Markdown below the frontmatter: a heading per section, with the text or a prompt."""
    texts = list(texts or [])
    out = []
    for i, (heading, prompt) in enumerate(BODY_SECTIONS[kind]):
        text = texts[i].strip() if i < len(texts) and texts[i] else ""
        out.append(f"## {heading}\n\n{text or f'<!-- {prompt} -->'}\n")
    return "\n".join(out)


def render_record(draft: Draft, schema_url: str | None = None) -> str:
    """The complete file: frontmatter (via python-frontmatter) and body.

    Args:
        draft: What to write.
        schema_url: Where editors find the JSON Schema; written as a
            ``# yaml-language-server: $schema=...`` comment on the first line.
    """
    meta: dict[str, Any] = {"kind": draft.kind} if draft.collection == "case_studies" else {}
    for f in COLLECTION_FIELDS[draft.collection]:
        value = draft.values.get(f.name)
        if f.name != "kind" and value not in (None, "", []):
            meta[f.name] = value
    return record_text(meta, render_body(draft.kind, draft.body), schema_url)


def new_record_problems(diagnostics: list[Diagnostic],
                        path: str) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Split the diagnostics about ``path`` into (errors, warnings)."""
    mine = [d for d in diagnostics if d.path == path]
    return [d for d in mine if d.level == "error"], [d for d in mine if d.level != "error"]
