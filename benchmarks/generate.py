"""Generate a large, realistic knowledge base for benchmarks.

    python benchmarks/generate.py OUT --records 10000 [--seed 0]

or, from another benchmark::

    from generate import generate_corpus
    counts = generate_corpus(tmp / "kb", records=10_000, seed=0)

The corpus is deterministic for a given ``(records, seed)``. It follows the content model in
docs/contribute/fields.md and is shaped like the real one:

- seminars ~15% and case studies ~85% of the records;
- registries of a few thousand entries for 10,000 records: about 0.3 people per record and
  two people for every organisation, with aliases, default organisations and roles, and a few
  ``role-only`` and ``withdrawn`` people;
- themes, barriers, sectors and projects from a fixed vocabulary;
- dates spread over 2012-2020: full, year-month and year-only dates, some quoted, some
  ``unknown``;
- people written as plain names (with and without titles, sometimes an alias) or as mappings
  with organisation and role; organisations and places by name or id;
- about 1% of people named in records are missing from the registry (``new-person`` notices,
  which exercise the did-you-mean suggestions), as in a corpus that contributors are still
  tidying; there are no errors.
"""

from __future__ import annotations

import argparse
import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

THEMES = (
    "leadership", "vision-and-collaboration", "risk-management", "citizen-engagement",
    "partnership-working", "professional-development", "interpretative-community",
    "boundary-thinking", "primary-focus", "provenance", "consent", "ownership-of-information",
    "purpose-of-information", "confidentiality", "differences-between-agencies",
    "information-vs-data-sharing", "relational-information", "data-sharing-gateways",
    "multi-agency-working", "trust-between-agencies", "thresholds-for-referral",
    "cultural-barriers", "early-intervention", "information-governance", "information-systems",
    "legislation-and-legal-powers", "smart-cities", "health-and-social-care-integration",
    "families", "veterans", "fire-and-rescue", "research-and-information-sharing", "devolution",
    "communicating-information-sharing",
)
BARRIERS = (
    "systems-not-interoperable", "rules-not-understood", "confusion-over-referral-thresholds",
    "poor-handover-of-cases", "confusion-over-risk-factors",
    "poor-relationships-between-agencies", "poor-leadership-and-supervision",
    "poor-information-governance-processes", "poor-record-keeping", "risk-aversion",
    "concerns-over-trust-between-agencies", "fear-of-consequences-of-sharing",
)
SECTORS = (
    "childrens-services", "fire-and-rescue", "local-government", "central-government",
    "academia", "information-governance-and-regulation", "research-funding", "media",
    "cross-sector-support", "health", "police", "housing", "voluntary-sector",
)
PROJECTS = (
    ("information-sharing-seminar-series", "seminar-series"), ("easi", "project"),
    ("improving-information-sharing-and-management", "project"), ("fame", "project"),
    ("troubled-families", "programme"), ("state-of-the-nation", "survey"),
    ("eif-places-network", "network"), ("festival-of-social-science-2015", "programme"),
    ("supporting-public-services-2013", "publication"),
    ("developing-multi-professional-teamwork-2014", "publication"),
    ("centre-of-excellence-for-information-sharing", "programme"),
    ("multi-agency-safeguarding-hubs-review", "report"),
)
PLACES = (
    "Bradford", "Leeds", "Manchester", "Newcastle", "Bristol", "Birmingham", "Liverpool",
    "Sheffield", "Nottingham", "Leicester", "Blaby", "Coventry", "Hull", "York", "Durham",
    "Sunderland", "Gateshead", "Salford", "Stockport", "Oldham", "Wigan", "Bolton", "Preston",
    "Lancaster", "Carlisle", "Exeter", "Plymouth", "Norwich", "Ipswich", "Cambridge", "Oxford",
    "Reading", "Southampton", "Portsmouth", "Brighton", "Canterbury", "Derby", "Stoke",
    "Wolverhampton", "Walsall", "Dudley", "Telford", "Shrewsbury", "Chester", "Warrington",
    "Bath", "Gloucester", "Swindon", "Luton", "Peterborough", "Lincoln", "Middlesbrough",
    "Darlington", "Harrogate", "Wakefield", "Huddersfield", "Halifax", "Barnsley", "Rotherham",
    "Doncaster", "Cardiff", "Swansea", "Glasgow", "Edinburgh", "Belfast",
)
REGIONS = ("North East", "North West", "Yorkshire and the Humber", "East Midlands",
           "West Midlands", "East of England", "London", "South East", "South West")
NATIONS = ("England", "Wales", "Scotland", "Northern Ireland")
ORG_PATTERNS = (
    ("{} City Council", "local-government"), ("{} Metropolitan Borough Council",
                                              "local-government"),
    ("University of {}", "academia"), ("{} Business School", "academia"),
    ("{} NHS Foundation Trust", "health"), ("{} Clinical Commissioning Group", "health"),
    ("{} Police", "police"), ("{} Fire and Rescue Service", "fire-and-rescue"),
    ("{} Children's Services", "childrens-services"), ("{} Families First", "childrens-services"),
    ("{} Housing Association", "housing"), ("{} Council for Voluntary Service",
                                            "voluntary-sector"),
    ("{} Community Safety Partnership", "cross-sector-support"),
    ("{} Safeguarding Children Board", "childrens-services"),
    ("{} Youth Offending Service", "local-government"), ("{} Citizens Advice", "voluntary-sector"),
    ("{} Public Health Team", "health"), ("{} Information Governance Group",
                                          "information-governance-and-regulation"),
    ("{} Evening Post", "media"), ("{} Research Observatory", "research-funding"),
    ("{} Multi-Agency Safeguarding Hub", "cross-sector-support"),
    ("{} Integrated Care Partnership", "health"), ("{} Probation Service", "central-government"),
)
FIRST = (
    "Sue", "Rob", "Kate", "Deborah", "James", "Catherine", "Paul", "Sarah", "David", "Helen",
    "Michael", "Rachel", "Andrew", "Emma", "John", "Claire", "Peter", "Louise", "Mark", "Joanne",
    "Richard", "Alison", "Simon", "Nicola", "Stephen", "Karen", "Ian", "Julie", "Chris", "Anne",
    "Gareth", "Siobhan", "Tomás", "Zoë", "Aisha", "Rajesh", "Mei", "Olumide", "Ewan", "Niamh",
    "Bethan", "Dafydd", "Imran", "Priya", "Marek", "Agnieszka", "Hannah", "Liam", "Fiona", "Gwen",
)
LAST = (
    "Richardson", "Baines", "Wilson", "Chambers", "Cook", "Cornford", "O'Melia", "Karban",
    "Davidson", "Smith", "Jones", "Taylor", "Brown", "Williams", "Evans", "Thomas", "Roberts",
    "Johnson", "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green",
    "Hall", "Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke", "Clark", "Turner", "Hill",
    "Scott", "Cooper", "Morris", "Ward", "Moore", "King", "Watson", "Baker", "Harrison",
    "Morgan", "Patel", "Young", "Allen", "Mitchell", "James", "Anderson", "Phillips", "Lee",
    "Bell", "Parker", "Davies", "Khan", "Begum", "McDonald", "MacLeod", "Ó Briain", "Nowak",
    "Okafor", "Singh", "Chen", "Ahmed", "Fitzgerald", "Kowalski", "Lloyd", "Pritchard",
)
TITLES = ("Dr", "Professor", "Prof", "Cllr", "Mr", "Ms", "Mrs")
ROLES = ("Chief Executive", "Director of Children's Services", "Head of Information Governance",
         "Data Protection Officer", "Senior Lecturer", "Professor", "Research Fellow",
         "Troubled Families Coordinator", "Social Worker", "Station Manager", "Chief Constable",
         "Caldicott Guardian", "Programme Manager", "Policy Officer", "Team Manager")
WORDS = (
    "information sharing across agencies depends on trust between practitioners who rarely "
    "meet and on clear rules about consent purpose and proportionality the council's heard how "
    "local partners built a single front door for referrals agreed a common risk assessment "
    "and trained staff together so that families tell their story once data protection "
    "officers explained the legal gateways while practitioners described the cultural "
    "barriers that remain when systems do not talk to each other and records are kept in "
    "different ways by health police housing and children's services"
).split()
TOPICS = ("early help", "safeguarding", "troubled families", "health and social care",
          "predictive analytics", "data protection", "multi-agency working", "veterans' support",
          "fire safety visits", "smart cities", "domestic abuse", "mental health crisis care",
          "school readiness", "youth justice", "homelessness prevention")


# Plain classes, not dataclasses: other benchmarks exec() this file outside sys.modules.
class _Person:
    def __init__(self, id: str, name: str, aliases: list[str], organisation: str | None,
                 consent: str) -> None:
        self.id, self.name, self.aliases = id, name, aliases
        self.organisation, self.consent = organisation, consent


class _Vocab:
    def __init__(self, places: list[str]) -> None:
        self.places = places
        self.people: list[_Person] = []
        self.orgs: list[tuple[str, str, str]] = []  # (id, name, sector)
        self.taken: set[str] = set()  # organisation names and aliases in use


def slug(text: str) -> str:
    """A record or entity id from a name (ASCII, lowercase, hyphens)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def generate_corpus(root: Path, records: int, seed: int = 0) -> dict[str, int]:
    """Write a knowledge base of ``records`` seminars and case studies under ``root``.

    Args:
        root: The folder to create (``seminars/``, ``case_studies/`` and ``registries/`` go in it).
        records: How many seminar and case-study files to write.
        seed: The random seed; the same ``(records, seed)`` always gives the same files.

    Returns:
        How many files and entries of each kind were written.
    """
    rng = random.Random(seed)
    root = Path(root)
    for folder in ("seminars", "case_studies", "registries"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    vocab = _Vocab(places=list(PLACES))
    counts = _write_registries(root / "registries", rng, vocab, records)
    n_seminars = max(1, round(records * 0.15)) if records else 0
    seminar_ids = [f"{slug(rng.choice(TOPICS))}-seminar-{i + 1}" for i in range(n_seminars)]
    case_ids = [f"{slug(rng.choice(TOPICS))}-{slug(rng.choice(PLACES))}-{i + 1}"
                for i in range(records - n_seminars)]
    for i, record_id in enumerate(seminar_ids):
        text = _seminar(rng, vocab, i, case_ids)
        (root / "seminars" / f"{record_id}.md").write_text(text, encoding="utf-8")
    for record_id in case_ids:
        text = _case_study(rng, vocab, seminar_ids)
        (root / "case_studies" / f"{record_id}.md").write_text(text, encoding="utf-8")
    counts.update(seminars=len(seminar_ids), case_studies=len(case_ids))
    return counts


# --- registries ------------------------------------------------------------------------------

def _write_registries(folder: Path, rng: random.Random, vocab: _Vocab,
                      records: int) -> dict[str, int]:
    n_people = max(20, int(records * 0.3))
    n_orgs = max(10, n_people // 2)
    vocab.orgs = _organisations(rng, n_orgs)
    vocab.taken = {_key(name) for _, name, _ in vocab.orgs}
    vocab.people = _people(rng, n_people, vocab.orgs)
    files = {
        "sectors": [_described(s, "Organisations in this sector.") for s in SECTORS],
        "themes": [_described(t, "A theme discussed in the seminar series.", group=True)
                   for t in THEMES],
        "barriers": [_described(b, "A barrier to sharing information.") for b in BARRIERS],
        "projects": [_project(rng, pid, kind) for pid, kind in PROJECTS],
        "places": _places(rng),
        "organisations": [_org_entry(rng, org, vocab) for org in vocab.orgs],
        "people": [_person_entry(rng, p) for p in vocab.people],
        "sources": [_source_entry(topic, vocab) for topic in TOPICS],
    }
    for kind, entries in files.items():
        header = f"# {kind.title()} of the generated benchmark corpus.\n\n"
        (folder / f"{kind}.yml").write_text(header + "".join(entries), encoding="utf-8")
    return {kind: len(entries) for kind, entries in files.items()}


def _described(entity_id: str, description: str, group: bool = False) -> str:
    name = entity_id.replace("-", " ").capitalize()
    out = f"- id: {entity_id}\n  name: {name}\n"
    if group:
        out += "  group: Centre of Excellence core themes\n"
    return out + f"  description: {description}\n" + _sources_block(random.Random(entity_id), 2)


def _project(rng: random.Random, project_id: str, kind: str) -> str:
    name = project_id.replace("-", " ").title()
    out = f"- id: {project_id}\n  name: {name}\n  kind: {kind}\n"
    out += f"  date: \"{rng.randint(2012, 2020)}\"\n"
    out += f"  description: The {name} {kind.replace('-', ' ')}.\n"
    return out + _sources_block(rng, 2)


def _places(rng: random.Random) -> list[str]:
    out = [f"- id: {slug(n)}\n  name: {n}\n  kind: nation\n" for n in NATIONS]
    out += [f"- id: {slug(r)}\n  name: {r}\n  kind: region\n  within: england\n"
            + _sources_block(random.Random(r), 1) for r in REGIONS]
    for name in PLACES:
        out.append(f"- id: {slug(name)}\n  name: {name}\n  kind: {rng.choice(('city', 'town'))}\n"
                   f"  within: {rng.choice(REGIONS)}\n" + _sources_block(random.Random(name), 1))
    return out


def _organisations(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    names = [(pattern.format(place), sector) for pattern, sector in ORG_PATTERNS
             for place in PLACES]
    rng.shuffle(names)
    while len(names) < count:  # very large corpora: numbered branches
        base, sector = names[len(names) % len(ORG_PATTERNS)]
        names.append((f"{base} Branch {len(names)}", sector))
    return [(slug(name), name, sector) for name, sector in names[:count]]


def _org_entry(rng: random.Random, org: tuple[str, str, str], vocab: _Vocab) -> str:
    org_id, name, sector = org
    out = f"- id: {org_id}\n  name: {_yaml_text(name)}\n  sector: {sector}\n"
    alias = _initials(name)
    if rng.random() < 0.3 and _claim(vocab.taken, alias):
        out += f"  aliases:\n    - {_yaml_text(alias)}\n"
    if rng.random() < 0.5:
        out += f"  place: {rng.choice(vocab.places)}\n"
    if rng.random() < 0.05:
        out += "  status: closed\n"
    out += f"  description: {_yaml_text(name + ', one of the partners named in the sources.')}\n"
    return out + _sources_block(rng, rng.randint(1, 2))


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper()) + " (" + name.split()[0] + ")"


def _key(name: str) -> str:
    """Roughly how the validator compares names: no titles, case or punctuation."""
    words = re.sub(r"[^a-z0-9]+", " ", slug(name).replace("-", " ")).split()
    while len(words) > 1 and words[0] in {t.lower() for t in TITLES}:
        words = words[1:]
    return " ".join(words)


def _claim(taken: set[str], name: str) -> bool:
    """Reserve ``name`` unless another entry already goes by it (which would be ambiguous)."""
    key = _key(name)
    if key in taken:
        return False
    taken.add(key)
    return True


def _people(rng: random.Random, count: int, orgs: list[tuple[str, str, str]]) -> list[_Person]:
    combos = [(f, last) for f in FIRST for last in LAST]
    rng.shuffle(combos)
    people: list[_Person] = []
    taken = {_key(f"{first} {last}") for first, last in combos[:count]}
    # "Smith, A." names every A. Smith (kb.corpus.consent.protected_forms): used only when unique
    initials = Counter((first[0], last) for first, last in combos[:count])
    for i in range(count):
        first, last = combos[i % len(combos)]
        name = f"{first} {last}"
        if i >= len(combos):  # beyond the combinations: middle initials keep names unique
            name = f"{first} {_letters(i // len(combos) - 1)}. {last}"
            taken.add(_key(name))
        roll = rng.random()
        consent = "withdrawn" if roll < 0.01 else "role-only" if roll < 0.04 else "named"
        aliases = [f"{rng.choice(TITLES)} {name}"] if rng.random() < 0.6 else []
        initial = f"{last}, {first[0]}."
        if rng.random() < 0.3 and initials[first[0], last] == 1 and _claim(taken, initial):
            aliases.append(initial)
        org = rng.choice(orgs)[1] if rng.random() < 0.8 else None
        people.append(_Person(slug(name), name, aliases, org, consent))
    return people


def _letters(n: int) -> str:
    """A, B, ..., Z, AA, AB, ...: middle initials for the n-th repeat of a name."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def _person_entry(rng: random.Random, p: _Person) -> str:
    out = f"- id: {p.id}\n  name: {_yaml_text(p.name)}\n"
    if p.aliases:
        out += "  aliases:\n" + "".join(f"    - {_yaml_text(a)}\n" for a in p.aliases)
    out += f"  consent: {p.consent}\n"
    if p.organisation:
        out += f"  organisation: {_yaml_text(p.organisation)}\n"
    if rng.random() < 0.4:
        out += f"  role: {_yaml_text(rng.choice(ROLES))}\n"
    if rng.random() < 0.5:
        # a role-only person's own fields are checked for their name like any other text
        who = "They" if p.consent == "role-only" else p.name
        out += f"  description: {_yaml_text(f'{who} spoke about {rng.choice(TOPICS)}.')}\n"
    return out + _sources_block(rng, rng.randint(1, 2))


# --- records ---------------------------------------------------------------------------------

def _seminar(rng: random.Random, vocab: _Vocab, index: int, case_ids: list[str]) -> str:
    topic, place = rng.choice(TOPICS), rng.choice(vocab.places)
    title = f"{topic.capitalize()} and information sharing in {place}"
    lines = ["---", f"title: {_yaml_text(title)}",
             f"date: {_date(rng)}", f"number: {index + 1}",
             "series: information-sharing-seminar-series",
             f"status: {rng.choices(('held', 'planned', 'cancelled'), (90, 7, 3))[0]}",
             f"place: {place}"]
    if rng.random() < 0.6:
        lines.append(f"venue: {_yaml_text(rng.choice(vocab.orgs)[1])}")
    if rng.random() < 0.5:
        lines.append(f"participants: {rng.randint(12, 120)}")
    lines += _list("hosts", [_org_ref(rng, vocab) for _ in range(rng.randint(1, 3))])
    lines += _people_block(rng, vocab, "organisers", rng.randint(1, 3))
    lines += _people_block(rng, vocab, "speakers", rng.randint(2, 8))
    lines += _vocab_lists(rng)
    lines += _list("projects", ["information-sharing-seminar-series"])
    if case_ids and rng.random() < 0.5:
        lines += _list("case_studies", rng.sample(case_ids, min(len(case_ids), rng.randint(1, 3))))
    lines += _summary(rng, topic, place) + _sources(rng) + ["---", ""]
    return "\n".join(lines) + _body(rng, topic, place)


def _case_study(rng: random.Random, vocab: _Vocab, seminar_ids: list[str]) -> str:
    topic, place = rng.choice(TOPICS), rng.choice(vocab.places)
    kind = rng.choice(("case-study", "case-study", "good-practice"))
    lines = ["---", f"kind: {kind}",
             f"title: {_yaml_text(f'{place}: {topic} across agencies')}"]
    if rng.random() < 0.9:
        lines.append(f"date: {_date(rng)}")
    lines += _summary(rng, topic, place)
    lines += _list("places", [place] + ([rng.choice(vocab.places)] if rng.random() < 0.2 else []))
    lines += _list("organisations", [_org_ref(rng, vocab) for _ in range(rng.randint(1, 4))])
    lines += _vocab_lists(rng)
    if rng.random() < 0.3:
        lines += _list("projects", [rng.choice(PROJECTS)[0]])
    if seminar_ids and rng.random() < 0.4:
        lines += _list("presented_at", [rng.choice(seminar_ids)])
    lines += _people_block(rng, vocab, "contributors", rng.randint(1, 3))
    lines += _sources(rng) + ["---", ""]
    return "\n".join(lines) + _body(rng, topic, place)


def _vocab_lists(rng: random.Random) -> list[str]:
    out = _list("themes", rng.sample(THEMES, rng.randint(2, 6)))
    barriers = rng.sample(BARRIERS, rng.randint(0, 4))
    out += _list("barriers", barriers[:2])
    return out + _list("overcome", barriers[2:])


def _people_block(rng: random.Random, vocab: _Vocab, name: str, count: int) -> list[str]:
    lines = [f"{name}:"]
    for _ in range(count):
        person = rng.choice(vocab.people)
        text = person.name
        roll = rng.random()
        if roll < 0.01:  # someone not (yet) in the registry
            text = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{rng.choice(LAST)}"
        elif roll < 0.2 and person.aliases:
            text = rng.choice(person.aliases)
        elif roll < 0.35:
            text = f"{rng.choice(TITLES)} {person.name}"
        # someone new is written with the consent the contribution states (no extra draws,
        # so the rest of the corpus stays as it was)
        consent = ["    consent: named"] if roll < 0.01 else []
        if rng.random() < 0.5:
            lines += [f"  - name: {_yaml_text(text)}", *consent] if consent else [
                f"  - {_yaml_text(text)}"]
            continue
        lines.append(f"  - name: {_yaml_text(text)}")
        lines += consent
        lines.append(f"    organisation: {_yaml_text(_org_ref(rng, vocab))}")
        if rng.random() < 0.5:
            lines.append(f"    role: {_yaml_text(rng.choice(ROLES))}")
    return lines


def _org_ref(rng: random.Random, vocab: _Vocab) -> str:
    org_id, name, _ = rng.choice(vocab.orgs)
    return org_id if rng.random() < 0.3 else name


def _date(rng: random.Random) -> str:
    roll = rng.random()
    year, month, day = rng.randint(2012, 2020), rng.randint(1, 12), rng.randint(1, 28)
    if roll < 0.08:
        return "unknown"
    if roll < 0.25:
        return f'"{year}"'
    if roll < 0.45:
        return f'"{year}-{month:02d}"' if roll < 0.35 else f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{day:02d}" if roll < 0.9 else f'"{year}-{month:02d}-{day:02d}"'


def _summary(rng: random.Random, topic: str, place: str) -> list[str]:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 35)))
    return ["summary: >-", f"  How partners in {place} approached {topic}: {words[:70]}",
            f"  {words[70:]}."]


def _sources(rng: random.Random) -> list[str]:
    return ["sources:", *_source_lines(rng, rng.randint(1, 3), "")]


def _sources_block(rng: random.Random, count: int) -> str:
    """A registry entry's ``sources:`` field (indented under ``- id:``), or nothing."""
    if not count:
        return ""
    return "\n".join(["  sources:", *_source_lines(rng, count, "  ")]) + "\n"


def _source_lines(rng: random.Random, count: int, indent: str) -> list[str]:
    """Citations of the sources in sources.yml (one report per topic), some with a locator."""
    lines = []
    for _ in range(count):
        source_id = _source_id(rng.choice(TOPICS))
        if rng.random() < 0.3:
            lines += [f"{indent}  - source: {source_id}",
                      f"{indent}    locator: \"section {rng.randint(1, 9)}\""]
        else:
            lines.append(f"{indent}  - {source_id}")
    return lines


def _source_id(topic: str) -> str:
    return f"{slug(topic)}-report"


def _source_entry(topic: str, vocab: _Vocab) -> str:
    """A report about ``topic`` in sources.yml, published by one of the organisations."""
    rng = random.Random(topic)
    out = (f"- id: {_source_id(topic)}\n"
           f"  title: {_yaml_text(f'Sharing information about {topic}: a report')}\n"
           "  kind: report\n")
    publisher = _yaml_text(rng.choice(vocab.orgs)[1]) if rng.random() < 0.7 else "unknown"
    out += f"  publisher: {publisher}\n"
    out += f"  date: {_date(rng)}\n"
    if rng.random() < 0.3:
        out += f"  url: https://example.org/{slug(topic)}/{rng.randint(1, 9999)}\n"
    else:
        out += "  find: A printed report in the project's files.\n"
    return out + "  authority: The project team's own report of its work.\n"


def _list(name: str, items: list[str]) -> list[str]:
    return [f"{name}:"] + [f"  - {_yaml_text(i)}" for i in items] if items else []


def _body(rng: random.Random, topic: str, place: str) -> str:
    paragraphs = []
    for heading in rng.sample(("What was done", "What changed", "What got in the way",
                               "What others can learn", "How much is recorded"), 3):
        sentences = []
        for _ in range(rng.randint(3, 7)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs.append(f"## {heading}\n\n" + _wrap(" ".join(sentences)))
    intro = f"This account of {topic} in {place} comes from the sources listed above.\n\n"
    return intro + "\n\n".join(paragraphs) + "\n"


def _wrap(text: str, width: int = 96) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])


def _yaml_text(text: str) -> str:
    """Quote a value when YAML would otherwise misread it (a colon, a leading quote, ...)."""
    if re.search(r"[:#'\"\[\]{},&*!|>%@`]|^[-?]|^\d", text) or text in ("yes", "no", "null"):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="The folder to write the corpus into.")
    parser.add_argument("--records", type=int, default=10_000,
                        help="How many seminar and case-study files (default 10000).")
    parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
    args = parser.parse_args()
    counts = generate_corpus(args.out, args.records, args.seed)
    print(", ".join(f"{n} {kind}" for kind, n in counts.items()), f"written to {args.out}")


if __name__ == "__main__":
    main()
