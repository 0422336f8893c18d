"""The output gate over large files: time and peak memory; prints figures, it is not a test.

    python benchmarks/bench_gate_files.py CORPUS [--exports DIR]

Writes every export of CORPUS's network (as ``kb pages`` and the site do) into DIR (a
temporary folder unless given; kept when given and already full), then, in this process,
gates that folder with :meth:`kb.gate.OutputGate.check_tree` (the site build's reading, zip
included) and prints wall and CPU seconds beside the process's resident memory before the
gate and at its peak. ``kb export --format gexf`` is measured with ``/usr/bin/time -v``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from kb.corpus import load_corpus
from kb.gate import gate_for


def _rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _write(corpus_dir: Path, out: Path) -> None:
    from kb.network import plan_network, write_exports

    write_exports(plan_network(load_corpus(corpus_dir)), out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--exports", type=Path)
    args = parser.parse_args()
    out = args.exports or Path(tempfile.mkdtemp(prefix="kb-gate-bench-"))
    if not any(out.glob("*")):
        out.mkdir(parents=True, exist_ok=True)
        _write(args.corpus, out)
        print("exports written; run again with --exports to gate them in a fresh process")
        return
    people = load_corpus(args.corpus).entities("people").values()
    gate = gate_for(people)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20
    before = _rss_mib()
    wall, cpu = time.perf_counter(), time.process_time()
    findings = gate.check_tree(out)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"gate over {out} ({size:.0f} MiB): {wall:.1f} s wall, {cpu:.1f} s CPU (this process; "
          f"workers' CPU not counted), RSS before {before:.0f} MiB, peak {peak:.0f} MiB; "
          f"findings {len(findings)}", file=sys.stdout)


if __name__ == "__main__":
    main()
