"""The core never imports MkDocs: only kb.plugin may (STYLE.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import sys
import kb
from kb import load_corpus
corpus = load_corpus(sys.argv[1])
assert corpus.records, "the shipped corpus was not loaded"
engines = sorted(m for m in sys.modules if m == "mkdocs" or m.startswith(("mkdocs.", "material")))
print(",".join(engines) or "none")
"""


def test_loading_the_corpus_leaves_mkdocs_unimported() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE, str(ROOT)], capture_output=True,
                            text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "none"


def test_the_probe_would_notice_mkdocs() -> None:
    """Guard against a vacuous pass: the same probe sees MkDocs once something imports it."""
    probe = "import mkdocs.config\n" + PROBE
    result = subprocess.run([sys.executable, "-c", probe, str(ROOT)], capture_output=True,
                            text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "mkdocs" in result.stdout.split(",")
