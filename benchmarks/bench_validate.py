"""Benchmark of ``kb validate``: prints figures, asserts nothing.

Generates a corpus (``benchmarks/generate.py``) and times, each in a fresh interpreter:

- the limit: reading every file, splitting off its frontmatter and
  ``yaml.load(front, Loader=yaml.CSafeLoader)``, registries included; nothing is checked;
- ours: ``kb.load_corpus(root)``, which is what ``kb validate`` runs (read, parse with lines,
  validate, resolve names and references, check consent), without printing.

Runs alternate (limit, ours, limit, ours, ...) and the best time of each is reported with its
peak memory (the growth of the process's maximum resident set while it ran).

    .venv/bin/python benchmarks/bench_validate.py                   # 10,000 records
    .venv/bin/python benchmarks/bench_validate.py --records 2000 --repeat 5
    .venv/bin/python benchmarks/bench_validate.py --root /tmp/kb    # an existing corpus
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_corpus  # noqa: E402

#: Runs in a fresh interpreter: argv = mode, root. Prints one JSON line.
MEASURE = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
import yaml
from kb import load_corpus

def limit(root):
    records = 0
    for folder in ("seminars", "case_studies"):
        for path in sorted((root / folder).glob("*.md")):
            text = path.read_bytes().decode("utf-8")
            end = text.find("\n---", 3)
            yaml.load(text[4:end], Loader=yaml.CSafeLoader)
            records += 1
    for path in sorted((root / "registries").glob("*.yml")):
        yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
    return records, 0, 0

def ours(root):
    corpus = load_corpus(root)
    return len(corpus.records), len(corpus.errors), len(corpus.warnings)

mode, root = sys.argv[1], Path(sys.argv[2])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
records, errors, warnings = (limit if mode == "limit" else ours)(root)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "records": records, "errors": errors,
                  "warnings": warnings, "peak_kib": peak - before, "rss_kib": peak}))
"""


def measure(mode: str, root: Path) -> dict[str, float]:
    """One run of ``mode`` (``limit`` or ``ours``) on ``root`` in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", MEASURE, mode, str(root), str(ROOT / "tools")],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def bench(root: Path, repeat: int) -> None:
    """Print the best of ``repeat`` alternating runs of the limit and of ``load_corpus``."""
    runs: dict[str, list[dict[str, float]]] = {"limit": [], "ours": []}
    for _ in range(repeat):
        for mode in runs:
            runs[mode].append(measure(mode, root))
    best = {mode: min(results, key=lambda r: r["seconds"]) for mode, results in runs.items()}
    records = best["ours"]["records"]
    print(f"{'':34} {'seconds':>8} {'records/s':>10} {'peak MiB':>9} {'RSS MiB':>8}")
    for mode, label in (("limit", "yaml.load (CSafeLoader), the limit"),
                        ("ours", "kb validate (load_corpus)")):
        r = best[mode]
        print(f"{label:34} {r['seconds']:8.2f} {records / r['seconds']:10,.0f} "
              f"{r['peak_kib'] / 1024:9.1f} {r['rss_kib'] / 1024:8.1f}")
    ratio = best["ours"]["seconds"] / best["limit"]["seconds"]
    print(f"ratio {ratio:.2f}x the limit (target: at most 1.5x); best of {repeat}; "
          f"{best['ours']['errors']:.0f} errors and {best['ours']['warnings']:.0f} warnings "
          "found")
    spread = {m: max(r["seconds"] for r in rs) / min(r["seconds"] for r in rs)
              for m, rs in runs.items()}
    print("slowest/fastest run: " + ", ".join(f"{m} {s:.2f}" for m, s in spread.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000,
                        help="Records to generate (default 10000).")
    parser.add_argument("--seed", type=int, default=0, help="Generator seed (default 0).")
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each (default 3).")
    parser.add_argument("--root", type=Path, default=None,
                        help="Benchmark this existing corpus instead of generating one.")
    args = parser.parse_args()
    if args.root:
        print(f"corpus: {args.root}")
        bench(args.root, args.repeat)
        return
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        counts = generate_corpus(Path(tmp), args.records, args.seed)
        print("corpus: " + ", ".join(f"{n:,} {kind}" for kind, n in counts.items()))
        bench(Path(tmp), args.repeat)


if __name__ == "__main__":
    main()
