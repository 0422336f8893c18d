"""Benchmark of the network view in the browser: prints figures beside the targets, asserts
nothing.

    python benchmarks/bench_view.py                       # 10,000 records; 2,000 and 10,000 nodes
    python benchmarks/bench_view.py --records 2000 --sizes 2000
    python benchmarks/bench_view.py --keep /tmp/view-bench    # reuse the planned network

It generates a corpus (``benchmarks/generate.py``), plans its network, and writes the view's
data for the ``size`` most connected nodes next to the site's own view files, on a bare page
(no theme, so the figure is the view's own). Then, in Debian's headless Chromium over a
loopback server, it times:

- **first draw, cold**: from navigation start to the first frame the view draws, in a fresh
  browser context each time (empty cache); the median of five, and the slowest;
- **first draw, warm**: the same page reloaded in the same context;
- **select**: a node selected (details panel filled, neighbours highlighted) to the next frame;
- **filter**: one type switched off, the view refitted, to the next frame.

The targets (issue 15): first draw at most 0.5 s at 2,000 nodes and 1 s at 10,000, cold.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import pickle
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tools"))
from generate import generate_corpus  # noqa: E402

from kb import load_corpus  # noqa: E402
from kb.html_safety import attr, json_script  # noqa: E402
from kb.network import Network, plan_network  # noqa: E402
from kb.pages.graphview import graph_block, view_assets, view_data  # noqa: E402

#: Seconds to first draw (cold) by number of nodes, from issue 15.
TARGETS = {2000: 0.5, 10000: 1.0}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
SELECT = """async () => {
    const view = document.querySelector('[data-kb-graph]').kbView;
    const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const hub = view.order[0];
    let t = performance.now();
    view.select(hub, 'pointer');
    await frame();
    const select = performance.now() - t;
    view.select(-1);
    t = performance.now();
    view.state.types[view.data.types[0][0]] = false;
    view.applyFilters();
    await frame();
    return [select, performance.now() - t];
}"""


def planned(records: int, keep: Path | None) -> Network:
    """The network of a generated corpus, from ``keep`` when it was planned there before."""
    cached = keep / f"network-{records}.pickle" if keep else None
    if cached and cached.is_file():
        print(f"  (network of {records} records from {cached})")
        network: Network = pickle.loads(cached.read_bytes())
        return network
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        generate_corpus(Path(tmp), records)
        network = plan_network(load_corpus(Path(tmp)))
        print(f"  generated and planned {records} records in {time.perf_counter() - start:.0f} s")
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(pickle.dumps(network))
    return network


def write_site(network: Network, site: Path, size: int) -> tuple[int, int]:
    """The view files and a bare page over the ``size`` most connected nodes."""
    for name, content in view_assets().items():
        target = site / "assets/kb" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    degree = network.analysis.degree
    nodes = sorted(network.graph, key=lambda n: (-degree[n], n))[:size]
    data = view_data(network.graph, network.positions, degree, network.facets,
                     network.analysis.betweenness, nodes=nodes, analysis=network.analysis)
    (site / f"view-{size}.json").write_text(json_script(data))
    block = graph_block("./", "Network", src=f"view-{size}.json")
    (site / f"view-{size}.html").write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{attr("Network")}'
        f"</title></head><body><main><h1>Network</h1>{block}</main></body></html>\n")
    return len(data["nodes"]), len(data["edges"]) // 4


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def first_draw(page: Any, url: str) -> float:
    page.goto(url)
    page.wait_for_function("window.kbGraphDrawn !== undefined", timeout=120_000)
    return float(page.evaluate("window.kbGraphDrawn")) / 1000


def measure(browser: Any, url: str) -> dict[str, Any]:
    """Cold (five fresh contexts), warm, select and filter times for one page."""
    cold = []
    for _ in range(5):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        cold.append(first_draw(context.new_page(), url))
        context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    first_draw(page, url)
    warm = first_draw(page, url)
    select, refit = page.evaluate(SELECT)
    context.close()
    return {"cold": cold, "warm": warm, "select": select / 1000, "filter": refit / 1000}


def report(nodes: int, edges: int, figures: dict[str, Any], target: float | None) -> None:
    cold = statistics.median(figures["cold"])
    verdict = "" if target is None else (
        f"   target {target:.1f} s: {'met' if cold <= target else 'NOT met'}")
    print(f"  {nodes:>6} nodes {edges:>7} edges   first draw cold {cold:5.2f} s (median of 5, "
          f"slowest {max(figures['cold']):.2f}), warm {figures['warm']:5.2f} s{verdict}")
    print(f"  {'':>22}select a node {figures['select']:5.2f} s, switch a type off and refit "
          f"{figures['filter']:5.2f} s", flush=True)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000, help="Records to generate.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000],
                        help="Numbers of nodes to draw (the most connected first).")
    parser.add_argument("--keep", type=Path, help="Folder to keep the planned network in, "
                        "and to reuse it from on the next run.")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    print(f"{args.records} records", flush=True)
    network = planned(args.records, args.keep)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        site = Path(tmp)
        server = serve(site)
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for size in args.sizes:
            nodes, edges = write_site(network, site, size)
            url = f"http://127.0.0.1:{server.server_port}/view-{size}.html"
            report(nodes, edges, measure(browser, url), TARGETS.get(size))
        browser.close()
        server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:])
