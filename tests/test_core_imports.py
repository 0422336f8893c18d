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


def test_the_public_api() -> None:
    """kb's __all__ is its public surface: every name resolves, the version is the installed
    one, and the later stages load only when used (kb validate needs no networkx)."""
    probe = ("import sys, importlib.metadata, kb\n"
             "assert kb.__version__ == importlib.metadata.version('isipp-kb')\n"
             "assert 'networkx' not in sys.modules and 'kb.pages' not in sys.modules\n"
             "missing = [n for n in kb.__all__ if not hasattr(kb, n)]\n"
             "assert not missing, missing\n"
             "stages = {'load_corpus', 'plan_site', 'plan_network', 'export_files'}\n"
             "assert stages <= set(kb.__all__)\n"
             "print('ok')\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=False, cwd=ROOT)
    assert result.stdout.strip() == "ok", result.stderr
