"""Golden tests of ``kb validate``: a tiny knowledge base in, the exact report out.

Each folder in ``tests/golden/validate/`` is one case: a file tree (``seminars/``,
``case_studies/``, ``registries/``), optionally a ``build.py`` whose ``build(root)`` adds files
that cannot live in git as they are (invalid UTF-8, CRLF, a BOM, a file over the size limit,
a link out of the tree), and ``expected.txt``, the exact text that ``kb validate`` prints.

To accept new output after a deliberate change, run ``pytest --update-goldens`` (or set
``UPDATE_GOLDENS=1``), then review the diff of the ``expected.txt`` files before committing.
"""

from __future__ import annotations

import os
import runpy
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import main

GOLDEN = Path(__file__).parent / "golden" / "validate"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def make_case(case: str, dest: Path) -> Path:
    """Copy a case's file tree to ``dest`` and run its ``build.py``, if any."""
    source = GOLDEN / case
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("expected.txt", "build.py",
                                                                "__pycache__"))
    if (source / "build.py").is_file():
        runpy.run_path(str(source / "build.py"))["build"](dest)
    return dest


@pytest.mark.parametrize("case", CASES)
def test_validate_output(case: str, tmp_path: Path) -> None:
    root = make_case(case, tmp_path / case)
    result = CliRunner().invoke(main, ["validate", "--root", str(root)])
    expected = GOLDEN / case / "expected.txt"
    if os.environ.get("UPDATE_GOLDENS"):
        expected.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == expected.read_text(encoding="utf-8")
    has_errors = any(": error: " in line for line in result.stdout.splitlines())
    assert result.exit_code == (1 if has_errors else 0), result.output


def test_every_case_has_expected_output() -> None:
    missing = [case for case in CASES if not (GOLDEN / case / "expected.txt").is_file()]
    assert not missing, f"run pytest --update-goldens to create expected.txt for {missing}"
