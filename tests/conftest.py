"""Shared fixtures: a real MkDocs build of the shipped corpus, a loopback server over it, and
headless Chromium (Debian's, driven by Playwright; never a downloaded browser)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-quic"]
#: What a project needs to build its site: copied into temp folders by `make_project`.
PROJECT_PARTS = ("mkdocs.yml", "overrides", "docs", "seminars", "case_studies", "registries")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help="Rewrite the expected output of golden tests from the current code.")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--update-goldens"):
        os.environ["UPDATE_GOLDENS"] = "1"


def make_project(dest: Path) -> Path:
    """Copy the shipped project (config, docs and content) into ``dest`` and return it."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    return dest


def mkdocs_build(project: Path, out: Path, strict: bool = True, temp: Path | None = None,
                 ) -> subprocess.CompletedProcess[str]:
    """Run the real ``mkdocs build`` on ``project`` into ``out`` (with ``temp`` as the
    temporary folder, when given)."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
           "-d", str(out)] + (["--strict"] if strict else [])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **({"TMPDIR": str(temp)} if temp else {})}
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=project)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped corpus, built with ``mkdocs build --strict`` (the build must pass)."""
    out, temp = tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("build-temp")
    result = mkdocs_build(ROOT, out, temp=temp)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    # the plugin's folder for the downloads is gone (and the search index left nothing)
    assert not list(temp.iterdir()), "the build left files in the temporary folder"
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[str]:
    """Base URL of a loopback HTTP server over :func:`built_site`."""
    url, server = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium. Missing Chromium skips (with a notice) except under CI=true."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but Chromium is not installed at {CHROMIUM}")
        pytest.skip(f"NOTICE: browser tests skipped: no Chromium at {CHROMIUM} "
                    "(install Debian's 'chromium' package, or run .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageWatch:
    """What a page did that it should not: requests off this machine, console errors."""

    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.external, f"requests to other hosts: {self.external}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page (1280x900) that records third-party requests and console errors in
    ``page.kb_watch``; a test ends by calling ``page.kb_watch.assert_clean()``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    pg = context.new_page()
    watch = PageWatch()

    def on_request(request: object) -> None:
        url = request.url  # type: ignore[attr-defined]
        if not url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            watch.external.append(url)

    pg.on("request", on_request)
    pg.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: watch.console_errors.append(str(e)))
    pg.kb_watch = watch
    yield pg
    context.close()


def axe_violations(pg: object) -> list[str]:
    """WCAG 2.x A/AA (and 2.2 AA) violations that axe-core finds on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(pg, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x: "
            f"{', '.join(str(n['target']) for n in v['nodes'][:3])})"
            for v in results.response["violations"]]


@pytest.fixture
def axe() -> object:
    """``axe(page) -> list of violations`` (WCAG 2.x A/AA) for the page's current state."""
    return axe_violations


def zensical_build(project: Path) -> Path:
    """Build ``project`` with Zensical the way ``make build-zensical`` does: ``kb pages --out``,
    a configuration generated from mkdocs.yml, ``zensical build``, then the Pagefind index."""
    bin_dir = Path(sys.executable).parent
    steps = [
        [sys.executable, "-m", "kb", "pages", "--out", str(project / "build/zensical-docs"),
         "--root", str(project)],
        [sys.executable, "-m", "kb", "zensical-config", "--mkdocs-config",
         str(project / "mkdocs.yml"), "--out", str(project / "zensical.gen.yml"),
         "--docs", "build/zensical-docs", "--site", "site-zensical"],
        [str(bin_dir / "zensical"), "build", "--config-file", str(project / "zensical.gen.yml")],
        [sys.executable, "-m", "kb", "index", str(project / "site-zensical")],
    ]
    for cmd in steps:
        result = subprocess.run(cmd, capture_output=True, text=True, cwd=project)
        assert result.returncode == 0, f"{cmd[:3]} failed:\n{result.stdout}\n{result.stderr}"
    return project / "site-zensical"


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped corpus built with Zensical (skips where Zensical is not installed: it
    needs Python 3.11+)."""
    if not (Path(sys.executable).parent / "zensical").exists():
        pytest.skip("Zensical is not installed (it needs Python 3.11 or newer)")
    return zensical_build(make_project(tmp_path_factory.mktemp("zensical")))


@pytest.fixture(scope="session")
def zensical_server(zensical_site: Path) -> Iterator[str]:
    """Base URL of a loopback HTTP server over :func:`zensical_site`."""
    url, server = serve(zensical_site)
    yield url
    server.shutdown()
