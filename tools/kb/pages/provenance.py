"""Provenance on the pages: who says what, about whom, and how firmly.

Every relation a record or registry entry states is a :class:`kb.model.Claim` with its
sources and evidence. This module indexes them once per build (:class:`ClaimIndex`: the
statements about each record or entity, and those that cite each source) and writes the
"Sources and evidence" section of every page: the sources the page rests on, then only the
statements whose provenance differs from them (their own source, or inferred, or disputed),
grouped by field, so that a page whose statements all share its sources says so once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..corpus import Corpus
from ..html_safety import esc, link
from ..kinds import COLLECTIONS, KINDS, REGISTRIES
from ..model import Citation, Claim, PersonRef
from ..schema import SOURCE_TYPES
from ..urls import page_uri, relative
from .common import Context, entity_link, human_date, record_link
from .lists import STATUS_LABELS

#: How a field is named in a list of statements (else its name, capitalised).
FIELD_LABELS = {
    "hosts": "Hosts", "workshop_leads": "Led a workshop", "organisers": "Organisers",
    "speakers": "Speakers", "themes": "Themes", "barriers": "Barriers reported",
    "overcome": "Barriers overcome", "projects": "Projects", "series": "Series",
    "place": "Place", "places": "Places", "organisations": "Organisations",
    "case_studies": "Case studies presented", "presented_at": "Presented at",
    "listed_in": "Listed in the report of", "contributors": "Contributors",
    "funders": "Funders", "lead": "Lead organisation", "partners": "Partners",
    "principal_investigators": "Principal investigators", "investigators": "Investigators",
    "people": "People", "authors": "Authors", "publisher": "Publisher",
    "produced_by": "Produced by", "of": "Of", "about": "About", "by": "Said by",
    "at": "Said at", "organisation": "Affiliation", "parent": "Part of",
    "successor": "Succeeded by", "within": "Within", "date": "Date", "status": "Status",
}
#: A case study meets barriers; an event reports them.
_CASE_STUDY_LABELS = {"barriers": "Barriers met"}
#: Kinds that are the knowledge base's own controlled vocabularies (kb.schema.DESCRIBED).
_VOCABULARIES = ("themes", "barriers", "sectors")
#: What each evidence level is called next to a statement, and what it means.
EVIDENCE_LABELS = {"inferred": "Inferred", "disputed": "Disputed"}
#: How a source's kind reads in running text: ``news-item`` -> "news item".
SOURCE_KIND_WORDS = {k: k.replace("-", " ") for k in SOURCE_TYPES}

#: The heading of the section every page ends with (kb.pages puts "In the network" before it).
PROVENANCE_HEADING = "## Sources and evidence\n\n"


@dataclass(frozen=True)
class Statement:
    """A claim and who states it: the node id of a record or entry (``seminars:x``)."""

    subject: str
    claim: Claim


@dataclass
class ClaimIndex:
    """Every published statement, by what it is about and by the source it cites."""

    #: target node id -> the statements about it, in corpus order.
    about: dict[str, list[Statement]] = field(default_factory=dict)
    #: source id -> the statements that cite it.
    citing: dict[str, list[Statement]] = field(default_factory=dict)
    #: source id -> (subject node id, citation) for each record or entry citing it as a whole.
    cited_by: dict[str, list[tuple[str, Citation]]] = field(default_factory=dict)


def build_claim_index(corpus: Corpus) -> ClaimIndex:
    """Index the claims of every record and of every entry that has a page of its own (a
    role-only or withdrawn person has none, and their own statements are not listed)."""
    about: dict[str, list[Statement]] = defaultdict(list)
    citing: dict[str, list[Statement]] = defaultdict(list)
    cited_by: dict[str, list[tuple[str, Citation]]] = defaultdict(list)
    for subject, claims, sources in _subjects(corpus):
        for citation in sources:
            cited_by[citation.source].append((subject, citation))
        for claim in claims:
            statement = Statement(subject, claim)
            about[claim.target].append(statement)
            for source in dict.fromkeys(c.source for c in claim.sources):
                citing[source].append(statement)
    return ClaimIndex(dict(about), dict(citing), dict(cited_by))


def _subjects(corpus: Corpus) -> Iterable[tuple[str, list[Claim], list[Citation]]]:
    for record in corpus.records.values():
        yield f"{record.collection}:{record.id}", record.claims, record.sources
    for kind in REGISTRIES:
        for entity in corpus.entities(kind).values():
            if entity.named and not entity.withheld:
                yield f"{kind}:{entity.id}", entity.claims, entity.sources


def split_node(node: str) -> tuple[str, str]:
    """``"people:rob-wilson"`` -> ``("people", "rob-wilson")``."""
    kind, _, item_id = node.partition(":")
    return kind, item_id


# --- naming things -------------------------------------------------------------------------


def node_link(ctx: Context, src: str, node: str, people: Sequence[PersonRef] = ()) -> str:
    """A link to the page of a record or entity given by node id. A person is shown as
    consent allows: by name, or (role-only) by the role and organisation ``people`` gives."""
    kind, item_id = split_node(node)
    if kind in COLLECTIONS:
        record = ctx.corpus.records.get(item_id)
        return record_link(src, record) if record is not None else esc(item_id)
    if kind == "people" and not ctx.named("people", item_id):
        return role_only(ctx, src, next((p for p in people if p.person == item_id), None))
    if kind == "findings":
        return finding_link(ctx, src, item_id)
    return entity_link(ctx, src, kind, item_id) if kind in KINDS else esc(item_id)


def role_only(ctx: Context, src: str, ref: PersonRef | None) -> str:
    """Someone who appears only by role: "a social worker from <organisation>"."""
    role = esc(ref.role) if ref and ref.role else "participant"
    if ref and ref.organisation:
        return f"a {role} from {entity_link(ctx, src, 'organisations', ref.organisation)}"
    return f"a {role} (name not published)"


def finding_name(ctx: Context, finding_id: str) -> str:
    """A finding's name as lists show it: "EASI, finding 3" when it is numbered."""
    entity = ctx.corpus.entity("findings", finding_id)
    if entity is None:
        return finding_id
    number, of = entity.data.get("number"), entity.references.get("of")
    if number and of and not entity.data.get("name"):
        return f"{subject_name(ctx, of[0])}, finding {int(number)}"
    return entity.name


def finding_link(ctx: Context, src: str, finding_id: str) -> str:
    return link(finding_name(ctx, finding_id), relative(src, page_uri("findings", finding_id)))


def subject_name(ctx: Context, node: str) -> str:
    """The plain name of a project or record, given by node id."""
    kind, item_id = split_node(node)
    if kind in COLLECTIONS:
        record = ctx.corpus.records.get(item_id)
        return record.title if record else item_id
    entity = ctx.corpus.entity(kind, item_id)
    return entity.name if entity else item_id


def field_label(name: str, subject: str = "") -> str:
    if subject.startswith("case_studies:") and name in _CASE_STUDY_LABELS:
        return _CASE_STUDY_LABELS[name]
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


# --- citing sources ------------------------------------------------------------------------


def cite(ctx: Context, src: str, citation: Citation, short: bool = False) -> str:
    """A cited source: ``<title> (<publisher>, <date>)``, the title linked to the source's
    page, then where in it (its locator and quote). ``short`` leaves out publisher and date."""
    source = ctx.corpus.entity("sources", citation.source)
    if source is None:
        return esc(citation.source)
    if short:  # the name: the title, shortened when long
        text = entity_link(ctx, src, "sources", source.id)
    else:
        title = source.data.get("title") or source.name
        text = link(title, relative(src, page_uri("sources", source.id)))
        text += f" ({publisher_text(ctx, src, source.id)}, {source_date(ctx, source.id)})"
    if citation.locator:
        text += f", {esc(citation.locator)}"
    if citation.quote:
        text += f": \u201c{esc(citation.quote)}\u201d"
    return text


def publisher_text(ctx: Context, src: str, source_id: str) -> str:
    """The publisher of a source, linked to its page; "publisher not known" when the source
    does not say (never guessed)."""
    source = ctx.corpus.entity("sources", source_id)
    orgs = source.references.get("publisher", []) if source else []
    return entity_link(ctx, src, "organisations", orgs[0]) if orgs else "publisher not known"


def source_date(ctx: Context, source_id: str) -> str:
    source = ctx.corpus.entity("sources", source_id)
    date = source.data.get("date") if source else None
    return human_date(str(date)) if date not in (None, "unknown") else "date not known"


def according_to(ctx: Context, src: str, citations: Sequence[Citation],
                 short: bool = False) -> str:
    """"according to A (...) and B (...)", or "no source recorded"."""
    if not citations:
        return "no source recorded"
    return "according to " + _and([cite(ctx, src, c, short) for c in citations])


def evidence_badge(level: str) -> str:
    """A visible word for a statement that is not simply stated (colour is not the cue)."""
    label = EVIDENCE_LABELS.get(level)
    return f'<span class="kb-evidence kb-evidence--{level}">{label}</span>' if label else ""


def evidence_note(claim: Claim) -> str:
    """"Inferred by the knowledge base: <reason>" for a statement that is not simply stated."""
    if claim.evidence == "stated":
        return ""
    reason = esc(claim.reason) if claim.reason else "no reason given"
    what = "by the knowledge base" if claim.evidence == "inferred" else "(sources disagree)"
    return f"{evidence_badge(claim.evidence)} {what}: {reason}"


def provenance_of(ctx: Context, src: str, claim: Claim, short: bool = False,
                  default: tuple[Citation, ...] = ()) -> str:
    """How one statement is known: "according to ...", or "Inferred: <reason> (from ...)".
    An inferred statement drawn from the page's own sources (``default``) says so briefly."""
    if claim.evidence == "stated":
        return according_to(ctx, src, claim.sources, short)
    if claim.sources and claim.sources == default:
        base = "from the source above" if len(default) == 1 else "from the sources above"
    elif claim.sources:
        base = "from " + _and([cite(ctx, src, c, short) for c in claim.sources])
    else:
        base = ""
    return evidence_note(claim) + (f" ({base})" if base else "")


def _target(ctx: Context, src: str, claim: Claim, people: Sequence[PersonRef]) -> str:
    """What a statement is about: a link to a record or entity; a record's date or status
    (a value claim, whose target is the value) as the summary shows it."""
    if claim.field == "date" and ":" not in claim.target:
        return esc(human_date(claim.target))
    if claim.field == "status" and ":" not in claim.target:
        return esc(STATUS_LABELS.get(claim.target, claim.target))
    return node_link(ctx, src, claim.target, people)


def _and(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- the "Sources and evidence" section ------------------------------------------------------


def provenance_section(ctx: Context, src: str, subject: str, claims: Sequence[Claim],
                       sources: Sequence[Citation],
                       people: dict[str, list[PersonRef]] | None = None,
                       values: Sequence[Claim] = ()) -> str:
    """The sources a page rests on, and each of its statements that does not simply rest on
    them, grouped by field. ``values`` are a record's date and status written as claims
    (kb.model.Record.value_claims): statements too, listed first."""
    default = tuple(sources)
    claims = [*values, *claims]
    heading = PROVENANCE_HEADING
    if not default and not claims:
        kind = split_node(subject)[0]
        if kind in _VOCABULARIES:
            return heading + (
                f"This {KINDS[kind].singular} and its description are the knowledge base's "
                "own words, used to group what the sources say; each record that names it "
                "gives its own sources.\n\n")
        return heading + "No source is recorded for this page yet.\n\n"
    parts = [heading, _sources_list(ctx, src, default)]
    base = _baseline(claims, default)
    plain = [c for c in claims if c.evidence == "stated" and c.sources == base and base]
    others = [c for c in claims if c not in plain]
    if base == default:
        which = "this source" if len(default) == 1 else "these sources"
    else:  # most statements rest on some of the page's sources, or on another
        which = _and([cite(ctx, src, c, short=True) for c in base])
    parts.append(_summary_sentence(plain, others, which, subject))
    if others:
        refs = [r for refs in (people or {}).values() for r in refs]
        parts.append(_statements(ctx, src, subject, others, refs, base))
    return "".join(parts)


def _sources_list(ctx: Context, src: str, citations: tuple[Citation, ...]) -> str:
    if not citations:
        return "No source is recorded for this page as a whole.\n\n"
    intro = ("What this page says comes from this source:" if len(citations) == 1 else
             f"What this page says comes from these {len(citations)} sources:")
    items = []
    for c in citations:
        source = ctx.corpus.entity("sources", c.source)
        kind = SOURCE_KIND_WORDS.get(str(source.data.get("kind")), "") if source else ""
        muted = f' <span class="kb-muted">({esc(kind)})</span>' if kind else ""
        items.append(f"- {cite(ctx, src, c)}{muted}")
    return f"{intro}\n\n" + "\n".join(items) + "\n\n"


def _baseline(claims: Sequence[Claim], default: tuple[Citation, ...]
              ) -> tuple[Citation, ...]:
    """The sources the page's statements are summed up against: the page's own when any
    statement simply rests on them, else those most of its stated statements cite (a record
    may cite one source for its facts and another only for context)."""
    stated = [c.sources for c in claims if c.evidence == "stated" and c.sources]
    if not stated or default in stated:
        return default
    counts: dict[tuple[Citation, ...], int] = {}
    for sources in stated:
        counts[sources] = counts.get(sources, 0) + 1
    return max(counts, key=counts.__getitem__)


def _summary_sentence(plain: list[Claim], others: list[Claim], which: str,
                      subject: str) -> str:
    """Said once: how many of the page's statements simply rest on the same sources."""
    fields = esc(", ".join(dict.fromkeys(field_label(c.field, subject).lower() for c in plain)))
    n = len(plain)
    if plain and not others:
        if n == 1:
            return f"Its one statement ({fields}) is stated in {which}.\n\n"
        if n == 2:
            return f"Both statements this page makes ({fields}) are stated in {which}.\n\n"
        return f"All {n} statements this page makes ({fields}) are stated in {which}.\n\n"
    if plain:
        return (f"{n} of the {n + len(others)} statements this page makes ({fields}) "
                f"{'is' if n == 1 else 'are'} stated in {which}. The others, and how each "
                "is known:\n\n")
    if others:
        return "The statements this page makes, and how each is known:\n\n"
    return ""


def _statements(ctx: Context, src: str, subject: str, claims: list[Claim],
                people: list[PersonRef], default: tuple[Citation, ...]) -> str:
    """A definition list: each field, then its statements grouped by shared provenance."""
    by_field: dict[str, dict[tuple[object, ...], list[Claim]]] = {}
    for claim in claims:
        key = (claim.evidence, claim.sources, claim.reason)
        by_field.setdefault(claim.field, {}).setdefault(key, []).append(claim)
    out = ['<div class="kb-provenance" markdown>\n\n']
    for name, groups in by_field.items():
        lines = [
            ", ".join(_target(ctx, src, c, people) for c in group)
            + " \u2014 " + provenance_of(ctx, src, group[0], default=default)
            for group in groups.values()
        ]
        out.append(f"{esc(field_label(name, subject))}\n:   " + "\n:   ".join(lines) + "\n\n")
    return "".join(out) + "</div>\n\n"
