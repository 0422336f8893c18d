"""Site search (Pagefind): what each page tells the index beyond its text, building the index
after the site, and reading it back. No MkDocs here.

Pagefind reads the built HTML. Every page wraps its content in ``data-pagefind-body`` (the
theme override does that), so navigation and footers are not indexed. Record and entity pages
also carry a hidden block of facets (kind, theme, sector, place, year) and result metadata
(kind, date), each value taken from an attribute, so a value is never split at a comma and
never added to the indexed text. Every value is a name the page already shows: the index holds
nothing that the pages do not.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..html_safety import attr
from ..kinds import KINDS
from ..model import Entity, Record
from .common import Context, human_date

__all__ = [
    "FACETS",
    "INDEX_DIR",
    "IndexReport",
    "SearchIndexError",
    "build_index",
    "entity_search_block",
    "index_text",
    "pagefind_binary",
    "record_search_block",
]

#: The facets offered beside the results, in the order they are shown.
FACETS = ("kind", "theme", "sector", "place", "year")
#: Where the index goes, under the site folder.
INDEX_DIR = "pagefind"
#: What a record's kind is called in the results and the "kind" facet.
RECORD_KINDS = {"seminar": "Seminar", "case-study": "Case study",
                "good-practice": "Good practice"}
#: How much more a record's summary panel (hosts, places, speakers, organisations, themes)
#: counts than its running text (Pagefind's maximum). With the ranking settings in search.js,
#: "Bradford consent" lists the two seminars held in Bradford first.
PANEL_WEIGHT = 10
#: Pagefind's settings: the permalink signs after headings would end every title with "¶".
PAGEFIND_CONFIG: dict[str, Any] = {"exclude_selectors": [".headerlink"]}
#: Pagefind prefixes every decompressed file with this signature.
_SIGNATURE = b"pagefind_dcd"


def record_search_block(ctx: Context, record: Record) -> str:
    """The hidden facet and metadata block of a record page (Markdown, raw HTML)."""
    label = RECORD_KINDS.get(record.kind, "Record")
    features = ctx.links.features.get(record.id, set())
    facets = [("kind", label)]
    facets += [("theme", n) for n in _names(ctx, "themes", record.refs.get("themes"))]
    facets += [("sector", n) for n in _names(ctx, "sectors",
                                             sorted(i for k, i in features if k == "sectors"))]
    places = record.refs.get("place", []) + record.refs.get("places", [])
    facets += [("place", n) for n in _names(ctx, "places", places)]
    if record.year:
        facets.append(("year", str(record.year)))
    meta = [("kind", label), ("date", human_date(record.date) if record.date else "")]
    return _block(facets, meta)


def entity_search_block(ctx: Context, kind: str, entity: Entity) -> str:
    """The hidden facet and metadata block of an entity page (a person, a theme, ...)."""
    label = KINDS[kind].singular.capitalize()
    facets = [("kind", label)]
    if kind == "organisations":
        sectors = entity.references.get("sector", [])
        facets += [("sector", n) for n in _names(ctx, "sectors", sectors)]
    return _block(facets, [("kind", label)])


def _names(ctx: Context, kind: str, ids: list[str] | None) -> list[str]:
    """The published names of entities (people without consent to be named are skipped)."""
    names = []
    for item_id in ids or []:
        entity = ctx.corpus.entity(kind, item_id)
        if entity is not None and entity.named:
            names.append(entity.name)
    return names


def _block(facets: list[tuple[str, str]], meta: list[tuple[str, str]]) -> str:
    spans = [_span("filter", key, value) for key, value in facets]
    spans += [_span("meta", key, value) for key, value in meta if value]
    return '\n<div class="kb-search-facets" hidden>\n' + "\n".join(spans) + "\n</div>\n\n"


def _span(role: str, key: str, value: str) -> str:
    # The value comes from an attribute (Pagefind's "key[attribute]" form): escaped once,
    # never split at commas, never part of the indexed text.
    return (f'<span data-pagefind-{role}="{key}[data-kb-value]" '
            f'data-kb-value="{attr(" ".join(value.split()))}"></span>')


@dataclass(frozen=True)
class IndexReport:
    """What :func:`build_index` did: pages indexed, seconds taken, and Pagefind's output."""

    pages: int
    seconds: float
    output: str


class SearchIndexError(Exception):
    """Pagefind failed or is missing; the message says what to do."""


def pagefind_binary() -> Path:
    """The Pagefind executable shipped by the ``pagefind-bin`` package (nothing is
    downloaded)."""
    candidates = [Path(sys.executable).with_name("pagefind")]
    try:
        from pagefind_bin import get_executable

        candidates.insert(0, Path(get_executable()))
    except (ImportError, FileNotFoundError):
        pass
    found = shutil.which("pagefind")
    candidates += [Path(found)] if found else []
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise SearchIndexError("the Pagefind binary is missing: install the locked packages "
                           "(make .venv/.installed), which include pagefind-bin")


def build_index(site_dir: Path) -> IndexReport:
    """Index the built site in ``site_dir`` into ``site_dir/pagefind/``.

    Raises:
        SearchIndexError: Pagefind is missing or failed (its output is in the message).
    """
    start = time.perf_counter()
    cmd = [str(pagefind_binary()), "--site", str(site_dir), "--output-subdir", INDEX_DIR]
    for selector in PAGEFIND_CONFIG["exclude_selectors"]:
        cmd += ["--exclude-selectors", selector]
    result = subprocess.run(cmd, capture_output=True, text=True)
    output = result.stdout + result.stderr
    if result.returncode:
        raise SearchIndexError(f"Pagefind could not index {site_dir}:\n{output[-2000:]}")
    return IndexReport(_indexed_pages(output), time.perf_counter() - start, output)


def _indexed_pages(output: str) -> int:
    for line in output.splitlines():
        if "Indexed" in line and "page" in line:
            digits = "".join(c for c in line.split("page")[0] if c.isdigit())
            if digits:
                return int(digits)
    return 0


def index_text(site_dir: Path) -> str:
    """The decoded text of every file of the search index (Pagefind compresses its fragments,
    words and filters with gzip), for checks that scan the built output, such as the consent
    gate. Binary parts decode with replacement characters; every word stays readable."""
    parts = []
    folder = site_dir / INDEX_DIR
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        parts.append(data.removeprefix(_SIGNATURE).decode("utf-8", errors="replace"))
    return "\n".join(parts)
