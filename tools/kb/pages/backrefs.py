"""Who and what each record and entity is connected to: the index every page is drawn from."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..corpus import Corpus
from ..model import Record
from ..schema import COLLECTION_FIELDS, REFERENCE_KIND

#: Record fields that name entities (not people), with the kind of entity they name.
ENTITY_FIELDS = {f.name: REFERENCE_KIND[f.type] for fields in COLLECTION_FIELDS.values()
                 for f in fields if f.type in REFERENCE_KIND and f.type != "person-list"}
#: Weights of shared features when ranking related content.
WEIGHTS = {"people": 3, "organisations": 2, "themes": 1, "barriers": 1, "places": 1, "projects": 1}


@dataclass(frozen=True)
class Appearance:
    """A person's appearance in a record: in which field, with which affiliation."""

    record: str
    field: str
    organisation: str | None


@dataclass
class Links:
    """Reverse references, computed once per build."""

    corpus: Corpus
    #: (kind, id) -> [(record id, field)] for every record that names the entity.
    mentions: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)
    #: person id -> appearances in records, in record order.
    appearances: dict[str, list[Appearance]] = field(default_factory=dict)
    #: record id -> (kind, id) features used for ranking related content.
    features: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    #: seminar id -> case studies presented there (from either side of the link).
    presented: dict[str, list[str]] = field(default_factory=dict)
    #: (kind, id) -> distinct ids of the records that name the entity.
    naming: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    #: Seminars then case studies, each newest first.
    ordered: list[Record] = field(default_factory=list)
    #: record id -> its place in :attr:`ordered`.
    position: dict[str, int] = field(default_factory=dict)
    _cache: dict[tuple[str, str], dict[str, list[str]]] = field(default_factory=dict)

    def inverse(self, kind: str, name: str) -> dict[str, list[str]]:
        """Entities of ``kind`` by the target of their registry field ``name`` (e.g. the
        organisations of each sector: ``inverse("organisations", "sector")``)."""
        key = (kind, name)
        if key not in self._cache:
            out: dict[str, list[str]] = defaultdict(list)
            for entity in self.corpus.entities(kind).values():
                for target in entity.references.get(name, []):
                    out[target].append(entity.id)
            self._cache[key] = dict(out)
        return self._cache[key]

    def organisation_people(self, org_id: str) -> list[str]:
        """People affiliated with an organisation in any record or in the registry."""
        if ("people", "_by_org") not in self._cache:
            out: dict[str, list[str]] = defaultdict(list)
            for person, apps in self.appearances.items():
                for app in apps:
                    if app.organisation:
                        out[app.organisation].append(person)
            for org, people in self.inverse("people", "organisation").items():
                out[org].extend(people)
            self._cache[("people", "_by_org")] = {k: sorted(set(v)) for k, v in out.items()}
        return self._cache[("people", "_by_org")].get(org_id, [])

    def records_for(self, kind: str, item_id: str) -> list[Record]:
        """Records naming the entity, seminars then case studies, each newest first."""
        ids = sorted(self.naming.get((kind, item_id), ()), key=self.position.__getitem__)
        return [self.corpus.records[r] for r in ids]

    def related_records(self, record_id: str, limit: int = 5) -> list[tuple[Record, int]]:
        """Other records ranked by shared people, organisations, themes and the rest."""
        scores: Counter[str] = Counter()
        for feature in self.features.get(record_id, ()):
            if feature[0] == "sectors":  # derived from organisations; too broad to rank by
                continue
            for _ in range(WEIGHTS.get(feature[0], 1)):  # Counter.update counts in C
                scores.update(self.naming.get(feature, ()))
        for _ in range(3):
            scores.update(self.presented.get(record_id, []))
        scores.pop(record_id, None)
        if not scores:
            return []
        # Only records scoring at least the limit-th best can be ranked; ties go by title.
        floor = min(heapq.nlargest(limit, scores.values()))
        titles = self.corpus.records
        best = sorted(((-s, titles[r].title, r) for r, s in scores.items() if s >= floor))
        return [(titles[r], -s) for s, _, r in best[:limit]]

    def co_occurring(
        self, kind: str, item_id: str, other_kind: str, limit: int = 12
    ) -> list[tuple[str, int]]:
        """Entities of ``other_kind`` named in the same records as (kind, id), most shared first."""
        counts: Counter[str] = Counter()
        for record_id in {r for r, _ in self.mentions.get((kind, item_id), [])}:
            for k, other in self.features.get(record_id, ()):
                if k == other_kind and (k, other) != (kind, item_id):
                    counts[other] += 1
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return ranked[:limit]


def build_links(corpus: Corpus) -> Links:
    """Index every reference in the corpus once."""
    links = Links(corpus)
    mentions: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    appearances: dict[str, list[Appearance]] = defaultdict(list)
    presented: dict[str, list[str]] = defaultdict(list)
    for record in corpus.records.values():
        feats: set[tuple[str, str]] = set()
        for name, ids in record.refs.items():
            kind = ENTITY_FIELDS.get(name)
            if kind is None:
                continue
            for item_id in ids:
                mentions[(kind, item_id)].append((record.id, name))
                feats.add((kind, item_id))
        for name, refs in record.people.items():
            for ref in refs:
                if _listed(corpus, ref.person):
                    appearances[ref.person].append(
                        Appearance(record.id, name, ref.organisation)
                    )
                    mentions[("people", ref.person)].append((record.id, name))
                    feats.add(("people", ref.person))
                if ref.organisation:
                    mentions[("organisations", ref.organisation)].append((record.id, "affiliation"))
                    feats.add(("organisations", ref.organisation))
        _link_presentations(record, presented)
        links.features[record.id] = feats
    _add_sectors(corpus, mentions, links.features)
    links.mentions, links.appearances = dict(mentions), dict(appearances)
    links.presented = {k: list(dict.fromkeys(v)) for k, v in presented.items()}
    links.naming = {k: list(dict.fromkeys(r for r, _ in v)) for k, v in links.mentions.items()}
    links.ordered = corpus.by_collection("seminars") + corpus.by_collection("case_studies")
    links.position = {r.id: i for i, r in enumerate(links.ordered)}
    return links


def _listed(corpus: Corpus, person_id: str) -> bool:
    return corpus.named("people", person_id)


def _link_presentations(record: Record, presented: dict[str, list[str]]) -> None:
    """Case studies listed on a seminar and seminars named by a case study link both ways."""
    for other in (*record.refs.get("case_studies", []), *record.refs.get("presented_at", [])):
        presented[record.id].append(other)
        presented[other].append(record.id)


def _add_sectors(
    corpus: Corpus,
    mentions: dict[tuple[str, str], list[tuple[str, str]]],
    features: dict[str, set[tuple[str, str]]],
) -> None:
    """A record touches the sector of every organisation it names."""
    for record_id, feats in features.items():
        sectors = {
            ("sectors", s)
            for kind, org in feats
            if kind == "organisations"
            for s in _sector_of(corpus, org)
        }
        for feature in sorted(sectors):
            mentions[feature].append((record_id, "sector"))
        feats |= sectors


def _sector_of(corpus: Corpus, org_id: str) -> list[str]:
    entity = corpus.entity("organisations", org_id)
    return entity.references.get("sector", []) if entity else []
