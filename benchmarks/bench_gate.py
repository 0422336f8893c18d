"""Output gate benchmark: prints figures; it is not a test.

    python benchmarks/bench_gate.py [--sizes 1000]

For each generated corpus size: the real `mkdocs build` (whose plugin runs the gate after the
build), then the gate alone over the same site (every file's text and path, as in
`on_post_build`), best of three, each with a new gate as each build makes one (a gate
remembers the lines it has read). The target: the gate costs at most 10% of the build.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_site import measure, project  # noqa: E402

from kb.corpus import load_corpus  # noqa: E402
from kb.gate import gate_for  # noqa: E402


def run(records: int, tmp: Path) -> None:
    base = project(tmp / f"kb{records}", records, network=True)
    site = tmp / f"site{records}"
    build = measure(base / "mkdocs.yml", site)["seconds"][0]
    people = load_corpus(base).entities("people").values()
    gate = gate_for(people)
    protected = sum(1 for p in people if p.consent != "named")
    files = [p for p in site.rglob("*") if p.is_file()]
    from mkdocs.config import load_config

    theme = [Path(d) for d in load_config(str(base / "mkdocs.yml")).theme.dirs]
    size = sum(p.stat().st_size for p in files) / 1e6
    times = []
    for _ in range(3):
        gate = gate_for(people)  # a new gate, as each build makes: it remembers lines it read
        start = time.perf_counter()
        findings = gate.check_tree(site, unchanged=theme)
        times.append(time.perf_counter() - start)
    gate_s = min(times)
    print(f"{records} records: {len(files)} files, {size:.0f} MB, {protected} protected people, "
          f"{len(gate.kinds)} forms")
    print(f"  build (gate included) {build:7.2f} s")
    print(f"  gate alone            {gate_s:7.2f} s  = {100 * gate_s / (build - gate_s):.1f}% of "
          f"the build without it (target <= 10%); findings: {len(findings)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            run(size, Path(tmp))


if __name__ == "__main__":
    main()
