"""Pages for seminars, events, case studies and good-practice accounts."""

from __future__ import annotations

import re

from ..corpus.body_policy import normalise
from ..html_safety import esc
from ..kinds import KINDS, record_kind_label
from ..model import Claim, Record
from ..urls import page_uri
from .backrefs import WEIGHTS
from .common import (
    Context,
    definition,
    entity_link,
    header,
    human_date,
    panel,
    person_label,
    record_link,
)
from .lists import STATUS_LABELS, record_item
from .mentions import mentions_section
from .provenance import EVIDENCE_LABELS, evidence_badge, provenance_section
from .search import PANEL_WEIGHT

_H1 = re.compile(r"^# ", re.M)
_FENCE = re.compile(r"^(```|~~~)")


def record_page(ctx: Context, record: Record, body_marker: str) -> str:
    """The page of one record: title, summary panel, the report itself, related content."""
    src = page_uri(record.collection, record.id)
    summary = str(record.meta.get("summary", ""))
    parts = [
        header(record.title, summary),
        f"# {esc(record.title)}\n\n",
        f"{esc(kicker(ctx, record))}\n{{: .kb-kicker }}\n\n",
    ]
    if summary:
        parts.append(f"{esc(summary)}\n{{: .kb-lead }}\n\n")
    details = seminar_details if record.collection == "seminars" else case_study_details
    parts.append(panel("Summary", details(ctx, record, src), weight=PANEL_WEIGHT))
    parts.append(
        f"<!-- {body_marker} -->\n\n{prepare_body(ctx, record)}\n\n<!-- /{body_marker} -->\n\n"
    )
    parts.append(mentions_section(ctx, f"{record.collection}:{record.id}", src))
    parts.append(related_section(ctx, record, src))
    parts.append(provenance_section(ctx, src, f"{record.collection}:{record.id}", record.claims,
                                    record.sources, record.people,
                                    values=list(record.value_claims.values())))
    return "".join(parts)


def kicker(ctx: Context, record: Record) -> str:
    """The line above the title: what kind of record, where it sits in its series."""
    if record.collection != "seminars":
        return record_kind_label(record.kind, "Case study")
    bits = []
    series_ids = record.refs.get("series")
    series = ctx.corpus.entity("projects", series_ids[0] if series_ids else None)
    number = record.meta.get("number")
    if number and series:
        bits.append(f"Seminar {number} of {series.name}")
    elif series:
        bits.append(series.name)
    bits.append(_kicker_value(record, "status",
                              STATUS_LABELS.get(str(record.meta.get("status", "held")), "Held")))
    bits.append(_kicker_value(record, "date", human_date(record.date)))
    return " · ".join(bits)


def _kicker_value(record: Record, field: str, text: str) -> str:
    """A date or status in the kicker (plain text): "March 2015 (inferred)" when not simply
    stated; the summary below gives the reason."""
    claim = _unstated(record, field)
    return f"{text} ({EVIDENCE_LABELS[claim.evidence].lower()})" if claim else text


def _unstated(record: Record, field: str) -> Claim | None:
    """The claim behind a record's date or status when no source simply states it."""
    claim = record.value_claims.get(field)
    return claim if claim is not None and claim.evidence != "stated" else None


def seminar_details(ctx: Context, record: Record, src: str) -> str:
    meta = record.meta
    return (
        "".join(
            [
                definition("Date", [_value(record, "date", human_date(record.date))]),
                definition("Status", [_value(record, "status", STATUS_LABELS.get(
                    str(meta.get("status", "held")), "Held"))]),
                definition("Series", _field(ctx, src, record, "projects", "series")),
                definition("Place", _field(ctx, src, record, "places", "place")),
                definition("Venue", [esc(meta["venue"])] if meta.get("venue") else []),
                definition(
                    "Participants", [str(meta["participants"])] if meta.get("participants") else []
                ),
                definition("Hosts", _field(ctx, src, record, "organisations", "hosts")),
                definition("Led a workshop",
                           _field(ctx, src, record, "organisations", "workshop_leads")),
                definition("Organisers", _people(ctx, src, record, "organisers")),
                definition("Speakers", _people(ctx, src, record, "speakers")),
                definition("Themes", _field(ctx, src, record, "themes", "themes")),
                definition("Barriers reported", _field(ctx, src, record, "barriers", "barriers")),
                definition("Barriers overcome", _field(ctx, src, record, "barriers", "overcome")),
                definition("Case studies", _presented(ctx, src, record)),
                definition("Case studies listed in its report", _listing(ctx, src, record)),
                definition("Projects", _field(ctx, src, record, "projects", "projects")),
            ]
        )
        or "Nothing more is recorded about this event.\n"
    )


def case_study_details(ctx: Context, record: Record, src: str) -> str:
    refs = record.refs
    return "".join(
        [
            definition("Kind", [record_kind_label(record.kind, record.kind)]),
            definition("Date", [_value(record, "date", human_date(record.date))]),
            definition("Places", _field(ctx, src, record, "places", "places")),
            definition(
                "Organisations", _field(ctx, src, record, "organisations", "organisations")
            ),
            definition("Themes", _field(ctx, src, record, "themes", "themes")),
            definition("Barriers met", _field(ctx, src, record, "barriers", "barriers")),
            definition("Barriers overcome", _field(ctx, src, record, "barriers", "overcome")),
            definition("Projects", _field(ctx, src, record, "projects", "projects")),
            definition("Reported at", _presented(ctx, src, record)),
            definition("Listed in the report of",
                       [record_link(src, ctx.corpus.records[r])
                        for r in refs.get("listed_in", []) if r in ctx.corpus.records]),
            definition("Contributors", _people(ctx, src, record, "contributors")),
        ]
    )


def related_section(ctx: Context, record: Record, src: str) -> str:
    related = ctx.links.related_records(record.id)
    if not related:
        return ""
    items = [
        f"- {record_item(ctx, src, other)}  \n  "
        f'<span class="kb-muted">Related by: {_reason(ctx, record, other)}</span>'
        for other, _ in related
    ]
    return "## Related\n\n" + "\n".join(items) + "\n\n"


WITHHELD_BODY = ("*The text of this record is not shown: it contains markup that could run code "
                 "in a reader's browser or load from another site. `kb validate` names the line "
                 "to fix.*")


def prepare_body(ctx: Context, record: Record) -> str:
    """The contributed text, with a top-level heading made second-level (the page has its own
    h1). A body the validator refused as unsafe is not published at all, whatever the engine
    (the MkDocs plugin also sanitises every body it renders). Line breaks are normalised as
    the validator normalised them (kb.corpus.body_policy.normalise), so what it checked is what is
    published."""
    if record.path in ctx.unsafe_bodies:
        return WITHHELD_BODY
    lines, fenced = [], False
    for line in normalise(record.body).split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and _H1.match(line):
            line = "#" + line
        lines.append(line)
    return "\n".join(lines).strip()


def _reason(ctx: Context, record: Record, other: Record) -> str:
    shared = ctx.links.features.get(record.id, set()) & ctx.links.features.get(other.id, set())
    counts: dict[str, int] = {}
    for kind, _ in shared:
        counts[kind] = counts.get(kind, 0) + 1
    bits = [
        f"{counts[k]} shared {KINDS[k].singular}{'' if counts[k] == 1 else 's'}"
        for k in WEIGHTS  # people first, as in ranking; sectors are too broad to mention
        if k in counts
    ]
    if other.id in ctx.links.presented.get(record.id, []):
        bits.insert(0, "linked to the same event")
    return ", ".join(bits) or "related"


def _links(ctx: Context, src: str, kind: str, ids: list[str] | None,
           record: Record | None = None, field: str = "") -> list[str]:
    """Links to the entities a field names, each inferred or disputed one marked (the
    "Sources and evidence" section below says why)."""
    marks = _marks(record, field)
    return [entity_link(ctx, src, kind, i) + marks.get(f"{kind}:{i}", "") for i in ids or []]


def _field(ctx: Context, src: str, record: Record, kind: str, field: str) -> list[str]:
    """Links to the ``kind`` entities of a record's ``field``, marked as :func:`_links` does."""
    return _links(ctx, src, kind, record.refs.get(field), record, field)


def _marks(record: Record | None, field: str) -> dict[str, str]:
    """target node -> its evidence word, for each claim of ``field`` not simply stated (a word,
    not a link: the section below gives the reason; a small link would be a small target)."""
    if record is None:
        return {}
    return {c.target: " " + evidence_badge(c.evidence) for c in record.claims
            if c.field == field and c.evidence != "stated"}


def _value(record: Record, field: str, text: str) -> str:
    """A date or status as the summary shows it: when not simply stated, marked, with the
    reason beside it (one value, so the reason is shown here, not only in the section below)."""
    claim = _unstated(record, field)
    if claim is None:
        return text
    # plain text: muted grey on the panel's background is below the contrast minimum
    reason = f" ({esc(claim.reason)})" if claim.reason else ""
    return f"{text} {evidence_badge(claim.evidence)}{reason}"


def _people(ctx: Context, src: str, record: Record, field: str) -> list[str]:
    marks = _marks(record, field)
    return [person_label(ctx, src, ref) + marks.get(f"people:{ref.person}", "")
            for ref in record.people.get(field, [])]


def _presented(ctx: Context, src: str, record: Record) -> list[str]:
    return [record_link(src, ctx.corpus.records[r]) for r in ctx.links.presented.get(record.id, [])]


def _listing(ctx: Context, src: str, record: Record) -> list[str]:
    """The case studies whose ``listed_in`` names this event (listed, not presented)."""
    return [record_link(src, ctx.corpus.records[s.subject.partition(":")[2]])
            for s in ctx.claims.about.get(f"seminars:{record.id}", [])
            if s.claim.field == "listed_in"]
