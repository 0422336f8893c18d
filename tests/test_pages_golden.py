"""Golden tests of the pages stage: a tiny knowledge base in, every planned page out.

Each folder in ``tests/golden/pages/`` is one case: a file tree (``seminars/``,
``case_studies/``, ``registries/``) and ``expected/``: ``pages/`` holds the Markdown of every
planned page, ``jsonld/`` the JSON-LD of each page head, ``feed.xml`` the Atom feed and
``files.txt`` the name of every other file the site adds. The random per-build marker around
contributed text is written as ``kb-contributed-MARKER``. Refresh with
``pytest --update-goldens`` and review the diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from golden_tree import compare_tree

from kb import load_corpus
from kb.pages import SiteOptions, plan_site

GOLDEN = Path(__file__).parent / "golden" / "pages"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())
MARKER = re.compile(r"kb-contributed-[0-9a-f]{16}")


def planned(root: Path) -> dict[str, str]:
    site = plan_site(load_corpus(root), SiteOptions(site_url="https://example.org/kb/"))
    out = {f"pages/{p.src_uri}": MARKER.sub("kb-contributed-MARKER", p.markdown)
           for p in site.pages}
    out |= {f"jsonld/{uri}.json": text + "\n" for uri, text in site.jsonld.items()}
    assets = {a.dest_uri: a.content for a in site.assets}
    out["feed.xml"] = assets.pop("feed.xml").decode("utf-8")
    out["files.txt"] = "".join(f"{name}\n" for name in sorted(assets))
    return out


@pytest.mark.parametrize("case", CASES)
def test_planned_pages(case: str) -> None:
    compare_tree(GOLDEN / case / "expected", planned(GOLDEN / case))
