"""Golden trees for the stage tests: a case's expected output is a folder of readable files.

``compare_tree(expected_dir, actual)`` rewrites ``expected_dir`` from ``actual`` under
``pytest --update-goldens`` (``UPDATE_GOLDENS=1``), then checks that the two are the same, so a
change to a page or to the graph shows as a diff of plain files.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def read_tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


def compare_tree(expected_dir: Path, actual: dict[str, str]) -> None:
    if os.environ.get("UPDATE_GOLDENS"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for rel, text in actual.items():
            target = expected_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = read_tree(expected_dir)
    assert sorted(actual) == sorted(expected), "files differ; run pytest --update-goldens"
    for rel, text in actual.items():
        assert text == expected[rel], f"{rel} differs from {expected_dir / rel}"
