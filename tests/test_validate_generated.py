"""The benchmark corpus generator: deterministic, realistic, and valid (other benchmarks rely
on it, so a change to the content model that breaks it should fail here, not in a benchmark)."""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from pathlib import Path

from kb.corpus import load_corpus

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate_corpus  # noqa: E402


def digest(root: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            sha.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def test_generated_corpus_is_valid_and_realistic(tmp_path: Path) -> None:
    counts = generate_corpus(tmp_path / "a", records=400, seed=3)
    corpus = load_corpus(tmp_path / "a")
    assert corpus.errors == []
    assert corpus.warnings == []
    assert {d.code for d in corpus.notices} <= {"new-person"}
    assert len(corpus.notices) < 40
    kinds = Counter(r.collection for r in corpus.records.values())
    assert kinds == {"seminars": 60, "case_studies": 340}
    assert (counts["people"], counts["organisations"]) == (120, 60)
    dates = [r.date for r in corpus.records.values()]
    assert any(d is None for d in dates)  # unknown or left out
    assert {len(d) for d in dates if d} == {4, 7, 10}  # year, month and day
    assert {int(d[:4]) for d in dates if d} <= set(range(2012, 2021))
    assert any(p for r in corpus.records.values() for p in r.people.get("speakers", []))
    consent = Counter(e.consent for e in corpus.entities("people").values() if not e.generated)
    assert consent["named"] > consent["role-only"] > 0


def test_generated_corpus_is_deterministic(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "a", records=150, seed=7)
    generate_corpus(tmp_path / "b", records=150, seed=7)
    generate_corpus(tmp_path / "c", records=150, seed=8)
    assert digest(tmp_path / "a") == digest(tmp_path / "b") != digest(tmp_path / "c")
