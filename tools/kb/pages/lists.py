"""How lists name what they list, so that an item identifies itself: a seminar by its number,
title, host, place and date; a case study by its places and organisations; a person by their
affiliation at the time. Every list on the site (home, timeline, finder, entity pages) draws its
items from here. A value the records do not give is said to be unknown, in a few words; nothing
is guessed.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..html_safety import esc
from ..kinds import record_kind_label
from ..model import Record
from .common import Context, entity_link, human_date, record_link

STATUS_LABELS = {"held": "Held", "planned": "Announced (planned)", "cancelled": "Cancelled"}
#: Record fields that name people, as a role in running text.
PERSON_ROLES = {"speakers": "speaker", "organisers": "organiser", "contributors": "contributor"}


def record_item(ctx: Context, src: str, record: Record, lead: str = "",
                status: bool = False) -> str:
    """A list item's text for any record: its name, then a line of what identifies it and,
    muted, what is not recorded.

    ``lead`` starts the second line (a role, a barrier's status); ``status`` also says "Held"
    (the timeline does; elsewhere only an event not held is marked)."""
    if record.collection == "seminars":
        head = event_name(ctx, src, record)
        known, missing = event_facts(ctx, src, record, status)
    else:
        head = record_link(src, record)
        known, missing = study_facts(ctx, src, record)
    facts = facts_line([lead, *known] if lead else known, missing)
    return f"{head}  \n  {unindexed(facts)}"


def facts_line(known: list[str], missing: list[str]) -> str:
    """``a · b · not recorded: c, d`` (the last part muted)."""
    if missing:
        unknown = ("not recorded: " if known else "Not recorded: ") + ", ".join(missing)
        known = [*known, f'<span class="kb-muted">{unknown}</span>']
    return " · ".join(known)


def event_name(ctx: Context, src: str, record: Record) -> str:
    """``Seminar 2: <title>`` when the event has a number in its series, else the title."""
    number = record.meta.get("number")
    # the label is plain text: esc() would fold the space after the colon away
    return (f"Seminar {int(number)}: " if number else "") + record_link(src, record)


def event_facts(ctx: Context, src: str, record: Record, status: bool = False
                ) -> tuple[list[str], list[str]]:
    """Host, place, date (and what else is recorded) of a seminar or event, and the names of
    those the record does not give."""
    hosts = [entity_link(ctx, src, "organisations", h) for h in record.refs.get("hosts", [])]
    facts = {
        "host": "hosted by " + and_list(hosts) if hosts else "",
        "place": _where(ctx, src, record),
        "date": human_date(record.date) if record.date else "",
    }
    known = [v for v in facts.values() if v]
    missing = [k for k, v in facts.items() if not v]
    if record.meta.get("participants"):
        known.append(f"{int(record.meta['participants'])} participants")
    label = STATUS_LABELS.get(str(record.meta.get("status", "held")), "Held")
    if status or label != "Held":
        known.append(label)
    series = record.refs.get("series")
    if not record.meta.get("number") and series and series[0] in ctx.numbered_series:
        missing.append("number in the series")
    return known, missing


def study_facts(ctx: Context, src: str, record: Record) -> tuple[list[str], list[str]]:
    """Kind, places, organisations and date of a case study or good-practice account, and the
    names of those the record does not give."""
    places = [entity_link(ctx, src, "places", p) for p in record.refs.get("places", [])]
    orgs = [entity_link(ctx, src, "organisations", o)
            for o in record.refs.get("organisations", [])]
    facts = {
        "place": and_list(places) if places else "",
        "organisation": and_list(orgs) if orgs else "",
        "date": human_date(record.date) if record.date else "",
    }
    known = [record_kind_label(record.kind, "Case study")]
    known += [v for v in facts.values() if v]
    return known, [k for k, v in facts.items() if not v]


def affiliations(ctx: Context, person: str, records: Iterable[str] | None = None
                 ) -> dict[str, list[str]]:
    """The person's organisations, each with the years of the records that give it.

    With ``records``, only the affiliations those records give (the affiliation at the
    time); the registry's organisation is the fallback when they give none."""
    wanted = None if records is None else set(records)
    seen: dict[str, set[str]] = {}
    for app in ctx.links.appearances.get(person, []):
        if app.organisation and (wanted is None or app.record in wanted):
            date = ctx.corpus.records[app.record].date
            seen.setdefault(app.organisation, set()).update([date[:4]] if date else [])
    entity = ctx.corpus.entity("people", person)
    if entity is not None and (wanted is None or not seen):
        for org in entity.references.get("organisation", []):
            seen.setdefault(org, set())
    return {org: sorted(years) for org, years in seen.items()}


def person_item(ctx: Context, src: str, person: str, records: Iterable[str] | None = None,
                count: int | None = None, tally: str | None = None) -> str:
    """A person with their role and affiliation (at the time of ``records``, when given),
    then ``tally`` (what names them, e.g. "1 project, 2 sources") or their ``count`` of
    records."""
    entity = ctx.corpus.entity("people", person)
    role = str(entity.data.get("role", "")) if entity is not None and records is None else ""
    orgs = [entity_link(ctx, src, "organisations", org)
            + (f" ({', '.join(years)})" if years else "")
            for org, years in affiliations(ctx, person, records).items()]
    about = ", ".join([esc(role)] if role else []) + (", " if role and orgs else "")
    about += and_list(orgs) if orgs else (
        "" if role else '<span class="kb-muted">affiliation not recorded</span>')
    if tally is None and count is not None:
        tally = _records(count)
    tail = f' · <span class="kb-muted">{tally}</span>' if tally is not None else ""
    return f"{entity_link(ctx, src, 'people', person)}{unindexed(' — ' + about + tail)}"


def unindexed(markdown: str) -> str:
    """Left out of the search index: the names a list item repeats (hosts, places,
    affiliations) belong to other pages, and would rank this one above them."""
    return f"<span data-pagefind-ignore>{markdown}</span>"


def _where(ctx: Context, src: str, record: Record) -> str:
    places = [entity_link(ctx, src, "places", p) for p in record.refs.get("place", [])]
    venue = esc(record.meta["venue"]) if record.meta.get("venue") else ""
    if places and venue:
        return f"at {venue}, {and_list(places)}"
    if places or venue:
        return f"at {venue}" if venue else f"in {and_list(places)}"
    return ""


def and_list(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _records(n: int) -> str:
    return f"{n} record{'s' if n != 1 else ''}"
