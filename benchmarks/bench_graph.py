"""Benchmark of the network stage: prints figures beside the targets, asserts nothing.

Builds generated corpora of 1,000 and 10,000 records (``benchmarks/generate.py`` when it is
there, else the small generator below), then reports, first in a fresh process, network
planning plus every export (what ``kb export`` and the site do) against the targets of issue
15 (at most 20 s together and 1 GB peak at 10,000 records), then the stage by stage times,
peak memory, and the network page's time to first draw in headless Chromium.

    .venv/bin/python benchmarks/bench_graph.py            # 1,000 and 10,000 records
    .venv/bin/python benchmarks/bench_graph.py 2000       # other sizes
    .venv/bin/python benchmarks/bench_graph.py --corpus OUT   # a corpus made with
        # python benchmarks/generate.py OUT --records N
"""

from __future__ import annotations

import importlib.util
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from memwatch import INTERVAL, watching  # noqa: E402

from kb import load_corpus  # noqa: E402
from kb.html_safety import attr, json_script  # noqa: E402
from kb.network import plan_network, write_exports  # noqa: E402
from kb.network.analysis import analyse  # noqa: E402
from kb.network.graph import build_graph  # noqa: E402
from kb.network.layout import compute_layout  # noqa: E402
from kb.pages.graphview import graph_block, view_data  # noqa: E402
from kb.pages.network import (  # noqa: E402
    entity_network_section,
    network_pages,
)

SECTORS = ["academia", "local-government", "central-government", "health", "police",
           "childrens-services", "fire-and-rescue", "voluntary", "regulation", "media"]


def standalone_page(root: str, src: str, title: str = "Network") -> str:
    """A bare HTML page around the main view."""
    block = graph_block(root, title, src=src)
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{attr(title)}'
            f"</title></head><body><main><h1>{attr(title)}</h1>{block}</main></body></html>\n")


def generate(root: Path, records: int, seed: int = 1) -> None:
    """Write a synthetic knowledge base of ``records`` seminars and case studies."""
    rng = random.Random(seed)
    n_people, n_orgs = max(20, records // 2), max(10, records // 6)
    reg = root / "registries"
    reg.mkdir(parents=True)
    entries = {
        "sectors": [{"id": s, "name": s.title(), "description": "A sector."} for s in SECTORS],
        "themes": [{"id": f"theme-{i}", "name": f"Theme {i}", "description": "A theme."}
                   for i in range(60)],
        "barriers": [{"id": f"barrier-{i}", "name": f"Barrier {i}", "description": "A barrier."}
                     for i in range(20)],
        "places": [{"id": f"place-{i}", "name": f"Place {i}"} for i in range(200)],
        "projects": [{"id": f"project-{i}", "name": f"Project {i}", "kind": "project"}
                     for i in range(50)],
        "organisations": [{"id": f"org-{i}", "name": f"Organisation {i}",
                           "sector": SECTORS[int(rng.paretovariate(1.2)) % len(SECTORS)]}
                          for i in range(n_orgs)],
        "people": [{"id": f"person-{i}", "name": f"Person Number{i}",
                    "organisation": f"org-{rng.randrange(n_orgs)}",
                    "consent": rng.choices(["named", "role-only", "withdrawn"], [90, 8, 2])[0]}
                   for i in range(n_people)],
    }
    for kind, items in entries.items():
        (reg / f"{kind}.yml").write_text(yaml.safe_dump(items, sort_keys=False))
    _write_records(root, records, rng, n_people, n_orgs)


def _write_records(root: Path, records: int, rng: random.Random, n_people: int,
                   n_orgs: int) -> None:
    (root / "seminars").mkdir()
    (root / "case_studies").mkdir()
    n_seminars = records * 2 // 5
    pick = lambda n, lo, hi: sorted({int(rng.paretovariate(1.1) * 7) % n  # noqa: E731
                                     for _ in range(rng.randint(lo, hi))})
    for i in range(records):
        meta: dict[str, Any] = {"title": f"Record {i}", "date": f"{2010 + i % 12}-0{1 + i % 9}",
                                "themes": [f"theme-{t}" for t in pick(60, 2, 5)],
                                "barriers": [f"barrier-{b}" for b in pick(20, 0, 2)]}
        people = [{"name": f"person-{p}", "organisation": f"org-{rng.randrange(n_orgs)}"}
                  for p in pick(n_people, 1, 6)]
        if i < n_seminars:
            folder = "seminars"
            meta |= {"place": f"place-{rng.randrange(200)}", "speakers": people,
                     "hosts": [f"org-{o}" for o in pick(n_orgs, 1, 2)],
                     "projects": [f"project-{rng.randrange(50)}"]}
        else:
            folder = "case_studies"
            meta |= {"kind": "case-study", "contributors": people,
                     "organisations": [f"org-{o}" for o in pick(n_orgs, 1, 4)],
                     "places": [f"place-{rng.randrange(200)}"],
                     "presented_at": [f"record-{rng.randrange(n_seminars)}"]}
        text = "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\nBody.\n"
        (root / folder / f"record-{i}.md").write_text(text)


def timed(label: str, func: Callable[[], Any]) -> Any:
    """Run ``func``, print its wall time and the process's peak resident memory so far."""
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  {label:<30} {elapsed:8.2f} s   peak RSS so far {peak:8.0f} MiB", flush=True)
    return result


#: Issue 15's targets at 10,000 records: network planning plus every export.
TARGET_SECONDS, TARGET_MIB = 20.0, 1024


def targets(root: Path) -> None:
    """Load, plan and write every export in this (fresh) process, as the site and ``kb
    export`` do (each file streamed to disk; here a temporary folder, removed afterwards);
    print against the targets.

    Memory is held against the target as the peak of what this process and the processes it
    starts (igraph's measures, the GEXF's forked writer: ``kb.network.aside``) hold together,
    their PSS added up and sampled by ``memwatch``; this process's own peak RSS is printed
    beside it. Both include the loaded corpus."""
    from kb.network.export import FORMATS
    from kb.pages.network import site_look

    with watching(os.getpid()) as watch:
        corpus = timed("load corpus (not counted)", lambda: load_corpus(root))
        loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
            start, cpu = time.perf_counter(), _cpu()
            network = timed("plan_network", lambda: plan_network(corpus))
            planned, planned_cpu = time.perf_counter() - start, _cpu() - cpu
            files = timed("every export, to disk (with package and zip)",
                          lambda: write_exports(network, Path(tmp) / "data", look=site_look()))
            total, cpu = time.perf_counter() - start, _cpu() - cpu
            size = sum(p.stat().st_size for p in files.values())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    helper = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    # PSS leaves out the share of library pages that other processes (the watcher among them)
    # map too, and sampling can miss a short peak: never report less than this process's RSS
    together = f"{max(watch.peak_mib, peak):8.0f} MiB" if watch.peak_mib else "     n/a"
    load = open("/proc/loadavg").read().split()[0] if Path("/proc/loadavg").exists() else "?"
    print(f"  CPU time (this process and its helpers): planning {planned_cpu:.2f} s, exports "
          f"{cpu - planned_cpu:.2f} s, together {cpu:.2f} s (wall: planning {planned:.2f} s, "
          f"exports {total - planned:.2f} s). The load average was {load} on {os.cpu_count()} "
          "cores: on a shared machine CPU time is the steadier figure")
    print(f"  {len(files)} files, {size / 2**20:.0f} MiB, "
          f"{network.graph.number_of_nodes()} nodes, {network.graph.number_of_edges()} edges")
    print(f"  TARGET planning + exports {total:8.2f} s   (target <= {TARGET_SECONDS:.0f} s at "
          f"10,000 records)")
    print(f"  TARGET peak memory        {together} (target <= {TARGET_MIB} MiB at 10,000 "
          f"records: this process and its helpers together, PSS sampled every "
          f"{INTERVAL * 1000:.0f} ms)")
    print(f"  peak RSS of this process  {peak:8.0f} MiB ({loaded:.0f} MiB after loading the "
          f"corpus); of its largest helper {helper:.0f} MiB, pages shared with this process "
          "included", flush=True)
    for fmt in FORMATS:
        with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
            timed(f"  {fmt} alone, to disk", lambda f=fmt, t=tmp: write_exports(  # type: ignore[misc]
                network, Path(t), (f,), look=site_look()))


def _cpu() -> float:
    """CPU seconds of this process and of its helpers that have ended."""
    own, helpers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + helpers.ru_utime + helpers.ru_stime


def bench_targets(root: Path) -> None:
    """:func:`targets` in a fresh interpreter, so that its peak is its own."""
    subprocess.run([sys.executable, __file__, "--targets", str(root)], check=True)


def bench(records: int, browser: bool, corpus_root: Path | None = None) -> None:
    """Print the figures for one generated corpus (or the one at ``corpus_root``)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = corpus_root or Path(tmp)
        if corpus_root is None:
            _generator()(root, records)
        bench_targets(root)
        corpus = timed("load corpus (not this stage)", lambda: load_corpus(root))
        graph = timed("graph build", lambda: build_graph(corpus))
        print(f"  {records} records -> {graph.number_of_nodes()} nodes, "
              f"{graph.number_of_edges()} edges")
        timed("analysis", lambda: analyse(graph))
        timed("layout", lambda: compute_layout(graph))
        timed("layout again (cached)", lambda: compute_layout(graph))
        network = timed("plan_network (build+analysis+layout)", lambda: plan_network(corpus))
        timed("exports (all formats, to disk, as the site and kb export make them)",
              lambda: write_exports(network, Path(tmp) / "out" / "data"))
        pages, assets = timed("network pages and files", lambda: network_pages(
            corpus, network, Path(tmp) / "out" / "downloads"))
        timed("one entity section", lambda: entity_network_section(
            corpus, network, "organisations", "org-1", "organisations/org-1.md"))
        if browser:
            sizes = [n for n in (2000, 10000) if n < graph.number_of_nodes()]
            for size in [*sizes, graph.number_of_nodes()]:
                first_draw(network, Path(tmp) / "out" / "site", assets, size)


def first_draw(network: Any, site: Path, assets: list[Any], size: int) -> None:
    """Time the view's first draw in headless Chromium, on a bare page over the same assets.

    Below the full size, the view holds the ``size`` most connected nodes of the network.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("  first draw: skipped (playwright is not installed)")
        return
    for asset in assets:
        target = site / asset.dest_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if asset.path is not None:
            shutil.copyfile(asset.path, target)
        else:
            target.write_bytes(asset.content)
    degree = network.analysis.degree
    nodes = sorted(network.graph, key=lambda n: (-degree[n], n))[:size]
    data = view_data(network.graph, network.positions, degree, network.facets,
                     network.analysis.betweenness, nodes=nodes)
    (site / "assets/kb/bench-view.json").write_text(json_script(data))
    (site / "bench.html").write_text(standalone_page("./", "assets/kb/bench-view.json"))
    from bench_view import serve  # the same little server as the view's own benchmark

    server = serve(site)
    url = f"http://127.0.0.1:{server.server_port}/bench.html"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"])
        page = chromium.new_page(viewport={"width": 1280, "height": 800})
        for attempt in ("cold", "warm"):
            page.goto(url)
            page.wait_for_function("window.kbGraphDrawn !== undefined", timeout=120_000)
            drawn = page.evaluate("window.kbGraphDrawn")
            print(f"  first draw, {len(nodes):>6} nodes {len(data['edges']):>7} edges ({attempt})"
                  f" {drawn / 1000:6.2f} s after navigation start", flush=True)
        chromium.close()
    server.shutdown()


def _generator() -> Callable[[Path, int], None]:
    """The shared generator (benchmarks/generate.py) when it is there, else :func:`generate`."""
    shared = ROOT / "benchmarks" / "generate.py"
    if shared.is_file():
        spec = importlib.util.spec_from_file_location("kb_bench_generate", shared)
        if spec and spec.loader:
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module  # dataclasses look their module up here
            spec.loader.exec_module(module)
            found = getattr(module, "generate_corpus", None)
            if callable(found):
                print(f"  (corpus from {shared.relative_to(ROOT)})")
                return found
    return generate


def main(argv: list[str]) -> None:
    if argv[:1] == ["--targets"]:
        targets(Path(argv[1]))
        return
    browser = "--no-browser" not in argv
    if "--corpus" in argv:
        root = Path(argv[argv.index("--corpus") + 1])
        print(f"corpus {root}", flush=True)
        bench(0, browser, root)
        return
    sizes = [int(a) for a in argv if a.isdigit()] or [1000, 10000]
    for records in sizes:
        print(f"{records} records", flush=True)
        bench(records, browser)


if __name__ == "__main__":
    main(sys.argv[1:])
