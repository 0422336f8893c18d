"""Golden tests of the network stage: a tiny knowledge base in, the graph and its measures out.

Each folder in ``tests/golden/network/`` is one case: a file tree (``seminars/``,
``case_studies/``, ``registries/``) and ``expected/``, the CSV export of its network
(``nodes.csv`` and ``edges.csv`` with every attribute and measure, and the one-mode
projections), which is what ``kb export --format csv`` writes. Refresh with
``pytest --update-goldens`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden_tree import compare_tree

from kb import load_corpus
from kb.network import export_files, plan_network

GOLDEN = Path(__file__).parent / "golden" / "network"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_network(case: str) -> None:
    files = export_files(plan_network(load_corpus(GOLDEN / case)), ("csv",))
    compare_tree(GOLDEN / case / "expected",
                 {name.removeprefix("csv/"): data.decode("utf-8") for name, data in files.items()})
