"""Site build benchmark: prints figures; it is not a test.

    python benchmarks/bench_site.py [--sizes 100 1000 5000] [--network] [--search-only]
                                    [--no-browser]

For each generated corpus size it measures, each in a fresh process:

- ours: `mkdocs build` with the kb plugin (records, entity pages, index pages);
- ours without generated pages: the plugin with `entity_pages: false` (index pages only);
- bare: `mkdocs build` without the plugin of the very same pages, written as plain Markdown
  files by `kb pages --out` (the practical floor: MkDocs + Material doing the same work);
- a rebuild after editing one case study, as `mkdocs serve` does it (a second full build in
  the same process), for ours and bare.

It reports wall time, pages per second, peak memory (max RSS) and the ratio ours / bare.

Search (issue 16): ours is the Pagefind index the plugin builds after the site; beside it, the
same site with Material's lunr search instead (`search` plugin on, our index off). For each,
in headless Chromium over a loopback server: bytes the home page fetches, bytes a search
fetches on top, and seconds from the first key press ("/", then the query) to the first result;
and the index build's time against the site build's. `--search-only` skips the bare and
no-generated-pages builds.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate_corpus  # noqa: E402
from search_browser import measure_search  # noqa: E402

from kb.pages.search import build_index  # noqa: E402

# Runs inside a fresh interpreter: one or two builds, then prints seconds and peak memory.
MEASURE = r"""
import json, os, resource, sys, time, logging
os.environ["NO_MKDOCS_2_WARNING"] = "1"
logging.disable(logging.WARNING)
from mkdocs.commands.build import build
from mkdocs.config import load_config
config_file, out, touch = sys.argv[1], sys.argv[2], sys.argv[3]
times = []
for i in range(2 if touch else 1):
    if i == 1:
        with open(touch, "a", encoding="utf-8") as edited:
            edited.write("\nEdited for the rebuild benchmark.\n")
    start = time.perf_counter()
    cfg = load_config(config_file, site_dir=out)
    build(cfg)
    times.append(time.perf_counter() - start)
pages = sum(1 for _ in __import__("pathlib").Path(out).rglob("index.html"))
print(json.dumps({"seconds": times, "pages": pages,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(config: Path, out: Path, touch: Path | None = None) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(config), str(out), str(touch or "")],
        capture_output=True,
        text=True,
        cwd=config.parent,
    )
    if result.returncode:
        raise SystemExit(f"build failed for {config}:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def project(base: Path, records: int, network: bool) -> Path:
    """A generated corpus with the shipped docs/, overrides and config."""
    generate_corpus(base, records=records, seed=0)
    for part in ("docs", "overrides"):
        shutil.copytree(ROOT / part, base / part, dirs_exist_ok=True)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    config["plugins"] = [{"kb": {"network": network}}]
    config.pop("validation", None)
    write_config(base / "mkdocs.yml", config)
    return base


def write_config(path: Path, config: dict) -> None:
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def variant(base: Path, name: str, *others: str, **plugin: object) -> Path:
    config = yaml.safe_load((base / "mkdocs.yml").read_text())
    config["plugins"] = [*others, {"kb": plugin}]
    path = base / f"mkdocs-{name}.yml"
    write_config(path, config)
    return path


def bare(base: Path, network: bool) -> Path:
    """The same pages as plain files, built without the plugin."""
    bare_dir = base.parent / (base.name + "-bare")
    cmd = [
        sys.executable,
        "-m",
        "kb",
        "pages",
        "--out",
        str(bare_dir / "docs"),
        "--root",
        str(base),
    ] + ([] if network else ["--no-network"])
    subprocess.run(cmd, check=True, capture_output=True)
    shutil.copytree(base / "overrides", bare_dir / "overrides", dirs_exist_ok=True)
    config = yaml.safe_load((base / "mkdocs.yml").read_text())
    config["plugins"] = ["search"]
    write_config(bare_dir / "mkdocs.yml", config)
    return bare_dir


def row(label: str, m: dict) -> str:
    first = m["seconds"][0]
    rebuild = f"{m['seconds'][1]:7.2f}" if len(m["seconds"]) > 1 else "      -"
    return (
        f"  {label:<28} {first:7.2f} s  {m['pages'] / first:8.1f} pages/s  "
        f"rebuild {rebuild} s  {m['max_rss_mb']:7.0f} MB  ({m['pages']} pages)"
    )


def run(records: int, network: bool, tmp: Path, search_only: bool, browser: bool) -> None:
    base = project(tmp / f"kb{records}", records, network)
    some_case = sorted((base / "case_studies").glob("*.md"))[0]
    material_site = tmp / f"site{records}-material"
    material = measure(variant(base, "material", "search", network=network, search_index=False),
                       material_site)
    ours = measure(base / "mkdocs.yml", tmp / f"site{records}", touch=some_case)
    print(f"{records} records (network pages {'on' if network else 'off'}):")
    print(row("ours (kb plugin, Pagefind)", ours))
    print(row("ours with Material's search", material))
    search_figures(tmp / f"site{records}", material_site, ours, browser)
    if search_only:
        print(flush=True)
        return
    without = measure(
        variant(base, "bare-plugin", network=False, entity_pages=False), tmp / f"site{records}-idx"
    )
    bare_dir = bare(base, network)
    bare_case = bare_dir / "docs" / "case_studies" / some_case.name
    floor = measure(bare_dir / "mkdocs.yml", tmp / f"site{records}-bare", touch=bare_case)
    print(row("ours, no generated pages", without))
    print(row("bare mkdocs, same pages", floor))
    per_page = (ours["seconds"][0] / ours["pages"]) / (floor["seconds"][0] / floor["pages"])
    rebuild = ours["seconds"][1] / floor["seconds"][1]
    print(
        f"  ratio ours/bare per page: {per_page:.2f}x (target <= 1.15x); "
        f"rebuild after one edit: {rebuild:.2f}x (target <= 2x)\n",
        flush=True,
    )


def search_figures(ours_site: Path, material_site: Path, ours: dict, browser: bool) -> None:
    """Print the search figures beside Material's, with the issue's targets."""
    index = build_index(ours_site)  # the same work the plugin did at the end of the build
    site_only = ours["seconds"][0] - index.seconds
    print(f"  index build (Pagefind, {index.pages} pages): {index.seconds:.2f} s = "
          f"{100 * index.seconds / site_only:.1f}% of the site build (target <= 10%)")
    if not browser:
        return
    mb = 1024 * 1024
    p, m = measure_search(ours_site, "pagefind"), measure_search(material_site, "material")
    print(f"  {'':<34}{'Pagefind':>12}{'Material':>12}")
    print(f"  {'home page fetches':<34}{p['home_bytes'] / mb:>9.2f} MB{m['home_bytes'] / mb:>9.2f}"
          f" MB  (target <= 1.5 MB)")
    print(f"  {'a search fetches on top':<34}{p['search_bytes'] / mb:>9.2f} MB"
          f"{m['search_bytes'] / mb:>9.2f} MB  (target <= 1 MB)")
    print(f"  {'first result after first key':<34}{p['first_result_s']:>10.2f} s"
          f"{m['first_result_s']:>10.2f} s  (target <= 1 s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--network", action="store_true", help="Include the network pages.")
    parser.add_argument("--search-only", action="store_true",
                        help="Only the search figures (skip the bare and index-only builds).")
    parser.add_argument("--no-browser", action="store_true",
                        help="Skip the measurements in headless Chromium.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            run(size, args.network, Path(tmp), args.search_only, not args.no_browser)


if __name__ == "__main__":
    main()
